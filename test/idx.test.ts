import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { IdxError, loadIdx, loadIdxImages, loadIdxLabels, parseIdx, readIdx } from '../src/node/idx.js';
import { ShapeError } from '../src/errors.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-idx-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const CODES = { u8: 0x08, i8: 0x09, i16: 0x0b, i32: 0x0c, f32: 0x0d, f64: 0x0e } as const;
const SIZES = { u8: 1, i8: 1, i16: 2, i32: 4, f32: 4, f64: 8 } as const;

/** IDX bytes written independently of the reader: header then big-endian elements. */
function idx(dtype: keyof typeof CODES, dims: number[], values: number[]): Uint8Array {
  const header = 4 + 4 * dims.length;
  const view = new DataView(new ArrayBuffer(header + values.length * SIZES[dtype]));
  view.setUint8(2, CODES[dtype]);
  view.setUint8(3, dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const set = { u8: 'setUint8', i8: 'setInt8', i16: 'setInt16', i32: 'setInt32', f32: 'setFloat32', f64: 'setFloat64' } as const;
  values.forEach((v, i) => view[set[dtype]](header + i * SIZES[dtype], v));
  return new Uint8Array(view.buffer);
}

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

// 3 images of 2×3 pixels, and their labels.
const pixels = [0, 1, 2, 127, 128, 255, 10, 20, 30, 40, 50, 60, 255, 254, 253, 252, 251, 250];
const imagesFile = write('images-idx3-ubyte', idx('u8', [3, 2, 3], pixels));
const imagesGz = write('images-idx3-ubyte.gz', gzipSync(idx('u8', [3, 2, 3], pixels)));
const labelsGz = write('labels-idx1-ubyte.gz', gzipSync(idx('u8', [3], [9, 0, 4])));

test('loadIdxImages reads a plain image file into an n × (height·width) matrix of raw bytes', () => {
  const { X, height, width } = loadIdxImages(imagesFile);
  assert.deepEqual([X.rows, X.cols, height, width], [3, 6, 2, 3]);
  assert.deepEqual(Array.from(X.data), pixels);
});

test('loadIdxImages reads a gzipped file and scales to [0, 1] or to [-1, 1] (NNFS chapter 19)', () => {
  assert.deepEqual(loadIdxImages(imagesGz).X, loadIdxImages(imagesFile).X);
  assert.deepEqual(loadIdxImages(imagesGz, { scale: 'unit' }).X.data, Float32Array.from(pixels, (p) => p / 255));
  const symmetric = loadIdxImages(imagesGz, { scale: 'symmetric' }).X.data;
  assert.deepEqual(symmetric, Float32Array.from(pixels, (p) => (p - 127.5) / 127.5));
  assert.deepEqual([symmetric[0], symmetric[5]], [-1, 1]);
});

test('loadIdxLabels returns Int32Array class indices, and loadIdx pairs images with labels', () => {
  assert.deepEqual(loadIdxLabels(labelsGz), new Int32Array([9, 0, 4]));
  const { X, y, height, width } = loadIdx(imagesGz, labelsGz, { scale: 'unit' });
  assert.deepEqual([X.rows, X.cols, height, width, y.length], [3, 6, 2, 3, 3]);
});

test('readIdx decodes every element type from big-endian', () => {
  const cases = [
    ['u8', [0, 200, 255], Uint8Array],
    ['i8', [-128, -1, 127], Int8Array],
    ['i16', [-32768, -2, 1000], Int16Array],
    ['i32', [-2147483648, -3, 2147483647], Int32Array],
    ['f32', [1.5, -0.1, 3e38], Float32Array],
    ['f64', [Math.PI, -1e-300, 2 ** 60], Float64Array],
  ] as const;
  for (const [dtype, values, Ctor] of cases) {
    const file = write(`t-${dtype}`, idx(dtype, [1, 3], [...values]));
    const got = readIdx(file);
    assert.equal(got.dtype, dtype);
    assert.deepEqual(got.dims, [1, 3]);
    assert.deepEqual(got.data, Ctor.from(values));
  }
});

test('parseIdx reads from a view into a larger buffer and accepts empty dimensions', () => {
  const bytes = idx('i16', [2], [-5, 7]);
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes, 1);
  assert.deepEqual(parseIdx(padded.subarray(1), 'x').data, new Int16Array([-5, 7]));
  assert.deepEqual(parseIdx(idx('u8', [0, 28, 28], []), 'x'), { dtype: 'u8', dims: [0, 28, 28], data: new Uint8Array(0) });
});

const broken: [string, Uint8Array, string][] = [
  ['fewer than 4 bytes', new Uint8Array([0, 0]), 'truncated: 2 bytes, too short for the 4-byte magic number'],
  ['a bad magic number', new Uint8Array([0x50, 0x4b, 3, 4]), 'bad magic number 0x504b0304 at offset 0: IDX files start with two zero bytes'],
  ['an unknown type code', new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]), 'unsupported element type code 0x0a at offset 2 (expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)'],
  ['zero dimensions', new Uint8Array([0, 0, 8, 0]), 'the header at offset 3 declares 0 dimensions'],
  ['a truncated header', idx('u8', [3, 2, 3], []).subarray(0, 10), 'truncated: 3 dimensions need a 16-byte header, the file has 10 bytes'],
  ['truncated data', idx('u8', [3, 2, 3], pixels).subarray(0, 30), 'dimensions 3×2×3 need 18 bytes of u8 data after the 16-byte header, found 14 (truncated)'],
  ['extra data', idx('i16', [2], [1, 2, 3]), 'dimensions 2 need 4 bytes of i16 data after the 8-byte header, found 6 (2 bytes too many)'],
  [
    'dimensions too large to count',
    idx('f64', [0xffffffff, 0xffffffff], []),
    'dimensions 4294967295×4294967295 need 147573952520956936200 bytes of f64 data after the 12-byte header, found 0 (truncated)',
  ],
];

for (const [what, bytes, message] of broken) {
  test(`rejects ${what}, naming the file`, () => {
    const file = write(`broken-${what.replace(/\W+/g, '-')}`, bytes);
    assert.throws(() => readIdx(file), (e: unknown) => (e instanceof IdxError && e.message === `${file}: ${message}`) || assert.fail(String(e)));
  });
}

test('rejects a label file given as images and an image file given as labels', () => {
  assert.throws(() => loadIdxImages(labelsGz), {
    name: 'IdxError',
    message: `${labelsGz}: expected an IDX image file (magic 0x00000803: u8, 3 dimensions), got u8 with 1 dimension (3)`,
  });
  assert.throws(() => loadIdxLabels(imagesFile), {
    name: 'IdxError',
    message: `${imagesFile}: expected an IDX label file (magic 0x00000801: u8, 1 dimension), got u8 with 3 dimensions (3×2×3)`,
  });
  const floats = write('floats', idx('f32', [2], [1, 2]));
  assert.throws(() => loadIdxLabels(floats), { message: `${floats}: expected an IDX label file (magic 0x00000801: u8, 1 dimension), got f32 with 1 dimension (2)` });
});

test('rejects corrupt gzip data and gzip data that inflates past the limit', () => {
  const gz = gzipSync(idx('u8', [3, 2, 3], pixels));
  const corrupt = write('corrupt.gz', gz.subarray(0, gz.length - 12));
  assert.throws(() => readIdx(corrupt), { name: 'IdxError', message: `${corrupt}: is not valid gzip data (unexpected end of file)` });
  const bomb = write('bomb.gz', gzipSync(idx('u8', [1_000_000], new Array(1_000_000).fill(0))));
  assert.ok(fs.statSync(bomb).size < 2000);
  assert.throws(() => readIdx(bomb, { maxBytes: 100_000 }), { name: 'IdxError', message: `${bomb}: decompresses to more than the limit of 100000 bytes` });
  assert.throws(() => readIdx(imagesFile, { maxBytes: 10 }), { name: 'IdxError', message: `${imagesFile}: 34 bytes exceeds the limit of 10 bytes` });
});

test('loadIdx rejects image and label files of different lengths with a ShapeError', () => {
  const twoLabels = write('two-labels', idx('u8', [2], [1, 2]));
  assert.throws(() => loadIdx(imagesFile, twoLabels), (e: unknown) => e instanceof ShapeError && e.message === `${imagesFile} holds 3 images but ${twoLabels} holds 2 labels`);
});

test('rejects an unknown scale and reports a missing file with its path', () => {
  assert.throws(() => loadIdxImages(imagesFile, { scale: 'max' as 'unit' }), {
    name: 'RangeError',
    message: `loadIdxImages: scale must be 'none', 'unit' or 'symmetric', got "max"`,
  });
  const missing = path.join(dir, 'missing-idx3-ubyte');
  assert.throws(() => readIdx(missing), (e: Error) => e.message.includes(missing));
});
