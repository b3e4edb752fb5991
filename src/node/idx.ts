/**
 * The IDX format of MNIST and Fashion-MNIST (NNFS chapter 19 trains on Fashion-MNIST).
 *
 * Layout (every number big-endian):
 *   bytes 0–1   0x00 0x00
 *   byte 2      the element type: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64
 *   byte 3      the number of dimensions d
 *   4·d bytes   each dimension as an unsigned 32-bit integer
 *   the rest    prod(dims) elements, row-major
 * so image files start with the magic 0x00000803 (u8, n × rows × cols) and label files with 0x00000801
 * (u8, n). Files may be gzipped (the distributed `*-ubyte.gz`): detected by the gzip magic 1F 8B.
 *
 * @example
 * const { X, height, width } = loadIdxImages('train-images-idx3-ubyte.gz', { scale: 'symmetric' });
 * const y = loadIdxLabels('train-labels-idx1-ubyte.gz');
 */
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Matrix } from '../matrix.js';
import { ShapeError } from '../errors.js';

/** A file that is not valid IDX; the message names the file and what is wrong, with the byte offset. */
export class IdxError extends Error {
  override name = 'IdxError';
}

const TYPES = {
  0x08: { dtype: 'u8', size: 1 },
  0x09: { dtype: 'i8', size: 1 },
  0x0b: { dtype: 'i16', size: 2 },
  0x0c: { dtype: 'i32', size: 4 },
  0x0d: { dtype: 'f32', size: 4 },
  0x0e: { dtype: 'f64', size: 8 },
} as const;

export type IdxDtype = (typeof TYPES)[keyof typeof TYPES]['dtype'];

export interface IdxArray {
  dtype: IdxDtype;
  dims: number[];
  /** prod(dims) elements, row-major, in the array type of `dtype`. */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

export interface IdxReadOptions {
  /** Largest (decompressed) size accepted, in bytes; guards against gzip bombs. Default 1 GiB. */
  maxBytes?: number;
}

/** How `loadIdxImages` maps pixel bytes 0..255: as they are, to [0, 1], or to [−1, 1] as NNFS chapter 19 does. */
export type IdxScale = 'none' | 'unit' | 'symmetric';

const DEFAULT_MAX_BYTES = 2 ** 30;
const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;

/** Parses uncompressed IDX bytes; `name` (a file name) prefixes every error message. */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const fail = (what: string): never => {
    throw new IdxError(`${name}: ${what}`);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, too short for the 4-byte magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`bad magic number ${hex(magic, 8)} at offset 0: IDX files start with two zero bytes`);
  const code = bytes[2]!;
  const type = TYPES[code as keyof typeof TYPES];
  if (type === undefined) fail(`unsupported element type code ${hex(code, 2)} at offset 2 (expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)`);
  const ndims = bytes[3]!;
  if (ndims === 0) fail('the header at offset 3 declares 0 dimensions');
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) fail(`truncated: ${ndims} dimensions need a ${headerSize}-byte header, the file has ${bytes.length} bytes`);

  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  // BigInt: 255 dimensions of up to 2^32 − 1 overflow a double.
  const needed = dims.reduce((a, b) => a * BigInt(b), BigInt(type.size));
  const found = bytes.length - headerSize;
  if (needed !== BigInt(found)) {
    const problem = needed > found ? 'truncated' : `${found - Number(needed)} bytes too many`;
    fail(`dimensions ${dims.join('×')} need ${needed} bytes of ${type.dtype} data after the ${headerSize}-byte header, found ${found} (${problem})`);
  }
  return { dtype: type.dtype, dims, data: readElements(type.dtype, view, headerSize, found / type.size) };
}

/** Copies `count` big-endian elements starting at byte `at` into a native typed array. */
function readElements(dtype: IdxDtype, view: DataView, at: number, count: number): IdxArray['data'] {
  switch (dtype) {
    case 'u8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + count));
    case 'i8':
      return new Int8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + count));
    case 'i16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(at + 2 * i));
    case 'i32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(at + 4 * i));
    case 'f32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(at + 4 * i));
    case 'f64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(at + 8 * i));
  }
}

/** Reads an IDX file, gunzipping it first when it starts with the gzip magic 1F 8B. */
export function readIdx(file: string, options: IdxReadOptions = {}): IdxArray {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = fs.statSync(file).size;
  if (size > maxBytes) throw new IdxError(`${file}: ${size} bytes exceeds the limit of ${maxBytes} bytes`);
  let bytes: Uint8Array = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      const err = e as Error & { code?: string };
      const why = err.code === 'ERR_BUFFER_TOO_LARGE' ? `decompresses to more than the limit of ${maxBytes} bytes` : `is not valid gzip data (${err.message})`;
      throw new IdxError(`${file}: ${why}`);
    }
  }
  return parseIdx(bytes, file);
}

/** Throws unless `idx` is u8 with `ndims` dimensions, which image (3) and label (1) files must be. */
function expectKind(idx: IdxArray, file: string, ndims: number, kind: string): void {
  if (idx.dtype !== 'u8' || idx.dims.length !== ndims) {
    throw new IdxError(
      `${file}: expected an IDX ${kind} file (magic ${hex(0x800 + ndims, 8)}: u8, ${ndims} dimension${ndims > 1 ? 's' : ''}), ` +
        `got ${idx.dtype} with ${idx.dims.length} dimension${idx.dims.length > 1 ? 's' : ''} (${idx.dims.join('×')})`,
    );
  }
}

/** An image file as an n × (height·width) matrix, one flattened image per row, scaled as asked. */
export function loadIdxImages(file: string, options: IdxReadOptions & { scale?: IdxScale } = {}): { X: Matrix; height: number; width: number } {
  const scale = options.scale ?? 'none';
  if (scale !== 'none' && scale !== 'unit' && scale !== 'symmetric') {
    throw new RangeError(`loadIdxImages: scale must be 'none', 'unit' or 'symmetric', got ${JSON.stringify(scale)}`);
  }
  const idx = readIdx(file, options);
  expectKind(idx, file, 3, 'image');
  const [n, height, width] = idx.dims as [number, number, number];
  const X = new Matrix(n, height * width);
  const [offset, divisor] = scale === 'unit' ? [0, 255] : scale === 'symmetric' ? [127.5, 127.5] : [0, 1];
  for (let i = 0; i < idx.data.length; i++) X.data[i] = (idx.data[i]! - offset) / divisor;
  return { X, height, width };
}

/** A label file as class indices. */
export function loadIdxLabels(file: string, options: IdxReadOptions = {}): Int32Array {
  const idx = readIdx(file, options);
  expectKind(idx, file, 1, 'label');
  return Int32Array.from(idx.data);
}

/** An image file and its label file together, checking that they hold as many samples. */
export function loadIdx(
  imagesFile: string,
  labelsFile: string,
  options: IdxReadOptions & { scale?: IdxScale } = {},
): { X: Matrix; y: Int32Array; height: number; width: number } {
  const images = loadIdxImages(imagesFile, options);
  const y = loadIdxLabels(labelsFile, options);
  if (y.length !== images.X.rows) {
    throw new ShapeError(`${imagesFile} holds ${images.X.rows} images but ${labelsFile} holds ${y.length} labels`);
  }
  return { ...images, y };
}
