/**
 * The nnfs package's spiral data set (`nnfs.datasets.spiral_data`, after Karpathy's cs231n case
 * study), number for number after `seed(0)` (book chapters 3 onwards).
 *
 * Class c (of `classes`) gets `samples` points i = 0 … samples−1 on an arm:
 *   r = linspace(0, 1)[i],  t = linspace(4c, 4(c+1))[i] + 0.2·n_i,  point = (r·sin 2.5t, r·cos 2.5t)
 * with n_i standard normal, one `randn(samples)` per class. Under `nnfs.init()` randn returns
 * float32 and `0.2·n` is a float32 product; t and the point are then float64, stored as float32.
 *
 * X: (samples·classes)×2, y: class index per row.
 */
import { Matrix } from '../matrix.js';
import { globalRng } from '../random/global.js';
import type { RandomState } from '../random/random-state.js';

const NOISE = Math.fround(0.2);

export function spiralData(samples: number, classes: number, rng: RandomState = globalRng()): { X: Matrix; y: Int32Array } {
  checkCounts('spiralData', samples, classes);
  const X = new Matrix(samples * classes, 2);
  const y = new Int32Array(samples * classes);
  const r = linspace(0, 1, samples);
  for (let c = 0; c < classes; c++) {
    const t0 = linspace(c * 4, (c + 1) * 4, samples);
    const noise = rng.randn(samples);
    for (let i = 0; i < samples; i++) {
      const row = c * samples + i;
      const t = t0[i]! + Math.fround(Math.fround(noise[i]!) * NOISE);
      X.data[row * 2] = r[i]! * Math.sin(t * 2.5);
      X.data[row * 2 + 1] = r[i]! * Math.cos(t * 2.5);
      y[row] = c;
    }
  }
  return { X, y };
}

/** Throws a RangeError unless both counts are positive integers (shared by the nnfs data sets). */
export function checkCounts(who: string, samples: number, classes: number): void {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`${who}: samples must be a positive integer, got ${samples}`);
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`${who}: classes must be a positive integer, got ${classes}`);
}

/** NumPy's `linspace(start, stop, num)` to the last bit: `i·step + start`, the last point exactly `stop`. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num).fill(start);
  if (num === 1) return out;
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num - 1; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}
