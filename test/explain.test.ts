import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { explainNeuron, type NeuronActivation } from '../src/explain/neuron.js';
import { explainLayer } from '../src/explain/layer.js';
import { formatMatrix, formatNumber } from '../src/explain/format.js';
import { jsKernels, setKernels } from '../src/kernels/index.js';
import { Matrix } from '../src/matrix.js';

interface NeuronCase {
  activation: NeuronActivation;
  inputs: number[];
  weights: number[];
  bias: number;
  dvalue: number;
  output: number;
  dweights: number[];
  dinputs: number[];
  dbias: number;
}
interface LayerCase {
  name: string;
  activation: 'linear' | 'relu';
  inputs: number[][];
  weights: number[][];
  biases: number[];
  dvalues: number[][];
  z: number[][];
  output: number[][];
  dz: number[][];
  dweights: number[][];
  dbiases: number[];
  dinputs: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/explain.json', import.meta.url), 'utf8')) as { neuron: NeuronCase[]; layer: LayerCase[] };

const NOTES = { inputs: [1, -2, 3], weights: [-3, -1, 2], bias: 1 };

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}
function closeAll(actual: number[] | number[][], expected: number[] | number[][], tolerance: number, what: string): void {
  const a = actual.flat();
  const e = expected.flat();
  assert.equal(a.length, e.length, `${what}: length`);
  a.forEach((v, i) => close(v, e[i]!, tolerance, `${what}[${i}]`));
}

test("the seed notes' neuron: output 6, dweights [1, -2, 3], dinputs [-3, -1, 2], dbias 1", () => {
  const e = explainNeuron(NOTES);
  assert.equal(e.output, 6);
  assert.deepEqual(e.dweights, [1, -2, 3]);
  assert.deepEqual(e.dinputs, [-3, -1, 2]);
  assert.equal(e.dbias, 1);
});

test('one step per atomic operation, with its local gradients and dL/d(its output)', () => {
  const e = explainNeuron({ ...NOTES, dvalue: 2 });
  assert.deepEqual(e.steps, [
    { op: 'mul', label: 'x0w0', inputs: [1, -3], output: -3, localGradients: [-3, 1], gradient: 2 },
    { op: 'mul', label: 'x1w1', inputs: [-2, -1], output: 2, localGradients: [-1, -2], gradient: 2 },
    { op: 'mul', label: 'x2w2', inputs: [3, 2], output: 6, localGradients: [2, 3], gradient: 2 },
    { op: 'sum', label: 'z', inputs: [-3, 2, 6, 1], output: 6, localGradients: [1, 1, 1, 1], gradient: 2 },
    { op: 'relu', label: 'out', inputs: [6], output: 6, localGradients: [1], gradient: 2 },
  ]);
  assert.deepEqual(e.dweights, [2, -4, 6]);
  assert.equal(explainNeuron({ ...NOTES, activation: 'linear' }).steps.at(-1)!.op, 'sum');
});

test('the text narrates the forward pass, every chain with numbers, and the 6 → 5.985 step', () => {
  const { text } = explainNeuron(NOTES);
  const lines = text.split('\n');
  for (const line of [
    '  x0·w0 = 1·(-3) = -3',
    '  z = x0w0 + x1w1 + x2w2 + b = -3 + 2 + 6 + 1 = 6',
    '  out = relu(z) = max(z, 0) = 6',
    "  relu'(z) = 1 if z > 0 else 0, here relu'(6) = 1",
    "  dL/dw0 = relu'(z) · ∂sum/∂(x0w0) · ∂(x0w0)/∂w0 · dL/dout = 1 · 1 · x0(=1) · 1 = 1",
    "  dL/dw1 = relu'(z) · ∂sum/∂(x1w1) · ∂(x1w1)/∂w1 · dL/dout = 1 · 1 · x1(=-2) · 1 = -2",
    "  dL/dx2 = relu'(z) · ∂sum/∂(x2w2) · ∂(x2w2)/∂x2 · dL/dout = 1 · 1 · w2(=2) · 1 = 2",
    "  dL/db  = relu'(z) · ∂sum/∂b · dL/dout = 1 · 1 · 1 = 1",
    'So dweights = [1, -2, 3], dinputs = [-3, -1, 2], dbias = 1.',
    'One optimisation step, as the book takes next: w -= 0.001·dw, b -= 0.001·db',
    '  weights: [-3, -1, 2] → [-3.001, -0.998, 1.997]',
    '  bias:    1 → 0.999',
    '  output:  6 → 5.985',
  ]) {
    assert.ok(lines.includes(line), `missing line: ${line}\n---\n${text}`);
  }
});

test('the optimisation step lowers the output as the book shows (6 → 5.985)', () => {
  const { update } = explainNeuron(NOTES);
  assert.equal(update.learningRate, 0.001);
  closeAll(update.weights, [-3.001, -0.998, 1.997], 1e-15, 'weights');
  close(update.bias, 0.999, 1e-15, 'bias');
  close(update.output, 5.985, 1e-12, 'output');
  close(explainNeuron({ ...NOTES, learningRate: 0.1 }).update.output, 4.5, 1e-12, 'output at lr 0.1');
});

test('every activation matches the NumPy fixture (dvalue 0.5)', () => {
  assert.equal(fixture.neuron.length, 4);
  for (const c of fixture.neuron) {
    const e = explainNeuron(c);
    close(e.output, c.output, 1e-14, `${c.activation} output`);
    closeAll(e.dweights, c.dweights, 1e-14, `${c.activation} dweights`);
    closeAll(e.dinputs, c.dinputs, 1e-14, `${c.activation} dinputs`);
    close(e.dbias, c.dbias, 1e-14, `${c.activation} dbias`);
  }
});

test('gradients match central finite differences of dvalue·output for every activation', () => {
  const points = [
    { inputs: [0.3, -1.2, 2], weights: [0.7, 0.1, -0.4], bias: 0.25, dvalue: -1.5 },
    { inputs: [-2.5, 0.8], weights: [1.1, -0.9], bias: -0.3, dvalue: 0.75 },
  ];
  for (const activation of ['relu', 'sigmoid', 'tanh', 'linear'] as const) {
    for (const p of points) {
      const e = explainNeuron({ ...p, activation });
      const L = (inputs: number[], weights: number[], bias: number): number => p.dvalue * explainNeuron({ inputs, weights, bias, activation }).output;
      const h = 1e-6;
      const diff = (f: (d: number) => number): number => (f(h) - f(-h)) / (2 * h);
      p.weights.forEach((_, i) => {
        const shift = (xs: number[], d: number): number[] => xs.map((v, j) => (j === i ? v + d : v));
        close(e.dweights[i]!, diff((d) => L(p.inputs, shift(p.weights, d), p.bias)), 1e-7, `${activation} dw${i}`);
        close(e.dinputs[i]!, diff((d) => L(shift(p.inputs, d), p.weights, p.bias)), 1e-7, `${activation} dx${i}`);
      });
      close(e.dbias, diff((d) => L(p.inputs, p.weights, p.bias + d)), 1e-7, `${activation} db`);
    }
  }
});

test('an inactive ReLU neuron (z ≤ 0) passes no gradient, and the text says why', () => {
  const e = explainNeuron({ inputs: [1, -2, 3], weights: [-3, -1, -2], bias: 1 });
  assert.equal(e.output, 0);
  assert.deepEqual(e.dweights, [0, 0, 0]);
  assert.deepEqual(e.dinputs, [0, 0, 0]);
  assert.equal(e.dbias, 0);
  assert.ok(e.text.includes("  z = -6 ≤ 0, so relu'(z) = 0: the neuron is inactive and every gradient below is 0."));
  assert.ok(e.text.includes('  z = x0w0 + x1w1 + x2w2 + b = -3 + 2 + (-6) + 1 = -6'));
});

test('sigmoid and tanh chains show their local derivatives; linear leaves that factor out', () => {
  const s = explainNeuron({ ...NOTES, activation: 'sigmoid' }).text;
  assert.ok(s.includes("  sigmoid'(z) = sigmoid(z)·(1 - sigmoid(z)), here sigmoid'(6) = 0.002466509"), s);
  assert.ok(s.includes("  dL/dw1 = sigmoid'(z) · ∂sum/∂(x1w1) · ∂(x1w1)/∂w1 · dL/dout = 0.002466509 · 1 · x1(=-2) · 1 = -0.004933019"), s);
  const t = explainNeuron({ ...NOTES, activation: 'tanh' }).text;
  assert.ok(t.includes("  tanh'(z) = 1 - tanh(z)², here tanh'(6) = 2.457655e-05"), t);
  const l = explainNeuron({ ...NOTES, activation: 'linear' }).text;
  assert.ok(l.includes('  dL/dw0 = ∂sum/∂(x0w0) · ∂(x0w0)/∂w0 · dL/dout = 1 · x0(=1) · 1 = 1'), l);
});

test('explainNeuron rejects mismatched lengths, non-finite numbers and unknown activations', () => {
  assert.throws(() => explainNeuron({ inputs: [1, 2, 3], weights: [1, 2], bias: 0 }), {
    name: 'ShapeError',
    message: 'explainNeuron: inputs has 3 values but weights has 2; a neuron needs one weight per input',
  });
  assert.throws(() => explainNeuron({ inputs: [1, NaN], weights: [1, 2], bias: 0 }), {
    name: 'RangeError',
    message: 'explainNeuron: inputs[1] must be a finite number, got NaN',
  });
  assert.throws(() => explainNeuron({ ...NOTES, weights: [1, Infinity, 0] }), { name: 'RangeError', message: 'explainNeuron: weights[1] must be a finite number, got Infinity' });
  assert.throws(() => explainNeuron({ ...NOTES, bias: -Infinity }), { name: 'RangeError', message: 'explainNeuron: bias must be a finite number, got -Infinity' });
  assert.throws(() => explainNeuron({ ...NOTES, dvalue: NaN }), { name: 'RangeError', message: 'explainNeuron: dvalue must be a finite number, got NaN' });
  assert.throws(() => explainNeuron({ ...NOTES, activation: 'softmax' as never }), {
    name: 'RangeError',
    message: "explainNeuron: activation must be one of relu, sigmoid, tanh, linear, got 'softmax'",
  });
  assert.throws(() => explainNeuron({ ...NOTES, inputs: '1,2,3' as never }), { name: 'TypeError', message: 'explainNeuron: inputs must be an array of numbers, got string' });
  assert.throws(() => explainNeuron({ ...NOTES, bias: '1' as never }), { name: 'TypeError', message: 'explainNeuron: bias must be a number, got string' });
  assert.throws(() => explainNeuron({ inputs: [], weights: [], bias: 1 }), { name: 'RangeError', message: 'explainNeuron: a neuron needs at least one input, got 0' });
});

const [BOOK, RANDOM] = fixture.layer as [LayerCase, LayerCase];

test("the book's chapter-9 layer: dweights, dbiases and dinputs equal NumPy's", () => {
  const e = explainLayer(BOOK);
  // float32 kernels
  closeAll(e.z, BOOK.z, 1e-5, 'z');
  closeAll(e.dweights, BOOK.dweights, 1e-6, 'dweights');
  closeAll(e.dbiases, BOOK.dbiases, 1e-6, 'dbiases');
  closeAll(e.dinputs, BOOK.dinputs, 1e-6, 'dinputs');
  // float64 chain rule
  closeAll(e.chainRule.z, BOOK.z, 1e-14, 'chain z');
  closeAll(e.chainRule.dweights, BOOK.dweights, 1e-14, 'chain dweights');
  closeAll(e.chainRule.dbiases, BOOK.dbiases, 1e-14, 'chain dbiases');
  closeAll(e.chainRule.dinputs, BOOK.dinputs, 1e-14, 'chain dinputs');
  assert.deepEqual(e.chainRule.dbiases, [6, 6, 6]);
  assert.ok(e.maxDifference > 0 && e.maxDifference < 1e-5, String(e.maxDifference));
});

test('a ReLU layer (random, with a dead neuron) matches NumPy, matrix and chain rule alike', () => {
  const e = explainLayer(RANDOM);
  assert.ok(RANDOM.dz.every((row) => row[0] === 0), 'the fixture has a neuron that is off for every sample');
  for (const key of ['z', 'output', 'dz', 'dweights', 'dbiases', 'dinputs'] as const) {
    closeAll(e[key], RANDOM[key], 1e-5, key);
    closeAll(e.chainRule[key], RANDOM[key], 1e-13, `chain ${key}`);
  }
});

test('the layer text gives each product its shapes and why, then every entry as a chain-rule sum', () => {
  const { text } = explainLayer(BOOK);
  const lines = text.split('\n');
  for (const line of [
    'A dense layer of 3 neurons with 4 inputs, on a batch of 3 samples (NNFS chapter 9).',
    '  X·W is (3×4)·(4×3) = 3×3: the inner sizes (4, the inputs) meet and are summed over, leaving one row per sample and one column per neuron',
    '     [ 1.41   1.051  0.026]]',
    '  dweights = Xᵀ·dz: Xᵀ is 4×3 (one row per input, one column per sample) and dz is 3×3,',
    "    so the product is 4×3, the shape of W; the inner size (3) is the batch, so each weight's gradient sums over the samples =",
    '    [[ 0.5  0.5  0.5]',
    '     [20.1 20.1 20.1]',
    '  dbiases = the column sums of dz: 1×3, the shape of b (∂z/∂b = 1 for every sample) =',
    '    [[6 6 6]]',
    '  dinputs = dz·Wᵀ: dz is 3×3 and Wᵀ is 3×4 (one row per neuron, one column per input),',
    '    [[ 0.44 -0.38 -0.07  1.37]',
    '    dW[1][0] = 2·1 + 5·2 + 2.7·3 = 20.1 ✓',
    '    db[2] = 1 + 2 + 3 = 6 ✓',
    '    dX[0][2] = 1·(-0.5) + 1·0.26 + 1·0.17 = -0.07 ✓',
  ]) {
    assert.ok(lines.includes(line), `missing line: ${line}\n---\n${text}`);
  }
  assert.equal(lines.filter((l) => l.endsWith(' ✓')).length, 27);
  assert.ok(!text.includes('✗'));
  assert.match(lines.at(-1)!, /^All 27 gradient entries: the largest \|matrix product − chain rule\| is \d\.\d+e-0[78] \(the products run in float32\)\.$/);
  const relu = explainLayer({ ...BOOK, activation: 'relu' }).text;
  assert.ok(relu.includes("  dz = dL/dz = dvalues ⊙ relu'(z): dvalues, zeroed where z ≤ 0 ="), relu);
  assert.ok(relu.includes('     [2 0 2]'), relu);
});

test('a wrong matrix product is caught by the chain-rule check (✗)', () => {
  const previous = setKernels({
    ...jsKernels,
    // forgets the transpose of the first operand: dweights comes out wrong
    gemm: (transA, transB, m, n, k, a, b, c, accumulate) => {
      jsKernels.gemm(transA, transB, m, n, k, a, b, c, accumulate);
      if (transA) c[0]! += 1;
    },
  });
  try {
    const e = explainLayer(BOOK);
    assert.ok(e.text.includes('    dW[0][0] = 1·1 + 2·2 + (-1.5)·3 = 0.5 ✗ (matrix product: 1.5)'), e.text);
    close(e.maxDifference, 1, 1e-6, 'maxDifference');
  } finally {
    setKernels(previous);
  }
});

test('explainLayer accepts Matrix arguments, a 1×n bias matrix, and defaults biases to 0 and dvalues to 1', () => {
  const e = explainLayer({ inputs: Matrix.from([[1, 2]]), weights: [[1, -1], [0.5, 2]] });
  assert.deepEqual(e.z, [[2, 3]]);
  assert.deepEqual(e.dweights, [[1, 1], [2, 2]]);
  assert.deepEqual(e.dbiases, [1, 1]);
  assert.deepEqual(e.dinputs, [[0, 2.5]]);
  assert.deepEqual(explainLayer({ inputs: [[1, 2]], weights: [[1, -1], [0.5, 2]], biases: [[1, -1]] }).z, [[3, 2]]);
  // the doc comment's example
  assert.deepEqual(explainLayer({ inputs: [[1, 2]], weights: [[1], [1]], biases: [0], dvalues: [[1]] }).dweights, [[1], [2]]);
});

test('explainLayer names both shapes when they do not chain, and the entry that is not finite', () => {
  const base = { inputs: [[1, 2, 3]], weights: [[1], [2], [3]], biases: [0], dvalues: [[1]] };
  assert.throws(() => explainLayer({ ...base, weights: [[1], [2]] }), {
    name: 'ShapeError',
    message: 'explainLayer: inputs 1×3 and weights 2×1 do not chain: weights needs one row per input column (3)',
  });
  assert.throws(() => explainLayer({ ...base, biases: [0, 1] }), {
    name: 'ShapeError',
    message: 'explainLayer: biases must be 1×1 (one per neuron of weights 3×1), got 1×2',
  });
  assert.throws(() => explainLayer({ ...base, dvalues: [[1], [1]] }), {
    name: 'ShapeError',
    message: "explainLayer: dvalues must have the output's shape 1×1, got 2×1",
  });
  assert.throws(() => explainLayer({ ...base, inputs: [[1, NaN, 3]] }), { name: 'RangeError', message: 'explainLayer: inputs[0][1] must be a finite float32 number, got NaN' });
  assert.throws(() => explainLayer({ ...base, weights: [[1], [1e39], [3]] }), { name: 'RangeError', message: 'explainLayer: weights[1][0] must be a finite float32 number, got 1e+39' });
  assert.throws(() => explainLayer({ ...base, inputs: [] }), {
    name: 'RangeError',
    message: 'explainLayer: the layer needs at least one sample, input and neuron, got inputs 0×0 and weights 3×1',
  });
  assert.throws(() => explainLayer({ ...base, inputs: [[1, 2], [3]] }), { name: 'ShapeError', message: 'explainLayer: inputs: Matrix.from: row 1 has 1 values, expected 2 like row 0' });
  assert.throws(() => explainLayer({ ...base, activation: 'tanh' as never }), { name: 'RangeError', message: "explainLayer: activation must be one of linear, relu, got 'tanh'" });
});

test('numbers print as the book prints them', () => {
  assert.deepEqual(
    [6, -3, 0.001, 5.985000000000001, 20.100000381469727, -0.07000000000000006, 2.457655e-5, 1e-8, 0, -0, 1234567.89].map(formatNumber),
    ['6', '-3', '0.001', '5.985', '20.1', '-0.07', '2.457655e-05', '1e-08', '0', '0', '1234568'],
  );
  assert.equal(formatMatrix([[0.5, 20.1], [-0.26, 4]], '  '), '[[ 0.5  20.1 ]\n   [-0.26  4   ]]');
});
