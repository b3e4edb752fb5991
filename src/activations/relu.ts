import { kernels } from '../kernels/index.js';
import { Matrix, expectShape, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import type { Activation } from '../layers/layer.js';

/**
 * Rectified linear unit (NNFS chapters 4 and 9, book: `Activation_ReLU`).
 *
 * Forward:  output = max(0, z)
 * Backward: dinputs = dvalues · relu'(z), with relu'(z) = 1 if z > 0 else 0
 * Shapes: any N × n in, the same out.
 */
export class ReLU implements Activation {
  readonly kind = 'ReLU';
  inputs?: Matrix;
  output?: Matrix;
  dinputs?: Matrix;

  forward(inputs: MatrixLike): Matrix {
    const x = (this.inputs = toMatrix(inputs, 'ReLU input'));
    const out = (this.output = reuse(this.output, x.rows, x.cols));
    kernels().relu(x.size, x.data, out.data);
    return out;
  }

  backward(dvalues: MatrixLike): Matrix {
    const x = this.inputs;
    if (x === undefined) throw new Error('ReLU: backward called before forward');
    const d = toMatrix(dvalues, 'ReLU dvalues');
    expectShape('ReLU', 'dvalues', d, x.rows, x.cols);
    const dinputs = (this.dinputs = reuse(this.dinputs, x.rows, x.cols));
    kernels().reluBackward(x.size, d.data, x.data, dinputs.data);
    return dinputs;
  }

  /** ReLU outputs are the predictions themselves (regression). */
  predictions(outputs: MatrixLike): Matrix {
    return toMatrix(outputs, 'ReLU predictions');
  }
}
