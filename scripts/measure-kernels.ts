/**
 * A quick look (~10 s of one core) at gemm speed: GFLOP/s of the TypeScript kernel, of the wasm
 * kernel as layers call it (copies in and out included), and of the bare wasm export on operands
 * already in wasm memory, whose difference is the copy overhead. Each figure is the best of
 * repeated runs, the least disturbed by other processes.
 *
 *   node --import tsx scripts/measure-kernels.ts
 */
import { jsKernels, wasmKernels, type Kernels } from '../src/kernels/index.js';
import { wasmBinaryBase64 } from '../src/kernels/wasm-binary.js';

type Gemm = (m: number, n: number, k: number) => void;

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

// A second instance of the same module, driven directly, for the copy-free figure.
const bare = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBinaryBase64, 'base64')), {}).exports as unknown as {
  memory: WebAssembly.Memory;
  scratchStart(): number;
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: number, b: number, c: number, accumulate: boolean): void;
};

const cases: [string, boolean, boolean, number, number, number][] = [
  // name, transA, transB, m, n, k
  ['MNIST forward    128×784 · 784×128', false, false, 128, 128, 784],
  ['MNIST dweights   784×128ᵀ· 128×128', true, false, 784, 128, 128],
  ['MNIST dinputs    128×128 · 784×128ᵀ', false, true, 128, 784, 128],
  ['spiral forward   300×2 · 2×64', false, false, 300, 64, 2],
  ['spiral forward   300×64 · 64×3', false, false, 300, 3, 64],
  ['spiral dweights  300×64ᵀ· 300×3', true, false, 64, 3, 300],
  ['spiral dinputs   300×3 · 64×3ᵀ', false, true, 300, 64, 3],
];

console.log('case                                  js GFLOP/s  wasm GFLOP/s  bare wasm  µs/call (bare)  copy µs');
for (const [name, transA, transB, m, n, k] of cases) {
  const a = Float32Array.from({ length: m * k }, () => Math.random() - 0.5);
  const b = Float32Array.from({ length: k * n }, () => Math.random() - 0.5);
  const c = new Float32Array(m * n);
  const through = (kernels: Kernels): Gemm => () => kernels.gemm(transA, transB, m, n, k, a, b, c, false);
  const start = bare.scratchStart();
  const need = start + 4 * (m * k + k * n + m * n) - bare.memory.buffer.byteLength;
  if (need > 0) bare.memory.grow(Math.ceil(need / 65536));
  const heap = new Float32Array(bare.memory.buffer);
  heap.set(a, start / 4);
  heap.set(b, start / 4 + m * k);
  const pb = start + 4 * m * k;
  const pc = pb + 4 * k * n;
  const flops = 2 * m * n * k;
  const tJs = best(() => through(jsKernels)(m, n, k));
  const tWasm = best(() => through(wasm)(m, n, k));
  const tBare = best(() => bare.gemm(transA, transB, m, n, k, start, pb, pc, false));
  const g = (us: number): string => (flops / us / 1000).toFixed(1).padStart(10);
  console.log(`${name.padEnd(36)} ${g(tJs)}  ${g(tWasm)}   ${g(tBare)}  ${tWasm.toFixed(1).padStart(7)} (${tBare.toFixed(1)})  ${(tWasm - tBare).toFixed(1).padStart(7)}`);
}
