/**
 * Row-wise softmax, softmax(x)_ij = e^(x_ij − max_j x_ij) / Σ_j e^(x_ij − max_j x_ij), and the fused
 * softmax + categorical cross-entropy backward, (softmax − onehot(labels)) / m (NNFS ch. 4 and 9).
 * Both read an m×n row-major block and write `out`, which may be the same block.
 */
import { exp } from './exp';

/**
 * Max of the n values at row, skipping NaN like the reference's `x > max` (a NaN still turns its
 * whole row to NaN through exp and the sum). pmax and a compare-select are single instructions,
 * where f32x4.max and f32.max must also order NaN and −0.
 */
function rowMax(row: usize, n: i32): f32 {
  let result: f32 = -Infinity;
  let j = 0;
  if (n >= 4) {
    let v = f32x4.splat(-Infinity);
    for (; j + 4 <= n; j += 4) v = f32x4.pmax(v, v128.load(row + <usize>j * 4));
    // Lanes are −Infinity or numbers here, so the plain max is the same and reads better.
    result = max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  }
  for (; j < n; j++) {
    const e = load<f32>(row + <usize>j * 4);
    result = e > result ? e : result;
  }
  return result;
}

/** Sum of the n values at row. */
function rowSum(row: usize, n: i32): f32 {
  let result: f32 = 0;
  let j = 0;
  if (n >= 4) {
    let v = v128.load(row);
    for (j = 4; j + 4 <= n; j += 4) v = f32x4.add(v, v128.load(row + <usize>j * 4));
    result = f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
  }
  for (; j < n; j++) result += load<f32>(row + <usize>j * 4);
  return result;
}

/** to[j] = from[j] − s for the n values of a row. */
function subtractRow(from: usize, to: usize, n: i32, s: f32): void {
  const sv = f32x4.splat(s);
  const bytes = <usize>n * 4;
  let j: usize = 0;
  for (; j + 16 <= bytes; j += 16) v128.store(to + j, f32x4.sub(v128.load(from + j), sv));
  for (; j < bytes; j += 4) store<f32>(to + j, load<f32>(from + j) - s);
}

/** to[j] = from[j] / d for the n values of a row. */
function divideRow(from: usize, to: usize, n: i32, d: f32): void {
  const dv = f32x4.splat(d);
  const bytes = <usize>n * 4;
  let j: usize = 0;
  for (; j + 16 <= bytes; j += 16) v128.store(to + j, f32x4.div(v128.load(from + j), dv));
  for (; j < bytes; j += 4) store<f32>(to + j, load<f32>(from + j) / d);
}

export function softmaxRows(m: i32, n: i32, x: usize, out: usize): void {
  const rowBytes = <usize>n * 4;
  // Subtract each row's max so no exponent exceeds 0 (no overflow).
  for (let i = 0; i < m; i++) {
    const at = <usize>i * rowBytes;
    subtractRow(x + at, out + at, n, rowMax(x + at, n));
  }
  // One pass over the whole block keeps the exponentials vectorised even for 2 or 3 columns.
  exp(m * n, out, out);
  for (let i = 0; i < m; i++) {
    const row = out + <usize>i * rowBytes;
    divideRow(row, row, n, rowSum(row, n));
  }
}

/**
 * out[i, j] = (probs[i, j] − [j = labels[i]]) / m. Returns the first row whose label is outside
 * [0, n), before writing anything, or −1.
 */
export function softmaxCrossEntropyBackward(m: i32, n: i32, probs: usize, labels: usize, out: usize): i32 {
  for (let i = 0; i < m; i++) {
    if (<u32>load<i32>(labels + <usize>i * 4) >= <u32>n) return i;
  }
  const fm = <f32>m;
  const rowBytes = <usize>n * 4;
  for (let i = 0; i < m; i++) {
    const at = <usize>i * rowBytes;
    const label = <usize>load<i32>(labels + <usize>i * 4) * 4;
    // Rounded after the subtraction and after the division, as NumPy's float32 `-= 1` then `/ m`.
    const labelled = (load<f32>(probs + at + label) - 1) / fm;
    divideRow(probs + at, out + at, n, fm);
    store<f32>(out + at + label, labelled);
  }
  return -1;
}
