import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
  type SafetensorsDtype,
  type SafetensorsTensor,
} from '../src/io/safetensors.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readFixture = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));

interface Expected {
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: SafetensorsDtype; shape: number[]; data: number[] }>;
}
const expected = JSON.parse(readFileSync(new URL('safetensors_numpy.json', fixtures), 'utf8')) as Record<'numpy' | 'unaligned', Expected>;

const ARRAYS = {
  BOOL: Uint8Array, U8: Uint8Array, I8: Int8Array, I16: Int16Array, U16: Uint16Array, I32: Int32Array,
  U32: Uint32Array, F32: Float32Array, F64: Float64Array, I64: BigInt64Array, U64: BigUint64Array,
} as const;

/** The tensors of the fixture JSON as the encoder takes them. */
function tensorsOf(e: Expected): Record<string, SafetensorsTensor> {
  const out: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(e.tensors)) {
    const data = t.dtype === 'I64' || t.dtype === 'U64' ? ARRAYS[t.dtype].from(t.data.map(BigInt)) : ARRAYS[t.dtype].from(t.data);
    out[name] = { dtype: t.dtype, shape: t.shape, data } as SafetensorsTensor;
  }
  return out;
}

/** A file from a raw header text and a byte buffer, with the size field set to the header's length. */
function file(header: string | object, buffer: ArrayLike<number> = []): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + buffer.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(buffer, 8 + json.length);
  return out;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

test('decodes a file written by hand with NumPy: every dtype, value, shape and the metadata', () => {
  const { tensors, metadata } = decodeSafetensors(readFixture('safetensors_numpy.safetensors'));
  assert.deepEqual(metadata, expected.numpy.metadata);
  assert.deepEqual(tensors, tensorsOf(expected.numpy));
  assert.ok(tensors['dense1.weights']!.data instanceof Float32Array);
  assert.deepEqual(tensors.scalar!.shape, []);
  assert.equal(tensors.empty!.data.length, 0);
  assert.equal(tensors.steps!.data[1], -(2n ** 53n - 1n));
});

test('decodes a file without header padding whose F32 data sits at an odd offset, into aligned arrays', () => {
  const bytes = readFixture('safetensors_unaligned.safetensors');
  assert.notEqual(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) % 8, 0);
  const { tensors } = decodeSafetensors(bytes);
  assert.deepEqual(tensors, tensorsOf(expected.unaligned));
  assert.equal(tensors.b_floats!.data.byteOffset, 0);
});

test('decodes from a view into a larger buffer (non-zero byteOffset)', () => {
  const bytes = readFixture('safetensors_numpy.safetensors');
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes, 3);
  assert.deepEqual(decodeSafetensors(padded.subarray(3)).tensors, tensorsOf(expected.numpy));
});

test('encodes byte for byte what the independent NumPy writer wrote', () => {
  const bytes = encodeSafetensors(tensorsOf(expected.numpy), expected.numpy.metadata);
  assert.deepEqual(bytes, readFixture('safetensors_numpy.safetensors'));
});

test('encodes the reference implementation test vectors exactly', () => {
  // huggingface/safetensors tensor.rs tests: empty file, metadata only, and the 8-byte header alignment.
  assert.deepEqual(encodeSafetensors({}), new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{}      ')]));
  const meta = encodeSafetensors({}, { framework: 'pt' });
  assert.equal(meta[0], 40);
  assert.equal(text(meta.subarray(8)), '{"__metadata__":{"framework":"pt"}}     ');

  const data = new Float32Array([0, 1, 2, 3, 4, 5]);
  const a = encodeSafetensors({ 'attn.0': { dtype: 'F32', shape: [1, 2, 3], data } });
  assert.equal(a[0], 64);
  assert.equal(text(a.subarray(8, 72)), '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}');
  assert.deepEqual(new Float32Array(a.slice(72).buffer), data);
  const b = encodeSafetensors({ attn0: { dtype: 'F32', shape: [1, 1, 2, 3], data } });
  assert.equal(b[0], 72);
  assert.equal(text(b.subarray(8, 80)), '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ');
  assert.equal(b.length, 80 + 24);
});

const dtypes = Object.keys(ARRAYS) as SafetensorsDtype[];
const arbTensor: fc.Arbitrary<SafetensorsTensor> = fc
  .record({ dtype: fc.constantFrom(...dtypes), shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), seed: fc.integer() })
  .map(({ dtype, shape, seed }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const bytes = new Uint8Array(size * ARRAYS[dtype].BYTES_PER_ELEMENT).map((_, i) => (seed * 31 + i * 97) & 0xff);
    if (dtype === 'BOOL') bytes.forEach((v, i) => (bytes[i] = v & 1));
    if (dtype === 'F32' || dtype === 'F64') bytes.forEach((_, i) => (bytes[i] = i % 4 === 3 ? 0x3f : bytes[i]!)); // no NaN: deepEqual
    return { dtype, shape, data: new ARRAYS[dtype](bytes.buffer) } as SafetensorsTensor;
  });

test('round trip: decode(encode(x)) equals x, and every tensor starts at an offset aligned to its element size', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), arbTensor, { maxKeys: 6, noNullPrototype: true }), fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }), (tensors, metadata) => {
      fc.pre(!('__metadata__' in tensors));
      const bytes = encodeSafetensors(tensors, metadata);
      const headerSize = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      assert.equal(headerSize % 8, 0);
      const decoded = decodeSafetensors(bytes);
      assert.deepEqual(decoded, { tensors, metadata });
      const header = JSON.parse(text(bytes.subarray(8, 8 + headerSize))) as Record<string, { data_offsets: number[] }>;
      for (const [name, t] of Object.entries(tensors)) {
        assert.equal(header[name]!.data_offsets[0]! % t.data.BYTES_PER_ELEMENT, 0, name);
      }
    }),
    { numRuns: 150 },
  );
});

test('a tensor named "__proto__" is stored and read back as an ordinary tensor', () => {
  const tensors = JSON.parse('{"__proto__": {"dtype": "U8", "shape": [1], "data": null}}') as Record<string, SafetensorsTensor>;
  tensors.__proto__!.data = new Uint8Array([7]);
  const decoded = decodeSafetensors(encodeSafetensors(tensors)).tensors;
  assert.deepEqual(Object.keys(decoded), ['__proto__']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value.data, new Uint8Array([7]));
  assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
});

const u8 = (name: string, begin: number, end: number, shape = [end - begin]) => ({ [name]: { dtype: 'U8', shape, data_offsets: [begin, end] } });

const hostile: [string, Uint8Array, string][] = [
  ['a file shorter than 8 bytes', new Uint8Array(5), 'safetensors: file is 5 bytes, too short for the 8-byte header size'],
  ['a header size of 2^64 − 1', new Uint8Array(16).fill(0xff, 0, 8), 'safetensors: header size 18446744073709551615 exceeds the limit of 100000000 bytes'],
  ['a header running past the end', file('{}').subarray(0, 9), 'safetensors: header size 2 runs past the end of the file (1 bytes after the size)'],
  ['a header that is not UTF-8', file('{"\xff"}').map((b, i) => (i === 10 ? 0xff : b)), 'safetensors: header is not valid UTF-8'],
  ['a header that is not JSON', file('{"a": '), 'safetensors: header is not valid JSON (Unexpected end of JSON input)'],
  ['deeply nested brackets', file('['.repeat(100_000)), 'safetensors: header is not valid JSON (Unexpected end of JSON input)'],
  ['a header that is an array', file('[1, 2]'), 'safetensors: header must be a JSON object, got an array'],
  ['a header that is a number', file('42'), 'safetensors: header must be a JSON object, got 42'],
  ['metadata that is not an object', file({ __metadata__: 'x' }), 'safetensors: "__metadata__" must be an object of strings, got "x"'],
  ['a metadata value that is not a string', file({ __metadata__: { epochs: 10 } }), 'safetensors: "__metadata__" value for "epochs" must be a string, got 10'],
  ['a tensor entry that is not an object', file({ w: [1] }), 'safetensors tensor "w": entry must be an object, got [1]'],
  ['an unknown dtype', file({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, new Uint8Array(16)), 'safetensors tensor "w": unknown dtype "F128"'],
  ['a missing dtype', file({ w: { shape: [1], data_offsets: [0, 1] } }, [0]), 'safetensors tensor "w": unknown dtype undefined'],
  ['a valid but unsupported dtype', file({ h: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, [0, 0]), 'safetensors tensor "h": dtype F16 is not supported by this reader'],
  ['a shape that is not an array', file({ w: { dtype: 'U8', shape: 3, data_offsets: [0, 3] } }, [1, 2, 3]), 'safetensors tensor "w": shape must be an array of integers, got 3'],
  ['a negative dimension', file(u8('w', 0, 1, [-1])), 'safetensors tensor "w": shape [-1] has an invalid dimension -1'],
  ['a fractional dimension', file(u8('w', 0, 1, [1.5])), 'safetensors tensor "w": shape [1.5] has an invalid dimension 1.5'],
  ['a string dimension', file(u8('w', 0, 1, ['1' as unknown as number])), 'safetensors tensor "w": shape ["1"] has an invalid dimension "1"'],
  ['a dimension beyond 2^53', file('{"w":{"dtype":"U8","shape":[1e300],"data_offsets":[0,1]}}', [0]), 'safetensors tensor "w": shape [1e+300] has an invalid dimension 1e+300'],
  ['a huge shape', file(u8('w', 0, 1, [2 ** 30, 2 ** 30, 2 ** 30])), 'safetensors tensor "w": shape [1073741824,1073741824,1073741824] is too large'],
  ['offsets that are not a pair', file({ w: { dtype: 'U8', shape: [1], data_offsets: [0] } }, [0]), 'safetensors tensor "w": data_offsets must be two non-negative integers [begin, end], got [0]'],
  ['negative offsets', file(u8('w', -1, 0, [1]), [0]), 'safetensors tensor "w": data_offsets must be two non-negative integers [begin, end], got [-1,0]'],
  ['offsets that end before they begin', file(u8('w', 4, 2, [0])), 'safetensors tensor "w": data_offsets [4, 2] end before they begin'],
  ['a size that does not match the offsets', file({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, new Uint8Array(12)), 'safetensors tensor "w": shape [2, 2] of F32 needs 16 bytes but data_offsets [0, 12] span 12'],
  ['a tensor past the end of the buffer', file(u8('w', 0, 4), [1, 2]), 'safetensors tensor "w": data_offsets end 4 is past the end of the byte buffer (2 bytes)'],
  ['a first tensor not at 0', file(u8('w', 1, 2), [1, 2]), 'safetensors tensor "w": data starts at byte 1 but the byte buffer starts at 0, leaving a hole'],
  ['a hole between tensors', file({ ...u8('a', 0, 2), ...u8('b', 3, 4) }, [1, 2, 3, 4]), 'safetensors tensor "b": data starts at byte 3 but the previous tensor "a" ends at 2, leaving a hole'],
  ['overlapping tensors', file({ ...u8('a', 0, 2), ...u8('b', 1, 3) }, [1, 2, 3]), 'safetensors tensor "b": data starts at byte 1 but the previous tensor "a" ends at 2, overlapping it'],
  ['two tensors sharing bytes', file({ ...u8('a', 0, 2), ...u8('b', 0, 2) }, [1, 2]), 'safetensors tensor "b": data starts at byte 0 but the previous tensor "a" ends at 2, overlapping it'],
  ['trailing bytes', file(u8('w', 0, 2), [1, 2, 3]), 'safetensors: the tensors cover 2 bytes but the byte buffer holds 3 (the file has trailing bytes)'],
];

for (const [what, bytes, message] of hostile) {
  test(`rejects ${what} with a SafetensorsError`, () => {
    assert.throws(() => decodeSafetensors(bytes), (e: unknown) => e instanceof SafetensorsError && e.message === message ? true : assert.fail(String(e)));
  });
}

test('the header size limit can be lowered', () => {
  assert.throws(() => decodeSafetensors(file('{}      '), { maxHeaderBytes: 4 }), {
    name: 'SafetensorsError',
    message: 'safetensors: header size 8 exceeds the limit of 4 bytes',
  });
});

test('accepts a header with null metadata, extra fields and surrounding whitespace, as the reference reader does', () => {
  const bytes = file(' {"__metadata__": null, "w": {"dtype": "I8", "shape": [2], "data_offsets": [0, 2], "note": 1}}  ', [255, 1]);
  assert.deepEqual(decodeSafetensors(bytes), { tensors: { w: { dtype: 'I8', shape: [2], data: new Int8Array([-1, 1]) } }, metadata: {} });
});

test('random corruption of a valid file throws only SafetensorsError, never another error', () => {
  const valid = readFixture('safetensors_numpy.safetensors');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(valid.length), (edits, cut) => {
      const bytes = valid.slice(0, Math.max(cut, 1));
      for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
      try {
        decodeSafetensors(bytes);
      } catch (e) {
        assert.ok(e instanceof SafetensorsError, String(e));
      }
    }),
    { numRuns: 500 },
  );
});

test('the encoder rejects inconsistent tensors, naming them', () => {
  const f32 = new Float32Array(4);
  assert.throws(() => encodeSafetensors({ w: { dtype: 'F32', shape: [3], data: f32 } }), {
    name: 'RangeError',
    message: 'safetensors tensor "w": shape [3] holds 3 values, data has 4',
  });
  assert.throws(() => encodeSafetensors({ w: { dtype: 'F64', shape: [4], data: f32 } as unknown as SafetensorsTensor }), {
    name: 'TypeError',
    message: 'safetensors tensor "w": dtype F64 needs a Float64Array, got Float32Array',
  });
  assert.throws(() => encodeSafetensors({ w: { dtype: 'F16', shape: [4], data: f32 } as unknown as SafetensorsTensor }), {
    name: 'TypeError',
    message: 'safetensors tensor "w": unsupported dtype F16',
  });
  assert.throws(() => encodeSafetensors({ w: { dtype: 'F32', shape: [-4], data: f32 } }), {
    name: 'RangeError',
    message: 'safetensors tensor "w": shape must be non-negative integers, got [-4]',
  });
  assert.throws(() => encodeSafetensors({ __metadata__: { dtype: 'F32', shape: [4], data: f32 } }), {
    name: 'RangeError',
    message: 'safetensors: "__metadata__" is reserved and cannot name a tensor',
  });
  assert.throws(() => encodeSafetensors({}, { epochs: 10 as unknown as string }), {
    name: 'TypeError',
    message: 'safetensors metadata "epochs" must be a string, got number',
  });
});
