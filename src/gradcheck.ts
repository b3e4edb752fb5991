import type { Labels } from './labels.js';
import { isTrainable, type Layer } from './layers/layer.js';
import { regularizationLoss } from './layers/regularization.js';
import { Matrix, toMatrix, type MatrixLike } from './matrix.js';
import { Model } from './model/model.js';
import { RandomState } from './random/random-state.js';

/** A loss as gradCheck sees it: a mean loss from forward or calculate, and its backward. */
interface LossLike {
  backward(dvalues: MatrixLike, yTrue: Labels): Matrix;
  calculate(yPred: MatrixLike, yTrue: Labels): number;
  forward(inputs: MatrixLike, yTrue: Labels): unknown;
  output?: Matrix;
}

export interface GradCheckOptions {
  inputs: MatrixLike;
  /** Labels or targets, for a loss. */
  yTrue?: Labels;
  /** Upstream gradient for a layer or activation (random normal values when omitted). */
  dvalues?: MatrixLike;
  /** Finite-difference step (default 1e-3; float32 rounding of the objective is accounted for). */
  epsilon?: number;
  /** Largest relative error that passes (default 1e-2: a wrong sign or factor is off by ≥ 0.3). */
  tolerance?: number;
  /** Generator for the random dvalues (default: a fixed seed, so checks are reproducible). */
  rng?: RandomState;
}

export interface GradCheckResult {
  maxRelativeError: number;
  worst: { name: string; index: number; analytic: number; numeric: number };
  passed: boolean;
  /** How many values were compared (inputs and every parameter). */
  checked: number;
}

/**
 * Compares a component's analytic gradients with central finite differences, for its inputs and
 * every parameter. The objective for a layer or activation is Σ output·dvalues (+ its regularisation
 * loss), whose gradient is exactly what `backward(dvalues)` returns; for a loss it is the mean loss;
 * for a whole Model it is the mean loss plus the regularisation, through every layer's parameters.
 *
 * Each value is nudged by ±ε in float32 and the objective summed in float64. Where a kink
 * (ReLU at 0, |x| at 0, clipping) lies within ε, the central difference straddles it; the one-sided
 * differences then tell the truth, so the error of a value is the smallest of its three comparisons.
 * A wrong backward is wrong on all three.
 *
 * @example
 * gradCheck(new Dense(3, 2), { inputs: [[1, 2, 3]] }).passed; // true
 */
export function gradCheck(component: Layer | LossLike | Model, options: GradCheckOptions): GradCheckResult {
  const eps = options.epsilon ?? 1e-3;
  const tolerance = options.tolerance ?? 1e-2;
  if (!(eps > 0)) throw new RangeError(`gradCheck: epsilon must be > 0, got ${eps}`);
  const inputs = toMatrix(options.inputs, 'gradCheck inputs').clone();
  // The objective and the magnitude of what it sums, which sets its float32 rounding noise.
  let objective: () => { value: number; scale: number };
  let analytic: () => Array<{ name: string; value: Matrix; grad: Float32Array }>;

  if (component instanceof Model) {
    const model = component.finalize();
    const loss = model.loss;
    const yTrue = options.yTrue;
    if (loss === undefined || yTrue === undefined) throw new TypeError('gradCheck: a model needs its loss (model.set) and yTrue');
    objective = () => {
      const value = loss.calculate(model.forward(inputs), yTrue) + model.regularizationLoss();
      return { value, scale: Math.abs(value) + 1 };
    };
    analytic = () => {
      model.backward(model.forward(inputs), yTrue);
      const grads = [{ name: 'inputs', value: inputs, grad: model.layers[0]!.dinputs!.data.slice() }];
      model.layers.forEach((layer, i) => {
        if (!isTrainable(layer)) return;
        grads.push({ name: `layer ${i + 1} weights`, value: layer.weights, grad: layer.dweights.data.slice() });
        grads.push({ name: `layer ${i + 1} biases`, value: layer.biases, grad: layer.dbiases.data.slice() });
      });
      return grads;
    };
  } else if ('calculate' in component) {
    const loss = component;
    const yTrue = options.yTrue;
    if (yTrue === undefined) throw new TypeError('gradCheck: a loss needs yTrue');
    objective = () => {
      const value = meanLoss(loss, inputs, yTrue);
      // A loss near 0 still carries the rounding of probabilities near 1 (absolute, about 2⁻²⁴).
      return { value, scale: Math.abs(value) + 1 };
    };
    analytic = () => {
      const fused = typeof loss.forward(inputs, yTrue) === 'number';
      // A fused softmax loss takes its own probabilities as dvalues (book convention).
      const dvalues = fused ? loss.output! : inputs;
      return [{ name: 'inputs', value: inputs, grad: loss.backward(dvalues, yTrue).data.slice() }];
    };
  } else {
    const layer = component;
    const probe = layer.forward(inputs);
    const dvalues = options.dvalues !== undefined
      ? toMatrix(options.dvalues, 'gradCheck dvalues')
      : randomLike(probe, options.rng ?? new RandomState(12345));
    objective = () => {
      const out = layer.forward(inputs).data;
      let value = 0;
      let scale = 0;
      for (let i = 0; i < out.length; i++) {
        value += out[i]! * dvalues.data[i]!;
        scale += Math.abs(out[i]! * dvalues.data[i]!);
      }
      const penalty = isTrainable(layer) ? regularizationLoss(layer) : 0;
      return { value: value + penalty, scale: scale + penalty };
    };
    analytic = () => {
      layer.forward(inputs);
      const grads = [{ name: 'inputs', value: inputs, grad: layer.backward(dvalues).data.slice() }];
      if (isTrainable(layer)) {
        grads.push({ name: 'weights', value: layer.weights, grad: layer.dweights.data.slice() });
        grads.push({ name: 'biases', value: layer.biases, grad: layer.dbiases.data.slice() });
      }
      return grads;
    };
  }

  let worst = { name: 'inputs', index: -1, analytic: 0, numeric: 0 };
  let maxRelativeError = 0;
  let checked = 0;
  for (const { name, value, grad } of analytic()) {
    const x = value.data;
    for (let i = 0; i < x.length; i++) {
      const original = x[i]!;
      const up = Math.fround(original + eps);
      const down = Math.fround(original - eps);
      x[i] = up;
      const fUp = objective().value;
      x[i] = down;
      const fDown = objective().value;
      x[i] = original;
      const { value: f0, scale } = objective();
      const central = (fUp - fDown) / (up - down);
      const forward = (fUp - f0) / (up - original);
      const backward = (f0 - fDown) / (original - down);
      const a = grad[i]!;
      // The objective is known only to float32 resolution of its terms: differences below that are noise.
      const noise = (2 * scale * 2 ** -23) / eps;
      const error = Math.min(relativeError(a, central, noise), relativeError(a, forward, noise), relativeError(a, backward, noise));
      checked++;
      if (worst.index < 0 || !(error <= maxRelativeError)) {
        maxRelativeError = Number.isNaN(error) ? Infinity : error;
        worst = { name, index: i, analytic: a, numeric: central };
      }
    }
  }
  return { maxRelativeError, worst, passed: maxRelativeError <= tolerance, checked };
}

function meanLoss(loss: LossLike, inputs: Matrix, yTrue: Labels): number {
  const r = loss.forward(inputs, yTrue);
  // A fused loss returns its mean from forward; a plain loss returns per-sample values.
  return typeof r === 'number' ? r : loss.calculate(inputs, yTrue);
}

/**
 * |a − n| beyond the rounding noise, relative to the larger magnitude (with a floor, so gradients
 * that are zero up to rounding compare as equal).
 */
function relativeError(a: number, n: number, noise: number): number {
  return Math.max(0, Math.abs(a - n) - noise) / Math.max(Math.abs(a), Math.abs(n), 1e-3);
}

function randomLike(m: Matrix, rng: RandomState): Matrix {
  const values = rng.randn(m.rows, m.cols);
  return new Matrix(m.rows, m.cols, Float32Array.from(values));
}
