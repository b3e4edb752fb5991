import { ShapeError } from '../errors.js';
import { checkLabels, type Labels } from '../labels.js';
import { Matrix } from '../matrix.js';
import { argmaxRows } from '../activations/softmax.js';
import type { Accuracy } from './accuracy.js';

/**
 * Classification accuracy (NNFS chapter 18, book: `Accuracy_Categorical`): a prediction is right
 * when it equals the label. One-hot labels are turned into indices first; with `binary: true`
 * (sigmoid outputs) every output is compared with its own 0/1 target.
 */
export class CategoricalAccuracy implements Accuracy {
  readonly kind = 'CategoricalAccuracy';
  readonly binary: boolean;

  constructor({ binary = false }: { binary?: boolean } = {}) {
    this.binary = binary;
  }

  init(): void {}

  compare(predictions: Matrix | Int32Array, y: Labels, out: Uint8Array): number {
    if (this.binary) {
      if (!(predictions instanceof Matrix)) throw new TypeError('CategoricalAccuracy (binary): predictions must be a Matrix of 0/1 outputs');
      const targets = y instanceof Matrix ? y.data : Array.isArray(y) && Array.isArray(y[0]) ? (y as number[][]).flat() : (y as ArrayLike<number>);
      if (targets.length !== predictions.size) {
        throw new ShapeError(`CategoricalAccuracy (binary): ${targets.length} targets for ${predictions.size} outputs`);
      }
      for (let i = 0; i < predictions.size; i++) out[i] = predictions.data[i] === targets[i] ? 1 : 0;
      return predictions.size;
    }
    const classes = predictions instanceof Int32Array ? undefined : predictions.cols;
    const predicted = predictions instanceof Int32Array ? predictions : argmaxRows(predictions);
    const labels = y instanceof Matrix || (Array.isArray(y) && Array.isArray(y[0]))
      ? argmaxRows(y instanceof Matrix ? y : Matrix.from(y as number[][]))
      : checkLabels('CategoricalAccuracy', y, predicted.length, classes ?? Number.MAX_SAFE_INTEGER).sparse!;
    if (labels.length !== predicted.length) throw new ShapeError(`CategoricalAccuracy: ${labels.length} labels for ${predicted.length} predictions`);
    for (let i = 0; i < predicted.length; i++) out[i] = predicted[i] === labels[i] ? 1 : 0;
    return predicted.length;
  }

  config(): Record<string, boolean> {
    return { binary: this.binary };
  }
}
