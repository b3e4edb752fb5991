/**
 * A quick look (~10 s of one core) at gemm speed: GFLOP/s of the TypeScript kernel, of the wasm
 * kernel on ordinary Float32Arrays (copied in and out on every call), and on arrays from
 * `allocate` (in wasm memory, as layers keep theirs: no copies), whose difference is the copy
 * overhead. Each figure is the best of repeated runs, the least disturbed by other processes.
 *
 *   node --import tsx scripts/measure-kernels.ts
 */
import { jsKernels, wasmKernels, type Kernels } from '../src/kernels/index.js';

/** Best time of one call in microseconds, repeating for about `budgetMs`. */
function best(run: () => void, budgetMs = 250): number {
  run();
  let min = Infinity;
  const end = performance.now() + budgetMs;
  do {
    const t0 = performance.now();
    run();
    min = Math.min(min, performance.now() - t0);
  } while (performance.now() < end);
  return min * 1000;
}

const wasm = wasmKernels();
if (wasm === undefined) throw new Error('WebAssembly SIMD is not available here');

const cases: [string, boolean, boolean, number, number, number][] = [
  // name, transA, transB, m, n, k
  ['MNIST forward    128×784 · 784×128', false, false, 128, 128, 784],
  ['MNIST dweights   784×128ᵀ· 128×128', true, false, 784, 128, 128],
  ['MNIST dinputs    128×128 · 784×128ᵀ', false, true, 128, 784, 128],
  ['spiral forward   300×2 · 2×64', false, false, 300, 64, 2],
  ['spiral forward   300×64 · 64×3', false, false, 300, 3, 64],
  ['spiral dweights  300×64ᵀ· 300×3', true, false, 64, 3, 300],
  ['spiral dweights  300×2ᵀ· 300×64', true, false, 2, 64, 300],
  ['spiral dinputs   300×3 · 64×3ᵀ', false, true, 300, 64, 3],
];

/** A random array of `count` values in `into` (a fresh one, or one from allocate). */
function fill(into: Float32Array): Float32Array {
  for (let i = 0; i < into.length; i++) into[i] = Math.random() - 0.5;
  return into;
}

console.log('case                                  js GFLOP/s  wasm copied  wasm in place  µs/call (in place)  copy µs');
for (const [name, transA, transB, m, n, k] of cases) {
  const plain: Record<"a" | "b" | "c", Float32Array> = { a: fill(new Float32Array(m * k)), b: fill(new Float32Array(k * n)), c: new Float32Array(m * n) };
  const placed = { a: fill(wasm.allocate(m * k)), b: fill(wasm.allocate(k * n)), c: wasm.allocate(m * n) };
  const run = (kernels: Kernels, { a, b, c }: typeof plain) => () => kernels.gemm(transA, transB, m, n, k, a, b, c, false);
  const flops = 2 * m * n * k;
  const tJs = best(run(jsKernels, plain));
  const tCopied = best(run(wasm, plain));
  const tPlaced = best(run(wasm, placed));
  const g = (us: number): string => (flops / us / 1000).toFixed(1).padStart(10);
  console.log(`${name.padEnd(36)} ${g(tJs)}  ${g(tCopied)}   ${g(tPlaced)}  ${tPlaced.toFixed(1).padStart(12)}        ${(tCopied - tPlaced).toFixed(1).padStart(7)}`);
}
