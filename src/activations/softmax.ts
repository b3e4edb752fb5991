import { kernels } from '../kernels/index.js';
import { Matrix, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import { startBackward, type Activation } from '../layers/layer.js';

/**
 * Softmax (NNFS chapters 4 and 9, book: `Activation_Softmax`): each row becomes a probability distribution.
 *
 * Forward:  s_j = e^(z_j − max z) / Σ_k e^(z_k − max z)   (subtracting the row max keeps e^x finite)
 * Backward, per sample, through the full Jacobian as the book teaches:
 *   ∂s_i/∂z_j = s_i·(δ_ij − s_j),  i.e.  J = diag(s) − s·sᵀ,  dinputs_row = J · dvalues_row
 * This costs O(n²) per sample; `SoftmaxCategoricalCrossentropy` has the fused O(n) backward
 * that training uses when softmax feeds cross-entropy.
 */
export class Softmax implements Activation {
  readonly kind = 'Softmax';
  inputs?: Matrix;
  output?: Matrix;
  dinputs?: Matrix;

  forward(inputs: MatrixLike): Matrix {
    const x = (this.inputs = toMatrix(inputs, 'Softmax input'));
    const out = (this.output = reuse(this.output, x.rows, x.cols));
    kernels().softmaxRows(x.rows, x.cols, x.data, out.data);
    return out;
  }

  backward(dvalues: MatrixLike): Matrix {
    const { kept: out, d, dinputs } = startBackward('Softmax', this.output, dvalues, this.dinputs);
    this.dinputs = dinputs;
    const n = out.cols;
    const s = out.data;
    const dv = d.data;
    const di = dinputs.data;
    for (let r = 0; r < out.rows; r++) {
      const o = r * n;
      for (let i = 0; i < n; i++) {
        // Row i of J·dvalues: Σ_j (s_i·δ_ij − s_i·s_j)·dvalues_j.
        const si = s[o + i]!;
        let acc = 0;
        for (let j = 0; j < n; j++) acc += ((i === j ? si : 0) - si * s[o + j]!) * dv[o + j]!;
        di[o + i] = acc;
      }
    }
    return dinputs;
  }

  /**
   * The most probable class of each row (book: `np.argmax(outputs, axis=1)`); ties go to the first.
   * Written into `out` when given (a training loop reuses one), else into a new array.
   */
  predictions(outputs: MatrixLike, out?: Int32Array): Int32Array {
    return argmaxRows(toMatrix(outputs, 'Softmax predictions'), out);
  }
}

/** Index of each row's largest value, the first one on ties, like `np.argmax(x, axis=1)`, into out. */
export function argmaxRows(m: Matrix, out: Int32Array = new Int32Array(m.rows)): Int32Array {
  for (let r = 0; r < m.rows; r++) {
    const o = r * m.cols;
    let best = 0;
    for (let j = 1; j < m.cols; j++) if (m.data[o + j]! > m.data[o + best]!) best = j;
    out[r] = best;
  }
  return out;
}
