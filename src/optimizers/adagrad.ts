/**
 * Adagrad (NNFS chapter 10, book: `Optimizer_Adagrad`): each parameter's step is scaled down by the
 * root of the sum of all its past squared gradients, so often-updated parameters slow down.
 *
 *   c ← c + g²;  θ ← θ − lr·g / (√c + ε)      (c, "cache", starts at 0)
 *
 * Rounded to float32 after every operation, as NumPy does on the book's arrays (see optimizer.ts).
 */
import { kernels } from '../kernels/index.js';
import { BaseOptimizer, readOptions, requireNonNegative, requirePositive, type Slots } from './optimizer.js';

export interface AdagradOptions {
  learningRate?: number;
  decay?: number;
  epsilon?: number;
}

const f = Math.fround;

export class Adagrad extends BaseOptimizer {
  readonly kind = 'Adagrad';
  readonly epsilon: number;

  constructor(options?: AdagradOptions) {
    const o = readOptions('Adagrad', options, { learningRate: 1, decay: 0, epsilon: 1e-7 });
    requirePositive('Adagrad', 'learningRate', o.learningRate);
    requireNonNegative('Adagrad', 'decay', o.decay);
    requirePositive('Adagrad', 'epsilon', o.epsilon);
    super(o.learningRate, o.decay);
    this.epsilon = o.epsilon;
  }

  config(): Record<string, number> {
    return { learningRate: this.learningRate, decay: this.decay, epsilon: this.epsilon };
  }

  slotNames(): readonly string[] {
    return ['cache'];
  }

  protected updateParam(param: Float32Array, grad: Float32Array, slots: Slots): void {
    const cache = slots['cache']!;
    const negLr = f(-this.currentLearningRate);
    const eps = f(this.epsilon);
    // RMSprop's rule with ρ = 1 − ρ = 1 is Adagrad's exactly: 1·c and 1·g² round to themselves.
    kernels().rmspropUpdate(param.length, param, grad, cache, 1, 1, negLr, eps);
  }
}
