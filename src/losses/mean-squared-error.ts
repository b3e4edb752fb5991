import type { Labels } from '../labels.js';
import { Matrix, reuse, type MatrixLike } from '../matrix.js';
import { Loss, predictionsOf, rowMeans, targetsOf } from './loss.js';

/**
 * Mean squared error (NNFS chapter 17, book: `Loss_MeanSquaredError`), for regression.
 *
 * Forward, per sample:  L = mean_j (y_j − ŷ_j)²
 * Backward:             ∂L/∂ŷ_j = −2·(y_j − ŷ_j) / outputs, divided by N
 * Shapes: ŷ and y are N × outputs.
 */
export class MeanSquaredError extends Loss {
  readonly kind = 'MeanSquaredError';
  private scratch = new Float32Array(0);

  forward(yPred: MatrixLike, yTrue: Labels): Float32Array {
    const p = predictionsOf('MeanSquaredError', yPred);
    const y = targetsOf('MeanSquaredError', yTrue, p.rows, p.cols).data;
    if (this.scratch.length < p.cols) this.scratch = new Float32Array(p.cols);
    return rowMeans(p.rows, p.cols, (k) => {
      const e = Math.fround(y[k]! - p.data[k]!);
      return e * e;
    }, this.scratch, this.perSample(p.rows));
  }

  backward(dvalues: MatrixLike, yTrue: Labels): Matrix {
    const d = predictionsOf('MeanSquaredError', dvalues);
    const y = targetsOf('MeanSquaredError', yTrue, d.rows, d.cols).data;
    const dinputs = (this.dinputs = reuse(this.dinputs, d.rows, d.cols));
    const f = Math.fround;
    for (let k = 0; k < dinputs.data.length; k++) {
      dinputs.data[k] = f((-2 * f(y[k]! - d.data[k]!)) / d.cols) / d.rows;
    }
    return dinputs;
  }
}
