import { ShapeError } from '../errors.js';
import type { Labels } from '../labels.js';
import { Matrix } from '../matrix.js';
import type { Accuracy } from './accuracy.js';

/**
 * Regression "accuracy" (NNFS chapter 17, book: `Accuracy_Regression`): a prediction is right
 * when it is within `precision` of its target, with precision = std(y) / 250 by default.
 */
export class RegressionAccuracy implements Accuracy {
  readonly kind = 'RegressionAccuracy';
  precision: number | undefined;
  /** Divides std(y) to give the precision (the book's 250). */
  readonly strictness: number;

  constructor({ precision, strictness = 250 }: { precision?: number; strictness?: number } = {}) {
    if (precision !== undefined && !(precision > 0)) throw new RangeError(`RegressionAccuracy: precision must be > 0, got ${precision}`);
    this.precision = precision;
    this.strictness = strictness;
  }

  init(y: Labels, reinit = false): void {
    if (this.precision !== undefined && !reinit) return;
    const values = targetValues(y);
    // np.std: the population standard deviation (ddof = 0).
    let mean = 0;
    for (let i = 0; i < values.length; i++) mean += values[i]!;
    mean /= values.length;
    let sq = 0;
    for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
    this.precision = Math.sqrt(sq / values.length) / this.strictness;
  }

  compare(predictions: Matrix | Int32Array, y: Labels, out: Uint8Array): number {
    if (!(predictions instanceof Matrix)) throw new TypeError('RegressionAccuracy: predictions must be a Matrix');
    if (this.precision === undefined) this.init(y);
    const targets = targetValues(y);
    if (targets.length !== predictions.size) throw new ShapeError(`RegressionAccuracy: ${targets.length} targets for ${predictions.size} predictions`);
    for (let i = 0; i < predictions.size; i++) out[i] = Math.abs(predictions.data[i]! - targets[i]!) < this.precision! ? 1 : 0;
    return predictions.size;
  }

  config(): Record<string, number> {
    return this.precision === undefined ? { strictness: this.strictness } : { precision: this.precision, strictness: this.strictness };
  }
}

function targetValues(y: Labels): ArrayLike<number> {
  if (y instanceof Matrix) return y.data;
  if (Array.isArray(y) && Array.isArray(y[0])) return (y as number[][]).flat();
  return y as ArrayLike<number>;
}
