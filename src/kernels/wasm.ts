import { labelRangeError, type Kernels } from './kernels.js';
import { plainWasmBase64, sharedWasmBase64 } from './wasm-binary.js';

/**
 * The WebAssembly SIMD backend: the AssemblyScript kernels of assembly/, loaded synchronously
 * from the base64 bytes in wasm-binary.ts (no file system, so Node and browsers alike).
 *
 * Where SharedArrayBuffer exists (Node; browsers when cross-origin isolated) the module computes
 * in a shared memory, and `allocate` hands out Float32Array views of it: layers, losses and
 * optimizers keep their buffers there, so kernels read and write them in place with no copies.
 * A shared memory grows without detaching the views already handed out (each keeps its own
 * SharedArrayBuffer, shorter but still valid), which is what makes such views safe to hold.
 * A block returns to a free list when its view is garbage-collected.
 *
 * Arrays that live elsewhere (user data, or everything on runtimes without shared memory) are
 * copied into a scratch area of the memory for the call, and results copied out: memcpy-speed
 * TypedArray.set calls into an area that grows on demand and is reused.
 */

interface Exports {
  memory?: WebAssembly.Memory;
  heapBase(): number;
  gemmWorkBytes(): number;
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: boolean, work: number,
  ): void;
  addRowVector(m: number, n: number, x: number, row: number, out: number): void;
  sumColumns(m: number, n: number, x: number, out: number): void;
  relu(n: number, x: number, out: number): void;
  reluBackward(n: number, dvalues: number, inputs: number, out: number): void;
  exp(n: number, x: number, out: number): void;
  softmaxRows(m: number, n: number, x: number, out: number): void;
  softmaxCrossEntropyBackward(m: number, n: number, probs: number, labels: number, out: number): number;
  sgdUpdate(n: number, param: number, grad: number, negLr: number): void;
  momentumUpdate(n: number, param: number, grad: number, momentums: number, mu: number, lr: number): void;
  rmspropUpdate(n: number, param: number, grad: number, cache: number, rho: number, oneMinusRho: number, negLr: number, eps: number): void;
  adamUpdate(
    n: number, param: number, grad: number, momentums: number, cache: number,
    b1: number, oneMinusB1: number, b2: number, oneMinusB2: number, correction1: number, correction2: number, negLr: number, eps: number,
  ): void;
}

/** The wasm32 limit, 4 GiB in 64 KiB pages: reserved address space, committed only as it grows. */
const MAX_PAGES = 65536;
/**
 * 16 MiB to start with, which a network like chapter 19's fits in: untouched pages take no
 * memory, and views of one buffer are recognised fastest (see `owns`).
 */
const INITIAL_PAGES = 256;
const PAGE = 65536;
/** Bytes kept free past the last block: kernels may read up to 28 bytes past an operand (assembly/gemm.ts). */
const SLACK = 64;

let cached: Kernels | null | undefined;
/** What a worker thread needs to compute in the same memory; set when the shared module loads. */
let sharing: WasmSharing | undefined;
let helper: GemmHelper | undefined;

/** The compiled shared-memory module and its memory, for worker threads (src/node/threads.ts). */
export interface WasmSharing {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Bytes of packing space each thread's gemm needs (see `allocate` for a place). */
  workBytes: number;
}

/**
 * Another thread that computes part of a large product (the core has no threads of its own; the
 * Node entry installs one, src/node/threads.ts). Its arguments are the wasm gemm's: byte
 * addresses in the shared memory, stored rows lda, ldb, ldc values apart.
 */
export interface GemmHelper {
  /** Products of at least this many multiply-adds are split in two; smaller ones stay on this thread. */
  readonly threshold: number;
  /** Whether it can take a part now (its thread has started). */
  ready(): boolean;
  /** Starts c = op(a)·op(b) (+ c) on the other thread and returns at once. */
  start(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: boolean,
  ): void;
  /**
   * Returns true when the part given to `start` is done, or false, at once, when the other thread
   * had not begun it: the part is taken back, and the caller computes it.
   */
  finish(): boolean;
}

/** The shared module and memory, or undefined where the kernels run without shared memory (or not at all). */
export function wasmSharing(): WasmSharing | undefined {
  wasmKernels();
  return sharing;
}

/** Installs (or, with undefined, removes) the helper thread for large products. */
export function setGemmHelper(next: GemmHelper | undefined): void {
  helper = next;
}

/**
 * The WebAssembly kernels, or undefined where WebAssembly or its 128-bit SIMD is unavailable (or a
 * Content-Security-Policy forbids compiling it). The module is compiled once, on the first call.
 */
export function wasmKernels(): Kernels | undefined {
  if (cached === undefined) cached = load();
  return cached ?? undefined;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function load(): Kernels | null {
  if (typeof WebAssembly !== 'object') return null;
  // Validating a module checks every feature it uses (SIMD, shared memory, bulk memory).
  try {
    if (typeof SharedArrayBuffer === 'function' && typeof FinalizationRegistry === 'function') {
      const bytes = decode(sharedWasmBase64);
      if (WebAssembly.validate(bytes)) {
        const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
        const module = new WebAssembly.Module(bytes);
        const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
        sharing = { module, memory, workBytes: exports.gemmWorkBytes() };
        return bind(exports, memory, true);
      }
    }
  } catch {
    // A runtime may refuse shared memory at creation (no cross-origin isolation): use the plain module.
  }
  try {
    const bytes = decode(plainWasmBase64);
    if (!WebAssembly.validate(bytes)) return null;
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
    return bind(exports, exports.memory!, false);
  } catch {
    return null;
  }
}

/** Bytes an operand of `count` 4-byte values occupies: whole 16-byte vectors. */
function span(count: number): number {
  return Math.ceil(count / 4) * 16;
}

/** Block sizes handed out: multiples of 16 bytes, rounded up to a quarter power of two above 4 KiB so freed blocks fit later requests. */
function sizeClass(bytes: number): number {
  const b = Math.max(16, span(bytes / 4));
  if (b <= 4096) return b;
  const step = 2 ** (Math.floor(Math.log2(b)) - 2);
  return Math.ceil(b / step) * step;
}

function bind(wasm: Exports, memory: WebAssembly.Memory, shared: boolean): Kernels {
  /** Every buffer object this memory has had: views on any of them are in it. */
  const buffers: ArrayBufferLike[] = [];
  let f32 = new Float32Array(0);
  let i32 = new Int32Array(0);
  function refresh(): void {
    buffers.push(memory.buffer);
    f32 = new Float32Array(memory.buffer);
    i32 = new Int32Array(memory.buffer);
  }
  refresh();

  // Above heapBase: blocks handed out by `allocate`, the gemm packing space and the scratch area,
  // then slack so a vector loop may read a little past the last array.
  let top = wasm.heapBase();
  const free = new Map<number, number[]>();
  function release(at: number, bytes: number): void {
    let list = free.get(bytes);
    if (list === undefined) free.set(bytes, (list = []));
    list.push(at);
  }
  const collected = new FinalizationRegistry<{ at: number; bytes: number }>(({ at, bytes }) => release(at, bytes));

  /** A 16-byte aligned block of `bytes` (a size class): reused from the free list, or new from the top. */
  function block(bytes: number): number {
    const reused = free.get(bytes)?.pop();
    if (reused !== undefined) {
      f32.fill(0, reused >>> 2, (reused + bytes) >>> 2);
      return reused;
    }
    const at = top;
    const end = at + bytes + SLACK;
    const size = memory.buffer.byteLength;
    if (end > size) {
      // Grow by at least a quarter, so a run of allocations grows the memory a few times only.
      memory.grow(Math.max(Math.ceil((end - size) / PAGE), Math.ceil(size / PAGE / 4)));
      refresh();
    }
    top = at + bytes;
    return at;
  }

  const work = block(sizeClass(wasm.gemmWorkBytes()));
  let scratch = 0;
  let scratchBytes = 0;
  let cursor = 0;

  function owns(x: Float32Array): boolean {
    const buffer = x.buffer;
    return buffer === buffers[0] || (buffers.length > 1 && buffers.includes(buffer));
  }

  /** Bytes of scratch an operand needs: none when it already lies in this memory. */
  function need(x: Float32Array, count: number): number {
    return owns(x) ? 0 : span(count);
  }

  /** Starts a call that stages `bytes` of operands in the scratch area. */
  function begin(bytes: number): void {
    cursor = 0;
    if (bytes <= scratchBytes) return;
    if (scratchBytes > 0) release(scratch, scratchBytes);
    scratchBytes = sizeClass(bytes);
    scratch = block(scratchBytes);
  }

  function stage(count: number): number {
    const at = scratch + cursor;
    cursor += span(count);
    return at;
  }

  /** The address of x's first `count` values in this memory, copying them into the scratch area if needed. */
  function input(x: Float32Array, count: number): number {
    if (owns(x)) return x.byteOffset;
    const at = stage(count);
    f32.set(x.length === count ? x : x.subarray(0, count), at >>> 2);
    return at;
  }

  /** Where a kernel writes `count` values meant for out: out itself, or the scratch area. */
  function output(out: Float32Array, count: number): number {
    return owns(out) ? out.byteOffset : stage(count);
  }

  /** Copies a result written at `at` to out, unless it was written there directly. */
  function finish(out: Float32Array, at: number, count: number): void {
    if (!owns(out)) out.set(f32.subarray(at >>> 2, (at >>> 2) + count));
  }

  return {
    name: 'wasm',

    allocate(count) {
      if (!shared) return new Float32Array(count);
      const bytes = sizeClass(count * 4);
      let at: number;
      try {
        at = block(bytes);
      } catch {
        return new Float32Array(count); // the memory cannot grow further: an ordinary array still works, with copies
      }
      const view = new Float32Array(memory.buffer, at, count);
      collected.register(view, { at, bytes });
      return view;
    },

    gemm(transA, transB, m, n, k, a, b, c, accumulate) {
      begin(need(a, m * k) + need(b, k * n) + need(c, m * n));
      const pa = input(a, m * k);
      const pb = input(b, k * n);
      const pc = accumulate ? input(c, m * n) : output(c, m * n);
      const lda = transA ? m : k;
      const ldb = transB ? k : n;
      if (helper !== undefined && m * n * k >= helper.threshold && (m >= 8 || n >= 16) && helper.ready()) {
        // The other thread takes the second half of c's rows (or columns, when there are more),
        // this one the first; both read the same operands.
        if (m >= n || n < 16) {
          const half = Math.ceil(m / 8) * 4;
          const a2 = pa + (transA ? half : half * lda) * 4;
          const c2 = pc + half * n * 4;
          helper.start(transA, transB, m - half, n, k, a2, lda, pb, ldb, c2, n, accumulate);
          wasm.gemm(transA, transB, half, n, k, pa, lda, pb, ldb, pc, n, accumulate, work);
          if (!helper.finish()) wasm.gemm(transA, transB, m - half, n, k, a2, lda, pb, ldb, c2, n, accumulate, work);
        } else {
          const half = Math.ceil(n / 16) * 8;
          const b2 = pb + (transB ? half * ldb : half) * 4;
          const c2 = pc + half * 4;
          helper.start(transA, transB, m, n - half, k, pa, lda, b2, ldb, c2, n, accumulate);
          wasm.gemm(transA, transB, m, half, k, pa, lda, pb, ldb, pc, n, accumulate, work);
          if (!helper.finish()) wasm.gemm(transA, transB, m, n - half, k, pa, lda, b2, ldb, c2, n, accumulate, work);
        }
      } else {
        wasm.gemm(transA, transB, m, n, k, pa, lda, pb, ldb, pc, n, accumulate, work);
      }
      finish(c, pc, m * n);
    },

    addRowVector(m, n, x, row, out) {
      begin(need(x, m * n) + need(row, n) + need(out, m * n));
      const px = input(x, m * n);
      const pr = input(row, n);
      const po = out === x ? px : output(out, m * n);
      wasm.addRowVector(m, n, px, pr, po);
      finish(out, po, m * n);
    },

    sumColumns(m, n, x, out) {
      begin(need(x, m * n) + need(out, n));
      const px = input(x, m * n);
      const po = output(out, n);
      wasm.sumColumns(m, n, px, po);
      finish(out, po, n);
    },

    relu(n, x, out) {
      begin(need(x, n) + need(out, n));
      const px = input(x, n);
      const po = out === x ? px : output(out, n);
      wasm.relu(n, px, po);
      finish(out, po, n);
    },

    reluBackward(n, dvalues, inputs, out) {
      begin(need(dvalues, n) + need(inputs, n) + need(out, n));
      const pd = input(dvalues, n);
      const pi = input(inputs, n);
      const po = out === dvalues ? pd : output(out, n);
      wasm.reluBackward(n, pd, pi, po);
      finish(out, po, n);
    },

    exp(n, x, out) {
      begin(need(x, n) + need(out, n));
      const px = input(x, n);
      const po = out === x ? px : output(out, n);
      wasm.exp(n, px, po);
      finish(out, po, n);
    },

    softmaxRows(m, n, x, out) {
      begin(need(x, m * n) + need(out, m * n));
      const px = input(x, m * n);
      const po = out === x ? px : output(out, m * n);
      wasm.softmaxRows(m, n, px, po);
      finish(out, po, m * n);
    },

    softmaxCrossEntropyBackward(m, n, probs, labels, out) {
      begin(need(probs, m * n) + span(m) + need(out, m * n));
      const pp = input(probs, m * n);
      const pl = stage(m);
      i32.set(labels.length === m ? labels : labels.subarray(0, m), pl >>> 2);
      const po = out === probs ? pp : output(out, m * n);
      const bad = wasm.softmaxCrossEntropyBackward(m, n, pp, pl, po);
      if (bad >= 0) throw labelRangeError(bad, labels[bad]!, n);
      finish(out, po, m * n);
    },

    sgdUpdate(n, param, grad, negLr) {
      begin(need(param, n) + need(grad, n));
      const pp = input(param, n);
      wasm.sgdUpdate(n, pp, input(grad, n), negLr);
      finish(param, pp, n);
    },

    momentumUpdate(n, param, grad, momentums, mu, lr) {
      begin(need(param, n) + need(grad, n) + need(momentums, n));
      const pp = input(param, n);
      const pm = input(momentums, n);
      wasm.momentumUpdate(n, pp, input(grad, n), pm, mu, lr);
      finish(momentums, pm, n);
      finish(param, pp, n);
    },

    rmspropUpdate(n, param, grad, cache, rho, oneMinusRho, negLr, eps) {
      begin(need(param, n) + need(grad, n) + need(cache, n));
      const pp = input(param, n);
      const pc = input(cache, n);
      wasm.rmspropUpdate(n, pp, input(grad, n), pc, rho, oneMinusRho, negLr, eps);
      finish(cache, pc, n);
      finish(param, pp, n);
    },

    adamUpdate(n, param, grad, momentums, cache, b1, oneMinusB1, b2, oneMinusB2, correction1, correction2, negLr, eps) {
      begin(need(param, n) + need(grad, n) + need(momentums, n) + need(cache, n));
      const pp = input(param, n);
      const pm = input(momentums, n);
      const pc = input(cache, n);
      wasm.adamUpdate(n, pp, input(grad, n), pm, pc, b1, oneMinusB1, b2, oneMinusB2, correction1, correction2, negLr, eps);
      finish(momentums, pm, n);
      finish(cache, pc, n);
      finish(param, pp, n);
    },
  };
}
