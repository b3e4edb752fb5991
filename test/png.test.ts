import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { crc32, decodePng, encodePng, PngError } from '../src/node/png.js';

interface Case {
  name: string;
  width: number;
  height: number;
  png: string;
  rgba: number[];
}
const cases = JSON.parse(readFileSync(new URL('./fixtures/png_fixture.json', import.meta.url), 'utf8')) as Case[];

for (const c of cases) {
  test(`decodes the Python-written ${c.name} PNG (all five row filters) to the expected RGBA`, () => {
    const decoded = decodePng(new Uint8Array(Buffer.from(c.png, 'base64')));
    assert.deepEqual(decoded, { width: c.width, height: c.height, rgba: Uint8Array.from(c.rgba) });
  });
}

test('crc32 gives the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('encodePng round trips RGBA, RGB, gray + alpha and gray pixels', () => {
  const [w, h] = [7, 3];
  const pixels = (channels: number) => Uint8Array.from({ length: w * h * channels }, (_, i) => (i * 41 + 7) & 0xff);
  const rgba = pixels(4);
  assert.deepEqual(decodePng(encodePng(w, h, rgba)), { width: w, height: h, rgba });
  const rgb = pixels(3);
  const fromRgb = decodePng(encodePng(w, h, rgb, 3)).rgba;
  for (let p = 0; p < w * h; p++) assert.deepEqual([...fromRgb.subarray(4 * p, 4 * p + 4)], [...rgb.subarray(3 * p, 3 * p + 3), 255]);
  const ga = pixels(2);
  const fromGa = decodePng(encodePng(w, h, ga, 2)).rgba;
  for (let p = 0; p < w * h; p++) assert.deepEqual([...fromGa.subarray(4 * p, 4 * p + 4)], [ga[2 * p], ga[2 * p], ga[2 * p], ga[2 * p + 1]]);
  const gray = pixels(1);
  const fromGray = decodePng(encodePng(w, h, gray, 1)).rgba;
  for (let p = 0; p < w * h; p++) assert.deepEqual([...fromGray.subarray(4 * p, 4 * p + 4)], [gray[p], gray[p], gray[p], 255]);
});

test('encodePng writes the signature and an exact IHDR (8-bit, color type by channels, no interlace)', () => {
  const png = encodePng(28, 28, new Uint8Array(28 * 28), 1);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual([...png.subarray(8, 33)], [0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 28, 0, 0, 0, 28, 8, 0, 0, 0, 0, ...u32(crc32(png.subarray(12, 29)))]);
  assert.deepEqual([...png.subarray(-12)], [0, 0, 0, 0, 73, 69, 78, 68, 0xae, 0x42, 0x60, 0x82]);
});

test('encodePng rejects inconsistent arguments', () => {
  assert.throws(() => encodePng(2, 2, new Uint8Array(15)), { name: 'RangeError', message: 'encodePng: 2×2 pixels with 4 channels need 16 bytes, got 15' });
  assert.throws(() => encodePng(0, 2, new Uint8Array(0)), { name: 'RangeError', message: 'encodePng: width must be an integer from 1 to 2^31 − 1, got 0' });
  assert.throws(() => encodePng(2, 2, new Uint8Array(20), 5 as 4), { name: 'RangeError', message: 'encodePng: channels must be 1, 2, 3 or 4, got 5' });
  assert.throws(() => encodePng(1, 1, [1, 2, 3, 4] as unknown as Uint8Array), { name: 'TypeError', message: 'encodePng: pixels must be a Uint8Array' });
});

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function chunk(type: string, data: ArrayLike<number>): number[] {
  const body = [...new TextEncoder().encode(type), ...Array.from(data)];
  return [...u32(data.length), ...body, ...u32(crc32(Uint8Array.from(body)))];
}

function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): number[] {
  return chunk('IHDR', [...u32(width), ...u32(height), depth, colorType, 0, 0, interlace]);
}

/** A PNG from chunks built by hand, for the broken-file cases. */
function png(...chunks: number[][]): Uint8Array {
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunks.flat()]);
}

const IEND = chunk('IEND', []);
const gray2x2 = (raw: number[]) => png(ihdr(2, 2, 8, 0), chunk('IDAT', deflateSync(Uint8Array.from(raw))), IEND);
const good = gray2x2([0, 1, 2, 0, 3, 4]);

test('a hand-built 2×2 gray PNG decodes (the broken cases below start from it)', () => {
  assert.deepEqual(decodePng(good).rgba, Uint8Array.from([1, 1, 1, 255, 2, 2, 2, 255, 3, 3, 3, 255, 4, 4, 4, 255]));
});

const broken: [string, Uint8Array, string][] = [
  ['a bad signature', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'png: not a PNG file (bad signature)'],
  ['a wrong CRC', good.map((b, i) => (i === 20 ? b ^ 1 : b)), 'png: chunk IHDR at byte 8 has a wrong CRC'],
  ['a missing IEND', good.subarray(0, good.length - 12), `png: truncated at byte ${good.length - 12}: no IEND chunk`],
  ['a chunk past the end', good.subarray(0, 30), 'png: chunk IHDR at byte 8 runs past the end of the file'],
  ['a first chunk other than IHDR', png(chunk('tEXt', [65, 0, 66]), ihdr(1, 1, 8, 0), IEND), 'png: the first chunk must be IHDR, got tEXt'],
  ['an interlaced image', png(ihdr(2, 2, 8, 0, 1), IEND), 'png: interlaced (Adam7) images are not supported; save the image without interlacing'],
  ['a 16-bit palette', png(ihdr(2, 2, 16, 3), IEND), 'png: bit depth 16 is not allowed for palette images (1, 2, 4, 8)'],
  ['an invalid color type', png(ihdr(2, 2, 8, 5), IEND), 'png: invalid color type 5'],
  ['a zero width', png(ihdr(0, 2, 8, 0), IEND), 'png: invalid size 0×2'],
  ['an image above the pixel limit', png(ihdr(100_000, 100_000, 8, 6), IEND), 'png: 100000×100000 pixels exceeds the limit of 67108864'],
  ['an unknown critical chunk', png(ihdr(2, 2, 8, 0), chunk('ABCD', []), IEND), 'png: unknown critical chunk ABCD'],
  ['a palette image without PLTE', png(ihdr(2, 2, 8, 3), chunk('IDAT', deflateSync(new Uint8Array(6))), IEND), 'png: palette image without a PLTE chunk'],
  ['no IDAT', png(ihdr(2, 2, 8, 0), IEND), 'png: no IDAT chunk'],
  ['image data that is not zlib', png(ihdr(2, 2, 8, 0), chunk('IDAT', [1, 2, 3]), IEND), 'png: image data is not a valid zlib stream (incorrect header check)'],
  ['too little image data', gray2x2([0, 1, 2, 0, 3]), 'png: image data holds 5 bytes, 2×2 needs 6'],
  ['too much image data', gray2x2([0, 1, 2, 0, 3, 4, 5]), 'png: image data is longer than the 6 bytes 2×2 needs'],
  ['an invalid filter type', gray2x2([0, 1, 2, 5, 3, 4]), 'png: row 1 has an invalid filter type 5'],
  [
    'a palette index past the palette',
    png(ihdr(2, 1, 8, 3), chunk('PLTE', [1, 2, 3]), chunk('IDAT', deflateSync(Uint8Array.from([0, 0, 1]))), IEND),
    'png: pixel (1, 0) uses palette index 1, the palette has 1 entries',
  ],
];

for (const [what, bytes, message] of broken) {
  test(`rejects ${what} with a PngError`, () => {
    assert.throws(() => decodePng(bytes), (e: unknown) => (e instanceof PngError && e.message === message) || assert.fail(String(e)));
  });
}

test('the pixel limit can be lowered', () => {
  assert.throws(() => decodePng(good, { maxPixels: 3 }), { name: 'PngError', message: 'png: 2×2 pixels exceeds the limit of 3' });
});
