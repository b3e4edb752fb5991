import { Matrix, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import { startBackward, type Activation } from '../layers/layer.js';

/**
 * The logistic function (NNFS chapter 16, book: `Activation_Sigmoid`), for binary outputs.
 *
 * Forward:  σ(z) = 1 / (1 + e^(−z))
 * Backward: dinputs = dvalues · σ(z) · (1 − σ(z))
 * Computed as e^z / (1 + e^z) for negative z so that e^(−z) never overflows (|z| > 100 is fine).
 */
export class Sigmoid implements Activation {
  readonly kind = 'Sigmoid';
  inputs?: Matrix;
  output?: Matrix;
  dinputs?: Matrix;

  forward(inputs: MatrixLike): Matrix {
    const x = (this.inputs = toMatrix(inputs, 'Sigmoid input'));
    const out = (this.output = reuse(this.output, x.rows, x.cols));
    const xd = x.data;
    const od = out.data;
    for (let i = 0; i < xd.length; i++) {
      const z = xd[i]!;
      if (z >= 0) {
        od[i] = 1 / (1 + Math.exp(-z));
      } else {
        const e = Math.exp(z);
        od[i] = e / (1 + e);
      }
    }
    return out;
  }

  backward(dvalues: MatrixLike): Matrix {
    const { kept: out, d, dinputs } = startBackward('Sigmoid', this.output, dvalues, this.dinputs);
    this.dinputs = dinputs;
    const od = out.data;
    const dd = d.data;
    const di = dinputs.data;
    // Float32 at each product, in the book's order: dvalues · (1 − output) · output.
    for (let i = 0; i < od.length; i++) di[i] = Math.fround(dd[i]! * Math.fround(1 - od[i]!)) * od[i]!;
    return dinputs;
  }

  /** Class 1 where σ(z) > 0.5, else 0 (book: `(outputs > 0.5) * 1`). */
  predictions(outputs: MatrixLike): Matrix {
    const o = toMatrix(outputs, 'Sigmoid predictions');
    const p = new Matrix(o.rows, o.cols);
    for (let i = 0; i < o.data.length; i++) p.data[i] = o.data[i]! > 0.5 ? 1 : 0;
    return p;
  }
}
