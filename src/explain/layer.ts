/**
 * A dense layer on a batch, explained (NNFS chapter 9): forward z = X·W + b, then the batch backward
 * as three matrix products, each checked entry by entry against the per-neuron chain rule.
 *
 *   X: batch × nInputs    W: nInputs × nNeurons (book layout)    b: 1 × nNeurons
 *   dweights = Xᵀ·dz      (nInputs × batch)·(batch × nNeurons)   = nInputs × nNeurons, the shape of W
 *   dbiases  = Σ_rows dz  (1 × nNeurons), the shape of b
 *   dinputs  = dz·Wᵀ      (batch × nNeurons)·(nNeurons × nInputs) = batch × nInputs, the shape of X
 *
 * dz = dL/dz is `dvalues` itself without activation, or dvalues ⊙ relu'(z) with the ReLU option.
 * The products run in float32 on the kernels, as the layers do; the chain rule runs in float64 on
 * the `Value` engine, one neuron and one sample at a time.
 *
 * @example
 * const e = explainLayer({ inputs: [[1, 2]], weights: [[1], [1]], biases: [0], dvalues: [[1]] });
 * e.dweights; // [[1], [2]]
 */
import { ShapeError, shapeOf } from '../errors.js';
import { Value } from '../engine/value.js';
import { kernels } from '../kernels/index.js';
import { Matrix, toMatrix, type MatrixLike } from '../matrix.js';
import { formatMatrix, formatNumber, formatOperand } from './format.js';

export type LayerActivation = 'linear' | 'relu';
export const LAYER_ACTIVATIONS: readonly LayerActivation[] = ['linear', 'relu'];

export interface LayerOptions {
  /** X, batch × nInputs. */
  inputs: MatrixLike;
  /** W, nInputs × nNeurons. */
  weights: MatrixLike;
  /** b, nNeurons values (or a 1 × nNeurons matrix; default: zeros). */
  biases?: readonly number[] | MatrixLike;
  /** dL/d(layer output), batch × nNeurons (default: all ones). */
  dvalues?: MatrixLike;
  /** 'relu' applies ReLU after the sum (default 'linear': none). */
  activation?: LayerActivation;
}

/** What the layer computes: forward values and the gradients of its inputs and parameters. */
export interface LayerValues {
  /** X·W + b. */
  z: number[][];
  /** The layer's output: z, or relu(z). */
  output: number[][];
  /** dL/dz: dvalues, or dvalues ⊙ relu'(z). */
  dz: number[][];
  dweights: number[][];
  dbiases: number[];
  dinputs: number[][];
}

/**
 * The top-level values come from the matrix products on the kernels (float32, as the layers compute
 * them); `chainRule` holds the same values from the per-neuron chain rule on the Value engine (float64).
 */
export interface LayerExplanation extends LayerValues {
  chainRule: LayerValues;
  /** The largest |matrix product − chain rule| over every gradient entry (float32 rounding only). */
  maxDifference: number;
  text: string;
}

/** A named matrix argument as a float32 Matrix plus its float64 values, every entry checked to be finite. */
function checked(what: string, x: MatrixLike): { m: Matrix; values: number[][] } {
  const m = toMatrix(x, `explainLayer: ${what}`);
  const values = Array.isArray(x) ? x : m.toArray();
  // Checked after the float32 conversion too, which turns 1e39 into Infinity.
  const bad = m.data.findIndex((v, n) => !Number.isFinite(v) || !Number.isFinite(values[Math.floor(n / m.cols)]![n % m.cols]!));
  if (bad >= 0) {
    const [i, j] = [Math.floor(bad / m.cols), bad % m.cols];
    throw new RangeError(`explainLayer: ${what}[${i}][${j}] must be a finite float32 number, got ${values[i]![j]}`);
  }
  return { m, values };
}

/** Runs the layer forward and backward with the kernels and checks every gradient with the chain rule. */
export function explainLayer(options: LayerOptions): LayerExplanation {
  if (options === null || typeof options !== 'object') throw new TypeError(`explainLayer: expected an options object, got ${options === null ? 'null' : typeof options}`);
  const activation = options.activation ?? 'linear';
  if (!LAYER_ACTIVATIONS.includes(activation)) {
    throw new RangeError(`explainLayer: activation must be one of ${LAYER_ACTIVATIONS.join(', ')}, got '${String(activation)}'`);
  }
  const X = checked('inputs', options.inputs);
  const W = checked('weights', options.weights);
  const [batch, nInputs, nNeurons] = [X.m.rows, X.m.cols, W.m.cols];
  const rawBiases = options.biases ?? new Array<number>(nNeurons).fill(0);
  const isList = Array.isArray(rawBiases) && rawBiases.every((v) => typeof v === 'number');
  const b = checked('biases', isList ? [rawBiases as number[]] : (rawBiases as MatrixLike));
  if (batch === 0 || nInputs === 0 || nNeurons === 0) {
    throw new RangeError(`explainLayer: the layer needs at least one sample, input and neuron, got inputs ${shapeOf(batch, nInputs)} and weights ${shapeOf(W.m.rows, nNeurons)}`);
  }
  if (W.m.rows !== nInputs) {
    throw new ShapeError(`explainLayer: inputs ${shapeOf(batch, nInputs)} and weights ${shapeOf(W.m.rows, nNeurons)} do not chain: weights needs one row per input column (${nInputs})`);
  }
  if (b.m.rows !== 1 || b.m.cols !== nNeurons) {
    throw new ShapeError(`explainLayer: biases must be 1×${nNeurons} (one per neuron of weights ${shapeOf(nInputs, nNeurons)}), got ${shapeOf(b.m.rows, b.m.cols)}`);
  }
  const D = options.dvalues === undefined ? checked('dvalues', Array.from({ length: batch }, () => new Array<number>(nNeurons).fill(1))) : checked('dvalues', options.dvalues);
  if (D.m.rows !== batch || D.m.cols !== nNeurons) {
    throw new ShapeError(`explainLayer: dvalues must have the output's shape ${shapeOf(batch, nNeurons)}, got ${shapeOf(D.m.rows, D.m.cols)}`);
  }

  const matrix = byMatrixProducts(X.m, W.m, b.m, D.m, activation);
  const chainRule = byChainRule(X.values, W.values, b.values[0]!, D.values, activation);
  const differences = [
    ...matrix.dweights.flatMap((row, i) => row.map((v, j) => Math.abs(v - chainRule.dweights[i]![j]!))),
    ...matrix.dbiases.map((v, j) => Math.abs(v - chainRule.dbiases[j]!)),
    ...matrix.dinputs.flatMap((row, s) => row.map((v, i) => Math.abs(v - chainRule.dinputs[s]![i]!))),
  ];
  const result = { ...matrix, chainRule, maxDifference: Math.max(...differences) };
  return { ...result, text: narrate(X.values, W.values, activation, result) };
}

/** The matrix way, on the kernels (float32), as the Dense layer computes it. */
function byMatrixProducts(X: Matrix, W: Matrix, b: Matrix, dvalues: Matrix, activation: LayerActivation): LayerValues {
  const [batch, nInputs, nNeurons] = [X.rows, X.cols, W.cols];
  const k = kernels();
  const z = new Matrix(batch, nNeurons);
  k.gemm(false, false, batch, nNeurons, nInputs, X.data, W.data, z.data, false);
  k.addRowVector(batch, nNeurons, z.data, b.data, z.data);
  const output = z.clone();
  const dz = dvalues.clone();
  if (activation === 'relu') {
    k.relu(z.size, z.data, output.data);
    k.reluBackward(z.size, dvalues.data, z.data, dz.data);
  }
  const dweights = new Matrix(nInputs, nNeurons);
  k.gemm(true, false, nInputs, nNeurons, batch, X.data, dz.data, dweights.data, false);
  const dbiases = new Float32Array(nNeurons);
  k.sumColumns(batch, nNeurons, dz.data, dbiases);
  const dinputs = new Matrix(batch, nInputs);
  k.gemm(false, true, batch, nInputs, nNeurons, dz.data, W.data, dinputs.data, false);
  return { z: z.toArray(), output: output.toArray(), dz: dz.toArray(), dweights: dweights.toArray(), dbiases: Array.from(dbiases), dinputs: dinputs.toArray() };
}

/**
 * The chain-rule way (float64): every z[s][j] is its own neuron graph on the Value engine, and
 * L = Σ out[s][j]·dvalues[s][j] makes dL/dout = dvalues. A weight used by every sample, or an input
 * feeding every neuron, accumulates one chain per use: the sum the matrix products compute.
 */
function byChainRule(X: number[][], W: number[][], b: number[], dvalues: number[][], activation: LayerActivation): LayerValues {
  const x = X.map((row) => row.map((v) => new Value(v)));
  const w = W.map((row) => row.map((v) => new Value(v)));
  const bv = b.map((v) => new Value(v));
  const z = x.map((xs) => bv.map((bj, j) => Value.sum([...xs.map((xi, i) => xi.mul(w[i]![j]!)), bj])));
  const out = z.map((row) => row.map((zsj) => (activation === 'relu' ? zsj.relu() : zsj)));
  Value.sum(out.flatMap((row, s) => row.map((o, j) => o.mul(dvalues[s]![j]!)))).backward();
  const data = (m: Value[][]): number[][] => m.map((row) => row.map((v) => v.data));
  const grad = (m: Value[][]): number[][] => m.map((row) => row.map((v) => v.grad));
  return { z: data(z), output: data(out), dz: grad(z), dweights: grad(w), dbiases: bv.map((v) => v.grad), dinputs: grad(x) };
}

/** The shapes and why, every matrix (float64 values), then each gradient entry as a chain-rule sum. */
function narrate(X: number[][], W: number[][], activation: LayerActivation, r: Omit<LayerExplanation, 'text'>): string {
  const f = formatNumber;
  const c = r.chainRule;
  const [batch, nInputs, nNeurons] = [X.length, W.length, W[0]!.length];
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const block = (m: ArrayLike<number>[]): string => `    ${formatMatrix(m, '    ')}`;
  const [sx, sw, sz] = [shapeOf(batch, nInputs), shapeOf(nInputs, nNeurons), shapeOf(batch, nNeurons)];
  const lines = [
    `A dense layer of ${plural(nNeurons, 'neuron')} with ${plural(nInputs, 'input')}, on a batch of ${plural(batch, 'sample')}${activation === 'relu' ? ', then ReLU' : ''} (NNFS chapter 9).`,
    '',
    'Forward: z = X·W + b',
    `  X (inputs)  ${sx}: one row per sample, one column per input`,
    `  W (weights) ${sw}: one row per input, one column per neuron (the book's layout, so X·W needs no transpose)`,
    `  b (biases)  ${shapeOf(1, nNeurons)}: one per neuron, added to every row`,
    `  X·W is (${sx})·(${sw}) = ${sz}: the inner sizes (${nInputs}, the inputs) meet and are summed over, leaving one row per sample and one column per neuron`,
    '  z =',
    block(c.z),
  ];
  if (activation === 'relu') lines.push('  output = relu(z) =', block(c.output));

  lines.push('', `Backward, from dvalues = dL/d(output), ${sz} like the output:`);
  lines.push(activation === 'relu' ? "  dz = dL/dz = dvalues ⊙ relu'(z): dvalues, zeroed where z ≤ 0 =" : '  dz = dL/dz = dvalues (no activation) =', block(c.dz));
  lines.push(
    `  dweights = Xᵀ·dz: Xᵀ is ${shapeOf(nInputs, batch)} (one row per input, one column per sample) and dz is ${sz},`,
    `    so the product is ${sw}, the shape of W; the inner size (${batch}) is the batch, so each weight's gradient sums over the samples =`,
    block(c.dweights),
    `  dbiases = the column sums of dz: ${shapeOf(1, nNeurons)}, the shape of b (∂z/∂b = 1 for every sample) =`,
    block([c.dbiases]),
    `  dinputs = dz·Wᵀ: dz is ${sz} and Wᵀ is ${shapeOf(nNeurons, nInputs)} (one row per neuron, one column per input),`,
    `    so the product is ${sx}, the shape of X; the inner size (${nNeurons}) is the neurons: each input feeds every neuron, so its gradient sums over them =`,
    block(c.dinputs),
  );

  // Each entry again as a sum of per-neuron, per-sample chains; ✓ when the kernels' product agrees.
  const entry = (name: string, terms: number[][], chain: number, product: number): string => {
    const scale = terms.reduce((sum, t) => sum + Math.abs(t.reduce((p, v) => p * v, 1)), 0);
    const mark = Math.abs(product - chain) <= 1e-5 * Math.max(1, scale) ? '✓' : `✗ (matrix product: ${f(product)})`;
    const text = terms.map((t, i) => t.map((v, k) => (i === 0 && k === 0 ? f(v) : formatOperand(v))).join('·'));
    return `    ${name} = ${text.join(' + ')} = ${f(chain)} ${mark}`;
  };
  lines.push('', 'The same numbers from the chain rule, one neuron and one sample at a time (✓: equal to the matrix product):');
  lines.push('  ∂z[s][j]/∂W[i][j] = X[s][i], and W[i][j] is used by every sample, so dW[i][j] = Σs X[s][i]·dz[s][j]:');
  for (let i = 0; i < nInputs; i++) {
    for (let j = 0; j < nNeurons; j++) lines.push(entry(`dW[${i}][${j}]`, c.dz.map((row, s) => [X[s]![i]!, row[j]!]), c.dweights[i]![j]!, r.dweights[i]![j]!));
  }
  lines.push('  ∂z[s][j]/∂b[j] = 1, so db[j] = Σs dz[s][j]:');
  for (let j = 0; j < nNeurons; j++) lines.push(entry(`db[${j}]`, c.dz.map((row) => [row[j]!]), c.dbiases[j]!, r.dbiases[j]!));
  lines.push('  ∂z[s][j]/∂X[s][i] = W[i][j], and X[s][i] feeds every neuron, so dX[s][i] = Σj dz[s][j]·W[i][j]:');
  for (let s = 0; s < batch; s++) {
    for (let i = 0; i < nInputs; i++) lines.push(entry(`dX[${s}][${i}]`, c.dz[s]!.map((d, j) => [d, W[i]![j]!]), c.dinputs[s]![i]!, r.dinputs[s]![i]!));
  }
  const count = nInputs * nNeurons + nNeurons + batch * nInputs;
  lines.push('', `All ${count} gradient entries: the largest |matrix product − chain rule| is ${f(r.maxDifference)} (the products run in float32).`);
  return lines.join('\n');
}
