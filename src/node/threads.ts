/**
 * Two threads for large matrix products (Node.js): a worker thread instantiates the same
 * WebAssembly kernels on the same shared memory, and the WebAssembly backend hands it half of
 * every product of at least `threshold` multiply-adds (the other half runs on the calling thread).
 *
 * The two threads meet through a small shared control block. The caller writes a part's
 * arguments and posts it; the worker claims it (posted → running), computes, and marks it done.
 * When the caller has finished its own half and the worker has not yet claimed the other, the
 * caller takes it back and computes it itself: a sleeping or descheduled worker (a busy machine)
 * then costs almost nothing, instead of a wake-up (~40–300 µs here) or a wait for a time slice.
 * So the worker is useful only while it is awake: it spins for a while after each part before it
 * sleeps in Atomics.wait, long enough to span the gaps between a training step's products.
 * The worker starts on the first large product and takes parts once it is running; it never
 * keeps the process alive.
 *
 * Dispatch costs and the threshold were measured with scripts/measure-threads.ts.
 */
import { Worker } from 'node:worker_threads';
import { setGemmHelper, wasmKernels, wasmSharing, type GemmHelper } from '../kernels/wasm.js';

/**
 * Products below this many multiply-adds stay on one thread. Measured: at 64³ two threads gain
 * nothing (a hand-over costs ~0.3–3 µs to a spinning worker), from 96³ they do; 2²¹ = 128³
 * keeps a margin, and covers the hidden layers of chapter 19's model.
 */
export const THREAD_THRESHOLD = 1 << 21;

/** How long the worker spins after a part, in ms, before it sleeps. */
const WORKER_SPIN_MS = 1;
/** How long the caller spins for a claimed part to finish, in ms, before it sleeps. */
const CALLER_SPIN_MS = 1;

// The control block: [state, ready, transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate].
const IDLE = 0;
const POSTED = 1;
const RUNNING = 2;
const DONE = 3;
const FAILED = 4;
const STOP = 5;

/** The worker, as plain JavaScript (evaluated, so it needs no file next to this one). */
const workerSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, work, spinMs } = workerData;
const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(control);
Atomics.store(c, 1, 1);
for (;;) {
  let s = Atomics.load(c, 0);
  for (const until = performance.now() + spinMs; s !== ${POSTED} && s !== ${STOP}; s = Atomics.load(c, 0)) {
    if (performance.now() > until) break;
  }
  while (s !== ${POSTED} && s !== ${STOP}) {
    Atomics.wait(c, 0, s);
    s = Atomics.load(c, 0);
  }
  if (s === ${STOP}) break;
  if (Atomics.compareExchange(c, 0, ${POSTED}, ${RUNNING}) !== ${POSTED}) continue; // taken back
  let result = ${DONE};
  try {
    gemm(c[2] === 1, c[3] === 1, c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13] === 1, work);
  } catch {
    result = ${FAILED};
  }
  Atomics.store(c, 0, result);
  Atomics.notify(c, 0);
}
`;

let worker: Worker | undefined;
let control: Int32Array | undefined;
/** The worker's packing space, kept referenced so its block is never reused. */
let workSpace: Float32Array | undefined;

function startWorker(): void {
  const sharing = wasmSharing()!;
  control = new Int32Array(new SharedArrayBuffer(16 * 4));
  workSpace = wasmKernels()!.allocate(sharing.workBytes / 4);
  worker = new Worker(workerSource, {
    eval: true,
    // No loaders or flags of the parent (tsx, --cpu-prof...): the worker runs plain JavaScript.
    execArgv: [],
    workerData: { module: sharing.module, memory: sharing.memory, control: control.buffer, work: workSpace.byteOffset, spinMs: WORKER_SPIN_MS },
  });
  worker.unref();
  worker.on('error', () => stopThreads());
}

const helper: GemmHelper = {
  threshold: THREAD_THRESHOLD,

  ready() {
    if (worker === undefined) {
      try {
        startWorker();
      } catch {
        stopThreads(); // no worker here (a sandbox, or too many threads): stay on one thread
        return false;
      }
    }
    return Atomics.load(control!, 1) === 1;
  },

  start(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate) {
    const ctl = control!;
    ctl[2] = transA ? 1 : 0;
    ctl[3] = transB ? 1 : 0;
    ctl[4] = m;
    ctl[5] = n;
    ctl[6] = k;
    ctl[7] = a;
    ctl[8] = lda;
    ctl[9] = b;
    ctl[10] = ldb;
    ctl[11] = c;
    ctl[12] = ldc;
    ctl[13] = accumulate ? 1 : 0;
    Atomics.store(ctl, 0, POSTED);
    Atomics.notify(ctl, 0);
  },

  finish() {
    const ctl = control!;
    if (Atomics.compareExchange(ctl, 0, POSTED, IDLE) === POSTED) return false;
    let state = Atomics.load(ctl, 0);
    for (const until = performance.now() + CALLER_SPIN_MS; state === RUNNING; state = Atomics.load(ctl, 0)) {
      if (performance.now() > until) break;
    }
    while (state === RUNNING) {
      Atomics.wait(ctl, 0, RUNNING);
      state = Atomics.load(ctl, 0);
    }
    Atomics.store(ctl, 0, IDLE);
    if (state === FAILED) throw new Error('the worker thread of the WebAssembly kernels failed in gemm');
    return true;
  },
};

/**
 * Uses two threads for products of at least `threshold` multiply-adds from now on; returns false,
 * changing nothing, where the WebAssembly kernels do not run on a shared memory.
 */
export function startThreads({ threshold = THREAD_THRESHOLD }: { threshold?: number } = {}): boolean {
  if (wasmSharing() === undefined) return false;
  if (!(threshold >= 0)) throw new RangeError(`startThreads: threshold must be a number ≥ 0, got ${threshold}`);
  setGemmHelper({ ...helper, threshold });
  return true;
}

/** The threads large products run on now: 2 once the worker has started (on the first large product), else 1. */
export function threadCount(): 1 | 2 {
  return control !== undefined && Atomics.load(control, 1) === 1 ? 2 : 1;
}

/** Back to one thread; the worker, if started, ends. */
export function stopThreads(): void {
  setGemmHelper(undefined);
  if (worker !== undefined) {
    Atomics.store(control!, 0, STOP);
    Atomics.notify(control!, 0);
    worker = undefined;
    control = undefined;
    workSpace = undefined;
  }
}
