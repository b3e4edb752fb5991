import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFashionMnistCache, FASHION_MNIST_LABELS, FashionMnistError, loadFashionMnist } from '../src/node/fashion-mnist.js';
import { RandomState } from '../src/random/random-state.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-fashion-mnist-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const PIXELS = 784;
const PER_CLASS = 2;
const N = 10 * PER_CLASS;
const SIZES = { trainSize: 15, testSize: 5 };

/** Pixel j of image k of class c: every byte value occurs, 0 and 255 included. */
const pixel = (c: number, k: number, j: number) => (c * 37 + k * 101 + j * 7) % 256;

/** A fake `fashion-mnist` package folder: src/clothes/<c>.json, class 0 with two empty entries as the real one. */
function fakePackage(name: string, edit?: (data: unknown[][], c: number) => void): string {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'src', 'clothes'), { recursive: true });
  for (let c = 0; c < 10; c++) {
    const data: unknown[][] = Array.from({ length: PER_CLASS }, (_, k) => Array.from({ length: PIXELS }, (_, j) => pixel(c, k, j)));
    if (c === 0) {
      data.splice(1, 0, []);
      data.push([]);
    }
    edit?.(data, c);
    fs.writeFileSync(path.join(dir, 'src', 'clothes', `${c}.json`), JSON.stringify({ data }));
  }
  return dir;
}

const pkg = fakePackage('package');
const cache = path.join(root, 'cache');
const built = buildFashionMnistCache(pkg, cache, SIZES);

/** A copy of the good cache with one file replaced, and that file's path. */
function cacheWith(name: string, file: string, bytes: Uint8Array): { dir: string; file: string } {
  const dir = path.join(root, name);
  fs.cpSync(cache, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), bytes);
  return { dir, file: path.join(dir, file) };
}

/** u8 IDX bytes, written independently of the code under test. */
function idx(dims: number[], values: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + values.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(2, 0x08);
  view.setUint8(3, dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(Array.from(values), header);
  return bytes;
}

const rebuild = (dir: string) => `run \`npm run data:fashion-mnist -- ${JSON.stringify(dir)}\``;

test('buildFashionMnistCache writes four IDX files, skipping empty entries', () => {
  assert.deepEqual(built, { train: 15, test: 5, skipped: 2 });
  assert.deepEqual(fs.readdirSync(cache).sort(), ['test-images.idx', 'test-labels.idx', 'train-images.idx', 'train-labels.idx']);
  assert.equal(fs.statSync(path.join(cache, 'train-images.idx')).size, 16 + 15 * PIXELS);
  assert.equal(fs.statSync(path.join(cache, 'test-labels.idx')).size, 8 + 5);
});

test('the split is RandomState(0).permutation of the class-ordered pool: the first trainSize train, the rest test', () => {
  const order = new RandomState(0).permutation(N);
  const { train, test, labels } = loadFashionMnist({ cacheDir: cache, scale: 'none' });
  assert.deepEqual(labels, [...FASHION_MNIST_LABELS]);
  assert.equal(labels.length, 10);
  assert.equal(labels[9], 'Ankle boot');
  for (const [split, offset] of [[train, 0], [test, 15]] as const) {
    for (let i = 0; i < split.y.length; i++) {
      const from = order[offset + i]!;
      const [c, k] = [Math.floor(from / PER_CLASS), from % PER_CLASS];
      assert.equal(split.y[i], c);
      assert.deepEqual(Array.from(split.X.data.subarray(i * PIXELS, (i + 1) * PIXELS)), Array.from({ length: PIXELS }, (_, j) => pixel(c, k, j)));
    }
  }
});

test('loadFashionMnist returns 784-column float32 matrices scaled to [-1, 1] by default', () => {
  const raw = loadFashionMnist({ cacheDir: cache, scale: 'none' });
  const { train, test } = loadFashionMnist({ cacheDir: cache });
  assert.deepEqual([train.X.rows, train.X.cols, test.X.rows, test.X.cols], [15, 784, 5, 784]);
  assert.ok(train.X.data instanceof Float32Array && train.y instanceof Int32Array);
  assert.deepEqual(train.X.data, raw.train.X.data.map((v) => (v - 127.5) / 127.5));
  assert.deepEqual(test.X.data, raw.test.X.data.map((v) => (v - 127.5) / 127.5));
  const all = [...train.X.data, ...test.X.data];
  assert.deepEqual([Math.min(...all), Math.max(...all)], [-1, 1]);
  const unit = loadFashionMnist({ cacheDir: cache, scale: 'unit' });
  assert.deepEqual(unit.test.X.data, raw.test.X.data.map((v) => v / 255));
  assert.throws(() => loadFashionMnist({ cacheDir: cache, scale: 'byte' as 'none' }), { name: 'RangeError', message: /got "byte"/ });
});

test('building twice gives byte-identical caches', () => {
  const again = path.join(root, 'again');
  buildFashionMnistCache(fakePackage('package-again'), again, SIZES);
  for (const file of fs.readdirSync(cache)) {
    assert.deepEqual(fs.readFileSync(path.join(again, file)), fs.readFileSync(path.join(cache, file)), file);
  }
});

test('a missing cache file names the file and the command that downloads the data', () => {
  const empty = path.join(root, 'nothing-here');
  assert.throws(() => loadFashionMnist({ cacheDir: empty }), {
    name: 'FashionMnistError',
    message: `Fashion-MNIST is not downloaded: ${path.join(empty, 'train-images.idx')} does not exist; ${rebuild(empty)}`,
  });
  const partial = path.join(root, 'partial');
  fs.cpSync(cache, partial, { recursive: true });
  fs.rmSync(path.join(partial, 'test-labels.idx'));
  assert.throws(() => loadFashionMnist({ cacheDir: partial }), {
    message: `Fashion-MNIST is not downloaded: ${path.join(partial, 'test-labels.idx')} does not exist; ${rebuild(partial)}`,
  });
});

test('a truncated image file is reported as a corrupt cache, naming the file', () => {
  const full = fs.readFileSync(path.join(cache, 'train-images.idx'));
  const { dir, file } = cacheWith('truncated', 'train-images.idx', full.subarray(0, full.length - 100));
  assert.throws(() => loadFashionMnist({ cacheDir: dir }), (e: unknown) => {
    assert.ok(e instanceof FashionMnistError);
    assert.equal(
      e.message,
      `corrupt Fashion-MNIST cache: ${file}: dimensions 15×28×28 need 11760 bytes of u8 data after the 16-byte header, found 11660 (truncated); ${rebuild(dir)} to rebuild it`,
    );
    assert.equal((e.cause as Error).name, 'IdxError');
    return true;
  });
});

test('labels out of 0..9, a label count that differs from the image count and images not 28×28 are corrupt caches', () => {
  const labels = Array.from({ length: 5 }, (_, i) => i);
  labels[3] = 10;
  const bad = cacheWith('bad-label', 'test-labels.idx', idx([5], labels));
  assert.throws(() => loadFashionMnist({ cacheDir: bad.dir }), {
    name: 'FashionMnistError',
    message: `corrupt Fashion-MNIST cache: ${bad.file}: label 3 is 10, expected a class in 0..9; ${rebuild(bad.dir)} to rebuild it`,
  });

  const short = cacheWith('short-labels', 'test-labels.idx', idx([4], [0, 1, 2, 3]));
  const images = path.join(short.dir, 'test-images.idx');
  assert.throws(() => loadFashionMnist({ cacheDir: short.dir }), {
    name: 'FashionMnistError',
    message: `corrupt Fashion-MNIST cache: ${images} holds 5 images but ${short.file} holds 4 labels; ${rebuild(short.dir)} to rebuild it`,
  });

  const small = cacheWith('small-images', 'test-images.idx', idx([5, 2, 2], new Uint8Array(20)));
  assert.throws(() => loadFashionMnist({ cacheDir: small.dir }), {
    name: 'FashionMnistError',
    message: `corrupt Fashion-MNIST cache: ${small.file} holds 2×2 images, expected 28×28; ${rebuild(small.dir)} to rebuild it`,
  });
});

test('package files that are not Fashion-MNIST fail the build naming the file and entry', () => {
  const clothes = (dir: string, c: number) => path.join(dir, 'src', 'clothes', `${c}.json`);
  const cases: [string, (data: unknown[][], c: number) => void, (dir: string) => string][] = [
    ['short-image', (data, c) => c === 4 && data[1]!.pop(), (dir) => `${clothes(dir, 4)}: entry 1 has 783 values, expected 784 or none`],
    ['big-pixel', (data, c) => c === 2 && (data[0]![9] = 256), (dir) => `${clothes(dir, 2)}: entry 0, pixel 9 is 256, expected an integer in 0..255`],
    ['float-pixel', (data, c) => c === 7 && (data[1]![0] = 0.5), (dir) => `${clothes(dir, 7)}: entry 1, pixel 0 is 0.5, expected an integer in 0..255`],
    ['string-pixel', (data, c) => c === 0 && (data[2]![783] = '1'), (dir) => `${clothes(dir, 0)}: entry 2, pixel 783 is "1", expected an integer in 0..255`],
    ['extra-image', (data, c) => c === 9 && data.push(data[0]!), (dir) => `${dir} holds 21 images, expected 15 + 5 = 20: not the fashion-mnist package this reads`],
  ];
  for (const [name, edit, message] of cases) {
    const dir = fakePackage(name, edit);
    assert.throws(() => buildFashionMnistCache(dir, path.join(root, `${name}-cache`), SIZES), { name: 'FashionMnistError', message: message(dir) }, name);
    assert.equal(fs.existsSync(path.join(root, `${name}-cache`)), false, `${name}: nothing written`);
  }

  const broken = fakePackage('broken-json');
  fs.writeFileSync(clothes(broken, 5), '{"data": [[0, 1');
  assert.throws(() => buildFashionMnistCache(broken, path.join(root, 'broken-cache'), SIZES), {
    name: 'FashionMnistError',
    message: new RegExp(`^${clothes(broken, 5).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .*JSON`),
  });
});
