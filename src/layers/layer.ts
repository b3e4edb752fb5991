import { expectShape, reuse, toMatrix, type Matrix, type MatrixLike } from '../matrix.js';

/**
 * What every layer and activation has (book: the same fields on every class, so the backward chain
 * reads the same everywhere). `forward` stores and returns `.output`; `backward` stores and returns
 * `.dinputs`. Both return the component's own buffer, reused by the next call of the same shape:
 * `clone()` a result to keep it past the next call.
 */
export interface Layer {
  /** A short kind name used in messages, summaries and saved files ("Dense", "ReLU", ...). */
  readonly kind: string;
  inputs?: Matrix;
  output?: Matrix;
  dinputs?: Matrix;
  forward(inputs: MatrixLike, training?: boolean): Matrix;
  backward(dvalues: MatrixLike): Matrix;
}

/** Regularisation strengths of a trainable layer (book: `weight_regularizer_l1`, ...). */
export interface Regularizers {
  weightRegularizerL1: number;
  weightRegularizerL2: number;
  biasRegularizerL1: number;
  biasRegularizerL2: number;
}

/** A layer with parameters an optimizer updates (book: a layer with `weights` and `biases`). */
export interface TrainableLayer extends Layer, Regularizers {
  weights: Matrix;
  biases: Matrix;
  dweights: Matrix;
  dbiases: Matrix;
}

export function isTrainable(layer: Layer): layer is TrainableLayer {
  return 'weights' in layer && 'biases' in layer;
}

/** An activation also turns its outputs into predictions (book: `predictions`). */
export interface Activation extends Layer {
  predictions(outputs: MatrixLike): Matrix | Int32Array;
}

/**
 * What every element-wise backward starts with: the matrix its forward kept (inputs or output),
 * dvalues checked to have that shape, and the dinputs buffer to fill (the previous one when it fits).
 */
export function startBackward(who: string, kept: Matrix | undefined, dvalues: MatrixLike, previous: Matrix | undefined): { kept: Matrix; d: Matrix; dinputs: Matrix } {
  if (kept === undefined) throw new Error(`${who}: backward called before forward`);
  const d = toMatrix(dvalues, `${who} dvalues`);
  expectShape(who, 'dvalues', d, kept.rows, kept.cols);
  return { kept, d, dinputs: reuse(previous, kept.rows, kept.cols) };
}
