/**
 * Stochastic gradient descent with optional momentum (NNFS chapter 10, book: `Optimizer_SGD`).
 *
 *   without momentum:  θ ← θ − lr·g
 *   with momentum μ:   u ← μ·u − lr·g;  θ ← θ + u      (u, "momentums", starts at 0)
 *
 * lr is the decayed `currentLearningRate`. Every product and sum is rounded to float32 as NumPy
 * does on the book's float32 arrays (see optimizer.ts).
 */
import { BaseOptimizer, readOptions, requireFraction, requireNonNegative, requirePositive, type Slots } from './optimizer.js';

export interface SGDOptions {
  learningRate?: number;
  decay?: number;
  momentum?: number;
}

const f = Math.fround;

export class SGD extends BaseOptimizer {
  readonly kind = 'SGD';
  readonly momentum: number;

  constructor(options?: SGDOptions) {
    const o = readOptions('SGD', options, { learningRate: 1, decay: 0, momentum: 0 });
    requirePositive('SGD', 'learningRate', o.learningRate);
    requireNonNegative('SGD', 'decay', o.decay);
    requireFraction('SGD', 'momentum', o.momentum);
    super(o.learningRate, o.decay);
    this.momentum = o.momentum;
  }

  config(): Record<string, number> {
    return { learningRate: this.learningRate, decay: this.decay, momentum: this.momentum };
  }

  slotNames(): readonly string[] {
    return this.momentum ? ['momentums'] : [];
  }

  protected updateParam(param: Float32Array, grad: Float32Array, slots: Slots): void {
    const n = param.length;
    if (this.momentum) {
      const momentums = slots['momentums']!;
      const mu = f(this.momentum);
      const lr = f(this.currentLearningRate);
      for (let i = 0; i < n; i++) {
        const update = f(f(mu * momentums[i]!) - f(lr * grad[i]!));
        momentums[i] = update;
        param[i] = param[i]! + update;
      }
    } else {
      const negLr = f(-this.currentLearningRate);
      for (let i = 0; i < n; i++) param[i] = param[i]! + f(negLr * grad[i]!);
    }
  }
}
