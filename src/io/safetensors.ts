/**
 * The safetensors file format (Hugging Face), read and written from bytes, with no file system.
 *
 * Layout of a file:
 *   bytes [0, 8)        N, the header size, an unsigned 64-bit little-endian integer
 *   bytes [8, 8 + N)    the header: UTF-8 JSON
 *                         { "<name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, …,
 *                           "__metadata__": { "<key>": "<string value>", … } }   (metadata optional)
 *   bytes [8 + N, …)    the byte buffer: every tensor's elements, row-major, little-endian;
 *                       `data_offsets` are relative to the start of this buffer, `end` one past the last byte.
 *
 * Rules a file must follow, all checked by `decodeSafetensors` (as the reference Rust reader does):
 * the header fits in the file and in `maxHeaderBytes` (100 MB, the reference's limit) and is a JSON object
 * in valid UTF-8; metadata values are strings; every dtype is known; end − begin = prod(shape) · sizeof(dtype);
 * sorted by offset, the tensors tile the byte buffer exactly (first begins at 0, each begins where the
 * previous ends, the last ends at the end of the file): no holes, no overlaps, so no tensor can make the
 * reader allocate more than the file holds. Shape [] is a scalar; a 0 dimension gives an empty tensor.
 *
 * The writer follows the reference serializer: compact JSON with `__metadata__` first, the header padded
 * with spaces to a multiple of 8 bytes, tensors ordered by decreasing dtype alignment then by name, so
 * every tensor's data starts at an offset aligned to its element size.
 *
 * Elements are copied into fresh typed arrays (a tensor inside the file may not sit at an offset aligned
 * to its element size); the byte copy assumes a little-endian host, which every JavaScript engine in use is.
 * F16, BF16 and the F8 types are valid safetensors dtypes but have no typed array in Node 20: they are
 * reported as unsupported. JSON.parse keeps the last of duplicate keys (the spec forbids duplicates); a
 * duplicated tensor name then leaves a hole in the byte buffer, which the tiling check rejects.
 *
 * @example
 * const bytes = encodeSafetensors({ w: { dtype: 'F32', shape: [1, 2], data: new Float32Array([1, 2]) } }, { format: 'backprop' });
 * decodeSafetensors(bytes).tensors.w.data; // Float32Array [1, 2]
 */

/** The typed array holding each supported dtype. BOOL is one byte per value, 0 or 1. */
interface DtypeArrays {
  BOOL: Uint8Array;
  U8: Uint8Array;
  I8: Int8Array;
  I16: Int16Array;
  U16: Uint16Array;
  I32: Int32Array;
  U32: Uint32Array;
  F32: Float32Array;
  F64: Float64Array;
  I64: BigInt64Array;
  U64: BigUint64Array;
}

export type SafetensorsDtype = keyof DtypeArrays;

/** One tensor: `data` has prod(shape) elements, row-major; `dtype` decides the array type. */
export type SafetensorsTensor = {
  [D in SafetensorsDtype]: { dtype: D; shape: number[]; data: DtypeArrays[D] };
}[SafetensorsDtype];

export interface SafetensorsFile {
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

export interface SafetensorsLimits {
  /** Largest header accepted, in bytes (default 100 000 000, as the reference reader). */
  maxHeaderBytes?: number;
}

/** A file that does not follow the format; the message names the tensor or field at fault. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

type ArrayConstructorOf<D extends SafetensorsDtype> = { new (length: number): DtypeArrays[D]; BYTES_PER_ELEMENT: number };

/**
 * Every supported dtype with its array type, in the reference's alignment order (ascending); the writer
 * sorts by descending rank in this list. F16, BF16 and the F8 types would sit between I8 and I32.
 */
const DTYPES: { [D in SafetensorsDtype]: ArrayConstructorOf<D> } = {
  BOOL: Uint8Array,
  U8: Uint8Array,
  I8: Int8Array,
  I16: Int16Array,
  U16: Uint16Array,
  I32: Int32Array,
  U32: Uint32Array,
  F32: Float32Array,
  F64: Float64Array,
  I64: BigInt64Array,
  U64: BigUint64Array,
};
const DTYPE_RANK = new Map(Object.keys(DTYPES).map((d, i) => [d, i]));
const UNSUPPORTED_DTYPES = new Set(['F16', 'BF16', 'F8_E5M2', 'F8_E4M3']);
const METADATA_KEY = '__metadata__';
const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

/** Plain assignment would treat a key named "__proto__" as the prototype; names come from the file. */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function isDtype(d: unknown): d is SafetensorsDtype {
  return typeof d === 'string' && Object.hasOwn(DTYPES, d);
}

/** Serializes tensors (and optional string metadata) to the bytes of a .safetensors file. */
export function encodeSafetensors(tensors: Record<string, SafetensorsTensor>, metadata?: Record<string, string>): Uint8Array {
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) checkTensor(name, t);
  entries.sort(([a, ta], [b, tb]) => DTYPE_RANK.get(tb.dtype)! - DTYPE_RANK.get(ta.dtype)! || (a < b ? -1 : a > b ? 1 : 0));

  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') throw new TypeError(`safetensors metadata "${key}" must be a string, got ${typeof value}`);
    }
    setOwn(header, METADATA_KEY, metadata);
  }
  let offset = 0;
  for (const [name, t] of entries) {
    const end = offset + t.data.byteLength;
    setOwn(header, name, { dtype: t.dtype, shape: t.shape, data_offsets: [offset, end] });
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerSize = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(8 + headerSize + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerSize), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerSize);
  let at = 8 + headerSize;
  for (const [, t] of entries) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/** Throws unless `t` is a tensor the writer can store under `name`. */
function checkTensor(name: string, t: SafetensorsTensor): void {
  if (name === METADATA_KEY) throw new RangeError(`safetensors: "${METADATA_KEY}" is reserved and cannot name a tensor`);
  if (!isDtype(t.dtype)) throw new TypeError(`safetensors tensor "${name}": unsupported dtype ${String(t.dtype)}`);
  const Ctor = DTYPES[t.dtype];
  if (!(t.data instanceof Ctor)) {
    throw new TypeError(`safetensors tensor "${name}": dtype ${t.dtype} needs a ${Ctor.name}, got ${describe(t.data)}`);
  }
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new RangeError(`safetensors tensor "${name}": shape must be non-negative integers, got ${JSON.stringify(t.shape)}`);
  }
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (size !== t.data.length) {
    throw new RangeError(`safetensors tensor "${name}": shape [${t.shape.join(', ')}] holds ${size} values, data has ${t.data.length}`);
  }
}

function describe(x: unknown): string {
  if (x === null || typeof x !== 'object') return String(x);
  return x.constructor?.name ?? 'object';
}

/**
 * Parses the bytes of a .safetensors file, checking every rule of the format before allocating.
 * Throws a SafetensorsError naming what is wrong (and the tensor, when one is at fault).
 */
export function decodeSafetensors(bytes: Uint8Array, limits: SafetensorsLimits = {}): SafetensorsFile {
  const maxHeaderBytes = limits.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (bytes.length < 8) throw new SafetensorsError(`safetensors: file is ${bytes.length} bytes, too short for the 8-byte header size`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(maxHeaderBytes)) throw new SafetensorsError(`safetensors: header size ${n} exceeds the limit of ${maxHeaderBytes} bytes`);
  const headerSize = Number(n);
  if (8 + headerSize > bytes.length) {
    throw new SafetensorsError(`safetensors: header size ${headerSize} runs past the end of the file (${bytes.length - 8} bytes after the size)`);
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerSize));
  } catch {
    throw new SafetensorsError('safetensors: header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`safetensors: header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SafetensorsError(`safetensors: header must be a JSON object, got ${Array.isArray(header) ? 'an array' : JSON.stringify(header)}`);
  }

  const metadata = readMetadata((header as Record<string, unknown>)[METADATA_KEY]);
  const infos = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, entry]) => readTensorInfo(name, entry));

  // Tiling check: sorted by offsets, each tensor must start where the previous one ended.
  const bufferStart = 8 + headerSize;
  const bufferLength = bytes.length - bufferStart;
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous = '';
  for (const info of infos) {
    if (info.begin !== expected) {
      const where = previous === '' ? 'the byte buffer starts at 0' : `the previous tensor "${previous}" ends at ${expected}`;
      const what = info.begin > expected ? 'leaving a hole' : 'overlapping it';
      throw new SafetensorsError(`safetensors tensor "${info.name}": data starts at byte ${info.begin} but ${where}, ${what}`);
    }
    if (info.end > bufferLength) {
      throw new SafetensorsError(`safetensors tensor "${info.name}": data_offsets end ${info.end} is past the end of the byte buffer (${bufferLength} bytes)`);
    }
    expected = info.end;
    previous = info.name;
  }
  if (expected !== bufferLength) {
    throw new SafetensorsError(`safetensors: the tensors cover ${expected} bytes but the byte buffer holds ${bufferLength} (the file has trailing bytes)`);
  }

  const tensors: Record<string, SafetensorsTensor> = {};
  for (const info of infos) {
    const Ctor = DTYPES[info.dtype];
    const data = new Ctor(info.size);
    new Uint8Array(data.buffer).set(bytes.subarray(bufferStart + info.begin, bufferStart + info.end));
    setOwn(tensors, info.name, { dtype: info.dtype, shape: info.shape, data } as SafetensorsTensor);
  }
  return { tensors, metadata };
}

function readMetadata(raw: unknown): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (raw === undefined || raw === null) return metadata;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SafetensorsError(`safetensors: "${METADATA_KEY}" must be an object of strings, got ${JSON.stringify(raw)}`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(`safetensors: "${METADATA_KEY}" value for "${key}" must be a string, got ${JSON.stringify(value)}`);
    }
    setOwn(metadata, key, value);
  }
  return metadata;
}

interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  size: number;
  begin: number;
  end: number;
}

/** Validates one header entry on its own: dtype, shape, offsets, and that the offsets span its size. */
function readTensorInfo(name: string, entry: unknown): TensorInfo {
  const fail = (what: string): never => {
    throw new SafetensorsError(`safetensors tensor "${name}": ${what}`);
  };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(`entry must be an object, got ${JSON.stringify(entry)}`);
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;

  if (typeof dtype === 'string' && UNSUPPORTED_DTYPES.has(dtype)) fail(`dtype ${dtype} is not supported by this reader`);
  if (!isDtype(dtype)) fail(`unknown dtype ${JSON.stringify(dtype)}`);
  const dt = dtype as SafetensorsDtype;

  if (!Array.isArray(shape)) fail(`shape must be an array of integers, got ${JSON.stringify(shape)}`);
  let size = 1;
  for (const d of shape as unknown[]) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) fail(`shape ${JSON.stringify(shape)} has an invalid dimension ${JSON.stringify(d)}`);
    size *= d as number;
    if (size > Number.MAX_SAFE_INTEGER) fail(`shape ${JSON.stringify(shape)} is too large`);
  }

  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    fail(`data_offsets must be two non-negative integers [begin, end], got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(`data_offsets [${begin}, ${end}] end before they begin`);
  const bytes = size * DTYPES[dt].BYTES_PER_ELEMENT;
  if (end - begin !== bytes) {
    fail(`shape [${(shape as number[]).join(', ')}] of ${dt} needs ${bytes} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, dtype: dt, shape: (shape as number[]).slice(), size, begin, end };
}
