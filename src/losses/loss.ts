import { ShapeError, shapeOf } from '../errors.js';
import type { Labels } from '../labels.js';
import { checkNotEmpty } from '../labels.js';
import type { TrainableLayer } from '../layers/layer.js';
import { regularizationLoss } from '../layers/regularization.js';
import { Matrix, toMatrix, type MatrixLike } from '../matrix.js';
import { mean32, pairwiseSum32 } from '../reduce.js';

/** The names of the losses, for configuration and saved models. */
export type LossKind = 'CategoricalCrossentropy' | 'BinaryCrossentropy' | 'MeanSquaredError' | 'MeanAbsoluteError';

/**
 * What every loss shares (NNFS chapter 5, book: `Loss`): `forward` gives one loss per sample,
 * `calculate` their mean, `backward` the gradient of that mean with respect to the predictions
 * (hence the division by the number of samples in every backward).
 */
export abstract class Loss {
  abstract readonly kind: LossKind;
  dinputs?: Matrix;
  private losses = new Float32Array(0);

  /** One loss per sample, in the loss's own buffer, reused by the next call of the same batch size (like layers' outputs). */
  abstract forward(yPred: MatrixLike, yTrue: Labels): Float32Array;

  /** ∂(mean loss)/∂yPred, stored in and returned as `.dinputs`. */
  abstract backward(dvalues: MatrixLike, yTrue: Labels): Matrix;

  /** The mean loss over the batch, in float32 as NumPy's `np.mean` computes it. */
  calculate(yPred: MatrixLike, yTrue: Labels): number {
    return mean32(this.forward(yPred, yTrue));
  }

  /** The L1/L2 penalty of one layer (chapter 14). */
  regularizationLoss(layer: TrainableLayer): number {
    return regularizationLoss(layer);
  }

  /** The buffer `forward` returns, for a batch of `rows` samples. */
  protected perSample(rows: number): Float32Array {
    if (this.losses.length !== rows) this.losses = new Float32Array(rows);
    return this.losses;
  }
}

/** Predictions as a non-empty matrix, naming the loss in errors. */
export function predictionsOf(who: string, yPred: MatrixLike): Matrix {
  const m = toMatrix(yPred, `${who} predictions`);
  checkNotEmpty(who, m.rows);
  return m;
}

/**
 * Targets shaped like the predictions (rows × cols) for binary and regression losses.
 * A flat array or typed array is accepted when there is one output per sample (the book's `y.reshape(-1, 1)`).
 */
export function targetsOf(who: string, yTrue: Labels, rows: number, cols: number): Matrix {
  let m: Matrix;
  if (yTrue instanceof Matrix) m = yTrue;
  else if (Array.isArray(yTrue) && Array.isArray(yTrue[0])) m = Matrix.from(yTrue as number[][]);
  else if (Array.isArray(yTrue) || ArrayBuffer.isView(yTrue)) {
    const flat = yTrue as ArrayLike<number>;
    if (cols !== 1) throw new ShapeError(`${who}: targets must be a ${shapeOf(rows, cols)} matrix like the predictions, got a flat array of ${flat.length}`);
    m = new Matrix(flat.length, 1, Float32Array.from(flat));
  } else {
    throw new TypeError(`${who}: targets must be a Matrix or number[][], got ${typeof yTrue}`);
  }
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(`${who}: targets must be ${shapeOf(rows, cols)} like the predictions, got ${shapeOf(m.rows, m.cols)}`);
  }
  return m;
}

/** Per-row float32 means of an N × n matrix (NumPy's `np.mean(x, axis=-1)`) into out, from a per-element function. */
export function rowMeans(rows: number, cols: number, element: (index: number) => number, scratch: Float32Array, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) scratch[j] = element(r * cols + j);
    out[r] = Math.fround(pairwiseSum32(scratch, 0, cols) / cols);
  }
  return out;
}
