import { kernels } from '../kernels/index.js';
import { Matrix, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import { startBackward, type Activation } from '../layers/layer.js';

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
    const { kept: x, d, dinputs } = startBackward('ReLU', this.inputs, dvalues, this.dinputs);
    this.dinputs = dinputs;
    kernels().reluBackward(x.size, d.data, x.data, dinputs.data);
    return dinputs;
  }

  /** ReLU outputs are the predictions themselves (regression). */
  predictions(outputs: MatrixLike): Matrix {
    return toMatrix(outputs, 'ReLU predictions');
  }
}
