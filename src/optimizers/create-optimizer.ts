/**
 * Rebuilds an optimizer from its kind and `config()` (used when loading a saved model). Kept apart
 * from optimizer.ts so the base class and the four subclasses do not import each other.
 */
import type { Optimizer, OptimizerKind } from './optimizer.js';
import { SGD } from './sgd.js';
import { Adagrad } from './adagrad.js';
import { RMSprop } from './rmsprop.js';
import { Adam } from './adam.js';

export function createOptimizer(kind: OptimizerKind, config: Record<string, number> = {}): Optimizer {
  switch (kind) {
    case 'SGD': return new SGD(config);
    case 'Adagrad': return new Adagrad(config);
    case 'RMSprop': return new RMSprop(config);
    case 'Adam': return new Adam(config);
    default: throw new RangeError(`unknown optimizer kind "${String(kind)}" (known: SGD, Adagrad, RMSprop, Adam)`);
  }
}
