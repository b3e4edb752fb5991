/**
 * Single-precision matrix product c = op(a)·op(b) (+ c), row-major, in the GotoBLAS shape:
 * the k×n operand is packed into NR-wide column strips and the m×k operand into MR-tall row
 * strips, so every transpose variant runs the same micro-kernel over contiguous memory.
 *
 * Loop nest (sizes): jc over n by NC → pc over k by KC (pack a KC×NC panel of op(b), ~1 MiB,
 * L2/L3) → ic over m by MC (pack an MC×KC block of op(a), 128 KiB, L2) → jr over the panel by NR
 * → ir over the block by MR → an MR×NR tile of c held in 8 f32x4 registers for KC steps.
 * Edge tiles are computed in full against zero padding and only their valid part is written.
 * Each step is a multiply then an add: a fused multiply-add exists only in relaxed SIMD, which
 * Node 20 keeps behind a flag.
 */

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

const packedA = memory.data(MC * KC * 4, 16);
const packedB = memory.data(KC * NC * 4, 16);
const edgeTile = memory.data(MR * NR * 4, 16);

/**
 * Writes the transpose of the 4×4 block at src (rows srcStride bytes apart) as 4 vectors
 * dstStride bytes apart: packing a row-major operand into strips is a run of these.
 */
// @ts-ignore: decorator
@inline
function transpose4x4(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + srcStride);
  const r2 = v128.load(src + 2 * srcStride);
  const r3 = v128.load(src + 3 * srcStride);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + dstStride, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/**
 * Packs `count` (≤ width) rows of a row-major matrix, `rowStride` bytes apart and read from
 * column 0 to kc, as the columns of a kc×width strip at dst; the strip's other columns are zero.
 */
function packRowsAsColumns(src: usize, rowStride: usize, count: i32, kc: i32, dst: usize, width: i32): void {
  const dstStride = <usize>width * 4;
  let p = 0;
  if (count == width) {
    for (; p + 4 <= kc; p += 4) {
      for (let q = 0; q < width; q += 4) {
        transpose4x4(src + <usize>q * rowStride + <usize>p * 4, rowStride, dst + (<usize>p * width + q) * 4, dstStride);
      }
    }
  }
  for (; p < kc; p++) {
    for (let q = 0; q < width; q++) {
      store<f32>(dst + (<usize>p * width + q) * 4, q < count ? load<f32>(src + <usize>q * rowStride + <usize>p * 4) : 0);
    }
  }
}

/**
 * Packs `count` (≤ width) contiguous values from each of kc rows (`rowStride` bytes apart) as the
 * rows of a kc×width strip at dst, zero-padded to the strip's width.
 */
function packRows(src: usize, rowStride: usize, count: i32, kc: i32, dst: usize, width: i32): void {
  const dstStride = <usize>width * 4;
  for (let p = 0; p < kc; p++) {
    const from = src + <usize>p * rowStride;
    const to = dst + <usize>p * dstStride;
    if (count == width) {
      for (let q = 0; q < width; q += 4) v128.store(to + <usize>q * 4, v128.load(from + <usize>q * 4));
    } else {
      for (let q = 0; q < width; q++) store<f32>(to + <usize>q * 4, q < count ? load<f32>(from + <usize>q * 4) : 0);
    }
  }
}

/**
 * Copies op(a)[ic .. ic+mc, pc .. pc+kc] into MR-row strips: strip s, step p holds the MR values
 * op(a)[ic + s·MR + r, pc + p] at packedA + (s·kc + p)·MR.
 */
function packA(transA: bool, a: usize, m: i32, k: i32, ic: i32, pc: i32, mc: i32, kc: i32): void {
  for (let s = 0; s < mc; s += MR) {
    const dst = packedA + <usize>(s * kc) * 4;
    if (transA) packRows(a + (<usize>pc * m + ic + s) * 4, <usize>m * 4, min(MR, mc - s), kc, dst, MR);
    else packRowsAsColumns(a + (<usize>(ic + s) * k + pc) * 4, <usize>k * 4, min(MR, mc - s), kc, dst, MR);
  }
}

/**
 * Copies op(b)[pc .. pc+kc, jc .. jc+nc] into NR-column strips: strip s, step p holds the NR values
 * op(b)[pc + p, jc + s·NR + q] at packedB + (s·kc + p)·NR.
 */
function packB(transB: bool, b: usize, n: i32, k: i32, pc: i32, jc: i32, kc: i32, nc: i32): void {
  for (let s = 0; s < nc; s += NR) {
    const dst = packedB + <usize>(s * kc) * 4;
    if (transB) packRowsAsColumns(b + (<usize>(jc + s) * k + pc) * 4, <usize>k * 4, min(NR, nc - s), kc, dst, NR);
    else packRows(b + (<usize>pc * n + jc + s) * 4, <usize>n * 4, min(NR, nc - s), kc, dst, NR);
  }
}

/** c[0..MR, 0..NR] (row stride ldc floats) = or += the product of one packed A strip and one packed B strip. */
// @ts-ignore: decorator
@inline
function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += MR * 4;
    pb += NR * 4;
  }
  const stride = <usize>ldc * 4;
  if (add) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + stride)); c11 = f32x4.add(c11, v128.load(c + stride, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * stride)); c21 = f32x4.add(c21, v128.load(c + 2 * stride, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * stride)); c31 = f32x4.add(c31, v128.load(c + 3 * stride, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + stride, c10); v128.store(c + stride, c11, 16);
  v128.store(c + 2 * stride, c20); v128.store(c + 2 * stride, c21, 16);
  v128.store(c + 3 * stride, c30); v128.store(c + 3 * stride, c31, 16);
}

/**
 * c = op(a)·op(b) (+ c when `accumulate`) with op(a) m×k, op(b) k×n, c m×n; a is stored k×m when
 * transA, b is stored n×k when transB. All pointers are byte addresses of f32 data in this memory.
 */
export function gemm(transA: bool, transB: bool, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, accumulate: bool): void {
  if (k == 0) {
    if (!accumulate) memory.fill(c, 0, <usize>(m * n) * 4);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // After the first k block, c already holds a partial sum.
      const add = accumulate || pc > 0;
      packB(transB, b, n, k, pc, jc, kc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(transA, a, m, k, ic, pc, mc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const pb = packedB + <usize>(jr * kc) * 4;
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const pa = packedA + <usize>(ir * kc) * 4;
            const rows = min(MR, mc - ir);
            const ct = c + (<usize>(ic + ir) * n + jc + jr) * 4;
            if (rows == MR && cols == NR) {
              microKernel(kc, pa, pb, ct, n, add);
            } else {
              microKernel(kc, pa, pb, edgeTile, NR, false);
              for (let r = 0; r < rows; r++) {
                for (let q = 0; q < cols; q++) {
                  const to = ct + (<usize>r * n + q) * 4;
                  const v = load<f32>(edgeTile + <usize>(r * NR + q) * 4);
                  store<f32>(to, add ? load<f32>(to) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}
