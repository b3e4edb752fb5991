/**
 * e^x on f32 vectors, within 1 ulp of the correctly rounded result on the whole f32 range
 * (test/kernels.test.ts measures it against Math.exp).
 *
 * Cody–Waite reduction: x = n·ln2 + r with n = round(x·log2 e) and |r| ≤ ln2/2, ln2 split in a
 * 9-bit high part (so n·LN2_HI is exact) and a low correction; e^r by the Cephes degree-6
 * polynomial; then e^x = e^r·2^n. n is rounded by adding 1.5·2^23, which leaves it, as an integer,
 * in the low mantissa bits: cheaper than f32x4.nearest plus a saturating conversion. 2^n is
 * applied as two halves 2^(n>>1)·2^(n-(n>>1)) so the first product is exact and the second rounds
 * once, giving subnormals, 0 and +Infinity correctly.
 */

// Read from memory once per call rather than written as v128.const: V8 rebuilds a vector constant
// at every use inside a loop, which tripled the cost of this one.
const CONSTANTS = memory.data<f32>([
  -104, // 0: below, e^x rounds to 0
  89, // 1: above, to +Infinity; the clamp keeps n inside the two-step scaling's range
  1.44269504088896341, // 2: log2 e
  12582912, // 3: 1.5·2^23
  0.693359375, // 4: ln2, high part
  -2.12194440e-4, // 5: ln2, low part
  1.9875691500e-4, // 6..11: the polynomial, highest degree first
  1.3981999507e-3,
  8.3334519073e-3,
  4.1665795894e-2,
  1.6666665459e-1,
  5.0000001201e-1,
  1, // 12
], 16);

/** Room for the last, partial vector of a call (kernels run on the main thread only, so one suffices). */
const TAIL = memory.data(16, 16);

/** out[i] = e^x[i] for i < n (out may be x). */
export function exp(n: i32, x: usize, out: usize): void {
  const bytes = <usize>n * 4;
  const whole = bytes & ~15;
  expVectors(x, out, whole);
  if (whole == bytes) return;
  v128.store(TAIL, f32x4.splat(0));
  memory.copy(TAIL, x + whole, bytes - whole);
  expVectors(TAIL, TAIL, 16);
  memory.copy(out + whole, TAIL, bytes - whole);
}

/** The vector loop over `bytes` (a multiple of 16) bytes. */
function expVectors(x: usize, out: usize, bytes: usize): void {
  const xMin = v128.load32_splat(CONSTANTS, 0);
  const xMax = v128.load32_splat(CONSTANTS, 4);
  const log2e = v128.load32_splat(CONSTANTS, 8);
  const shifter = v128.load32_splat(CONSTANTS, 12);
  const ln2Hi = v128.load32_splat(CONSTANTS, 16);
  const ln2Lo = v128.load32_splat(CONSTANTS, 20);
  const p6 = v128.load32_splat(CONSTANTS, 24);
  const p5 = v128.load32_splat(CONSTANTS, 28);
  const p4 = v128.load32_splat(CONSTANTS, 32);
  const p3 = v128.load32_splat(CONSTANTS, 36);
  const p2 = v128.load32_splat(CONSTANTS, 40);
  const p1 = v128.load32_splat(CONSTANTS, 44);
  const one = v128.load32_splat(CONSTANTS, 48);
  const bias = i32x4.splat(127);
  for (let at: usize = 0; at < bytes; at += 16) {
    // pmax/pmin keep x when a comparison with NaN fails, so NaN lanes stay NaN throughout.
    const v = f32x4.pmin(f32x4.pmax(v128.load(x + at), xMin), xMax);
    const shifted = f32x4.add(f32x4.mul(v, log2e), shifter);
    const k = f32x4.sub(shifted, shifter);
    const r = f32x4.sub(f32x4.sub(v, f32x4.mul(k, ln2Hi)), f32x4.mul(k, ln2Lo));
    let p = f32x4.add(f32x4.mul(p6, r), p5);
    p = f32x4.add(f32x4.mul(p, r), p4);
    p = f32x4.add(f32x4.mul(p, r), p3);
    p = f32x4.add(f32x4.mul(p, r), p2);
    p = f32x4.add(f32x4.mul(p, r), p1);
    p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), one);
    const ni = i32x4.sub(shifted, shifter);
    const half = i32x4.shr_s(ni, 1);
    const scale1 = i32x4.shl(i32x4.add(half, bias), 23);
    const scale2 = i32x4.shl(i32x4.add(i32x4.sub(ni, half), bias), 23);
    v128.store(out + at, f32x4.mul(f32x4.mul(p, scale1), scale2));
  }
}
