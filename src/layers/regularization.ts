import type { Matrix } from '../matrix.js';
import type { TrainableLayer } from './layer.js';

/**
 * L1 and L2 penalties (NNFS chapter 14):
 *   loss = λ1·Σ|w| + λ2·Σw² (and the same for biases),
 *   ∂/∂w = λ1·sign(w) + 2·λ2·w, with sign(0) taken as +1 as the book does (`dL1[w < 0] = -1`).
 */
export function regularizationLoss(layer: TrainableLayer): number {
  return (
    penalty(layer.weights, layer.weightRegularizerL1, layer.weightRegularizerL2) +
    penalty(layer.biases, layer.biasRegularizerL1, layer.biasRegularizerL2)
  );
}

function penalty(param: Matrix, l1: number, l2: number): number {
  let loss = 0;
  const p = param.data;
  if (l1 > 0) {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += Math.abs(p[i]!);
    loss += l1 * s;
  }
  if (l2 > 0) {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += p[i]! * p[i]!;
    loss += l2 * s;
  }
  return loss;
}

/** Adds the penalties' gradient to `grad` in place (float32 scalars, as NumPy casts them). */
export function addRegularizationGradient(param: Matrix, grad: Matrix, l1: number, l2: number): void {
  const p = param.data;
  const g = grad.data;
  if (l1 > 0) {
    const c = Math.fround(l1);
    for (let i = 0; i < p.length; i++) g[i]! += p[i]! < 0 ? -c : c;
  }
  if (l2 > 0) {
    const c = Math.fround(2 * l2);
    for (let i = 0; i < p.length; i++) g[i]! += c * p[i]!;
  }
}

/** Checks a regularisation strength: finite and ≥ 0. */
export function checkStrength(name: string, value: number | undefined): number {
  const v = value ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return v;
}
