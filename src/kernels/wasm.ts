import { labelRangeError, type Kernels } from './kernels.js';
import { wasmBinaryBase64 } from './wasm-binary.js';

/**
 * The WebAssembly SIMD backend: the AssemblyScript kernels of assembly/, loaded synchronously
 * from the base64 bytes in wasm-binary.ts (no file system, so Node and browsers alike).
 *
 * The callers' Float32Arrays live in JavaScript memory, so every call copies its operands into a
 * scratch area of the module's memory (from scratchStart(), each operand padded to whole 16-byte
 * vectors), runs in place there, and copies the result out. The copies are memcpy-speed
 * TypedArray.set calls; the area grows on demand and is reused, so nothing is allocated per call
 * once the largest shape has been seen.
 */

interface Exports {
  memory: WebAssembly.Memory;
  scratchStart(): number;
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: number, b: number, c: number, accumulate: boolean): void;
  addRowVector(m: number, n: number, x: number, row: number): void;
  sumColumns(m: number, n: number, x: number, out: number): void;
  relu(n: number, x: number): void;
  reluBackward(n: number, dvalues: number, inputs: number): void;
  exp(n: number, x: number): void;
  softmaxRows(m: number, n: number, x: number): void;
  softmaxCrossEntropyBackward(m: number, n: number, probs: number, labels: number): number;
}

let cached: Kernels | null | undefined;

/**
 * The WebAssembly kernels, or undefined where WebAssembly or its 128-bit SIMD is unavailable (or a
 * Content-Security-Policy forbids compiling it). The module is compiled once, on the first call.
 */
export function wasmKernels(): Kernels | undefined {
  if (cached === undefined) cached = load();
  return cached ?? undefined;
}

function load(): Kernels | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = Uint8Array.from(atob(wasmBinaryBase64), (ch) => ch.charCodeAt(0));
  // Validating the module itself checks every feature it uses (SIMD, bulk memory).
  if (!WebAssembly.validate(bytes)) return null;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return bind(instance.exports as unknown as Exports);
  } catch {
    return null;
  }
}

/** Bytes an operand of `count` 4-byte values occupies in the scratch area. */
function span(count: number): number {
  return Math.ceil(count / 4) * 16;
}

function bind(wasm: Exports): Kernels {
  const { memory } = wasm;
  const start = wasm.scratchStart();
  let f32 = new Float32Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);

  /** Makes the scratch area at least `bytes` long; growing replaces the buffer, so the views too. */
  function reserve(bytes: number): void {
    const missing = start + bytes - memory.buffer.byteLength;
    if (missing <= 0) return;
    memory.grow(Math.ceil(missing / 65536));
    f32 = new Float32Array(memory.buffer);
    i32 = new Int32Array(memory.buffer);
  }

  function put(at: number, src: Float32Array, count: number): void {
    f32.set(src.length === count ? src : src.subarray(0, count), at >>> 2);
  }

  function take(at: number, dst: Float32Array, count: number): void {
    dst.set(f32.subarray(at >>> 2, (at >>> 2) + count));
  }

  return {
    name: 'wasm',

    gemm(transA, transB, m, n, k, a, b, c, accumulate) {
      const pa = start;
      const pb = pa + span(m * k);
      const pc = pb + span(k * n);
      reserve(pc + span(m * n) - start);
      put(pa, a, m * k);
      put(pb, b, k * n);
      if (accumulate) put(pc, c, m * n);
      wasm.gemm(transA, transB, m, n, k, pa, pb, pc, accumulate);
      take(pc, c, m * n);
    },

    addRowVector(m, n, x, row, out) {
      const px = start;
      const pr = px + span(m * n);
      reserve(pr + span(n) - start);
      put(px, x, m * n);
      put(pr, row, n);
      wasm.addRowVector(m, n, px, pr);
      take(px, out, m * n);
    },

    sumColumns(m, n, x, out) {
      const px = start;
      const po = px + span(m * n);
      reserve(po + span(n) - start);
      put(px, x, m * n);
      wasm.sumColumns(m, n, px, po);
      take(po, out, n);
    },

    relu(n, x, out) {
      reserve(span(n));
      put(start, x, n);
      wasm.relu(n, start);
      take(start, out, n);
    },

    reluBackward(n, dvalues, inputs, out) {
      const pd = start;
      const pi = pd + span(n);
      reserve(pi + span(n) - start);
      put(pd, dvalues, n);
      put(pi, inputs, n);
      wasm.reluBackward(n, pd, pi);
      take(pd, out, n);
    },

    exp(n, x, out) {
      reserve(span(n));
      put(start, x, n);
      wasm.exp(n, start);
      take(start, out, n);
    },

    softmaxRows(m, n, x, out) {
      reserve(span(m * n));
      put(start, x, m * n);
      wasm.softmaxRows(m, n, start);
      take(start, out, m * n);
    },

    softmaxCrossEntropyBackward(m, n, probs, labels, out) {
      const pp = start;
      const pl = pp + span(m * n);
      reserve(pl + span(m) - start);
      put(pp, probs, m * n);
      i32.set(labels.length === m ? labels : labels.subarray(0, m), pl >>> 2);
      const bad = wasm.softmaxCrossEntropyBackward(m, n, pp, pl);
      if (bad >= 0) throw labelRangeError(bad, labels[bad]!, n);
      take(pp, out, m * n);
    },
  };
}
