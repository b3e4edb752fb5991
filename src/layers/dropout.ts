import { Matrix, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import { globalRng } from '../random/global.js';
import type { RandomState } from '../random/random-state.js';
import { startBackward, type Layer } from './layer.js';

/**
 * Dropout (NNFS chapter 15, book: `Layer_Dropout`): in training, each input is kept with
 * probability q = 1 − rate and scaled by 1/q so the expected sum is unchanged.
 *
 * Forward:  output = inputs · mask,  mask = binomial(1, q) / q   (drawn only when training)
 * Backward: dinputs = dvalues · mask  (the same mask: a product's local derivative is the other factor)
 * Outside training the layer is the identity, forward and backward.
 */
export class Dropout implements Layer {
  readonly kind = 'Dropout';
  /** The fraction of inputs dropped (the book keeps 1 − rate in `self.rate`). */
  readonly rate: number;
  private readonly rng: RandomState | undefined;
  /** The binomial draws of the last training forward (1 = kept), reused from step to step. */
  mask?: Int32Array;
  /** Whether the last forward applied the mask (training) or passed inputs through. */
  private masked = false;
  inputs?: Matrix;
  output?: Matrix;
  dinputs?: Matrix;

  constructor(rate: number, options: { rng?: RandomState } = {}) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new RangeError(`Dropout: rate (the fraction dropped) must be in [0, 1), got ${rate}`);
    }
    this.rate = rate;
    this.rng = options.rng;
  }

  forward(inputs: MatrixLike, training = false): Matrix {
    const x = toMatrix(inputs, 'Dropout input');
    this.inputs = x;
    const out = (this.output = reuse(this.output, x.rows, x.cols));
    if (!training) {
      this.masked = false;
      out.data.set(x.data);
      return out;
    }
    const keep = 1 - this.rate;
    if (this.mask === undefined || this.mask.length !== x.size) this.mask = new Int32Array(x.size);
    (this.rng ?? globalRng()).binomialInto(1, keep, this.mask);
    applyMask(x.data, this.mask, 1 / keep, out.data);
    this.masked = true;
    return out;
  }

  backward(dvalues: MatrixLike): Matrix {
    const { d, dinputs } = startBackward(`Dropout(${this.rate})`, this.inputs, dvalues, this.dinputs);
    this.dinputs = dinputs;
    if (this.masked) applyMask(d.data, this.mask!, 1 / (1 - this.rate), dinputs.data);
    else dinputs.data.set(d.data);
    return dinputs;
  }
}

/** out = x · mask / q, computed as NumPy does: the float64 mask times float32 data, rounded to float32. */
function applyMask(x: Float32Array, mask: Int32Array, scale: number, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = mask[i] ? x[i]! * scale : 0;
}
