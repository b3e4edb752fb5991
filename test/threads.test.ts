import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { jsKernels, wasmKernels } from '../src/kernels/index.js';
import { startThreads, stopThreads, threadCount, THREAD_THRESHOLD } from '../src/node/threads.js';
import { RandomState } from '../src/random/random-state.js';

const wasm = wasmKernels()!;
const rng = new RandomState(7);

function randomPlaced(count: number): Float32Array {
  const x = wasm.allocate(count);
  x.set(rng.randn(count));
  return x;
}

/** Runs products until the worker takes parts (it starts on the first large one). */
async function untilTwoThreads(): Promise<void> {
  const [a, b, c] = [randomPlaced(64 * 64), randomPlaced(64 * 64), wasm.allocate(64 * 64)];
  for (let i = 0; i < 500 && threadCount() === 1; i++) {
    wasm.gemm(false, false, 64, 64, 64, a, b, c, false);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(threadCount(), 2, 'the worker did not start');
}

test('two threads give the same bits as one, in every transpose variant, split by rows or by columns', async () => {
  assert.equal(startThreads({ threshold: 0 }), true);
  await untilTwoThreads();
  // [m, n, k]: split by rows (m ≥ n), by columns (n > m), odd sizes, k past one 256-step block, and too small to split.
  const shapes = [[64, 32, 40], [9, 100, 33], [130, 70, 300], [37, 37, 5], [8, 16, 1], [3, 5, 7]];
  for (const [m, n, k] of shapes as [number, number, number][]) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
      for (const accumulate of [false, true]) {
        const a = randomPlaced(m * k);
        const b = randomPlaced(k * n);
        const c0 = rng.randn(m * n);
        const two = wasm.allocate(m * n);
        two.set(c0);
        assert.equal(threadCount(), 2);
        wasm.gemm(transA!, transB!, m, n, k, a, b, two, accumulate);
        startThreads({ threshold: Infinity }); // the worker stays, but takes nothing
        const one = wasm.allocate(m * n);
        one.set(c0);
        wasm.gemm(transA!, transB!, m, n, k, a, b, one, accumulate);
        startThreads({ threshold: 0 });
        const what = `${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${m}×${n}×${k}${accumulate ? ' accumulate' : ''}`;
        for (let i = 0; i < one.length; i++) {
          if (!Object.is(two[i], one[i])) assert.fail(`${what}: [${i}] is ${two[i]} on two threads, ${one[i]} on one`);
        }
        // And both agree with the TypeScript reference within float32 rounding.
        const reference = Float32Array.from(c0);
        jsKernels.gemm(transA!, transB!, m, n, k, a, b, reference, accumulate);
        for (let i = 0; i < one.length; i++) assert.ok(Math.abs(one[i]! - reference[i]!) <= 1e-4 * (1 + Math.abs(reference[i]!)), `${what}: [${i}]`);
      }
    }
  }
  stopThreads();
  assert.equal(threadCount(), 1);
});

test('operands outside wasm memory are copied in and split alike', async () => {
  startThreads({ threshold: 0 });
  await untilTwoThreads();
  const [m, n, k] = [50, 20, 30];
  const a = Float32Array.from(rng.randn(m * k));
  const b = Float32Array.from(rng.randn(k * n));
  const two = new Float32Array(m * n);
  wasm.gemm(false, true, m, n, k, a, b, two, false);
  stopThreads();
  assert.equal(threadCount(), 1);
  const one = new Float32Array(m * n);
  wasm.gemm(false, true, m, n, k, a, b, one, false);
  assert.deepEqual(two, one);
});

test('startThreads rejects a bad threshold; the default threshold is 2²¹ multiply-adds (128³)', () => {
  assert.throws(() => startThreads({ threshold: -1 }), { name: 'RangeError', message: 'startThreads: threshold must be a number ≥ 0, got -1' });
  assert.throws(() => startThreads({ threshold: NaN }), { name: 'RangeError', message: /got NaN/ });
  assert.equal(THREAD_THRESHOLD, 2 ** 21);
});

test('the worker never keeps the process alive', () => {
  const url = new URL('../src/node/threads.ts', import.meta.url).href;
  const kernelsUrl = new URL('../src/kernels/index.ts', import.meta.url).href;
  const script = `const { startThreads, threadCount } = await import('${url}');
    const { wasmKernels } = await import('${kernelsUrl}');
    const k = wasmKernels();
    startThreads({ threshold: 0 });
    const [a, b, c] = [k.allocate(4096), k.allocate(4096), k.allocate(4096)];
    for (let i = 0; i < 300 && threadCount() === 1; i++) { k.gemm(false, false, 64, 64, 64, a, b, c, false); await new Promise((r) => setTimeout(r, 10)); }
    k.gemm(false, false, 64, 64, 64, a, b, c, false);
    console.log(threadCount());`;
  const started = performance.now();
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 }).trim();
  assert.equal(out, '2');
  assert.ok(performance.now() - started < 15_000);
});
