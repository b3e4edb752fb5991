/**
 * The nnfs package's vertical data set (`nnfs.datasets.vertical_data`), number for number after
 * `seed(0)` (book chapter 6, optimization by random search).
 *
 * Class c gets `samples` points (0.1·a_i + c/3, 0.1·b_i + 0.5), with a = randn(samples) then
 * b = randn(samples) per class. Under `nnfs.init()` randn returns float32, so every product and
 * sum here is a float32 operation (hence the `Math.fround` after each).
 *
 * X: (samples·classes)×2, y: class index per row.
 */
import { Matrix } from '../matrix.js';
import { globalRng } from '../random/global.js';
import type { RandomState } from '../random/random-state.js';
import { checkCounts } from './spiral.js';

const SPREAD = Math.fround(0.1);
const CENTER_Y = Math.fround(0.5);

export function verticalData(samples: number, classes: number, rng: RandomState = globalRng()): { X: Matrix; y: Int32Array } {
  checkCounts('verticalData', samples, classes);
  const X = new Matrix(samples * classes, 2);
  const y = new Int32Array(samples * classes);
  for (let c = 0; c < classes; c++) {
    const centerX = Math.fround(c / 3);
    const a = rng.randn(samples);
    const b = rng.randn(samples);
    for (let i = 0; i < samples; i++) {
      const row = c * samples + i;
      X.data[row * 2] = Math.fround(Math.fround(a[i]!) * SPREAD) + centerX;
      X.data[row * 2 + 1] = Math.fround(Math.fround(b[i]!) * SPREAD) + CENTER_Y;
      y[row] = c;
    }
  }
  return { X, y };
}
