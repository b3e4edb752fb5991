/**
 * Broadcasts, reductions and element-wise loops of the dense layer and ReLU. Each reads its inputs
 * and writes `out` (which may be an input) over exactly the given count: whole vectors, then the
 * remaining values one by one.
 */

/** out[i, j] = x[i, j] + row[j] for an m×n x. */
export function addRowVector(m: i32, n: i32, x: usize, row: usize, out: usize): void {
  const rowBytes = <usize>n * 4;
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * rowBytes;
    const oi = out + <usize>i * rowBytes;
    let j: usize = 0;
    for (; j + 16 <= rowBytes; j += 16) v128.store(oi + j, f32x4.add(v128.load(xi + j), v128.load(row + j)));
    for (; j < rowBytes; j += 4) store<f32>(oi + j, load<f32>(xi + j) + load<f32>(row + j));
  }
}

/** out[j] = Σ_i x[i, j] for an m×n x, summing rows in order (the same roundings as the reference). */
export function sumColumns(m: i32, n: i32, x: usize, out: usize): void {
  const rowBytes = <usize>n * 4;
  memory.fill(out, 0, rowBytes);
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * rowBytes;
    let j: usize = 0;
    for (; j + 16 <= rowBytes; j += 16) v128.store(out + j, f32x4.add(v128.load(out + j), v128.load(xi + j)));
    for (; j < rowBytes; j += 4) store<f32>(out + j, load<f32>(out + j) + load<f32>(xi + j));
  }
}

/** out = x > 0 ? x : 0 (a mask, not f32x4.max, so NaN and −0 give +0 like the reference). */
export function relu(n: i32, x: usize, out: usize): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n * 4;
  let at: usize = 0;
  for (; at + 16 <= bytes; at += 16) {
    const v = v128.load(x + at);
    v128.store(out + at, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; at < bytes; at += 4) {
    const v = load<f32>(x + at);
    store<f32>(out + at, v > 0 ? v : 0);
  }
}

/** out = inputs > 0 ? dvalues : 0. */
export function reluBackward(n: i32, dvalues: usize, inputs: usize, out: usize): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n * 4;
  let at: usize = 0;
  for (; at + 16 <= bytes; at += 16) {
    v128.store(out + at, v128.and(v128.load(dvalues + at), f32x4.gt(v128.load(inputs + at), zero)));
  }
  for (; at < bytes; at += 4) store<f32>(out + at, load<f32>(inputs + at) > 0 ? load<f32>(dvalues + at) : 0);
}
