/**
 * A minimal PNG codec (W3C PNG specification), enough to predict on a 28×28 digit and to save plots.
 *
 * File: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A, then chunks: length (u32, big-endian), 4-letter
 * type, data, CRC-32 of type + data. IHDR (width, height, bit depth, color type, compression 0,
 * filter 0, interlace) comes first, PLTE before the image data, the IDAT chunks together hold one zlib
 * stream, IEND ends the file. The inflated data is, per row, a filter byte (0 None, 1 Sub, 2 Up,
 * 3 Average, 4 Paeth) then the row's filtered bytes; each filter predicts a byte from the byte one
 * pixel to the left (a), above (b) and above-left (c), and the file stores the difference mod 256.
 *
 * Decoding supports every non-interlaced variant: gray (bit depth 1, 2, 4, 8, 16), gray + alpha,
 * RGB, RGBA (8, 16) and palette (1, 2, 4, 8), with tRNS transparency, and returns 8-bit RGBA
 * (16-bit samples keep their high byte; low depths are scaled to 0..255). Interlaced (Adam7) files
 * are rejected. Encoding writes 8-bit gray, gray + alpha, RGB or RGBA with filter None.
 *
 * @example
 * const { width, height, rgba } = decodePng(fs.readFileSync('digit.png'));
 * fs.writeFileSync('copy.png', encodePng(width, height, rgba));
 */
import { deflateSync, inflateSync } from 'node:zlib';

/** Bytes that are not a PNG this decoder can read; the message says what is wrong. */
export class PngError extends Error {
  override name = 'PngError';
}

export interface DecodedPng {
  width: number;
  height: number;
  /** width · height pixels, 4 bytes each (red, green, blue, alpha), row-major from the top-left. */
  rgba: Uint8Array;
}

export interface PngLimits {
  /** Largest width · height accepted (default 2^26, a 256 MB RGBA image), checked before inflating. */
  maxPixels?: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel and the allowed bit depths, by color type. */
const COLOR_TYPES: Record<number, { channels: number; depths: number[]; name: string }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16], name: 'gray' },
  2: { channels: 3, depths: [8, 16], name: 'RGB' },
  3: { channels: 1, depths: [1, 2, 4, 8], name: 'palette' },
  4: { channels: 2, depths: [8, 16], name: 'gray + alpha' },
  6: { channels: 4, depths: [8, 16], name: 'RGBA' },
};
const COLOR_TYPE_OF_CHANNELS = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 (the polynomial of PNG, zlib and gzip) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Encodes 8-bit pixels as a PNG: `channels` 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA, the default),
 * `pixels` holding width · height · channels bytes, row-major from the top-left.
 */
export function encodePng(width: number, height: number, pixels: Uint8Array, channels: 1 | 2 | 3 | 4 = 4): Uint8Array {
  for (const [what, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff) throw new RangeError(`encodePng: ${what} must be an integer from 1 to 2^31 − 1, got ${v}`);
  }
  if (!(channels in COLOR_TYPE_OF_CHANNELS)) throw new RangeError(`encodePng: channels must be 1, 2, 3 or 4, got ${channels}`);
  if (!(pixels instanceof Uint8Array)) throw new TypeError(`encodePng: pixels must be a Uint8Array`);
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new RangeError(`encodePng: ${width}×${height} pixels with ${channels} channels need ${stride * height} bytes, got ${pixels.length}`);
  }
  const raw = new Uint8Array((stride + 1) * height); // each row: filter byte 0 (None), then the row
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);

  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, COLOR_TYPE_OF_CHANNELS[channels], 0, 0, 0], 8);
  const chunks = [chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set(SIGNATURE);
  let at = 8;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  channels: number;
}

/** Decodes a PNG to 8-bit RGBA, checking signature, chunk CRCs, header fields and data length. */
export function decodePng(bytes: Uint8Array, limits: PngLimits = {}): DecodedPng {
  const maxPixels = limits.maxPixels ?? 2 ** 26;
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngError('png: not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;

  for (let at = 8; !ended; ) {
    if (at + 12 > bytes.length) throw new PngError(`png: truncated at byte ${at}: ${header ? 'no IEND chunk' : 'no IHDR chunk'}`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (length > 0x7fffffff || at + 12 + length > bytes.length) throw new PngError(`png: chunk ${type} at byte ${at} runs past the end of the file`);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) throw new PngError(`png: chunk ${type} at byte ${at} has a wrong CRC`);
    if (header === undefined && type !== 'IHDR') throw new PngError(`png: the first chunk must be IHDR, got ${type}`);
    if (type === 'IHDR') {
      if (header !== undefined) throw new PngError('png: more than one IHDR chunk');
      header = readHeader(data, maxPixels);
    } else if (type === 'PLTE') {
      if (length === 0 || length % 3 !== 0 || length > 768) throw new PngError(`png: PLTE length ${length} is not 3 × 1..256 entries`);
      palette = data;
    } else if (type === 'tRNS') {
      transparency = data;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
    } else if ((bytes[at + 4]! & 0x20) === 0) {
      throw new PngError(`png: unknown critical chunk ${type}`); // ancillary chunks (lower-case first letter) are skipped
    }
    at += 12 + length;
  }
  const h = header!;
  if (h.colorType === 3 && palette === undefined) throw new PngError('png: palette image without a PLTE chunk');
  if (idat.length === 0) throw new PngError('png: no IDAT chunk');

  const rowBytes = Math.ceil((h.width * h.channels * h.depth) / 8);
  const expected = (rowBytes + 1) * h.height;
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_BUFFER_TOO_LARGE') throw new PngError(`png: image data is longer than the ${expected} bytes ${h.width}×${h.height} needs`);
    throw new PngError(`png: image data is not a valid zlib stream (${err.message})`);
  }
  if (raw.length !== expected) throw new PngError(`png: image data holds ${raw.length} bytes, ${h.width}×${h.height} needs ${expected}`);
  unfilter(raw, rowBytes, h.height, Math.max(1, (h.channels * h.depth) >> 3));
  return { width: h.width, height: h.height, rgba: toRgba(raw, rowBytes, h, palette, transparency) };
}

function readHeader(data: Uint8Array, maxPixels: number): Header {
  if (data.length !== 13) throw new PngError(`png: IHDR is ${data.length} bytes, expected 13`);
  const view = new DataView(data.buffer, data.byteOffset, 13);
  const [width, height] = [view.getUint32(0), view.getUint32(4)];
  const [depth, colorType, compression, filter, interlace] = data.subarray(8, 13);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw new PngError(`png: invalid size ${width}×${height}`);
  if (width * height > maxPixels) throw new PngError(`png: ${width}×${height} pixels exceeds the limit of ${maxPixels}`);
  const color = COLOR_TYPES[colorType!];
  if (color === undefined) throw new PngError(`png: invalid color type ${colorType}`);
  if (!color.depths.includes(depth!)) throw new PngError(`png: bit depth ${depth} is not allowed for ${color.name} images (${color.depths.join(', ')})`);
  if (compression !== 0 || filter !== 0) throw new PngError(`png: unknown compression method ${compression} or filter method ${filter}`);
  if (interlace === 1) throw new PngError('png: interlaced (Adam7) images are not supported; save the image without interlacing');
  if (interlace !== 0) throw new PngError(`png: invalid interlace method ${interlace}`);
  return { width, height, depth: depth!, colorType: colorType!, channels: color.channels };
}

/** Undoes the per-row filters in place; `bpp` is the byte distance to the pixel on the left. */
function unfilter(raw: Uint8Array, rowBytes: number, height: number, bpp: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1;
    const up = row - rowBytes - 1; // the previous row's first byte (only read when y > 0)
    const type = raw[row - 1]!;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? raw[row + x - bpp]! : 0;
      const b = y > 0 ? raw[up + x]! : 0;
      const c = x >= bpp && y > 0 ? raw[up + x - bpp]! : 0;
      let predictor: number;
      switch (type) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: predictor = paeth(a, b, c); break;
        default: throw new PngError(`png: row ${y} has an invalid filter type ${type}`);
      }
      raw[row + x] = (raw[row + x]! + predictor) & 0xff;
    }
  }
}

/** The neighbour (left, above, above-left) closest to left + above − above-left; ties prefer that order. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Converts unfiltered rows of any supported variant to 8-bit RGBA. */
function toRgba(raw: Uint8Array, rowBytes: number, h: Header, palette: Uint8Array | undefined, trns: Uint8Array | undefined): Uint8Array {
  const { width, height, depth, colorType, channels } = h;
  const out = new Uint8Array(width * height * 4);
  const maxSample = (1 << depth) - 1;
  // Sample s of pixel x in the row starting at byte `row`, at its full bit depth.
  const sample = (row: number, x: number, s: number): number => {
    const i = x * channels + s;
    if (depth === 8) return raw[row + i]!;
    if (depth === 16) return (raw[row + 2 * i]! << 8) | raw[row + 2 * i + 1]!;
    const bit = i * depth;
    return (raw[row + (bit >> 3)]! >> (8 - depth - (bit & 7))) & maxSample;
  };
  const to8 = (v: number) => (depth === 16 ? v >> 8 : depth < 8 ? (v * 255) / maxSample : v);
  const key = trns !== undefined && trns.length >= 2 && colorType !== 3 ? new DataView(trns.buffer, trns.byteOffset, trns.byteLength) : undefined;

  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (colorType === 3) {
        const index = sample(row, x, 0);
        if (3 * index + 2 >= palette!.length) throw new PngError(`png: pixel (${x}, ${y}) uses palette index ${index}, the palette has ${palette!.length / 3} entries`);
        out.set(palette!.subarray(3 * index, 3 * index + 3), o);
        out[o + 3] = trns !== undefined && index < trns.length ? trns[index]! : 255;
      } else if (colorType === 0 || colorType === 4) {
        const gray = sample(row, x, 0);
        out.fill(to8(gray), o, o + 3);
        out[o + 3] = colorType === 4 ? to8(sample(row, x, 1)) : key !== undefined && gray === key.getUint16(0) ? 0 : 255;
      } else {
        const [r, g, b] = [sample(row, x, 0), sample(row, x, 1), sample(row, x, 2)];
        out[o] = to8(r);
        out[o + 1] = to8(g);
        out[o + 2] = to8(b);
        const transparent = colorType === 2 && key !== undefined && trns!.length >= 6 && r === key.getUint16(0) && g === key.getUint16(2) && b === key.getUint16(4);
        out[o + 3] = colorType === 6 ? to8(sample(row, x, 3)) : transparent ? 0 : 255;
      }
    }
  }
  return out;
}
