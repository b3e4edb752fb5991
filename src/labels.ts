import { ShapeError, shapeOf } from './errors.js';
import { Matrix } from './matrix.js';

/** Class labels as the API accepts them: class indices, or a one-hot matrix. */
export type Labels = Int32Array | Uint8Array | number[] | Matrix | number[][];

/** Labels checked against a batch: sparse class indices, or a one-hot (or soft) matrix. */
export type CheckedLabels = { sparse: Int32Array; oneHot?: undefined } | { sparse?: undefined; oneHot: Matrix };

/**
 * Validates labels for `rows` samples of `classes` classes, naming `who` in errors:
 * a count mismatch is a ShapeError, a non-integer or out-of-range label a RangeError with its index.
 */
export function checkLabels(who: string, yTrue: Labels, rows: number, classes: number): CheckedLabels {
  if (yTrue instanceof Matrix || (Array.isArray(yTrue) && Array.isArray(yTrue[0]))) {
    const m = yTrue instanceof Matrix ? yTrue : Matrix.from(yTrue as number[][]);
    if (m.rows !== rows || m.cols !== classes) {
      throw new ShapeError(`${who}: one-hot labels must be ${shapeOf(rows, classes)} like the predictions, got ${shapeOf(m.rows, m.cols)}`);
    }
    return { oneHot: m };
  }
  if (!(yTrue instanceof Int32Array || yTrue instanceof Uint8Array || Array.isArray(yTrue))) {
    throw new TypeError(`${who}: labels must be Int32Array, Uint8Array, number[] or a one-hot Matrix, got ${typeof yTrue}`);
  }
  if (yTrue.length !== rows) {
    throw new ShapeError(`${who}: got ${yTrue.length} labels for ${rows} samples`);
  }
  const sparse = yTrue instanceof Int32Array ? yTrue : new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const label = yTrue[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`${who}: label ${i} is ${label}, expected an integer class index in [0, ${classes - 1}]`);
    }
    sparse[i] = label;
  }
  return { sparse };
}

/** Throws a ShapeError unless a batch has at least one sample (an empty mean is NaN). */
export function checkNotEmpty(who: string, rows: number): void {
  if (rows === 0) throw new ShapeError(`${who}: the batch is empty (0 samples)`);
}
