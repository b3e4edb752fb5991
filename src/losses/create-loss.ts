import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import type { Loss, LossKind } from './loss.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanSquaredError } from './mean-squared-error.js';

const constructors: { [K in LossKind]: new () => Loss } = {
  CategoricalCrossentropy,
  BinaryCrossentropy,
  MeanSquaredError,
  MeanAbsoluteError,
};

export const lossKinds = Object.keys(constructors) as LossKind[];

/** A loss from its name (saved models and the CLI). */
export function createLoss(kind: LossKind): Loss {
  const make = constructors[kind];
  if (make === undefined) throw new RangeError(`unknown loss "${String(kind)}" (known: ${lossKinds.join(', ')})`);
  return new make();
}
