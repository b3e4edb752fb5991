/**
 * NNFS chapter 19, "A Real Dataset": Fashion-MNIST (60,000 training and 10,000 test images of
 * clothes, 28×28 grey pixels scaled to [−1, 1]), shuffled once, and a 784 → 128 → 128 → 10
 * network trained in batches of 128 for 10 epochs with Adam(decay 1e-3). Each epoch prints a
 * line every 100 steps, the epoch's mean accuracy and loss, and the validation on the test set.
 *
 * Needs the data set: `npm run data:fashion-mnist` (otherwise the example says so and exits 1).
 * EPOCHS=n trains n epochs instead of 10; FASHION_MNIST_DIR=dir reads the data from dir.
 *
 * Run: npm run build && npx tsx examples/chapter19.ts
 * Chapters 20 and 21 import this script: they continue from its trained model.
 */
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Model, ReLU, Softmax, seed } from 'backprop';
import { envInt } from './book.js';
import { fashionMnistOrExit, shuffled } from './fashion.js';

const epochs = envInt('EPOCHS', 10);

seed(0);
export const { train, test } = fashionMnistOrExit();
// Batches are consecutive slices, so mix the classes first.
export const { X, y } = shuffled(train.X, train.y);

/** The chapter's network on an empty model (chapter 21 declares it again for new models). */
export function addFashionLayers(model: Model, inputs: number): Model {
  model.add(new Dense(inputs, 128));
  model.add(new ReLU());
  model.add(new Dense(128, 128));
  model.add(new ReLU());
  model.add(new Dense(128, 10));
  model.add(new Softmax());
  return model;
}

export const model = addFashionLayers(new Model(), X.cols);
model.set({
  loss: new CategoricalCrossentropy(),
  optimizer: new Adam({ decay: 1e-3 }),
  accuracy: new CategoricalAccuracy(),
});
model.finalize();

model.train(X, y, { validationData: [test.X, test.y], epochs, batchSize: 128, printEvery: 100 });
