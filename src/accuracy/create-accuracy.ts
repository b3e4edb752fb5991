import type { Accuracy, AccuracyKind } from './accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { RegressionAccuracy } from './regression-accuracy.js';

/** An accuracy from its name and `config()` (saved models and the CLI). */
export function createAccuracy(kind: AccuracyKind, config: Record<string, number | boolean> = {}): Accuracy {
  switch (kind) {
    case 'CategoricalAccuracy':
      return new CategoricalAccuracy({ binary: config.binary === true });
    case 'RegressionAccuracy':
      return new RegressionAccuracy({
        precision: typeof config.precision === 'number' ? config.precision : undefined,
        strictness: typeof config.strictness === 'number' ? config.strictness : undefined,
      });
    default:
      throw new RangeError(`unknown accuracy "${String(kind)}" (known: CategoricalAccuracy, RegressionAccuracy)`);
  }
}
