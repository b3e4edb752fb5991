/**
 * RMSprop (NNFS chapter 10, book: `Optimizer_RMSprop`): like Adagrad, but the cache is a moving
 * average of squared gradients, so the step size recovers when gradients shrink.
 *
 *   c ← ρ·c + (1 − ρ)·g²;  θ ← θ − lr·g / (√c + ε)      (c, "cache", starts at 0)
 *
 * Rounded to float32 after every operation, as NumPy does on the book's arrays (see optimizer.ts);
 * 1 − ρ is computed in float64 first, as Python does.
 */
import { kernels } from '../kernels/index.js';
import { BaseOptimizer, readOptions, requireFraction, requireNonNegative, requirePositive, type Slots } from './optimizer.js';

export interface RMSpropOptions {
  learningRate?: number;
  decay?: number;
  epsilon?: number;
  rho?: number;
}

const f = Math.fround;

export class RMSprop extends BaseOptimizer {
  readonly kind = 'RMSprop';
  readonly epsilon: number;
  readonly rho: number;

  constructor(options?: RMSpropOptions) {
    const o = readOptions('RMSprop', options, { learningRate: 0.001, decay: 0, epsilon: 1e-7, rho: 0.9 });
    requirePositive('RMSprop', 'learningRate', o.learningRate);
    requireNonNegative('RMSprop', 'decay', o.decay);
    requirePositive('RMSprop', 'epsilon', o.epsilon);
    requireFraction('RMSprop', 'rho', o.rho);
    super(o.learningRate, o.decay);
    this.epsilon = o.epsilon;
    this.rho = o.rho;
  }

  config(): Record<string, number> {
    return { learningRate: this.learningRate, decay: this.decay, epsilon: this.epsilon, rho: this.rho };
  }

  slotNames(): readonly string[] {
    return ['cache'];
  }

  protected updateParam(param: Float32Array, grad: Float32Array, slots: Slots): void {
    const cache = slots['cache']!;
    const rho = f(this.rho);
    const oneMinusRho = f(1 - this.rho);
    const negLr = f(-this.currentLearningRate);
    const eps = f(this.epsilon);
    kernels().rmspropUpdate(param.length, param, grad, cache, rho, oneMinusRho, negLr, eps);
  }
}
