import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { terminalChart } from '../src/node/terminal-chart.js';

test('a small series, drawn exactly', () => {
  // 14 characters = 28 dot columns, 4 rows = 16 dot rows. The points sit at dot columns 0, 9, 18, 27
  // and dot rows 0, 10, 5, 15 (3 at the top, 0 at the bottom), joined by straight lines.
  assert.equal(
    terminalChart([3, 1, 2, 0], { width: 20, height: 4 }),
    [
      '3.00 ┤⠑⢄',
      '     │  ⠱⡀   ⣀⠤⠢⡀',
      '     │   ⠈⠢⠒⠉   ⠈⢢',
      '   0 ┤            ⠑⢄',
      '     └──────────────',
      '      0            3',
    ].join('\n'),
  );
});

test('NaN and infinite values break the line; a title is centred over the plot', () => {
  // Values 1 and 2 at x = 6, 7 form one segment; 2, 3 at x = 2, 3 another; the lone 1 at x = 0 is one dot.
  assert.equal(
    terminalChart([1, NaN, 2, 3, Infinity, NaN, 1, 2], { width: 24, height: 4, title: 'gaps' }),
    [
      '             gaps',
      '3.00 ┤      ⢀⠎',
      '     │     ⢠⠊',
      '     │     ⠁          ⢀⠎',
      '1.00 ┤⡀              ⡰⠁',
      '     └──────────────────',
      '      0                7',
    ].join('\n'),
  );
});

test('a constant series is a flat line in the middle, labelled ±10% around the value', () => {
  assert.equal(
    terminalChart([0.5, 0.5, 0.5], { width: 20, height: 3 }),
    ['0.550 ┤', '      │⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤', '0.450 ┤', '      └─────────────', '       0           2'].join('\n'),
  );
  // A single point, and xRange for the labels.
  assert.equal(terminalChart([7], { width: 12, height: 2, xRange: [1, 1] }), ['7.70 ┤', '6.30 ┤⠁', '     └──────', '      1'].join('\n'));
});

test('more values than dot columns are averaged per column', () => {
  // Labels "27.0" and "0" leave 14 characters = 28 dot columns. Each of 28 values spread over 3
  // values with that mean gives buckets whose means are those values, so the charts are the same.
  const short = Array.from({ length: 28 }, (_, i) => (i * 11) % 28);
  const long = short.flatMap((v) => [v - 1, v + 2, v - 1]);
  const a = terminalChart(short, { width: 20, height: 5 }).split('\n');
  const b = terminalChart(long, { width: 20, height: 5 }).split('\n');
  assert.deepEqual(b.slice(0, -1), a.slice(0, -1));
  assert.equal(b.at(-1), '      0           83');
});

test('logY: powers of ten lie on a straight line', () => {
  const log = terminalChart([1, 10, 100, 1000], { width: 20, height: 4, logY: true }).split('\n');
  const linear = terminalChart([0, 1, 2, 3], { width: 20, height: 4 }).split('\n');
  assert.deepEqual(log.map((l) => l.slice(5)), linear.map((l) => l.slice(5)));
  assert.equal(log[0], '1000 ┤          ⢀⡠⠔⠊');
  assert.equal(log[3]!.slice(0, 5), '1.00 ');
  // Values ≤ 0 have no place on a log axis: skipped like NaN.
  assert.doesNotThrow(() => terminalChart([1, 0, -1, 0.1], { logY: true }));
});

test('every line fits the width, with height plot rows plus the x axis', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6 }), fc.constant(NaN)), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 20, max: 100 }),
      fc.integer({ min: 2, max: 15 }),
      (values, width, height) => {
        const lines = terminalChart(values, { width, height }).split('\n');
        assert.equal(lines.length, height + 2);
        for (const l of lines) assert.ok(l.length <= width, `${l.length} > ${width}: ${l}`);
        assert.ok(!lines.some((l) => l.includes('NaN') || l.includes('undefined')));
      },
    ),
    { numRuns: 200 },
  );
});

test('terminalChart rejects empty input and sizes with no room for a plot', () => {
  assert.throws(() => terminalChart([]), { name: 'RangeError', message: 'terminalChart: values is empty' });
  assert.throws(() => terminalChart([1, 2], { height: 1 }), { name: 'RangeError', message: 'terminalChart: height must be an integer ≥ 2, got 1' });
  assert.throws(() => terminalChart([0.5, 2], { width: 7 }), { name: 'RangeError', message: 'terminalChart: width 7 leaves no room for the plot next to 5-character labels' });
  assert.throws(() => terminalChart('abc' as never), { name: 'TypeError', message: 'terminalChart: values must be an array of numbers, got string' });
});
