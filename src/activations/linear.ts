import { Matrix, expectShape, reuse, toMatrix, type MatrixLike } from '../matrix.js';
import type { Activation } from '../layers/layer.js';

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
    const x = this.inputs;
    if (x === undefined) throw new Error('Linear: backward called before forward');
    const d = toMatrix(dvalues, 'Linear dvalues');
    expectShape('Linear', 'dvalues', d, x.rows, x.cols);
    const dinputs = (this.dinputs = reuse(this.dinputs, x.rows, x.cols));
    dinputs.data.set(d.data);
    return dinputs;
  }

  predictions(outputs: MatrixLike): Matrix {
    return toMatrix(outputs, 'Linear predictions');
  }
}
