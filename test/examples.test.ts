import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The chapter examples run as a user runs them (a child process importing the built package), in
 * short versions. NumPy's runs of the same book code (scripts/fixtures/examples_fixtures.py) pin
 * the printed lines: the first line of each run and every learning rate exactly; later lines within
 * a band, because Adam turns float32 rounding differences (a few ulps in softmax and sums) into
 * visibly different trajectories after some tens of steps.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = import.meta.resolve('tsx');
const fixture = JSON.parse(readFileSync(new URL('./fixtures/examples.json', import.meta.url), 'utf8')) as Record<
  string,
  { example: string; env: Record<string, string>; lines: string[] }
>;
const chapter09 = JSON.parse(readFileSync(new URL('./fixtures/chapter09.json', import.meta.url), 'utf8')) as Record<string, number[][]>;

function run(example: string, env: Record<string, string> = {}, cwd = root): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'examples', `${example}.ts`)], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

/** A line's text with every number replaced by #, and its numbers. */
function parse(line: string): { shape: string; numbers: number[] } {
  const pattern = /-?\d+(\.\d+)?(e[-+]\d+)?/g;
  return { shape: line.replace(pattern, '#'), numbers: (line.match(pattern) ?? []).map(Number) };
}

const PROGRESS = /^epoch: \d+, acc: \d\.\d{3}, loss: \d+\.\d{3}( \(data_loss: \d+\.\d{3}, reg_loss: \d+\.\d{3}\))?, lr: [\d.e-]+$/;
const VALIDATION = /^validation, acc: \d\.\d{3}, loss: \d+\.\d{3}$/;

/**
 * Same words and shape; the same learning rate text; accuracies within 0.1 and losses within 0.05 of
 * NumPy. The runs agree to one float32 ulp for about 40 epochs (test/chapter10.test.ts pins 20), then
 * Adam amplifies the last-bit differences of float32 exp, so by epoch 100 two correct float32
 * implementations differ by a few hundredths (measured: NumPy 0.670 / 0.705, ours 0.667–0.713 / 0.684–0.703).
 */
function assertLikeNumPy(actual: string, expected: string, where: string): void {
  const a = parse(actual);
  const e = parse(expected);
  assert.equal(a.shape, e.shape, `${where}: ${actual} vs NumPy ${expected}`);
  if (expected.includes('lr: ')) assert.equal(actual.split('lr: ')[1], expected.split('lr: ')[1], `${where}: learning rate`);
  const lr = expected.includes('lr: ') ? e.numbers.length - 1 : e.numbers.length;
  const epochFirst = expected.startsWith('epoch: ') ? 1 : 0;
  for (let i = epochFirst; i < lr; i++) {
    const band = i === epochFirst ? 0.1 : 0.05; // the accuracy comes first, then the losses
    assert.ok(Math.abs(a.numbers[i]! - e.numbers[i]!) <= band, `${where}: ${actual} vs NumPy ${expected}`);
  }
}

test('chapter 9 prints the book: loss 1.0986104, acc 0.34, and the gradients NumPy computes', () => {
  const { status, stdout } = run('chapter09');
  assert.equal(status, 0);
  const out = lines(stdout);
  assert.equal(out[0], '[[0.33333334 0.33333334 0.33333334]');
  assert.equal(out[5], 'loss: 1.0986104');
  assert.equal(out[6], 'acc: 0.34');
  // Four arrays follow: dense1.dweights (2 rows), dense1.dbiases (1), dense2.dweights (3), dense2.dbiases (1).
  const arrays = [['dense1_dweights', 7, 2], ['dense1_dbiases', 9, 1], ['dense2_dweights', 10, 3], ['dense2_dbiases', 13, 1]] as const;
  for (const [name, start, rows] of arrays) {
    const values = out.slice(start, start + rows).join(' ').match(/-?\d\.\d+e[-+]\d+/g)!.map(Number);
    const expected = chapter09[name]!.flat();
    assert.equal(values.length, expected.length, name);
    const scale = Math.max(...expected.map(Math.abs));
    values.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= 2e-5 * scale + 1e-8, `${name}[${i}]: ${v} vs NumPy ${expected[i]}`));
  }
  assert.equal(out.length, 14);
});

for (const [name, { example, env, lines: expected }] of Object.entries(fixture)) {
  test(`${example} with ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')} prints NumPy's first line and learning rates`, () => {
    const { status, stdout, stderr } = run(example, env);
    assert.equal(status, 0, stderr);
    const out = lines(stdout);
    assert.equal(out[0], expected[0], `${name}: the first line`);
    expected.forEach((line, i) => assertLikeNumPy(out[i]!, line, `${name} line ${i + 1}`));
    for (const line of out.slice(0, expected.length)) assert.match(line, line.startsWith('epoch') ? PROGRESS : VALIDATION);
  });
}

test('chapter 10 rejects an unknown optimizer and a bad EPOCHS, naming the value', () => {
  let result = run('chapter10', { OPTIMIZER: 'lion' });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /OPTIMIZER must be one of sgd, adagrad, rmsprop, adam, got "lion"/);
  result = run('chapter10', { EPOCHS: '1.5' });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /EPOCHS must be a positive integer, got "1\.5"/);
});

test('chapter 12 cross-validates three learning rates on 3 folds, then tests the chosen one once', () => {
  const { status, stdout, stderr } = run('chapter12', { EPOCHS: '20' });
  assert.equal(status, 0, stderr);
  const out = lines(stdout);
  assert.equal(out.length, 3 * 4 + 3);
  assert.match(out[0]!, /^lr: 0\.001, fold 1\/3, validation, acc: \d\.\d{3}, loss: \d+\.\d{3}$/);
  assert.match(out[3]!, /^lr: 0\.001, mean validation, acc: \d\.\d{3}, loss: \d+\.\d{3}$/);
  const means = [3, 7, 11].map((i) => Number(out[i]!.split('loss: ')[1]));
  const chosen = [0.001, 0.01, 0.05][means.indexOf(Math.min(...means))];
  assert.equal(out[12], `chosen lr: ${chosen}; training on all 300 training samples`);
  assert.match(out[13]!, /^epoch: 20, /);
  assert.match(out[14]!, /^test, acc: \d\.\d{3}, loss: \d+\.\d{3}$/);
});

test('chapter 13 trains on raw and on scaled features and validates both', () => {
  const { status, stdout, stderr } = run('chapter13', { EPOCHS: '20' });
  assert.equal(status, 0, stderr);
  const out = lines(stdout);
  assert.equal(out.length, 6);
  assert.equal(out[0], 'raw features, from 0 to 255:');
  assert.match(out[1]!, /^epoch: 20, /);
  assert.match(out[2]!, VALIDATION);
  assert.match(out[3]!, /^scaled to \[-1, 1\]/);
  assert.match(out[5]!, VALIDATION);
});

test('chapter 17 ends with the fitted curve drawn in the terminal', () => {
  const { status, stdout } = run('chapter17', { EPOCHS: '1' });
  assert.equal(status, 0);
  const out = lines(stdout);
  assert.match(out[1]!, /the network on sine_data/);
  assert.match(out.at(-1)!, /^\s+0\s+1$/);
});

/** IDX bytes (u8) of the given shape, the format of the Fashion-MNIST cache. */
function idx(dims: number[], data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(2, 0x08);
  view.setUint8(3, dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}

/** A small stand-in for Fashion-MNIST: class c is a bright band at rows 2c … 2c+2 over faint noise. */
function writeFakeFashionMnist(dir: string): void {
  mkdirSync(dir, { recursive: true });
  let state = 1;
  const noise = () => (state = (state * 1103515245 + 12345) % 2 ** 31) % 40;
  for (const [split, n] of [['train', 256], ['test', 64]] as const) {
    const images = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const label = (labels[i] = i % 10);
      for (let p = 0; p < 784; p++) {
        const row = Math.floor(p / 28);
        images[i * 784 + p] = row >= 2 * label && row < 2 * label + 3 ? 200 + noise() : noise();
      }
    }
    writeFileSync(path.join(dir, `${split}-images.idx`), idx([n, 28, 28], images));
    writeFileSync(path.join(dir, `${split}-labels.idx`), idx([n], labels));
  }
}

test('chapters 19 to 22 train, evaluate, save, load and predict on a small Fashion-MNIST stand-in', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'backprop-examples-'));
  try {
    const data = path.join(work, 'data');
    writeFakeFashionMnist(data);
    const env = { EPOCHS: '1', FASHION_MNIST_DIR: data };

    let result = run('chapter19', env, work);
    assert.equal(result.status, 0, result.stderr);
    let out = lines(result.stdout);
    // 256 samples in batches of 128: steps 0 and 1, each printed (the first and the last).
    assert.equal(out[0], 'epoch: 1');
    assert.match(out[1]!, /^step: 0, acc: \d\.\d{3}, loss: \d+\.\d{3} \(data_loss: \d+\.\d{3}, reg_loss: 0\.000\), lr: 0\.001$/);
    assert.match(out[2]!, /^step: 1, .*, lr: 0\.0009990009990009992$/);
    assert.match(out[3]!, /^training, acc: \d\.\d{3}, loss: \d+\.\d{3} \(data_loss: \d+\.\d{3}, reg_loss: 0\.000\), lr: 0\.0009990009990009992$/);
    assert.match(out[4]!, VALIDATION);
    assert.equal(out.length, 5);

    result = run('chapter20', env, work);
    assert.equal(result.status, 0, result.stderr);
    out = lines(result.stdout);
    assert.equal(out.length, 7);
    assert.equal(out[5], out[4], 'evaluate on the test set repeats the epoch-end validation');
    assert.match(out[6]!, VALIDATION);

    result = run('chapter21', env, work);
    assert.equal(result.status, 0, result.stderr);
    out = lines(result.stdout);
    assert.equal(out.length, 9);
    for (const line of out.slice(5)) assert.equal(line, out[4], 'every round trip evaluates the same');
    assert.ok(existsSync(path.join(work, 'fashion_mnist.safetensors')));
    assert.ok(existsSync(path.join(work, 'fashion_mnist.parameters.safetensors')));

    result = run('chapter22', { FASHION_MNIST_DIR: data }, work);
    assert.equal(result.status, 0, result.stderr);
    out = lines(result.stdout);
    assert.match(out[0]!, /^\[\d \d \d \d \d\]$/);
    assert.equal(out[1], '[0 1 2 3 4]');
    assert.equal(out.length, 8);
    const names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    out.slice(0, 1)[0]!.slice(1, -1).split(' ').forEach((label, i) => assert.equal(out[2 + i], names[Number(label)]));
    assert.ok(names.includes(out[7]!));
    assert.ok(existsSync(path.join(work, 'pants.png')));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('without the data set, chapters 19 to 22 say in one line how to install it and exit 1', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'backprop-examples-'));
  try {
    const result = run('chapter19', { FASHION_MNIST_DIR: path.join(work, 'missing') }, work);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.equal(lines(result.stderr).length, 1);
    assert.match(result.stderr, /Fashion-MNIST is not downloaded: .* run `npm run data:fashion-mnist -- ".*missing"`/);
    const chapter22 = run('chapter22', {}, work);
    assert.equal(chapter22.status, 1);
    assert.match(chapter22.stderr, /^fashion_mnist\.safetensors does not exist here; run examples\/chapter21\.ts first/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('examples/README.md lists every chapter example, 9 to 22', () => {
  const readme = readFileSync(path.join(root, 'examples', 'README.md'), 'utf8');
  for (let chapter = 9; chapter <= 22; chapter++) {
    const file = `chapter${String(chapter).padStart(2, '0')}.ts`;
    assert.ok(existsSync(path.join(root, 'examples', file)), file);
    assert.ok(readme.includes(file), `README mentions ${file}`);
  }
});
