import { pairwiseSum32 } from '../reduce.js';
import { labelRangeError, type Kernels } from './kernels.js';

/**
 * The plain TypeScript kernels: the readable reference and the fallback where WebAssembly is missing.
 * Loops are ordered so the innermost one walks memory contiguously.
 */
const f = Math.fround;

export const jsKernels: Kernels = {
  name: 'js',

  allocate(count) {
    return new Float32Array(count);
  },

  gemm(transA, transB, m, n, k, a, b, c, accumulate) {
    // Sums accumulate in float32, in order: with float32 softmax below, 20 epochs of the book's
    // chapter-10 run match NumPy's losses to the last bit (float64 sums drift by 1e-5).
    if (!accumulate) c.fill(0, 0, m * n);
    if (!transA && !transB) {
      // i-p-j order: row p of b and row i of c are both contiguous.
      for (let i = 0; i < m; i++) {
        const ci = i * n;
        for (let p = 0; p < k; p++) {
          const aip = a[i * k + p]!;
          if (aip === 0) continue;
          const bp = p * n;
          for (let j = 0; j < n; j++) c[ci + j]! += aip * b[bp + j]!;
        }
      }
    } else if (transA && !transB) {
      // a is k×m: walk p outermost so row p of a and row p of b are contiguous.
      for (let p = 0; p < k; p++) {
        const ap = p * m;
        const bp = p * n;
        for (let i = 0; i < m; i++) {
          const api = a[ap + i]!;
          if (api === 0) continue;
          const ci = i * n;
          for (let j = 0; j < n; j++) c[ci + j]! += api * b[bp + j]!;
        }
      }
    } else if (!transA && transB) {
      // b is n×k: each c[i, j] is a dot product of two contiguous rows.
      for (let i = 0; i < m; i++) {
        const ai = i * k;
        for (let j = 0; j < n; j++) {
          const bj = j * k;
          let s = 0;
          for (let p = 0; p < k; p++) s = Math.fround(s + a[ai + p]! * b[bj + p]!);
          c[i * n + j]! += s;
        }
      }
    } else {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s = Math.fround(s + a[p * m + i]! * b[j * k + p]!);
          c[i * n + j]! += s;
        }
      }
    }
  },

  addRowVector(m, n, x, row, out) {
    for (let i = 0; i < m; i++) {
      const o = i * n;
      for (let j = 0; j < n; j++) out[o + j] = x[o + j]! + row[j]!;
    }
  },

  sumColumns(m, n, x, out) {
    out.fill(0, 0, n);
    for (let i = 0; i < m; i++) {
      const o = i * n;
      for (let j = 0; j < n; j++) out[j]! += x[o + j]!;
    }
  },

  relu(n, x, out) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? v : 0;
    }
  },

  reluBackward(n, dvalues, inputs, out) {
    for (let i = 0; i < n; i++) out[i] = inputs[i]! > 0 ? dvalues[i]! : 0;
  },

  exp(n, x, out) {
    for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
  },

  softmaxRows(m, n, x, out) {
    for (let i = 0; i < m; i++) {
      const o = i * n;
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (x[o + j]! > max) max = x[o + j]!;
      // In float32 at every step, summed pairwise, as NumPy computes the book's softmax.
      for (let j = 0; j < n; j++) out[o + j] = Math.exp(Math.fround(x[o + j]! - max));
      const sum = pairwiseSum32(out, o, n);
      for (let j = 0; j < n; j++) out[o + j]! /= sum;
    }
  },

  softmaxCrossEntropyBackward(m, n, probs, labels, out) {
    for (let i = 0; i < m; i++) {
      const label = labels[i]!;
      if (!(label >= 0 && label < n)) throw labelRangeError(i, label, n);
    }
    for (let i = 0; i < m; i++) {
      const o = i * n;
      const label = labels[i]!;
      for (let j = 0; j < n; j++) out[o + j] = (j === label ? f(probs[o + j]! - 1) : probs[o + j]!) / m;
    }
  },

  sgdUpdate(n, param, grad, negLr) {
    for (let i = 0; i < n; i++) param[i] = param[i]! + f(negLr * grad[i]!);
  },

  momentumUpdate(n, param, grad, momentums, mu, lr) {
    for (let i = 0; i < n; i++) {
      const update = f(f(mu * momentums[i]!) - f(lr * grad[i]!));
      momentums[i] = update;
      param[i] = param[i]! + update;
    }
  },

  rmspropUpdate(n, param, grad, cache, rho, oneMinusRho, negLr, eps) {
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const c = f(f(rho * cache[i]!) + f(oneMinusRho * f(g * g)));
      cache[i] = c;
      param[i] = param[i]! + f(f(negLr * g) / f(f(Math.sqrt(c)) + eps));
    }
  },

  adamUpdate(n, param, grad, momentums, cache, b1, oneMinusB1, b2, oneMinusB2, correction1, correction2, negLr, eps) {
    for (let i = 0; i < n; i++) {
      const g = grad[i]!;
      const m = f(f(b1 * momentums[i]!) + f(oneMinusB1 * g));
      const v = f(f(b2 * cache[i]!) + f(oneMinusB2 * f(g * g)));
      momentums[i] = m;
      cache[i] = v;
      const mHat = f(m / correction1);
      const vHat = f(v / correction2);
      param[i] = param[i]! + f(f(negLr * mHat) / f(f(Math.sqrt(vHat)) + eps));
    }
  },
};
