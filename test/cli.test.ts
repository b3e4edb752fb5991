// Runs the built CLI (`npm test` builds first; alone: `npm run build` before this file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dense, Matrix, Model, Softmax, encodePng } from '../src/node/index.js';

const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'backprop-cli-'));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  assert.ok(existsSync(MAIN), `${MAIN} is missing: run \`npm run build\` before this test`);
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, BACKPROP_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('train runs the book defaults, shows progress as plain lines off a terminal, plots and saves', () => {
  const r = run('train', '--epochs', '50', '--plot', 'plots', '--save', 'spiral.safetensors');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Dense\(2 → 64\)/);
  assert.match(r.stdout, /trained 50 epochs in [\d.]+ s/);
  assert.match(r.stdout, /validation: loss \d\.\d{3}, accuracy \d\.\d{3}/);
  assert.match(r.stdout, /training loss/);
  assert.match(r.stderr, /^train epoch 50\/50 100% \(50\/50\) loss [\d.]+ acc [\d.]+ lr 0\.0500 ETA 0:00$/m);
  assert.doesNotMatch(r.stderr, /\r/);
  for (const file of ['plots/loss.svg', 'plots/accuracy.svg', 'plots/decision-regions.svg', 'spiral.safetensors']) {
    assert.ok(existsSync(join(dir, file)), `${file} was not written`);
  }
  assert.match(readFileSync(join(dir, 'plots/loss.svg'), 'utf8'), /^<svg[^>]*>/);
});

test('print-every gives the book lines: the chapter-10 run starts at acc 0.360, loss 1.099', () => {
  const r = run('train', '--epochs', '2', '--print-every', '1');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^epoch: 1, acc: 0\.360, loss: 1\.099 \(data_loss: 1\.099, reg_loss: 0\.000\), lr: 0\.05$/m);
});

test('evaluate, predict and summary read the saved model', () => {
  assert.equal(run('train', '--epochs', '30', '--save', 'model.safetensors').code, 0);
  const evaluated = run('evaluate', '--model', 'model.safetensors', '--data', 'spiral');
  assert.equal(evaluated.code, 0, evaluated.stderr);
  assert.match(evaluated.stdout, /^spiral \(300 samples\): loss \d\.\d{4}, accuracy \d\.\d{4}$/m);
  writeFileSync(join(dir, 'points.csv'), '0.1,0.2\n-0.5,0.5\n');
  const predicted = run('predict', '--model', 'model.safetensors', '--input', 'points.csv');
  assert.equal(predicted.code, 0, predicted.stderr);
  assert.match(predicted.stdout, /^0: class [0-2], confidence 0\.\d{3}\n1: class [0-2], confidence 0\.\d{3}\n$/);
  const summary = run('summary', '--model', 'model.safetensors');
  assert.match(summary.stdout, /epochs trained: 30/);
});

test('predict reads a PNG as the book does: gray, 28×28, inverted, scaled to [-1, 1]', () => {
  // Class 0 wins when the prepared pixels sum above 0 (a dark picture becomes light), class 1 otherwise.
  const model = new Model();
  const weights = new Matrix(784, 2);
  for (let i = 0; i < 784; i++) weights.data.set([1, -1], i * 2);
  model.add(new Dense(784, 2, { weights })).add(new Softmax());
  model.classNames = ['dark picture', 'light picture'];
  model.save(join(dir, 'image-model.safetensors'));
  for (const [name, gray, expected] of [['black.png', 0, 'dark picture (class 0)'], ['white.png', 255, 'light picture (class 1)']] as const) {
    writeFileSync(join(dir, name), encodePng(56, 56, new Uint8Array(56 * 56 * 4).map((_, i) => (i % 4 === 3 ? 255 : gray))));
    const r = run('predict', '--model', 'image-model.safetensors', '--input', name);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `0: ${expected}, confidence 1.000\n`);
  }
  writeFileSync(join(dir, 'fake.png'), 'not a png');
  const bad = run('predict', '--model', 'image-model.safetensors', '--input', 'fake.png');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^backprop: fake\.png: png: not a PNG file \(bad signature\)\n$/);
});

test('a checkpointed run resumes where it stopped', () => {
  assert.equal(run('train', '--epochs', '20', '--checkpoint', 'run.safetensors', '--checkpoint-every', '10').code, 0);
  const resumed = run('train', '--epochs', '30', '--resume', 'run.safetensors');
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming run\.safetensors after epoch 20/);
  assert.match(resumed.stdout, /trained 10 epochs/);
});

test('regression on the sine data writes a predictions plot', () => {
  const r = run('train', '--data', 'sine', '--epochs', '20', '--plot', 'sine');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'sine/predictions.svg')));
});

test('bad flags and values get one line on stderr and exit code 2', () => {
  const cases: Array<[string[], string]> = [
    [['train', '--epoch', '5'], "backprop: Unknown option '--epoch'"],
    [['train', '--epochs', 'ten'], "backprop: --epochs must be a finite number, got 'ten'"],
    [['train', '--lr', 'NaN'], "backprop: --lr must be a finite number, got 'NaN'"],
    [['train', '--optimizer', 'adamw'], "backprop: --optimizer must be one of adam, sgd, adagrad, rmsprop, got 'adamw'"],
    [['train', '--data', 'nope.csv'], "backprop: --data: 'nope.csv' is neither a built-in data set (spiral, vertical, sine, fashion-mnist) nor an existing CSV file"],
    [['fly'], "backprop: unknown command 'fly' (commands: demo, explain, train, evaluate, predict, summary)"],
    [['predict', '--input', 'x.csv'], "backprop: predict needs --model FILE (a model saved by 'backprop train --save FILE')"],
  ];
  for (const [args, message] of cases) {
    const r = run(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.startsWith(message), `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('bad files get one line naming the file, and exit code 1', () => {
  writeFileSync(join(dir, 'broken.safetensors'), 'not a model');
  const broken = run('summary', '--model', 'broken.safetensors');
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /^backprop: broken\.safetensors: .+\n$/);
  const missing = run('summary', '--model', 'missing.safetensors');
  assert.equal(missing.stderr, 'backprop: missing.safetensors: no such file\n');
  writeFileSync(join(dir, 'bad.csv'), '1,2,0\n3,x,1\n');
  const csv = run('train', '--data', 'bad.csv', '--epochs', '1');
  assert.equal(csv.code, 1);
  assert.equal(csv.stderr, 'backprop: bad.csv:2: non-numeric value "x" in column 2\n');
});

test('every command has --help with examples', () => {
  for (const command of ['demo', 'explain', 'train', 'evaluate', 'predict', 'summary']) {
    const r = run(command, '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: backprop /);
    assert.match(r.stdout, /Example/);
  }
});
