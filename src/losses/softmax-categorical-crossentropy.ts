import { Softmax } from '../activations/softmax.js';
import { kernels } from '../kernels/index.js';
import { checkLabels, type Labels } from '../labels.js';
import type { TrainableLayer } from '../layers/layer.js';
import { regularizationLoss } from '../layers/regularization.js';
import { Matrix, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import { predictionsOf } from './loss.js';

/**
 * Softmax followed by categorical cross-entropy, with the fused backward (NNFS chapter 9, book:
 * `Activation_Softmax_Loss_CategoricalCrossentropy`).
 *
 * Chaining the two backwards (the Jacobian of softmax times −y/ŷ) collapses to
 *   ∂L/∂z = (ŷ − y) / N
 * which is exact, O(n) per sample instead of O(n²), and never divides by a tiny probability.
 * Shapes: logits N × classes in; `.output` holds the probabilities; labels as in CategoricalCrossentropy.
 */
export class SoftmaxCategoricalCrossentropy {
  readonly kind = 'SoftmaxCategoricalCrossentropy';
  readonly activation = new Softmax();
  readonly loss = new CategoricalCrossentropy();
  output?: Matrix;
  dinputs?: Matrix;

  /** Softmax of the logits (kept in `.output`), then the mean cross-entropy against yTrue. */
  forward(inputs: MatrixLike, yTrue: Labels): number {
    this.output = this.activation.forward(inputs);
    return this.loss.calculate(this.output, yTrue);
  }

  /** `dvalues` are the probabilities from forward (book convention); returns (ŷ − y) / N. */
  backward(dvalues: MatrixLike, yTrue: Labels): Matrix {
    const p = predictionsOf('SoftmaxCategoricalCrossentropy', dvalues);
    const labels = checkLabels('SoftmaxCategoricalCrossentropy', yTrue, p.rows, p.cols);
    const n = p.rows;
    const dinputs = (this.dinputs = reuse(this.dinputs, n, p.cols));
    if (labels.sparse) {
      kernels().softmaxCrossEntropyBackward(n, p.cols, p.data, labels.sparse, dinputs.data);
    } else {
      // The book turns one-hot labels into indices with argmax; subtracting y is the same for one-hot rows.
      const di = dinputs.data;
      const y = labels.oneHot.data;
      for (let k = 0; k < di.length; k++) di[k] = Math.fround(p.data[k]! - y[k]!) / n;
    }
    return dinputs;
  }

  /** The mean loss of probabilities already computed (for evaluation without a new forward). */
  calculate(yPred: MatrixLike, yTrue: Labels): number {
    return this.loss.calculate(toMatrix(yPred), yTrue);
  }

  regularizationLoss(layer: TrainableLayer): number {
    return regularizationLoss(layer);
  }
}
