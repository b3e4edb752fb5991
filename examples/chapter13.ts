/**
 * NNFS chapter 13, "Training Dataset": why and how to preprocess the data. The chapter has no
 * code listing of its own; this example shows its two rules on chapter 11's problem:
 *   - scale features to a small range around 0 (here [−1, 1]): the same network and optimizer,
 *     started from the same weights, train on the raw features (readings from 0 to 255, as pixel
 *     values are) and on the scaled ones;
 *   - scale every data set the model sees with the numbers taken from the training data: the test
 *     set here is scaled with the training set's minimum and maximum, not its own.
 *
 * EPOCHS=n trains n epochs instead of 10,000.
 *
 * Run: npm run build && npx tsx examples/chapter13.ts
 */
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Matrix, Model, RandomState, ReLU, Softmax, seed, spiralData } from 'backprop';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10000);

seed(0);
const train = spiralData(100, 3);
const test = spiralData(100, 3);

/** Readings from 0 to 255, as the raw data of a real problem might come (chapter 19's pixels do). */
function raw(X: Matrix): Matrix {
  return new Matrix(X.rows, X.cols, X.data.map((v) => v * 127.5 + 127.5));
}

/** Each feature mapped to [−1, 1] with the training data's minimum and maximum. */
function scaler(training: Matrix): (X: Matrix) => Matrix {
  const min = new Float32Array(training.cols).fill(Infinity);
  const max = new Float32Array(training.cols).fill(-Infinity);
  training.data.forEach((v, k) => {
    const j = k % training.cols;
    min[j] = Math.min(min[j]!, v);
    max[j] = Math.max(max[j]!, v);
  });
  return (X) => new Matrix(X.rows, X.cols, X.data.map((v, k) => ((v - min[k % X.cols]!) / (max[k % X.cols]! - min[k % X.cols]!)) * 2 - 1));
}

/** Chapter 11's network, its weights drawn from a generator of its own so both runs start alike. */
function trainAndTest(title: string, X: Matrix, XTest: Matrix): void {
  const rng = new RandomState(0);
  const model = new Model();
  model.add(new Dense(2, 64, { rng })).add(new ReLU()).add(new Dense(64, 3, { rng })).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.05, decay: 5e-7 }), accuracy: new CategoricalAccuracy() });
  console.log(title);
  model.train(X, train.y, { epochs, printEvery: epochs });
  const validation = model.evaluate(XTest, test.y);
  console.log(`validation, acc: ${validation.accuracy.toFixed(3)}, loss: ${validation.loss.toFixed(3)}`);
}

const rawTrain = raw(train.X);
const rawTest = raw(test.X);
trainAndTest('raw features, from 0 to 255:', rawTrain, rawTest);

const scale = scaler(rawTrain);
trainAndTest("scaled to [-1, 1] with the training data's minimum and maximum:", scale(rawTrain), scale(rawTest));
