/**
 * NNFS chapter 12, "Validation Data": tune hyperparameters on data split from the training set,
 * never on the test set, which is for the last check only. The chapter has no code listing of its
 * own; this example does what it describes for a short training set: k-fold cross-validation.
 * The training samples are shuffled and cut into 3 folds; for each candidate learning rate of
 * chapter 11's network, 3 models each train on 2 folds and are validated on the third. The rate
 * with the lowest mean validation loss then trains on the whole training set, and the test set
 * is used once. (The loops use chapter 18's Model to stay short.)
 *
 * EPOCHS=n trains each model n epochs instead of 10,000 (the full run trains 10 models).
 *
 * Run: npm run build && npx tsx examples/chapter12.ts
 */
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Matrix, Model, ReLU, Softmax, globalRng, seed, spiralData } from 'backprop';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10000);
const FOLDS = 3;
const LEARNING_RATES = [0.001, 0.01, 0.05];

seed(0);
const { X, y } = spiralData(100, 3);
const test = spiralData(100, 3);

function network(learningRate: number): Model {
  const model = new Model();
  model.add(new Dense(2, 64)).add(new ReLU()).add(new Dense(64, 3)).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate, decay: 5e-7 }), accuracy: new CategoricalAccuracy() });
  return model.finalize();
}

/** The samples at `indices`, in that order. */
function take(indices: ArrayLike<number>): { X: Matrix; y: Int32Array } {
  const part = { X: new Matrix(indices.length, X.cols), y: new Int32Array(indices.length) };
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i]!;
    part.X.data.set(X.data.subarray(from * X.cols, (from + 1) * X.cols), i * X.cols);
    part.y[i] = y[from]!;
  }
  return part;
}

// The spiral samples come sorted by class: shuffle before cutting folds, or a fold would miss a class.
const keys = globalRng().permutation(X.rows);
const foldSize = Math.ceil(X.rows / FOLDS);
const folds = Array.from({ length: FOLDS }, (_, k) => keys.subarray(k * foldSize, (k + 1) * foldSize));

let best = { learningRate: NaN, loss: Infinity };
for (const learningRate of LEARNING_RATES) {
  let lossSum = 0;
  let accuracySum = 0;
  for (let k = 0; k < FOLDS; k++) {
    const training = take(folds.filter((_, j) => j !== k).flatMap((fold) => Array.from(fold)));
    const validation = take(folds[k]!);
    const model = network(learningRate);
    model.train(training.X, training.y, { epochs, printEvery: 0 });
    const result = model.evaluate(validation.X, validation.y);
    lossSum += result.loss;
    accuracySum += result.accuracy;
    console.log(`lr: ${learningRate}, fold ${k + 1}/${FOLDS}, validation, acc: ${result.accuracy.toFixed(3)}, loss: ${result.loss.toFixed(3)}`);
  }
  const meanLoss = lossSum / FOLDS;
  console.log(`lr: ${learningRate}, mean validation, acc: ${(accuracySum / FOLDS).toFixed(3)}, loss: ${meanLoss.toFixed(3)}`);
  if (meanLoss < best.loss) best = { learningRate, loss: meanLoss };
}

console.log(`chosen lr: ${best.learningRate}; training on all ${X.rows} training samples`);
const model = network(best.learningRate);
model.train(X, y, { epochs, printEvery: epochs });
const result = model.evaluate(test.X, test.y);
console.log(`test, acc: ${result.accuracy.toFixed(3)}, loss: ${result.loss.toFixed(3)}`);
