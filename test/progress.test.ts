import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, formatDuration, formatValue } from '../src/node/progress.js';

/** A stream that records what is written, and a clock the test moves by hand. */
function fakes(isTTY: boolean, columns = 80): { stream: { isTTY: boolean; columns: number; write(s: string): boolean }; writes: string[]; clock: { t: number }; now: () => number } {
  const writes: string[] = [];
  const clock = { t: 0 };
  return {
    stream: { isTTY, columns, write: (s: string) => writes.push(s) > 0 },
    writes,
    clock,
    now: () => clock.t,
  };
}

const CLEAR = '\r\x1b[K';

test('TTY: one line redrawn in place with bar, percentage, fields and the time left', () => {
  const { stream, writes, clock, now } = fakes(true);
  const p = createProgress({ total: 100, epochs: 10, stream, now });
  clock.t = 9000; // 45 steps in 9 s: 55 more take 11 s
  p.update(45, { epoch: 5, loss: 0.5321, accuracy: 0.8123, lr: 0.04991 });
  assert.deepEqual(writes, [`${CLEAR}epoch 5/10 [█████████░░░░░░░░░░░]  45% loss 0.532 acc 0.812 lr 0.0499 ETA 0:11`]);
});

test('TTY: redraws at most 10 times a second, always draws the last step, clears at finish', () => {
  const { stream, writes, clock, now } = fakes(true);
  const p = createProgress({ total: 1000, stream, now, label: 'train' });
  for (let done = 1; done <= 1000; done++) {
    clock.t += 1; // 1 ms per step: 1 s in all
    p.update(done, { epoch: 1, loss: 1 / done });
  }
  // Draws at t = 1, 101, …, 901, and the final step at t = 1000.
  assert.equal(writes.length, 11);
  for (const w of writes) {
    assert.ok(w.startsWith(CLEAR) && !w.includes('\n'), JSON.stringify(w));
    assert.ok(w.length - CLEAR.length <= 79);
  }
  assert.equal(writes.at(-1), `${CLEAR}train epoch 1 [████████████████████] 100% loss 0.00100 ETA 0:00`);
  p.finish();
  assert.equal(writes.at(-1), CLEAR);
});

test('TTY: the line fits a narrow terminal: the bar shrinks, then goes, then the least useful fields', () => {
  const expected: Record<number, string> = {
    72: 'epoch 50/100 [█████░░░░░]  50% loss 0.250 acc 0.900 lr 0.00100 ETA 0:01',
    60: 'epoch 50/100  50% loss 0.250 acc 0.900 lr 0.00100 ETA 0:01',
    48: 'epoch 50/100  50% loss 0.250 acc 0.900 ETA 0:01',
    38: 'epoch 50/100  50% loss 0.250 ETA 0:01',
    25: 'epoch 50/100  50% loss 0',
  };
  for (const [columns, line] of Object.entries(expected)) {
    const { stream, writes, clock, now } = fakes(true, Number(columns));
    const p = createProgress({ total: 10, epochs: 100, stream, now });
    clock.t = 1000;
    p.update(5, { epoch: 50, loss: 0.25, accuracy: 0.9, lr: 0.001 });
    assert.equal(writes[0], CLEAR + line);
    assert.ok(line.length <= Number(columns) - 1);
  }
});

test('TTY: log prints a line above the bar and redraws the bar', () => {
  const { stream, writes, clock, now } = fakes(true);
  const p = createProgress({ total: 4, stream, now });
  clock.t = 500;
  p.update(2, { epoch: 1, step: 2, loss: 0.75 });
  p.log('epoch 1: validation loss 0.8');
  assert.equal(writes[1], `${CLEAR}epoch 1: validation loss 0.8\nepoch 1 step 2 [██████████░░░░░░░░░░]  50% loss 0.750 ETA 0:01`);
});

test('not a TTY: plain lines every 10% and at the end, never a carriage return', () => {
  const { stream, writes, clock, now } = fakes(false);
  const p = createProgress({ total: 1000, epochs: 5, stream, now });
  for (let done = 1; done <= 1000; done++) {
    clock.t += 1;
    p.update(done, { epoch: Math.ceil(done / 200), loss: 0.5, accuracy: 0.75 });
  }
  p.finish();
  // The first step, then 10%, 20%, …, 100%.
  assert.equal(writes.length, 11);
  for (const w of writes) assert.ok(w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b'), JSON.stringify(w));
  assert.equal(writes[0], 'epoch 1/5 0% (1/1000) loss 0.500 acc 0.750 ETA 0:01\n');
  assert.equal(writes[1], 'epoch 1/5 10% (100/1000) loss 0.500 acc 0.750 ETA 0:01\n');
  assert.equal(writes.at(-1), 'epoch 5/5 100% (1000/1000) loss 0.500 acc 0.750 ETA 0:00\n');
});

test('not a TTY: a slow run prints every few seconds, and finish prints the last state once', () => {
  const { stream, writes, clock, now } = fakes(false);
  const p = createProgress({ total: 1000, stream, now, everySeconds: 5 });
  for (let done = 1; done <= 20; done++) {
    clock.t += 2000; // 2 s per step: a line every third step
    p.update(done, { epoch: 1, loss: 2 });
  }
  assert.equal(writes.length, 7); // steps 1, 4, 7, 10, 13, 16, 19
  p.finish();
  assert.equal(writes.length, 8);
  assert.equal(writes.at(-1), 'epoch 1 2% (20/1000) loss 2.00 ETA 32:40\n');
  p.finish();
  assert.equal(writes.length, 8);
  p.log('done');
  assert.equal(writes.at(-1), 'done\n');
});

test('createProgress and update reject bad counts', () => {
  const { stream } = fakes(false);
  assert.throws(() => createProgress({ total: 0, stream }), { name: 'RangeError', message: 'createProgress: total must be a positive integer, got 0' });
  assert.throws(() => createProgress({ total: 10, epochs: 1.5, stream }), { name: 'RangeError', message: 'createProgress: epochs must be a positive integer, got 1.5' });
  const p = createProgress({ total: 10, stream });
  assert.throws(() => p.update(NaN, { epoch: 1, loss: 1 }), { name: 'RangeError', message: 'progress.update: done must be a number ≥ 0, got NaN' });
});

test('formatValue and formatDuration', () => {
  assert.deepEqual([0.5321, 0.04991, 1, 123.4, 2e-5, 3e6, 0, NaN, Infinity].map(formatValue), ['0.532', '0.0499', '1.00', '123', '2.00e-5', '3.00e+6', '0', 'nan', 'inf']);
  assert.deepEqual([0, 12_000, 59_600, 754_000, 3_723_000].map(formatDuration), ['0:00', '0:12', '1:00', '12:34', '1:02:03']);
});

test('TTY: a terminal reporting 0 columns is taken as 80 wide', () => {
  const { stream, writes, clock, now } = fakes(true, 0);
  const p = createProgress({ total: 2, stream, now });
  clock.t = 1000;
  p.update(1, { epoch: 1, loss: 0.5 });
  assert.equal(writes[0], `${CLEAR}epoch 1 [██████████░░░░░░░░░░]  50% loss 0.500 ETA 0:01`);
});
