import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { jsKernels, kernels, setKernels, wasmKernels, type Kernels } from '../src/kernels/index.js';
import { RandomState } from '../src/random/random-state.js';

// Node 20 has WebAssembly SIMD, so here the backend must load.
const wasm: Kernels = wasmKernels()!;
const rng = new RandomState(42);

function randomArray(count: number, scale = 1): Float32Array {
  return count === 0 ? new Float32Array(0) : Float32Array.from(rng.randn(count), (v) => v * scale);
}

/** The 32-bit patterns of two float32 values apart, as a count of representable values. */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const key = (x: number): number => (x < 0 ? -2147483648 - x : x); // monotone in the float value
  return Math.abs(key(bits[0]!) - key(bits[1]!));
}

function assertBitwiseEqual(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: [${i}] is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** |actual − expected| ≤ rel·scale + abs element-wise, scale defaulting to |expected|. */
function assertClose(actual: Float32Array, expected: Float32Array, what: string, rel = 1e-5, abs = 1e-7, scale = expected): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const bound = rel * Math.abs(scale[i]!) + abs;
    if (!(Math.abs(actual[i]! - expected[i]!) <= bound)) {
      assert.fail(`${what}: [${i}] is ${actual[i]}, expected ${expected[i]} (bound ${bound})`);
    }
  }
}

interface GemmCase { transA: boolean; transB: boolean; m: number; n: number; k: number; accumulate: boolean; placed?: boolean }

/** A copy of x in wasm memory (from `allocate`), where the wasm kernels use it without copying. */
function placed(x: Float32Array): Float32Array {
  const copy = wasm.allocate(x.length);
  copy.set(x);
  return copy;
}

/**
 * Runs one product on both backends from the same random operands and compares them within
 * 1e-5 of Σ_p |op(a)[i, p]·op(b)[p, j]| (the scale float32 rounding error grows with), so
 * cancellation in a sum does not make the check fragile. With `placed`, the wasm backend gets
 * operands from `allocate`.
 */
function checkGemm({ transA, transB, m, n, k, accumulate, placed: inWasm = false }: GemmCase): void {
  const a = randomArray(m * k);
  const b = randomArray(k * n);
  const c0 = randomArray(m * n);
  const cw = inWasm ? placed(c0) : c0.slice();
  const cj = c0.slice();
  wasm.gemm(transA, transB, m, n, k, inWasm ? placed(a) : a, inWasm ? placed(b) : b, cw, accumulate);
  jsKernels.gemm(transA, transB, m, n, k, a, b, cj, accumulate);
  const scale = accumulate ? c0.map(Math.abs) : new Float32Array(m * n);
  jsKernels.gemm(transA, transB, m, n, k, a.map(Math.abs), b.map(Math.abs), scale, true);
  const name = `gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} m=${m} n=${n} k=${k}${accumulate ? ' accumulate' : ''}`;
  assertClose(cw, cj, name, 1e-5, 1e-30, scale);
}

const variants: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

test('the wasm backend loads in Node 20, once', () => {
  assert.equal(wasm.name, 'wasm');
  assert.equal(wasmKernels(), wasm);
});

test('kernels() defaults to wasm and setKernels swaps and returns the previous backend', () => {
  const previous = setKernels(jsKernels);
  assert.equal(kernels(), jsKernels);
  assert.equal(setKernels(previous), jsKernels);
  assert.equal(kernels().name, process.env.BACKPROP_KERNELS === 'js' ? 'js' : 'wasm');
});

const kernelsUrl = new URL('../src/kernels/index.ts', import.meta.url).href;

/** Runs an ES module snippet in a fresh Node process (with tsx) and returns what it printed. */
function runFresh(script: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
}

test('BACKPROP_KERNELS=js selects the TypeScript kernels', () => {
  const script = `import { kernels } from '${kernelsUrl}'; console.log(kernels().name);`;
  assert.equal(runFresh(script, { BACKPROP_KERNELS: 'js' }), 'js');
});

test('where WebAssembly SIMD does not validate, wasmKernels() is undefined and kernels() falls back to js', () => {
  const script = `WebAssembly.validate = () => false;
    const { kernels, wasmKernels } = await import('${kernelsUrl}');
    console.log(String(wasmKernels()), kernels().name);`;
  assert.equal(runFresh(script, { BACKPROP_KERNELS: '' }), 'undefined js');
});

test('gemm multiplies small integer matrices exactly in every transpose variant, on both backends', () => {
  // op(a) = [[1, 2, 3], [4, 5, 6]], op(b) = [[7, 8], [9, 10], [11, 12]].
  const a = { N: [1, 2, 3, 4, 5, 6], T: [1, 4, 2, 5, 3, 6] };
  const b = { N: [7, 8, 9, 10, 11, 12], T: [7, 9, 11, 8, 10, 12] };
  for (const backend of [wasm, jsKernels]) {
    for (const [transA, transB] of variants) {
      const c = new Float32Array([1, 1, 1, 1]);
      const args = [Float32Array.from(transA ? a.T : a.N), Float32Array.from(transB ? b.T : b.N)] as const;
      backend.gemm(transA, transB, 2, 2, 3, ...args, c, false);
      assert.deepEqual([...c], [58, 64, 139, 154], `${backend.name} ${transA}/${transB}`);
      backend.gemm(transA, transB, 2, 2, 3, ...args, c, true);
      assert.deepEqual([...c], [116, 128, 278, 308], `${backend.name} ${transA}/${transB} accumulate`);
    }
  }
});

test('gemm matches the reference on odd and blocked shapes in every transpose variant', () => {
  // [m, n, k]: 1×1, odd edges, the MLP's shapes, k > 256, m > 128, n > 1024 to cross every block,
  // a small product too wide for the direct path, and a large narrow one that takes it.
  const shapes = [[1, 1, 1], [3, 7, 5], [17, 65, 33], [300, 64, 2], [300, 3, 64], [64, 3, 300], [130, 9, 257], [5, 1030, 260], [2, 1030, 3], [600, 3, 700]];
  for (const [m, n, k] of shapes) {
    for (const [transA, transB] of variants) {
      for (const accumulate of [false, true]) {
        for (const inWasm of [false, true]) checkGemm({ transA, transB, m: m!, n: n!, k: k!, accumulate, placed: inWasm });
      }
    }
  }
});

test('gemm at 128×784×128 (an MNIST layer) matches the reference', () => {
  checkGemm({ transA: false, transB: false, m: 128, n: 128, k: 784, accumulate: false });
});

test('gemm with k = 0 writes zeros, or leaves c when accumulating; empty m or n is a no-op', () => {
  const c = new Float32Array([1, 2, 3, 4, 5, 6]);
  wasm.gemm(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), c, true);
  assert.deepEqual([...c], [1, 2, 3, 4, 5, 6]);
  wasm.gemm(false, false, 2, 3, 0, new Float32Array(0), new Float32Array(0), c, false);
  assert.deepEqual([...c], [0, 0, 0, 0, 0, 0]);
  wasm.gemm(false, false, 0, 3, 4, new Float32Array(0), randomArray(12), new Float32Array(0), false);
  wasm.gemm(false, false, 2, 0, 4, randomArray(8), new Float32Array(0), new Float32Array(0), false);
});

test('gemm reads and writes subarray views at nonzero offsets and touches nothing around them', () => {
  const [m, n, k] = [6, 10, 7];
  const a = randomArray(3 + m * k + 5).subarray(3, 3 + m * k);
  const b = randomArray(1 + k * n + 2).subarray(1, 1 + k * n);
  const whole = randomArray(4 + m * n + 4);
  const before = whole.slice();
  const c = whole.subarray(4, 4 + m * n);
  const expected = c.slice();
  jsKernels.gemm(false, true, m, n, k, a, b, expected, true);
  wasm.gemm(false, true, m, n, k, a, b, c, true);
  assertClose(c, expected, 'view', 1e-5, 1e-6);
  assertBitwiseEqual(whole.subarray(0, 4), before.subarray(0, 4), 'prefix');
  assertBitwiseEqual(whole.subarray(4 + m * n), before.subarray(4 + m * n), 'suffix');
});

test('gemm agrees with the reference on random shapes, transposes and accumulate (property)', () => {
  fc.assert(
    fc.property(
      fc.record({
        transA: fc.boolean(), transB: fc.boolean(), accumulate: fc.boolean(), placed: fc.boolean(),
        m: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 40 }), k: fc.integer({ min: 1, max: 40 }),
      }),
      (c) => checkGemm(c),
    ),
    { numRuns: 150 },
  );
});

/** Runs an element-wise or row kernel on both backends into fresh outputs and returns them. */
function both(run: (backend: Kernels, out: Float32Array) => void, length: number): [Float32Array, Float32Array] {
  const w = new Float32Array(length);
  const j = new Float32Array(length);
  run(wasm, w);
  run(jsKernels, j);
  return [w, j];
}

const rowShapes = [[1, 1], [3, 5], [17, 33], [300, 3], [2, 8], [5, 4]];

test('addRowVector, sumColumns, relu and reluBackward equal the reference bit for bit', () => {
  for (const [m, n] of rowShapes as [number, number][]) {
    const x = randomArray(m * n);
    const row = randomArray(n);
    const d = randomArray(m * n);
    assertBitwiseEqual(...both((k, out) => k.addRowVector(m, n, x, row, out), m * n), `addRowVector ${m}×${n}`);
    assertBitwiseEqual(...both((k, out) => k.sumColumns(m, n, x, out), n), `sumColumns ${m}×${n}`);
    assertBitwiseEqual(...both((k, out) => k.relu(m * n, x, out), m * n), `relu ${m * n}`);
    assertBitwiseEqual(...both((k, out) => k.reluBackward(m * n, d, x, out), m * n), `reluBackward ${m * n}`);
  }
});

test('relu and reluBackward send NaN, −0 and 0 to +0', () => {
  const x = new Float32Array([NaN, -0, 0, -1, 2, Infinity, -Infinity]);
  const [w] = both((k, out) => k.relu(x.length, x, out), x.length);
  assert.deepEqual([...w], [0, 0, 0, 0, 2, Infinity, 0]);
  assert.ok(Object.is(w[1], 0));
  const d = new Float32Array([1, 2, 3, 4, 5, 6, 7]);
  const [wb] = both((k, out) => k.reluBackward(x.length, d, x, out), x.length);
  assert.deepEqual([...wb], [0, 0, 0, 0, 5, 6, 0]);
});

test('element-wise kernels work in place (out === x) and on views at nonzero offsets', () => {
  const [m, n] = [7, 5];
  for (const backend of [wasm, jsKernels]) {
    const source = randomArray(3 + m * n);
    const row = randomArray(n);
    const expected = new Float32Array(m * n);
    jsKernels.addRowVector(m, n, source.subarray(3), row, expected);
    const x = source.slice().subarray(3);
    backend.addRowVector(m, n, x, row, x);
    assertBitwiseEqual(x, expected, `${backend.name} addRowVector in place`);

    const y = source.slice().subarray(3);
    jsKernels.relu(m * n, source.subarray(3), expected);
    backend.relu(m * n, y, y);
    assertBitwiseEqual(y, expected, `${backend.name} relu in place`);

    const z = source.slice().subarray(3);
    jsKernels.softmaxRows(m, n, source.subarray(3), expected);
    backend.softmaxRows(m, n, z, z);
    assertClose(z, expected, `${backend.name} softmaxRows in place`, 1e-6, 1e-7);

    const sums = new Float32Array(2 + n);
    jsKernels.sumColumns(m, n, source.subarray(3), expected.subarray(0, n));
    backend.sumColumns(m, n, source.subarray(3), sums.subarray(2));
    assertBitwiseEqual(sums.subarray(2), expected.subarray(0, n), `${backend.name} sumColumns into a view`);
    assert.deepEqual([...sums.subarray(0, 2)], [0, 0]);
  }
});

test('exp is within 1 ulp of Math.exp rounded to float32 across the float32 range', () => {
  const x = new Float32Array(200_000);
  for (let i = 0; i < x.length; i++) x[i] = i % 2 ? -110 + 200 * rng.rand() : 2 * rng.rand() - 1;
  const out = new Float32Array(x.length);
  wasm.exp(x.length, x, out);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, ulps(out[i]!, Math.fround(Math.exp(x[i]!))));
  assert.ok(worst <= 1, `worst error ${worst} ulp`);
});

test('exp of special values: 0, ±Infinity, NaN, overflow, subnormal results and underflow', () => {
  const x = new Float32Array([0, -0, Infinity, -Infinity, NaN, 88.7, 88.8, 89, 1000, -87.5, -100, -103.9, -104, -1000]);
  const [w, j] = both((k, out) => k.exp(x.length, x, out), x.length);
  for (let i = 0; i < x.length; i++) assert.ok(ulps(w[i]!, j[i]!) <= 1, `exp(${x[i]}) = ${w[i]}, expected ${j[i]}`);
  assert.deepEqual([...w.subarray(0, 4)], [1, 1, Infinity, 0]);
  assert.ok(Number.isNaN(w[4]));
  assert.equal(w[8], Infinity);
  assert.equal(w[13], 0);
  assert.ok(w[11]! > 0 && w[11]! < 1.2e-38, 'a subnormal result stays nonzero');
});

test('softmaxRows matches the reference, rows summing to 1, for wide ranges of logits', () => {
  for (const [m, n] of rowShapes as [number, number][]) {
    for (const scale of [1, 30]) {
      const x = randomArray(m * n, scale);
      const [w, j] = both((k, out) => k.softmaxRows(m, n, x, out), m * n);
      assertClose(w, j, `softmaxRows ${m}×${n} ×${scale}`, 1e-6, 1e-7);
    }
  }
});

test('softmaxRows handles huge, infinite and NaN logits like the reference', () => {
  const x = new Float32Array([1000, 1001, 1002, 0, -Infinity, 0, -Infinity, -Infinity, -Infinity, 1, NaN, 2]);
  const [w, j] = both((k, out) => k.softmaxRows(4, 3, x, out), 12);
  assertClose(w.subarray(0, 6), j.subarray(0, 6), 'finite rows', 1e-6, 1e-7);
  assert.deepEqual([...w.subarray(3, 6)], [0.5, 0, 0.5]);
  // A row of −Infinity has no max to subtract, and a NaN poisons its row's sum: NaN on both backends.
  assert.ok(w.subarray(6).every(Number.isNaN) && j.subarray(6).every(Number.isNaN));
});

test('softmaxCrossEntropyBackward rounds p − 1 to float32 before dividing, as NumPy does', () => {
  // 0.1 − 1 is not a float32: the labelled entry is fround(fround(p − 1) / 3), which differs from fround((p − 1) / 3).
  const probs = new Float32Array([0.1, 0.5, 0.4, 0.2, 0.3, 0.5, 0.1, 0.1, 0.8]);
  const expected = Math.fround(Math.fround(probs[0]! - 1) / 3);
  assert.notEqual(expected, Math.fround((probs[0]! - 1) / 3));
  const [w, j] = both((k, out) => k.softmaxCrossEntropyBackward(3, 3, probs, new Int32Array([0, 1, 2]), out), 9);
  assert.equal(j[0], expected);
  assertBitwiseEqual(w, j, 'wasm');
});

test('softmaxCrossEntropyBackward gives (probs − onehot) / m on both backends', () => {
  const probs = new Float32Array([0.7, 0.2, 0.1, 0.1, 0.5, 0.4]);
  const labels = new Int32Array([0, 1]);
  const expected = Float32Array.from([-0.3, 0.2, 0.1, 0.1, -0.5, 0.4], (v) => v / 2);
  const [w, j] = both((k, out) => k.softmaxCrossEntropyBackward(2, 3, probs, labels, out), 6);
  assertClose(j, expected, 'reference', 0, 1e-8);
  assertBitwiseEqual(w, j, 'wasm');
  for (const [m, n] of rowShapes as [number, number][]) {
    const p = randomArray(m * n);
    const y = Int32Array.from({ length: m }, () => rng.randint(0, n));
    assertBitwiseEqual(...both((k, out) => k.softmaxCrossEntropyBackward(m, n, p, y, out), m * n), `${m}×${n}`);
  }
});

test('softmaxCrossEntropyBackward rejects a label outside [0, n) before writing, on both backends', () => {
  const probs = new Float32Array([0.5, 0.5, 0.5, 0.5]);
  for (const backend of [wasm, jsKernels]) {
    for (const [bad, label] of [[1, 2], [0, -1]]) {
      const labels = new Int32Array([0, 0]);
      labels[bad] = label;
      const out = new Float32Array(4);
      assert.throws(() => backend.softmaxCrossEntropyBackward(2, 2, probs, labels, out), {
        name: 'RangeError',
        message: `label ${label} of sample ${bad} is outside [0, 2)`,
      });
      assert.deepEqual([...out], [0, 0, 0, 0]);
    }
  }
});

test('row kernels agree with the reference on random shapes (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (m, n) => {
      const x = randomArray(m * n, 5);
      const row = randomArray(n);
      const d = randomArray(m * n);
      const labels = Int32Array.from({ length: m }, () => rng.randint(0, n));
      assertBitwiseEqual(...both((k, out) => k.addRowVector(m, n, x, row, out), m * n), 'addRowVector');
      assertBitwiseEqual(...both((k, out) => k.sumColumns(m, n, x, out), n), 'sumColumns');
      assertBitwiseEqual(...both((k, out) => k.reluBackward(m * n, d, x, out), m * n), 'reluBackward');
      assertClose(...both((k, out) => k.softmaxRows(m, n, x, out), m * n), 'softmaxRows', 1e-6, 1e-7);
      assertBitwiseEqual(...both((k, out) => k.softmaxCrossEntropyBackward(m, n, x, labels, out), m * n), 'softmaxCE');
    }),
    { numRuns: 100 },
  );
});

test('the scratch memory grows for a large call and small calls stay right afterwards', () => {
  checkGemm({ transA: true, transB: false, m: 3, n: 5, k: 4, accumulate: true });
  const n = 3_000_000; // 12 MB per operand, past anything earlier in this file
  const x = Float32Array.from({ length: n }, (_, i) => (i % 7) - 3);
  const [w, j] = both((k, out) => k.relu(n, x, out), n);
  assertBitwiseEqual(w, j, 'large relu');
  checkGemm({ transA: true, transB: false, m: 3, n: 5, k: 4, accumulate: true });
});

test('row kernels compute in place on arrays from allocate, at odd offsets and lengths, touching nothing around them', () => {
  for (const [m, n] of [[1, 1], [3, 5], [7, 3], [300, 3], [13, 64]] as [number, number][]) {
    const x = randomArray(m * n, 5);
    const row = randomArray(n);
    const d = randomArray(m * n);
    const labels = Int32Array.from({ length: m }, () => rng.randint(0, n));
    // Each operand and output is a view one value into a block of wasm memory, with a guard value after it.
    const view = (values: Float32Array): Float32Array => {
      const block = wasm.allocate(values.length + 2);
      block[0] = 7;
      block[values.length + 1] = 7;
      block.set(values, 1);
      return block.subarray(1, 1 + values.length);
    };
    const run = (name: string, count: number, kernel: (k: Kernels, out: Float32Array) => void, exact = true): void => {
      const expected = new Float32Array(count);
      kernel(jsKernels, expected);
      const out = view(new Float32Array(count));
      kernel(wasm, out);
      if (exact) assertBitwiseEqual(out, expected, `${name} ${m}×${n}`);
      else assertClose(out, expected, `${name} ${m}×${n}`, 1e-6, 1e-7);
      const block = new Float32Array(out.buffer, out.byteOffset - 4, count + 2);
      assert.deepEqual([block[0], block[count + 1]], [7, 7], `${name}: the values around the output`);
    };
    const [px, prow, pd] = [view(x), view(row), view(d)];
    run('addRowVector', m * n, (k, out) => k.addRowVector(m, n, k === wasm ? px : x, k === wasm ? prow : row, out));
    run('sumColumns', n, (k, out) => k.sumColumns(m, n, k === wasm ? px : x, out));
    run('relu', m * n, (k, out) => k.relu(m * n, k === wasm ? px : x, out));
    run('reluBackward', m * n, (k, out) => k.reluBackward(m * n, k === wasm ? pd : d, k === wasm ? px : x, out));
    run('exp', m * n, (k, out) => k.exp(m * n, k === wasm ? px : x, out), false);
    run('softmaxRows', m * n, (k, out) => k.softmaxRows(m, n, k === wasm ? px : x, out), false);
    run('softmaxCrossEntropyBackward', m * n, (k, out) => k.softmaxCrossEntropyBackward(m, n, k === wasm ? px : x, labels, out));
    // In place: out is the input view itself.
    const inPlace = view(x);
    wasm.relu(m * n, inPlace, inPlace);
    const expected = new Float32Array(m * n);
    jsKernels.relu(m * n, x, expected);
    assertBitwiseEqual(inPlace, expected, `relu in place ${m}×${n}`);
  }
});

test('the optimizer kernels equal the reference bit for bit, on plain arrays and on arrays from allocate', () => {
  const f = Math.fround;
  for (const n of [1, 3, 4, 6, 7, 64, 387]) {
    for (const inWasm of [false, true]) {
      const param = randomArray(n);
      const grad = randomArray(n, 0.1);
      const state1 = randomArray(n, 0.01);
      const state2 = randomArray(n, 0.01).map(Math.abs);
      const run = (k: Kernels): Float32Array[] => {
        const copy = (x: Float32Array): Float32Array => (k === wasm && inWasm ? placed(x) : x.slice());
        const sgd = copy(param);
        k.sgdUpdate(n, sgd, copy(grad), f(-0.5));
        const [momentumParam, momentums] = [copy(param), copy(state1)];
        k.momentumUpdate(n, momentumParam, copy(grad), momentums, f(0.9), f(0.1));
        const [rmsParam, cache] = [copy(param), copy(state2)];
        k.rmspropUpdate(n, rmsParam, copy(grad), cache, f(0.999), f(1 - 0.999), f(-0.02), f(1e-7));
        const [adamParam, adamM, adamV] = [copy(param), copy(state1), copy(state2)];
        k.adamUpdate(n, adamParam, copy(grad), adamM, adamV, f(0.9), f(0.1), f(0.999), f(1 - 0.999), f(1 - 0.9 ** 3), f(1 - 0.999 ** 3), f(-0.05), f(1e-7));
        return [sgd, momentumParam, momentums, rmsParam, cache, adamParam, adamM, adamV];
      };
      const names = ['sgd', 'momentum param', 'momentums', 'rmsprop param', 'cache', 'adam param', 'adam m', 'adam v'];
      const expected = run(jsKernels);
      run(wasm).forEach((actual, i) => assertBitwiseEqual(actual, expected[i]!, `${names[i]}, n=${n}${inWasm ? ', in wasm memory' : ''}`));
    }
  }
});

test('allocate: zeroed views of wasm memory that stay valid, with their values, after the memory grows', () => {
  const x = wasm.allocate(10);
  assert.ok(x instanceof Float32Array);
  assert.deepEqual([...x], new Array(10).fill(0));
  x.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const grown = wasm.allocate(8_000_000); // 32 MB: past the memory's current end
  assert.equal(grown.length, 8_000_000);
  assert.equal(x.length, 10);
  assert.deepEqual([...x], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const out = wasm.allocate(10);
  wasm.relu(10, x, out);
  assert.deepEqual([...out], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual([...jsKernels.allocate(3)], [0, 0, 0]);
});

test('a block whose view was garbage-collected is handed out again, zeroed', () => {
  const script = `const { wasmKernels } = await import('${kernelsUrl}');
    const k = wasmKernels();
    let x = k.allocate(1000); x.fill(5); const at = x.byteOffset; x = undefined;
    for (let i = 0; i < 5 && !(globalThis.reused); i++) {
      globalThis.gc(); await new Promise((r) => setTimeout(r, 10));
      const y = k.allocate(1000);
      if (y.byteOffset === at) globalThis.reused = y.every((v) => v === 0) ? 'zeroed' : 'dirty';
    }
    console.log(globalThis.reused ?? 'not reused');`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
  assert.equal(out, 'zeroed');
});
