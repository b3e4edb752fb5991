import type { Labels } from '../labels.js';
import type { Matrix } from '../matrix.js';

export type AccuracyKind = 'CategoricalAccuracy' | 'RegressionAccuracy';

/**
 * How a model scores its predictions (NNFS chapter 18, book: `Accuracy`): `compare` marks each
 * prediction right (1) or wrong (0); the accuracy is the mean of those marks.
 */
export interface Accuracy {
  readonly kind: AccuracyKind;
  /** Prepares for targets y (regression derives its precision from them); once unless `reinit`. */
  init(y: Labels, reinit?: boolean): void;
  /** Writes 1 for each right prediction and 0 for each wrong one into `out`; returns how many it wrote. */
  compare(predictions: Matrix | Int32Array, y: Labels, out: Uint8Array): number;
  /** The settings needed to rebuild it (for saved models). */
  config(): Record<string, number | boolean>;
}

/**
 * The mean of right answers, as a float64 like NumPy's mean of a boolean array. `marks` is room
 * for the marks (a training loop reuses one); a new array when omitted or too short.
 */
export function accuracyOf(accuracy: Accuracy, predictions: Matrix | Int32Array, y: Labels, marks?: Uint8Array): number {
  const count = predictions instanceof Int32Array ? predictions.length : predictions.size;
  if (marks === undefined || marks.length < count) marks = new Uint8Array(count);
  const n = accuracy.compare(predictions, y, marks);
  let right = 0;
  for (let i = 0; i < n; i++) right += marks[i]!;
  return right / n;
}
