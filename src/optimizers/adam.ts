/**
 * Adam (NNFS chapter 10, book: `Optimizer_Adam`): momentum on the gradient plus an RMSprop cache,
 * both bias-corrected for their zero start. With t = iterations + 1 (1 on the first step):
 *
 *   m ← β₁·m + (1 − β₁)·g;    m̂ = m / (1 − β₁ᵗ)
 *   v ← β₂·v + (1 − β₂)·g²;   v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − lr·m̂ / (√v̂ + ε)                        (m "momentums", v "cache", start at 0)
 *
 * Rounded to float32 after every operation, as NumPy does on the book's arrays (see optimizer.ts);
 * the scalar factors (1 − β, 1 − βᵗ) are computed in float64 first, as Python does.
 */
import { kernels } from '../kernels/index.js';
import { BaseOptimizer, readOptions, requireFraction, requireNonNegative, requirePositive, type Slots } from './optimizer.js';

export interface AdamOptions {
  learningRate?: number;
  decay?: number;
  epsilon?: number;
  beta1?: number;
  beta2?: number;
}

const f = Math.fround;

export class Adam extends BaseOptimizer {
  readonly kind = 'Adam';
  readonly epsilon: number;
  readonly beta1: number;
  readonly beta2: number;

  constructor(options?: AdamOptions) {
    const o = readOptions('Adam', options, { learningRate: 0.001, decay: 0, epsilon: 1e-7, beta1: 0.9, beta2: 0.999 });
    requirePositive('Adam', 'learningRate', o.learningRate);
    requireNonNegative('Adam', 'decay', o.decay);
    requirePositive('Adam', 'epsilon', o.epsilon);
    requireFraction('Adam', 'beta1', o.beta1);
    requireFraction('Adam', 'beta2', o.beta2);
    super(o.learningRate, o.decay);
    this.epsilon = o.epsilon;
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
  }

  config(): Record<string, number> {
    return { learningRate: this.learningRate, decay: this.decay, epsilon: this.epsilon, beta1: this.beta1, beta2: this.beta2 };
  }

  slotNames(): readonly string[] {
    return ['momentums', 'cache'];
  }

  protected updateParam(param: Float32Array, grad: Float32Array, slots: Slots): void {
    const momentums = slots['momentums']!;
    const cache = slots['cache']!;
    const t = this.iterations + 1;
    const b1 = f(this.beta1);
    const oneMinusB1 = f(1 - this.beta1);
    const b2 = f(this.beta2);
    const oneMinusB2 = f(1 - this.beta2);
    const correction1 = f(1 - this.beta1 ** t);
    const correction2 = f(1 - this.beta2 ** t);
    const negLr = f(-this.currentLearningRate);
    const eps = f(this.epsilon);
    kernels().adamUpdate(param.length, param, grad, momentums, cache, b1, oneMinusB1, b2, oneMinusB2, correction1, correction2, negLr, eps);
  }
}
