import { CategoricalAccuracy } from '../accuracy/categorical-accuracy.js';
import { RegressionAccuracy } from '../accuracy/regression-accuracy.js';
import { Linear } from '../activations/linear.js';
import { ReLU } from '../activations/relu.js';
import { Sigmoid } from '../activations/sigmoid.js';
import { Softmax } from '../activations/softmax.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer } from '../layers/layer.js';
import { BinaryCrossentropy } from '../losses/binary-crossentropy.js';
import { CategoricalCrossentropy } from '../losses/categorical-crossentropy.js';
import { MeanSquaredError } from '../losses/mean-squared-error.js';
import { Model } from '../model/model.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { OptimizerKind } from '../optimizers/optimizer.js';
import type { RandomState } from '../random/random-state.js';
import type { Task } from './datasets.js';

export const HIDDEN_ACTIVATIONS = ['relu', 'sigmoid', 'linear'] as const;
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

export const OPTIMIZERS = ['adam', 'sgd', 'adagrad', 'rmsprop'] as const;
const OPTIMIZER_KINDS: Record<(typeof OPTIMIZERS)[number], OptimizerKind> = { adam: 'Adam', sgd: 'SGD', adagrad: 'Adagrad', rmsprop: 'RMSprop' };

export interface ModelSpec {
  inputs: number;
  hidden: number[];
  activation: HiddenActivation;
  dropout: number;
  l1: number;
  l2: number;
  task: Task;
  outputs: number;
  optimizer: (typeof OPTIMIZERS)[number];
  optimizerConfig: Record<string, number>;
  rng: RandomState;
}

/**
 * The book's network shapes from a few choices: Dense layers of the hidden sizes, each followed by
 * the activation (and dropout), then the output layer and the loss that suits the task:
 * softmax + cross-entropy, sigmoid + binary cross-entropy, or linear + mean squared error.
 */
export function buildModel(spec: ModelSpec): Model {
  const model = new Model({ rng: spec.rng });
  let width = spec.inputs;
  for (const size of spec.hidden) {
    model.add(new Dense(width, size, { rng: spec.rng, weightRegularizerL1: spec.l1, weightRegularizerL2: spec.l2, biasRegularizerL1: spec.l1, biasRegularizerL2: spec.l2 }));
    model.add(hiddenActivation(spec.activation));
    if (spec.dropout > 0) model.add(new Dropout(spec.dropout, { rng: spec.rng }));
    width = size;
  }
  model.add(new Dense(width, spec.outputs, { rng: spec.rng }));
  const optimizer = createOptimizer(OPTIMIZER_KINDS[spec.optimizer], spec.optimizerConfig);
  if (spec.task === 'classification') {
    model.add(new Softmax());
    model.set({ loss: new CategoricalCrossentropy(), optimizer, accuracy: new CategoricalAccuracy() });
  } else if (spec.task === 'binary') {
    model.add(new Sigmoid());
    model.set({ loss: new BinaryCrossentropy(), optimizer, accuracy: new CategoricalAccuracy({ binary: true }) });
  } else {
    model.add(new Linear());
    model.set({ loss: new MeanSquaredError(), optimizer, accuracy: new RegressionAccuracy() });
  }
  return model.finalize();
}

function hiddenActivation(name: HiddenActivation): Layer {
  return name === 'relu' ? new ReLU() : name === 'sigmoid' ? new Sigmoid() : new Linear();
}
