import { Matrix, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import { startBackward, type Activation } from '../layers/layer.js';

/**
 * The identity (NNFS chapter 17, book: `Activation_Linear`), the output of a regression model.
 *
 * Forward:  output = z
 * Backward: dinputs = dvalues (the derivative of z is 1)
 */
export class Linear implements Activation {
  readonly kind = 'Linear';
  inputs?: Matrix;
  output?: Matrix;
  dinputs?: Matrix;

  forward(inputs: MatrixLike): Matrix {
    const x = (this.inputs = toMatrix(inputs, 'Linear input'));
    const out = (this.output = reuse(this.output, x.rows, x.cols));
    out.data.set(x.data);
    return out;
  }

  backward(dvalues: MatrixLike): Matrix {
    const { d, dinputs } = startBackward('Linear', this.inputs, dvalues, this.dinputs);
    this.dinputs = dinputs;
    dinputs.data.set(d.data);
    return dinputs;
  }

  predictions(outputs: MatrixLike): Matrix {
    return toMatrix(outputs, 'Linear predictions');
  }
}
