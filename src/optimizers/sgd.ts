/**
 * Stochastic gradient descent with optional momentum (NNFS chapter 10, book: `Optimizer_SGD`).
 *
 *   without momentum:  θ ← θ − lr·g
 *   with momentum μ:   u ← μ·u − lr·g;  θ ← θ + u      (u, "momentums", starts at 0)
 *
 * lr is the decayed `currentLearningRate`. Every product and sum is rounded to float32 as NumPy
 * does on the book's float32 arrays (see optimizer.ts).
 */
import { kernels } from '../kernels/index.js';
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
    if (this.momentum) {
      kernels().momentumUpdate(param.length, param, grad, slots['momentums']!, f(this.momentum), f(this.currentLearningRate));
    } else {
      kernels().sgdUpdate(param.length, param, grad, f(-this.currentLearningRate));
    }
  }
}
