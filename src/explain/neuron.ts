/**
 * The seed notes' neuron, explained (NNFS chapter 9): out = act(x0·w0 + x1·w1 + … + b), written as
 * atomic operations (products, one sum, the activation) on the scalar `Value` engine, so the
 * narrated numbers are the engine's own. Backward, every parameter's gradient is the product of the
 * local derivatives on its path to the output, times the gradient dL/dout the next layer sends:
 *
 *   dL/dwi = act'(z) · ∂sum/∂(xi·wi) · ∂(xi·wi)/∂wi · dL/dout = act'(z) · 1 · xi · dL/dout
 *   dL/dxi = act'(z) · 1 · wi · dL/dout          dL/db = act'(z) · 1 · dL/dout
 *
 * @example
 * const e = explainNeuron({ inputs: [1, -2, 3], weights: [-3, -1, 2], bias: 1 });
 * e.output;   // 6
 * e.dweights; // [1, -2, 3]
 */
import { ShapeError } from '../errors.js';
import { Value, type ValueOp } from '../engine/value.js';
import { formatList, formatNumber, formatOperand } from './format.js';

export type NeuronActivation = 'relu' | 'sigmoid' | 'tanh' | 'linear';
export const NEURON_ACTIVATIONS: readonly NeuronActivation[] = ['relu', 'sigmoid', 'tanh', 'linear'];

export interface NeuronOptions {
  inputs: readonly number[];
  weights: readonly number[];
  bias: number;
  /** dL/dout, the gradient from the next layer (default 1). */
  dvalue?: number;
  activation?: NeuronActivation;
  /** The step size of the optimisation step that ends the explanation (default 0.001, the book's). */
  learningRate?: number;
}

/** One atomic operation of the forward pass, with what the backward pass learnt about it. */
export interface NeuronStep {
  op: ValueOp;
  /** What the operation computes: `x0w0`, `z` (the sum) or `out` (the activation). */
  label: string;
  inputs: number[];
  output: number;
  /** ∂output/∂inputs[i]. */
  localGradients: number[];
  /** dL/d(this operation's output). */
  gradient: number;
}

export interface NeuronExplanation {
  output: number;
  dinputs: number[];
  dweights: number[];
  dbias: number;
  steps: NeuronStep[];
  /** The step w -= learningRate·dw, b -= learningRate·db, and the output it gives. */
  update: { learningRate: number; weights: number[]; bias: number; output: number };
  text: string;
}

/** The neuron as a Value graph: leaves x_i, w_i, b; products x_i·w_i; their sum z; out = act(z). */
function buildNeuron(inputs: readonly number[], weights: readonly number[], bias: number, activation: NeuronActivation) {
  const x = inputs.map((v, i) => new Value(v, `x${i}`));
  const w = weights.map((v, i) => new Value(v, `w${i}`));
  const b = new Value(bias, 'b');
  const products = x.map((xi, i) => {
    const p = xi.mul(w[i]!);
    p.label = `x${i}w${i}`;
    return p;
  });
  const z = Value.sum([...products, b]);
  z.label = 'z';
  const out = activation === 'linear' ? z : activation === 'relu' ? z.relu() : activation === 'sigmoid' ? z.sigmoid() : z.tanh();
  if (out !== z) out.label = 'out';
  return { x, w, b, products, z, out };
}

function checkNumber(what: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`explainNeuron: ${what} must be a number, got ${v === null ? 'null' : typeof v}`);
  if (!Number.isFinite(v)) throw new RangeError(`explainNeuron: ${what} must be a finite number, got ${v}`);
  return v;
}

function checkList(what: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw new TypeError(`explainNeuron: ${what} must be an array of numbers, got ${v === null ? 'null' : typeof v}`);
  return v.map((x, i) => checkNumber(`${what}[${i}]`, x));
}

/** Runs the neuron forward and backward on the Value engine and narrates the chain rule. */
export function explainNeuron(options: NeuronOptions): NeuronExplanation {
  if (options === null || typeof options !== 'object') throw new TypeError(`explainNeuron: expected an options object, got ${options === null ? 'null' : typeof options}`);
  const inputs = checkList('inputs', options.inputs);
  const weights = checkList('weights', options.weights);
  if (inputs.length !== weights.length) {
    throw new ShapeError(`explainNeuron: inputs has ${inputs.length} values but weights has ${weights.length}; a neuron needs one weight per input`);
  }
  if (inputs.length === 0) throw new RangeError('explainNeuron: a neuron needs at least one input, got 0');
  const bias = checkNumber('bias', options.bias);
  const dvalue = checkNumber('dvalue', options.dvalue ?? 1);
  const learningRate = checkNumber('learningRate', options.learningRate ?? 0.001);
  const activation = options.activation ?? 'relu';
  if (!NEURON_ACTIVATIONS.includes(activation)) {
    throw new RangeError(`explainNeuron: activation must be one of ${NEURON_ACTIVATIONS.join(', ')}, got '${String(activation)}'`);
  }

  const n = buildNeuron(inputs, weights, bias, activation);
  n.out.backward(dvalue);
  const dweights = n.w.map((v) => v.grad);
  const dinputs = n.x.map((v) => v.grad);
  const dbias = n.b.grad;
  const steps: NeuronStep[] = n.out.topologicalOrder().filter((v) => v.op !== '').map((v) => ({
    op: v.op,
    label: v.label,
    inputs: v.children.map((c) => c.data),
    output: v.data,
    localGradients: [...v.localGradients],
    gradient: v.grad,
  }));

  const newWeights = weights.map((w, i) => w - learningRate * dweights[i]!);
  const newBias = bias - learningRate * dbias;
  const update = { learningRate, weights: newWeights, bias: newBias, output: buildNeuron(inputs, newWeights, newBias, activation).out.data };

  const result = { output: n.out.data, dinputs, dweights, dbias, steps, update };
  return { ...result, text: narrate(n, activation, dvalue, result) };
}

function narrate(
  n: ReturnType<typeof buildNeuron>,
  activation: NeuronActivation,
  dvalue: number,
  r: Omit<NeuronExplanation, 'text'>,
): string {
  const f = formatNumber;
  const count = n.x.length;
  const z = n.z.data;
  const lines = [`A neuron with ${count} input${count === 1 ? '' : 's'} and ${activation} activation (NNFS chapter 9).`, ''];

  lines.push('Forward pass, one atomic operation at a time:');
  n.products.forEach((p, i) => lines.push(`  x${i}·w${i} = ${formatOperand(n.x[i]!.data)}·${formatOperand(n.w[i]!.data)} = ${f(p.data)}`));
  const terms = [...n.products, n.b];
  const sumValues = terms.map((t, i) => (i === 0 ? f(t.data) : formatOperand(t.data))).join(' + ');
  lines.push(`  z = ${terms.map((t) => t.label).join(' + ')} = ${sumValues} = ${f(z)}`);
  const forward: Record<NeuronActivation, string> = {
    relu: `out = relu(z) = max(z, 0) = ${f(r.output)}`,
    sigmoid: `out = sigmoid(z) = 1 / (1 + e^-z) = ${f(r.output)}`,
    tanh: `out = tanh(z) = ${f(r.output)}`,
    linear: `out = z = ${f(r.output)} (linear activation: the identity)`,
  };
  lines.push(`  ${forward[activation]}`, '');

  // The activation's local derivative is the first factor of every chain (none for linear).
  const act = n.out === n.z ? undefined : { name: `${activation}'(z)`, value: n.out.localGradients[0]! };
  lines.push(`Backward pass: the chain rule, starting from dL/dout = ${f(dvalue)}, the gradient the next layer sends back.`);
  lines.push('Local derivatives of each operation:');
  const local: Record<NeuronActivation, string> = {
    relu: "relu'(z) = 1 if z > 0 else 0",
    sigmoid: "sigmoid'(z) = sigmoid(z)·(1 - sigmoid(z))",
    tanh: "tanh'(z) = 1 - tanh(z)²",
    linear: 'linear: out = z, so dout/dz = 1 and that factor is left out below',
  };
  lines.push(`  ${local[activation]}${act === undefined ? '' : `, here ${activation}'(${f(z)}) = ${f(act.value)}`}`);
  lines.push('  ∂sum/∂(each term) = 1: a sum passes its gradient through unchanged');
  lines.push('  ∂(xi·wi)/∂wi = xi and ∂(xi·wi)/∂xi = wi: the derivative of a product w.r.t. one factor is the other factor');
  if (activation === 'relu' && z <= 0) lines.push(`  z = ${f(z)} ≤ 0, so relu'(z) = 0: the neuron is inactive and every gradient below is 0.`);
  lines.push('', 'Chain rule for every weight, input and the bias:');

  const width = `dL/dx${count - 1}`.length;
  const chain = (target: Value, factors: [string, string][]): void => {
    const all: [string, string][] = [...(act === undefined ? [] : [[act.name, f(act.value)] as [string, string]]), ...factors, ['dL/dout', f(dvalue)]];
    const name = `dL/d${target.label}`.padEnd(width);
    lines.push(`  ${name} = ${all.map(([s]) => s).join(' · ')} = ${all.map(([, v]) => v).join(' · ')} = ${f(target.grad)}`);
  };
  const sumFactor = (i: number): [string, string] => [`∂sum/∂(x${i}w${i})`, f(n.z.localGradients[i]!)];
  n.w.forEach((w, i) => chain(w, [sumFactor(i), [`∂(x${i}w${i})/∂w${i}`, `x${i}(=${f(n.products[i]!.localGradients[1]!)})`]]));
  n.x.forEach((x, i) => chain(x, [sumFactor(i), [`∂(x${i}w${i})/∂x${i}`, `w${i}(=${f(n.products[i]!.localGradients[0]!)})`]]));
  chain(n.b, [['∂sum/∂b', f(n.z.localGradients[count]!)]]);
  lines.push('', `So dweights = ${formatList(r.dweights)}, dinputs = ${formatList(r.dinputs)}, dbias = ${f(r.dbias)}.`, '');

  const lr = f(r.update.learningRate);
  lines.push(`One optimisation step, as the book takes next: w -= ${lr}·dw, b -= ${lr}·db`);
  lines.push(`  weights: ${formatList(n.w.map((w) => w.data))} → ${formatList(r.update.weights)}`);
  lines.push(`  bias:    ${f(n.b.data)} → ${f(r.update.bias)}`);
  lines.push(`  output:  ${f(r.output)} → ${f(r.update.output)}`);
  return lines.join('\n');
}
