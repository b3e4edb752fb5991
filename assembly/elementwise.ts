/**
 * Broadcasts, reductions and element-wise loops of the dense layer and ReLU. Each reads its inputs
 * and writes `out` (which may be an input) over exactly the given count: whole vectors, then the
 * remaining values one by one. Loops take 4 vectors per turn: each turn of a wasm loop also checks
 * for interrupts, which costs as much as the work of one vector.
 */

/** out[i, j] = x[i, j] + row[j] for an m×n x. */
export function addRowVector(m: i32, n: i32, x: usize, row: usize, out: usize): void {
  const rowBytes = <usize>n * 4;
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * rowBytes;
    const oi = out + <usize>i * rowBytes;
    let j: usize = 0;
    for (; j + 64 <= rowBytes; j += 64) {
      v128.store(oi + j, f32x4.add(v128.load(xi + j), v128.load(row + j)));
      v128.store(oi + j, f32x4.add(v128.load(xi + j, 16), v128.load(row + j, 16)), 16);
      v128.store(oi + j, f32x4.add(v128.load(xi + j, 32), v128.load(row + j, 32)), 32);
      v128.store(oi + j, f32x4.add(v128.load(xi + j, 48), v128.load(row + j, 48)), 48);
    }
    for (; j + 16 <= rowBytes; j += 16) v128.store(oi + j, f32x4.add(v128.load(xi + j), v128.load(row + j)));
    for (; j < rowBytes; j += 4) store<f32>(oi + j, load<f32>(xi + j) + load<f32>(row + j));
  }
}

/** out[j] = Σ_i x[i, j] for an m×n x, summing rows in order (the same roundings as the reference). */
export function sumColumns(m: i32, n: i32, x: usize, out: usize): void {
  const rowBytes = <usize>n * 4;
  let j: usize = 0;
  // Blocks of 4 columns' vectors, their sums held in registers down all m rows.
  for (; j + 64 <= rowBytes; j += 64) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let i = 0; i < m; i++) {
      const at = x + <usize>i * rowBytes + j;
      s0 = f32x4.add(s0, v128.load(at));
      s1 = f32x4.add(s1, v128.load(at, 16));
      s2 = f32x4.add(s2, v128.load(at, 32));
      s3 = f32x4.add(s3, v128.load(at, 48));
    }
    v128.store(out + j, s0);
    v128.store(out + j, s1, 16);
    v128.store(out + j, s2, 32);
    v128.store(out + j, s3, 48);
  }
  for (; j + 16 <= rowBytes; j += 16) {
    let s = f32x4.splat(0);
    for (let i = 0; i < m; i++) s = f32x4.add(s, v128.load(x + <usize>i * rowBytes + j));
    v128.store(out + j, s);
  }
  for (; j < rowBytes; j += 4) {
    let s: f32 = 0;
    for (let i = 0; i < m; i++) s += load<f32>(x + <usize>i * rowBytes + j);
    store<f32>(out + j, s);
  }
}

/** out = x > 0 ? x : 0 (a mask, not f32x4.max, so NaN and −0 give +0 like the reference). */
export function relu(n: i32, x: usize, out: usize): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n * 4;
  let at: usize = 0;
  for (; at + 64 <= bytes; at += 64) {
    const v0 = v128.load(x + at), v1 = v128.load(x + at, 16), v2 = v128.load(x + at, 32), v3 = v128.load(x + at, 48);
    v128.store(out + at, v128.and(v0, f32x4.gt(v0, zero)));
    v128.store(out + at, v128.and(v1, f32x4.gt(v1, zero)), 16);
    v128.store(out + at, v128.and(v2, f32x4.gt(v2, zero)), 32);
    v128.store(out + at, v128.and(v3, f32x4.gt(v3, zero)), 48);
  }
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
  for (; at + 64 <= bytes; at += 64) {
    const d = dvalues + at, z = inputs + at;
    const m0 = f32x4.gt(v128.load(z), zero), m1 = f32x4.gt(v128.load(z, 16), zero);
    const m2 = f32x4.gt(v128.load(z, 32), zero), m3 = f32x4.gt(v128.load(z, 48), zero);
    v128.store(out + at, v128.and(v128.load(d), m0));
    v128.store(out + at, v128.and(v128.load(d, 16), m1), 16);
    v128.store(out + at, v128.and(v128.load(d, 32), m2), 32);
    v128.store(out + at, v128.and(v128.load(d, 48), m3), 48);
  }
  for (; at + 16 <= bytes; at += 16) {
    v128.store(out + at, v128.and(v128.load(dvalues + at), f32x4.gt(v128.load(inputs + at), zero)));
  }
  for (; at < bytes; at += 4) store<f32>(out + at, load<f32>(inputs + at) > 0 ? load<f32>(dvalues + at) : 0);
}
