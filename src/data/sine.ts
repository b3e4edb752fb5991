/**
 * The nnfs package's sine data set (`nnfs.datasets.sine_data`, book chapter 17, regression):
 * x_i = i / samples for i = 0 … samples−1 and y_i = sin(2π·x_i), computed in float64 and stored
 * as float32. No randomness.
 *
 * X and y: samples×1.
 */
import { Matrix } from '../matrix.js';

export function sineData(samples = 1000): { X: Matrix; y: Matrix } {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`sineData: samples must be a positive integer, got ${samples}`);
  const X = new Matrix(samples, 1);
  const y = new Matrix(samples, 1);
  for (let i = 0; i < samples; i++) {
    const x = i / samples;
    X.data[i] = x;
    y.data[i] = Math.sin(2 * Math.PI * x);
  }
  return { X, y };
}
