/**
 * Single-precision matrix product c = op(a)·op(b) (+ c), row-major with leading dimensions
 * (lda, ldb, ldc: values between the starts of consecutive stored rows), in the GotoBLAS shape:
 * the k×n operand is packed into NR-wide column strips and the m×k operand into MR-tall row
 * strips, so every transpose variant runs the same micro-kernel over contiguous memory.
 *
 * Loop nest (sizes): jc over n by NC → pc over k by KC (pack a KC×NC panel of op(b), ~1 MiB,
 * L2/L3) → ic over m by MC (pack an MC×KC block of op(a), 128 KiB, L2) → jr over the panel by NR
 * → ir over the block by MR → an MR×NR tile of c held in 8 f32x4 registers for KC steps.
 * Small products (a layer of a few thousand weights) take a direct path instead: no blocking,
 * op(a) read where it lies, and 4×4 tiles when n ≤ 4, so no lanes go to columns that do not exist.
 * Edge tiles are computed in full (against zero padding, or repeating the last row) and only
 * their valid part is written. Each step is a multiply then an add, k in order (a fused
 * multiply-add exists only in relaxed SIMD, which Node 20 keeps behind a flag).
 *
 * The packing buffers live at `work`, which the caller provides (gemmWorkBytes() bytes, 16-byte
 * aligned), so threads sharing this memory each pack into their own.
 */

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;
/**
 * Products of at most this many multiply-adds take the direct path, and narrow ones (n ≤ 4)
 * always do: measured, it wins up to 80³ (and by 1.6–2.4× on the chapter-10 shapes), the
 * blocked path from 100³.
 */
const DIRECT_MAX: i64 = 1 << 19;

const PACKED_B: usize = <usize>(MC * KC) * 4;
const EDGE_TILE: usize = PACKED_B + <usize>(KC * NC) * 4;

/** Bytes of packing space one gemm call needs at its `work` pointer. */
export function gemmWorkBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

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
function packA(transA: bool, a: usize, lda: i32, ic: i32, pc: i32, mc: i32, kc: i32, packedA: usize): void {
  const stride = <usize>lda * 4;
  for (let s = 0; s < mc; s += MR) {
    const dst = packedA + <usize>(s * kc) * 4;
    if (transA) packRows(a + (<usize>pc * lda + ic + s) * 4, stride, min(MR, mc - s), kc, dst, MR);
    else packRowsAsColumns(a + (<usize>(ic + s) * lda + pc) * 4, stride, min(MR, mc - s), kc, dst, MR);
  }
}

/**
 * Copies op(b)[pc .. pc+kc, jc .. jc+nc] into `width`-column strips: strip s, step p holds the
 * width values op(b)[pc + p, jc + s·width + q] at packedB + (s·kc + p)·width.
 */
function packB(transB: bool, b: usize, ldb: i32, pc: i32, jc: i32, kc: i32, nc: i32, packedB: usize, width: i32): void {
  const stride = <usize>ldb * 4;
  for (let s = 0; s < nc; s += width) {
    const dst = packedB + <usize>(s * kc) * 4;
    if (transB) packRowsAsColumns(b + (<usize>(jc + s) * ldb + pc) * 4, stride, min(width, nc - s), kc, dst, width);
    else packRows(b + (<usize>pc * ldb + jc + s) * 4, stride, min(width, nc - s), kc, dst, width);
  }
}

/** Writes (or, with `add`, adds) a 4×8 tile of accumulators to c[0..4, 0..8], rows ldc values apart. */
// @ts-ignore: decorator
@inline
function storeTile4x8(c: usize, ldc: i32, add: bool, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
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
 * c[0..4, 0..8] (row stride ldc values) = or += Σ_p op(a)[r, p]·op(b)[p, 0..8] over kc steps.
 * Row r of op(a) is read from a_r, which moves aStep bytes per step (op(a) or op(a)ᵀ where it
 * lies, on the direct path); the 8 values of op(b) lie at b, which moves bStep bytes.
 */
// @ts-ignore: decorator
@inline
function kernel4x8(kc: i32, a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, b: usize, bStep: usize, c: usize, ldc: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a0);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a1);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep;
    b += bStep;
  }
  storeTile4x8(c, ldc, add, c00, c01, c10, c11, c20, c21, c30, c31);
}

/**
 * kernel4x8 on packed strips, where the 4 values of op(a) for a step lie side by side: read at
 * fixed offsets from one pointer, which leaves V8 registers enough to spill nothing (7% faster).
 */
// @ts-ignore: decorator
@inline
function kernelPacked(kc: i32, a: usize, b: usize, c: usize, ldc: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = a + <usize>kc * MR * 4;
  while (a < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    a += MR * 4;
    b += NR * 4;
  }
  storeTile4x8(c, ldc, add, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** kernel4x8's narrow sibling, for n ≤ 4: c[0..4, 0..4]. */
// @ts-ignore: decorator
@inline
function kernel4x4(kc: i32, a0: usize, a1: usize, a2: usize, a3: usize, aStep: usize, b: usize, bStep: usize, c: usize, ldc: i32, add: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const x = v128.load(b);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a0), x));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a1), x));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a2), x));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a3), x));
    a0 += aStep; a1 += aStep; a2 += aStep; a3 += aStep;
    b += bStep;
  }
  const stride = <usize>ldc * 4;
  if (add) {
    c0 = f32x4.add(c0, v128.load(c)); c1 = f32x4.add(c1, v128.load(c + stride));
    c2 = f32x4.add(c2, v128.load(c + 2 * stride)); c3 = f32x4.add(c3, v128.load(c + 3 * stride));
  }
  v128.store(c, c0); v128.store(c + stride, c1); v128.store(c + 2 * stride, c2); v128.store(c + 3 * stride, c3);
}

/** Writes (or adds) the valid rows × cols of a tile computed into `tile` (row stride `width`). */
function storeEdge(tile: usize, width: i32, rows: i32, cols: i32, c: usize, ldc: i32, add: bool): void {
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const to = c + (<usize>r * ldc + q) * 4;
      const v = load<f32>(tile + <usize>(r * width + q) * 4);
      store<f32>(to, add ? load<f32>(to) + v : v);
    }
  }
}

/**
 * The direct path, for products small enough that blocking m and n buys nothing: op(a) read where
 * it lies (either transpose), op(b) too when its rows are whole strips, else packed. k is still
 * taken KC steps at a time, as on the blocked path, so both paths round alike and a product's
 * result does not depend on which one it took (or on how threads split it).
 */
function direct(
  transA: bool, transB: bool, m: i32, n: i32, k: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool, work: usize,
): void {
  const narrow = n <= 4;
  const width = narrow ? 4 : NR;
  const tile = work + EDGE_TILE;
  const inPlace = !transB && n % width == 0;
  // Row i of op(a) starts at a + i·rowStride and moves aStep bytes per step; rows past m repeat row m − 1.
  const rowStride: usize = transA ? 4 : <usize>lda * 4;
  const aStep: usize = transA ? <usize>lda * 4 : 4;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const add = accumulate || pc > 0;
    let strips = work + PACKED_B;
    let bStep = <usize>width * 4;
    let stripStride = <usize>kc * width * 4;
    if (inPlace) {
      strips = b + <usize>pc * ldb * 4;
      bStep = <usize>ldb * 4;
      stripStride = <usize>width * 4;
    } else {
      packB(transB, b, ldb, pc, 0, kc, n, strips, width);
    }
    const first = <usize>pc * aStep;
    const last = a + <usize>(m - 1) * rowStride + first;
    for (let jr = 0; jr < n; jr += width) {
      const pb = strips + <usize>(jr / width) * stripStride;
      const cols = min(width, n - jr);
      const full = m & ~(MR - 1);
      let ir = 0;
      for (; ir < full; ir += MR) {
        const a0 = a + <usize>ir * rowStride + first;
        const ct = c + (<usize>ir * ldc + jr) * 4;
        if (cols == width) {
          if (narrow) kernel4x4(kc, a0, a0 + rowStride, a0 + 2 * rowStride, a0 + 3 * rowStride, aStep, pb, bStep, ct, ldc, add);
          else kernel4x8(kc, a0, a0 + rowStride, a0 + 2 * rowStride, a0 + 3 * rowStride, aStep, pb, bStep, ct, ldc, add);
        } else {
          if (narrow) kernel4x4(kc, a0, a0 + rowStride, a0 + 2 * rowStride, a0 + 3 * rowStride, aStep, pb, bStep, tile, width, false);
          else kernel4x8(kc, a0, a0 + rowStride, a0 + 2 * rowStride, a0 + 3 * rowStride, aStep, pb, bStep, tile, width, false);
          storeEdge(tile, width, MR, cols, ct, ldc, add);
        }
      }
      if (ir < m) {
        // The last, partial tile: its missing rows repeat row m − 1.
        const a0 = a + <usize>ir * rowStride + first;
        const a1 = min(a0 + rowStride, last);
        const a2 = min(a0 + 2 * rowStride, last);
        if (narrow) kernel4x4(kc, a0, a1, a2, last, aStep, pb, bStep, tile, width, false);
        else kernel4x8(kc, a0, a1, a2, last, aStep, pb, bStep, tile, width, false);
        storeEdge(tile, width, m - ir, cols, c + (<usize>ir * ldc + jr) * 4, ldc, add);
      }
    }
  }
}

/**
 * c = op(a)·op(b) (+ c when `accumulate`) with op(a) m×k, op(b) k×n, c m×n; a is stored k×m when
 * transA, b is stored n×k when transB; stored rows are lda, ldb and ldc values apart. All
 * pointers are byte addresses of f32 data in this memory; `work` is gemmWorkBytes() bytes of
 * packing space.
 */
export function gemm(
  transA: bool, transB: bool, m: i32, n: i32, k: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool, work: usize,
): void {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldc * 4, 0, <usize>n * 4);
    return;
  }
  if ((<i64>m * n * k <= DIRECT_MAX && n <= NC) || n <= 4) {
    direct(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, work);
    return;
  }
  const packedA = work;
  const packedB = work + PACKED_B;
  const tile = work + EDGE_TILE;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // After the first k block, c already holds a partial sum.
      const add = accumulate || pc > 0;
      packB(transB, b, ldb, pc, jc, kc, nc, packedB, NR);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(transA, a, lda, ic, pc, mc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const pb = packedB + <usize>(jr * kc) * 4;
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const pa = packedA + <usize>(ir * kc) * 4;
            const rows = min(MR, mc - ir);
            const ct = c + (<usize>(ic + ir) * ldc + jc + jr) * 4;
            if (rows == MR && cols == NR) {
              kernelPacked(kc, pa, pb, ct, ldc, add);
            } else {
              kernelPacked(kc, pa, pb, tile, NR, false);
              storeEdge(tile, NR, rows, cols, ct, ldc, add);
            }
          }
        }
      }
    }
  }
}
