/**
 * The optimizers' update rules (NNFS chapter 10) over n parameters in place, with their state.
 * Every operation is an f32 one, rounded as NumPy rounds the book's float32 arrays: the results
 * equal the TypeScript reference bit for bit. The scalar factors arrive already rounded to f32.
 *
 * The last, partial vector of a call is computed in full and stored lane by lane: its extra
 * lanes read up to 12 bytes past the arrays (inside this memory, which keeps slack at its end)
 * and are never written.
 */

/** Stores the first `count` (< 4) lanes of v at `at`. */
// @ts-ignore: decorator
@inline
function storeLanes(at: usize, v: v128, count: usize): void {
  v128.store32_lane(at, v, 0);
  if (count > 1) v128.store32_lane(at, v, 1, 4);
  if (count > 2) v128.store32_lane(at, v, 2, 8);
}

/** Plain SGD: param += negLr·grad. */
export function sgdUpdate(n: i32, param: usize, grad: usize, negLr: f32): void {
  const lr = f32x4.splat(negLr);
  const bytes = <usize>n * 4;
  for (let at: usize = 0; at < bytes; at += 16) {
    const next = f32x4.add(v128.load(param + at), f32x4.mul(lr, v128.load(grad + at)));
    if (at + 16 <= bytes) v128.store(param + at, next);
    else storeLanes(param + at, next, (bytes - at) >> 2);
  }
}

/** SGD with momentum: u = mu·u − lr·grad; param += u. */
export function momentumUpdate(n: i32, param: usize, grad: usize, momentums: usize, mu: f32, lr: f32): void {
  const vmu = f32x4.splat(mu);
  const vlr = f32x4.splat(lr);
  const bytes = <usize>n * 4;
  for (let at: usize = 0; at < bytes; at += 16) {
    const u = f32x4.sub(f32x4.mul(vmu, v128.load(momentums + at)), f32x4.mul(vlr, v128.load(grad + at)));
    const next = f32x4.add(v128.load(param + at), u);
    if (at + 16 <= bytes) {
      v128.store(momentums + at, u);
      v128.store(param + at, next);
    } else {
      storeLanes(momentums + at, u, (bytes - at) >> 2);
      storeLanes(param + at, next, (bytes - at) >> 2);
    }
  }
}

/** RMSprop (and Adagrad, with rho = 1 − rho = 1): c = rho·c + (1 − rho)·g²; param += negLr·g / (√c + eps). */
export function rmspropUpdate(n: i32, param: usize, grad: usize, cache: usize, rho: f32, oneMinusRho: f32, negLr: f32, eps: f32): void {
  const vrho = f32x4.splat(rho);
  const vkeep = f32x4.splat(oneMinusRho);
  const vlr = f32x4.splat(negLr);
  const veps = f32x4.splat(eps);
  const bytes = <usize>n * 4;
  for (let at: usize = 0; at < bytes; at += 16) {
    const g = v128.load(grad + at);
    const c = f32x4.add(f32x4.mul(vrho, v128.load(cache + at)), f32x4.mul(vkeep, f32x4.mul(g, g)));
    const step = f32x4.div(f32x4.mul(vlr, g), f32x4.add(f32x4.sqrt(c), veps));
    const next = f32x4.add(v128.load(param + at), step);
    if (at + 16 <= bytes) {
      v128.store(cache + at, c);
      v128.store(param + at, next);
    } else {
      storeLanes(cache + at, c, (bytes - at) >> 2);
      storeLanes(param + at, next, (bytes - at) >> 2);
    }
  }
}

/**
 * Adam: m = b1·m + (1 − b1)·g; v = b2·v + (1 − b2)·g²;
 * param += negLr·(m / correction1) / (√(v / correction2) + eps).
 */
export function adamUpdate(
  n: i32, param: usize, grad: usize, momentums: usize, cache: usize,
  b1: f32, oneMinusB1: f32, b2: f32, oneMinusB2: f32, correction1: f32, correction2: f32, negLr: f32, eps: f32,
): void {
  const vb1 = f32x4.splat(b1);
  const vkeep1 = f32x4.splat(oneMinusB1);
  const vb2 = f32x4.splat(b2);
  const vkeep2 = f32x4.splat(oneMinusB2);
  const vc1 = f32x4.splat(correction1);
  const vc2 = f32x4.splat(correction2);
  const vlr = f32x4.splat(negLr);
  const veps = f32x4.splat(eps);
  const bytes = <usize>n * 4;
  for (let at: usize = 0; at < bytes; at += 16) {
    const g = v128.load(grad + at);
    const m = f32x4.add(f32x4.mul(vb1, v128.load(momentums + at)), f32x4.mul(vkeep1, g));
    const v = f32x4.add(f32x4.mul(vb2, v128.load(cache + at)), f32x4.mul(vkeep2, f32x4.mul(g, g)));
    const step = f32x4.div(f32x4.mul(vlr, f32x4.div(m, vc1)), f32x4.add(f32x4.sqrt(f32x4.div(v, vc2)), veps));
    const next = f32x4.add(v128.load(param + at), step);
    if (at + 16 <= bytes) {
      v128.store(momentums + at, m);
      v128.store(cache + at, v);
      v128.store(param + at, next);
    } else {
      const count = (bytes - at) >> 2;
      storeLanes(momentums + at, m, count);
      storeLanes(cache + at, v, count);
      storeLanes(param + at, next, count);
    }
  }
}
