/**
 * Broadcasts, reductions and element-wise loops of the dense layer and ReLU, in place on buffers
 * of this memory. Flat loops run over whole vectors, so their buffers are padded to 16 bytes.
 */

/** x[i, j] += row[j] for an m×n x. */
export function addRowVector(m: i32, n: i32, x: usize, row: usize): void {
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * n * 4;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const at = xi + <usize>j * 4;
      v128.store(at, f32x4.add(v128.load(at), v128.load(row + <usize>j * 4)));
    }
    for (; j < n; j++) {
      const at = xi + <usize>j * 4;
      store<f32>(at, load<f32>(at) + load<f32>(row + <usize>j * 4));
    }
  }
}

/** out[j] = Σ_i x[i, j] for an m×n x, summing rows in order (the same roundings as the reference). */
export function sumColumns(m: i32, n: i32, x: usize, out: usize): void {
  memory.fill(out, 0, <usize>n * 4);
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * n * 4;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const at = out + <usize>j * 4;
      v128.store(at, f32x4.add(v128.load(at), v128.load(xi + <usize>j * 4)));
    }
    for (; j < n; j++) {
      const at = out + <usize>j * 4;
      store<f32>(at, load<f32>(at) + load<f32>(xi + <usize>j * 4));
    }
  }
}

/** x = x > 0 ? x : 0 in place (a mask, not f32x4.max, so NaN and −0 give +0 like the reference). */
export function relu(n: i32, x: usize): void {
  const zero = f32x4.splat(0);
  const end = x + <usize>n * 4;
  for (let at = x; at < end; at += 16) {
    const v = v128.load(at);
    v128.store(at, v128.and(v, f32x4.gt(v, zero)));
  }
}

/** dvalues = inputs > 0 ? dvalues : 0 in place. */
export function reluBackward(n: i32, dvalues: usize, inputs: usize): void {
  const zero = f32x4.splat(0);
  const end = <usize>n * 4;
  for (let off: usize = 0; off < end; off += 16) {
    v128.store(dvalues + off, v128.and(v128.load(dvalues + off), f32x4.gt(v128.load(inputs + off), zero)));
  }
}
