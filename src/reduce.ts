/**
 * NumPy's float32 reductions, reproduced so printed losses match NumPy to the last digit:
 * `np.sum` / `np.mean` on float32 data add pairwise in float32 (8 running partial sums over
 * blocks of up to 128 values, halves combined recursively), not left to right in float64.
 */
export function pairwiseSum32(x: ArrayLike<number>, start = 0, n = x.length - start): number {
  const f = Math.fround;
  if (n < 8) {
    let s = -0;
    for (let i = 0; i < n; i++) s = f(s + x[start + i]!);
    return s;
  }
  if (n <= 128) {
    let r0 = x[start]!, r1 = x[start + 1]!, r2 = x[start + 2]!, r3 = x[start + 3]!;
    let r4 = x[start + 4]!, r5 = x[start + 5]!, r6 = x[start + 6]!, r7 = x[start + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const o = start + i;
      r0 = f(r0 + x[o]!); r1 = f(r1 + x[o + 1]!); r2 = f(r2 + x[o + 2]!); r3 = f(r3 + x[o + 3]!);
      r4 = f(r4 + x[o + 4]!); r5 = f(r5 + x[o + 5]!); r6 = f(r6 + x[o + 6]!); r7 = f(r7 + x[o + 7]!);
    }
    let s = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) s = f(s + x[start + i]!);
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return Math.fround(pairwiseSum32(x, start, half) + pairwiseSum32(x, start + half, n - half));
}

/** `np.mean` of float32 data: the pairwise float32 sum divided by the count, in float32. */
export function mean32(x: ArrayLike<number>): number {
  return Math.fround(pairwiseSum32(x) / x.length);
}
