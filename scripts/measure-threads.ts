/**
 * What a second thread buys for matrix products (~20 s): the cost of handing a part to the worker
 * and getting it back (a product of 8×8×8 split in two, so nearly all dispatch), then one thread
 * against two over a range of square and layer-shaped products, on arrays from `allocate`.
 * The smallest product where two threads win is where THREAD_THRESHOLD (src/node/threads.ts) belongs.
 * Figures are the best of repeated runs, the least disturbed by other processes.
 *
 *   node --import tsx scripts/measure-threads.ts
 */
import { wasmKernels } from '../src/kernels/index.js';
import { startThreads, stopThreads } from '../src/node/threads.js';

const wasm = wasmKernels();
if (wasm === undefined) throw new Error('WebAssembly SIMD is not available here');

/** Best time of one call in microseconds, repeating for about `budgetMs` (in rounds of `reps` calls). */
function best(run: () => void, budgetMs = 300): number {
  run();
  let reps = 1;
  let t0 = performance.now();
  while (performance.now() - t0 < 2) {
    run();
    reps++;
  }
  let min = Infinity;
  const end = performance.now() + budgetMs;
  do {
    t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    min = Math.min(min, (performance.now() - t0) / reps);
  } while (performance.now() < end);
  return min * 1000;
}

function operands(m: number, n: number, k: number) {
  const fill = (x: Float32Array) => x.map(() => Math.random() - 0.5);
  return { a: fill(wasm!.allocate(m * k)), b: fill(wasm!.allocate(k * n)), c: wasm!.allocate(m * n) };
}

/** Starts the worker and waits until it takes parts. */
async function twoThreads(threshold: number): Promise<void> {
  startThreads({ threshold });
  const { a, b, c } = operands(64, 64, 64);
  for (let i = 0; i < 100; i++) {
    wasm!.gemm(false, false, 64, 64, 64, a, b, c, false);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const tiny = operands(8, 8, 8);
const oneTiny = best(() => wasm.gemm(false, false, 8, 8, 8, tiny.a, tiny.b, tiny.c, false));
await twoThreads(0);
const twoTiny = best(() => wasm.gemm(false, false, 8, 8, 8, tiny.a, tiny.b, tiny.c, false));
console.log(`dispatch: 8×8×8 takes ${oneTiny.toFixed(2)} µs on one thread, ${twoTiny.toFixed(2)} µs split in two (round trip ≈ ${(twoTiny - oneTiny).toFixed(2)} µs)`);

const cases: [string, boolean, boolean, number, number, number][] = [
  ['square 64³', false, false, 64, 64, 64],
  ['square 96³', false, false, 96, 96, 96],
  ['square 128³', false, false, 128, 128, 128],
  ['square 192³', false, false, 192, 192, 192],
  ['square 256³', false, false, 256, 256, 256],
  ['square 1024³', false, false, 1024, 1024, 1024],
  ['MNIST forward    128×784 · 784×128', false, false, 128, 128, 784],
  ['MNIST dweights   784×128ᵀ· 128×128', true, false, 784, 128, 128],
  ['MNIST dinputs    128×128 · 784×128ᵀ', false, true, 128, 784, 128],
  ['MNIST hidden     128×128 · 128×128', false, false, 128, 128, 128],
  ['MNIST output     128×128 · 128×10', false, false, 128, 10, 128],
];
console.log('case                                 multiply-adds   one thread µs  GFLOP/s   two threads µs  GFLOP/s');
for (const [name, transA, transB, m, n, k] of cases) {
  const { a, b, c } = operands(m, n, k);
  const run = () => wasm.gemm(transA, transB, m, n, k, a, b, c, false);
  stopThreads();
  const one = best(run);
  await twoThreads(0);
  const two = best(run);
  const g = (us: number) => ((2 * m * n * k) / us / 1000).toFixed(1).padStart(7);
  console.log(`${name.padEnd(36)} ${String(m * n * k).padStart(13)}   ${one.toFixed(1).padStart(13)}  ${g(one)}   ${two.toFixed(1).padStart(14)}  ${g(two)}`);
}
stopThreads();
