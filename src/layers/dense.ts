import { kernels } from '../kernels/index.js';
import { Matrix, expectShape, reuse, toMatrix, workMatrix, type MatrixLike } from '../matrix.js';
import { globalRng } from '../random/global.js';
import type { RandomState } from '../random/random-state.js';
import { checkNotEmpty } from '../labels.js';
import type { TrainableLayer } from './layer.js';
import { addRegularizationGradient, checkStrength } from './regularization.js';

export interface DenseOptions {
  weightRegularizerL1?: number;
  weightRegularizerL2?: number;
  biasRegularizerL1?: number;
  biasRegularizerL2?: number;
  /** Generator for the initial weights (default: the global one, see `seed`). */
  rng?: RandomState;
  /** Initial weights (nInputs × nNeurons) instead of random ones; nothing is drawn from the generator. */
  weights?: MatrixLike;
  /** Initial biases (1 × nNeurons) instead of zeros. */
  biases?: MatrixLike;
}

/**
 * A fully connected layer (NNFS chapters 3 and 9, book: `Layer_Dense`).
 *
 * Forward, for a batch X (N × nInputs):  output = X·W + b          (N × nNeurons)
 * Backward, given dvalues = ∂L/∂output (N × nNeurons):
 *   dweights = Xᵀ·dvalues        (nInputs × nNeurons: each weight gathers input × upstream over the batch)
 *   dbiases  = Σ_rows dvalues     (1 × nNeurons: a sum's local derivative is 1)
 *   dinputs  = dvalues·Wᵀ        (N × nInputs: each input fans out to every neuron)
 * plus the L1/L2 penalties' gradients (chapter 14). `parameterGradients` is backward without
 * dinputs, for a model's first layer, whose ∂L/∂X nobody uses.
 *
 * @example
 * const layer = new Dense(2, 3);
 * layer.forward([[1, 2]]).rows; // 1
 */
export class Dense implements TrainableLayer {
  readonly kind = 'Dense';
  readonly nInputs: number;
  readonly nNeurons: number;
  weights: Matrix;
  biases: Matrix;
  dweights: Matrix;
  dbiases: Matrix;
  weightRegularizerL1: number;
  weightRegularizerL2: number;
  biasRegularizerL1: number;
  biasRegularizerL2: number;
  inputs?: Matrix;
  output?: Matrix;
  dinputs?: Matrix;
  /** "Dense(nInputs, nNeurons)", for messages. */
  private readonly label: string;

  constructor(nInputs: number, nNeurons: number, options: DenseOptions = {}) {
    for (const [name, v] of [['nInputs', nInputs], ['nNeurons', nNeurons]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`Dense: ${name} must be a positive integer, got ${v}`);
    }
    this.nInputs = nInputs;
    this.nNeurons = nNeurons;
    this.weightRegularizerL1 = checkStrength('weightRegularizerL1', options.weightRegularizerL1);
    this.weightRegularizerL2 = checkStrength('weightRegularizerL2', options.weightRegularizerL2);
    this.biasRegularizerL1 = checkStrength('biasRegularizerL1', options.biasRegularizerL1);
    this.biasRegularizerL2 = checkStrength('biasRegularizerL2', options.biasRegularizerL2);
    const who = (this.label = `Dense(${nInputs}, ${nNeurons})`);
    this.weights = options.weights !== undefined ? initial(who, 'weights', options.weights, nInputs, nNeurons) : randomWeights(nInputs, nNeurons, options.rng ?? globalRng());
    this.biases = options.biases !== undefined ? initial(who, 'biases', options.biases, 1, nNeurons) : workMatrix(1, nNeurons);
    this.dweights = workMatrix(nInputs, nNeurons);
    this.dbiases = workMatrix(1, nNeurons);
  }

  forward(inputs: MatrixLike): Matrix {
    const x = toMatrix(inputs, 'Dense input');
    expectShape(this.label, 'input', x, -1, this.nInputs);
    checkNotEmpty(this.label, x.rows);
    this.inputs = x;
    const out = (this.output = reuse(this.output, x.rows, this.nNeurons));
    const k = kernels();
    k.gemm(false, false, x.rows, this.nNeurons, this.nInputs, x.data, this.weights.data, out.data, false);
    k.addRowVector(x.rows, this.nNeurons, out.data, this.biases.data, out.data);
    return out;
  }

  backward(dvalues: MatrixLike): Matrix {
    const d = this.parameterGradients(dvalues);
    const dinputs = (this.dinputs = reuse(this.dinputs, d.rows, this.nInputs));
    kernels().gemm(false, true, d.rows, this.nInputs, this.nNeurons, d.data, this.weights.data, dinputs.data, false);
    return dinputs;
  }

  /** dweights and dbiases (with the penalties) from dvalues, which it returns checked. */
  parameterGradients(dvalues: MatrixLike): Matrix {
    const x = this.inputs;
    if (x === undefined) throw new Error(`${this.label}: backward called before forward`);
    const d = toMatrix(dvalues, 'Dense dvalues');
    expectShape(this.label, 'dvalues', d, x.rows, this.nNeurons);
    const k = kernels();
    k.gemm(true, false, this.nInputs, this.nNeurons, x.rows, x.data, d.data, this.dweights.data, false);
    k.sumColumns(x.rows, this.nNeurons, d.data, this.dbiases.data);
    addRegularizationGradient(this.weights, this.dweights, this.weightRegularizerL1, this.weightRegularizerL2);
    addRegularizationGradient(this.biases, this.dbiases, this.biasRegularizerL1, this.biasRegularizerL2);
    return d;
  }
}

/** 0.01 · randn in float32, as nnfs does: randn is cast to float32, and so is the scalar 0.01. */
function randomWeights(nInputs: number, nNeurons: number, rng: RandomState): Matrix {
  const normal = rng.randn(nInputs, nNeurons);
  const scale = Math.fround(0.01);
  const weights = workMatrix(nInputs, nNeurons);
  for (let i = 0; i < normal.length; i++) weights.data[i] = scale * Math.fround(normal[i]!);
  return weights;
}

/** A copy of user-given initial values, checked for shape and finiteness. */
function initial(who: string, what: string, values: MatrixLike, rows: number, cols: number): Matrix {
  const m = toMatrix(values, `${who} ${what}`);
  expectShape(who, what, m, rows, cols);
  const index = m.data.findIndex((v) => !Number.isFinite(v));
  if (index >= 0) throw new RangeError(`${who}: ${what}[${index}] is ${m.data[index]}, expected a finite number`);
  const copy = workMatrix(rows, cols);
  copy.data.set(m.data);
  return copy;
}
