/**
 * NNFS chapter 20, "Model Evaluation": chapter 19's training, then `model.evaluate` on the test
 * set and on the training set itself, each a pass in batches without updating anything. The book
 * prints both with its evaluate's "validation" label; comparing them shows how much better the
 * model does on data it trained on.
 *
 * Needs the data set: `npm run data:fashion-mnist` (otherwise the example says so and exits 1).
 * EPOCHS=n trains n epochs instead of 10; FASHION_MNIST_DIR=dir reads the data from dir.
 *
 * Run: npm run build && npx tsx examples/chapter20.ts
 */
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Model, ReLU, Softmax, seed, type Labels, type Matrix } from 'backprop';
import { envInt } from './book.js';
import { fashionMnistOrExit, shuffled } from './fashion.js';

const epochs = envInt('EPOCHS', 10);

seed(0);
const { train, test } = fashionMnistOrExit();
const { X, y } = shuffled(train.X, train.y);

const model = new Model();
model.add(new Dense(X.cols, 128));
model.add(new ReLU());
model.add(new Dense(128, 128));
model.add(new ReLU());
model.add(new Dense(128, 10));
model.add(new Softmax());

model.set({
  loss: new CategoricalCrossentropy(),
  optimizer: new Adam({ decay: 1e-3 }),
  accuracy: new CategoricalAccuracy(),
});
model.finalize();

model.train(X, y, { validationData: [test.X, test.y], epochs, batchSize: 128, printEvery: 100 });

/** The book's `evaluate` prints its result under the label "validation", whatever the data. */
function evaluate(inputs: Matrix, labels: Labels): void {
  const { accuracy, loss } = model.evaluate(inputs, labels, { batchSize: 128 });
  console.log(`validation, acc: ${accuracy.toFixed(3)}, loss: ${loss.toFixed(3)}`);
}

evaluate(test.X, test.y);
evaluate(X, y);
