/**
 * The small interface every numeric hot loop goes through. Layers, activations, losses and
 * optimizers call these; a faster backend (WebAssembly SIMD) replaces the plain TypeScript one
 * without touching them. All arrays are row-major Float32Arrays; sizes are passed explicitly,
 * BLAS-style, so views (subarray) work and nothing is allocated per call. Any Float32Array works
 * with any backend; those from `allocate` work fastest with the backend that made them.
 */
export interface Kernels {
  readonly name: string;
  /**
   * A zero-filled Float32Array of `count` values placed where this backend computes without copies
   * (the WebAssembly one: in its memory). Layers, losses and optimizers allocate their buffers here.
   */
  allocate(count: number): Float32Array;
  /**
   * c = op(a)·op(b) (+ c when `accumulate`), with op(x) = xᵀ when its flag is set.
   * op(a) is m×k, op(b) is k×n, c is m×n. With transA, a is stored k×m; with transB, b is stored n×k.
   * No transpose is ever materialised.
   */
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: Float32Array, b: Float32Array, c: Float32Array, accumulate: boolean,
  ): void;
  /** out[i, j] = x[i, j] + row[j] for an m×n x (out may be x). */
  addRowVector(m: number, n: number, x: Float32Array, row: Float32Array, out: Float32Array): void;
  /** out[j] = Σ_i x[i, j] for an m×n x. */
  sumColumns(m: number, n: number, x: Float32Array, out: Float32Array): void;
  /** out = max(x, 0) over n values. */
  relu(n: number, x: Float32Array, out: Float32Array): void;
  /** out = dvalues where inputs > 0, else 0 (relu' = 1 if z > 0 else 0). */
  reluBackward(n: number, dvalues: Float32Array, inputs: Float32Array, out: Float32Array): void;
  /** out = e^x over n values (out may be x). */
  exp(n: number, x: Float32Array, out: Float32Array): void;
  /** Row-wise softmax of an m×n x, subtracting each row's max first so exp never overflows. */
  softmaxRows(m: number, n: number, x: Float32Array, out: Float32Array): void;
  /**
   * The fused softmax + categorical cross-entropy gradient with respect to the logits, for an m×n
   * probs: out[i, j] = (probs[i, j] − [j = labels[i]]) / m (out may be probs), rounded to float32
   * after the subtraction and after the division, as NumPy computes it. Throws a RangeError,
   * before writing anything, when a label is outside [0, n).
   */
  softmaxCrossEntropyBackward(m: number, n: number, probs: Float32Array, labels: Int32Array, out: Float32Array): void;

  // The optimizers' rules (NNFS chapter 10) over n parameters, in place with their state. Scalars
  // are float32 values; every operation rounds to float32, as NumPy does on the book's arrays.

  /** param += negLr·grad. */
  sgdUpdate(n: number, param: Float32Array, grad: Float32Array, negLr: number): void;
  /** u = mu·u − lr·grad; param += u (u: momentums). */
  momentumUpdate(n: number, param: Float32Array, grad: Float32Array, momentums: Float32Array, mu: number, lr: number): void;
  /** c = rho·c + oneMinusRho·grad²; param += negLr·grad / (√c + eps) (c: cache; Adagrad is rho = oneMinusRho = 1). */
  rmspropUpdate(
    n: number, param: Float32Array, grad: Float32Array, cache: Float32Array,
    rho: number, oneMinusRho: number, negLr: number, eps: number,
  ): void;
  /** m = b1·m + oneMinusB1·grad; v = b2·v + oneMinusB2·grad²; param += negLr·(m / correction1) / (√(v / correction2) + eps). */
  adamUpdate(
    n: number, param: Float32Array, grad: Float32Array, momentums: Float32Array, cache: Float32Array,
    b1: number, oneMinusB1: number, b2: number, oneMinusB2: number, correction1: number, correction2: number, negLr: number, eps: number,
  ): void;
}

/** The error both backends throw for a class label outside [0, n). */
export function labelRangeError(row: number, label: number, n: number): RangeError {
  return new RangeError(`label ${label} of sample ${row} is outside [0, ${n})`);
}
