import type { Labels } from '../labels.js';
import { Matrix, reuse, type MatrixLike } from '../matrix.js';
import { clipProbability } from './categorical-crossentropy.js';
import { Loss, predictionsOf, rowMeans, targetsOf } from './loss.js';

/**
 * Binary cross-entropy (NNFS chapter 16, book: `Loss_BinaryCrossentropy`), for sigmoid outputs,
 * each output an independent yes/no.
 *
 * Forward, per sample:  L = mean_j −( y_j·log(ŷ_j) + (1 − y_j)·log(1 − ŷ_j) )   (ŷ clipped to [1e-7, 1 − 1e-7])
 * Backward:             ∂L/∂ŷ_j = −( y_j/ŷ_j − (1 − y_j)/(1 − ŷ_j) ) / outputs, divided by N
 * Shapes: ŷ and y are N × outputs (a flat array of N targets is accepted for one output).
 */
export class BinaryCrossentropy extends Loss {
  readonly kind = 'BinaryCrossentropy';
  private scratch = new Float32Array(0);

  forward(yPred: MatrixLike, yTrue: Labels): Float32Array {
    const p = predictionsOf('BinaryCrossentropy', yPred);
    const y = targetsOf('BinaryCrossentropy', yTrue, p.rows, p.cols).data;
    const f = Math.fround;
    if (this.scratch.length < p.cols) this.scratch = new Float32Array(p.cols);
    return rowMeans(p.rows, p.cols, (k) => {
      const c = clipProbability(p.data[k]!);
      return -f(f(y[k]! * f(Math.log(c))) + f(f(1 - y[k]!) * f(Math.log(f(1 - c)))));
    }, this.scratch, this.perSample(p.rows));
  }

  backward(dvalues: MatrixLike, yTrue: Labels): Matrix {
    const d = predictionsOf('BinaryCrossentropy', dvalues);
    const y = targetsOf('BinaryCrossentropy', yTrue, d.rows, d.cols).data;
    const dinputs = (this.dinputs = reuse(this.dinputs, d.rows, d.cols));
    const f = Math.fround;
    const n = d.rows;
    const outputs = d.cols;
    for (let k = 0; k < dinputs.data.length; k++) {
      const c = clipProbability(d.data[k]!);
      dinputs.data[k] = f(-f(f(y[k]! / c) - f(f(1 - y[k]!) / f(1 - c))) / outputs) / n;
    }
    return dinputs;
  }
}

