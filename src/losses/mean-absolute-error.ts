import type { Labels } from '../labels.js';
import { Matrix, reuse, type MatrixLike } from '../matrix.js';
import { Loss, predictionsOf, rowMeans, targetsOf } from './loss.js';

/**
 * Mean absolute error (NNFS chapter 17, book: `Loss_MeanAbsoluteError`), for regression.
 *
 * Forward, per sample:  L = mean_j |y_j − ŷ_j|
 * Backward:             ∂L/∂ŷ_j = sign(ŷ_j − y_j) / outputs, divided by N
 *
 * Note the sign: the book's code computes `np.sign(y_true - dvalues)`, the gradient with respect to
 * y_true, which points the wrong way and makes gradient descent climb the loss. Since
 * ∂|y − ŷ|/∂ŷ = −sign(y − ŷ), we use sign(ŷ − y); a finite-difference check confirms it.
 */
export class MeanAbsoluteError extends Loss {
  readonly kind = 'MeanAbsoluteError';
  private scratch = new Float32Array(0);

  forward(yPred: MatrixLike, yTrue: Labels): Float32Array {
    const p = predictionsOf('MeanAbsoluteError', yPred);
    const y = targetsOf('MeanAbsoluteError', yTrue, p.rows, p.cols).data;
    if (this.scratch.length < p.cols) this.scratch = new Float32Array(p.cols);
    return rowMeans(p.rows, p.cols, (k) => Math.abs(y[k]! - p.data[k]!), this.scratch, this.perSample(p.rows));
  }

  backward(dvalues: MatrixLike, yTrue: Labels): Matrix {
    const d = predictionsOf('MeanAbsoluteError', dvalues);
    const y = targetsOf('MeanAbsoluteError', yTrue, d.rows, d.cols).data;
    const dinputs = (this.dinputs = reuse(this.dinputs, d.rows, d.cols));
    for (let k = 0; k < dinputs.data.length; k++) {
      dinputs.data[k] = Math.fround(Math.sign(d.data[k]! - y[k]!) / d.cols) / d.rows;
    }
    return dinputs;
  }
}
