import { checkLabels, type Labels } from '../labels.js';
import { Matrix, reuse, type MatrixLike } from '../matrix.js';
import { Loss, predictionsOf } from './loss.js';

/** Predictions are clipped to [1e-7, 1 − 1e-7] in float32, as the book does, so log never sees 0. */
export const CLIP_LOW = Math.fround(1e-7);
export const CLIP_HIGH = Math.fround(1 - 1e-7);

/**
 * Categorical cross-entropy (NNFS chapters 5 and 9, book: `Loss_CategoricalCrossentropy`).
 *
 * Forward, per sample:  L = −Σ_j y_j · log(ŷ_j) = −log(ŷ_correct)   (ŷ clipped to [1e-7, 1 − 1e-7])
 * Backward:             ∂L/∂ŷ_j = −y_j / ŷ_j, divided by the number of samples N (the mean)
 * Shapes: ŷ is N × classes; labels are N class indices, or an N × classes one-hot matrix.
 */
export class CategoricalCrossentropy extends Loss {
  readonly kind = 'CategoricalCrossentropy';

  forward(yPred: MatrixLike, yTrue: Labels): Float32Array {
    const p = predictionsOf('CategoricalCrossentropy', yPred);
    const labels = checkLabels('CategoricalCrossentropy', yTrue, p.rows, p.cols);
    const out = this.perSample(p.rows);
    for (let i = 0; i < p.rows; i++) {
      let confidence: number;
      if (labels.sparse) {
        confidence = clipProbability(p.data[i * p.cols + labels.sparse[i]!]!);
      } else {
        confidence = 0;
        for (let j = 0; j < p.cols; j++) confidence = Math.fround(confidence + Math.fround(clipProbability(p.data[i * p.cols + j]!) * labels.oneHot.data[i * p.cols + j]!));
      }
      out[i] = -Math.log(confidence);
    }
    return out;
  }

  backward(dvalues: MatrixLike, yTrue: Labels): Matrix {
    const d = predictionsOf('CategoricalCrossentropy', dvalues);
    const labels = checkLabels('CategoricalCrossentropy', yTrue, d.rows, d.cols);
    const n = d.rows;
    const dinputs = (this.dinputs = reuse(this.dinputs, n, d.cols));
    const di = dinputs.data;
    if (labels.sparse) {
      di.fill(0);
      for (let i = 0; i < n; i++) {
        const k = i * d.cols + labels.sparse[i]!;
        di[k] = -1 / d.data[k]! / n;
      }
    } else {
      const y = labels.oneHot.data;
      for (let k = 0; k < di.length; k++) di[k] = -y[k]! / d.data[k]! / n;
    }
    return dinputs;
  }
}

/** Clips a probability to [1e-7, 1 − 1e-7] (float32 bounds). */
export function clipProbability(p: number): number {
  return p < CLIP_LOW ? CLIP_LOW : p > CLIP_HIGH ? CLIP_HIGH : p;
}
