/**
 * NNFS chapter 19's model on Fashion-MNIST, once, to measure it: 784 → 128 ReLU → 128 ReLU → 10
 * softmax, categorical cross-entropy, Adam(decay 1e-3), batches of 128, 10 epochs, the training set
 * shuffled once beforehand with the seeded global generator (the book: `np.random.shuffle(keys)`),
 * validated on the test set after every epoch. Prints the load time and each epoch's time.
 *
 *   npm run data:fashion-mnist && node --import tsx scripts/train-fashion-mnist.ts   (EPOCHS=n to stop early)
 */
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, globalRng, Matrix, Model, ReLU, seed, Softmax } from '../src/node/index.js';
import { loadFashionMnist } from '../src/node/fashion-mnist.js';

const epochs = Number(process.env.EPOCHS ?? 10);
if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`EPOCHS must be a positive integer, got ${JSON.stringify(process.env.EPOCHS)}`);

const loadStart = performance.now();
const { train, test } = loadFashionMnist();
console.log(`loaded ${train.X.rows} training and ${test.X.rows} test images in ${((performance.now() - loadStart) / 1000).toFixed(2)} s`);

// As the book: the shuffle draws from the seeded generator before the layers' weights do.
seed(0);
const keys = globalRng().permutation(train.X.rows);
const X = new Matrix(train.X.rows, train.X.cols);
const y = new Int32Array(train.y.length);
keys.forEach((from, i) => {
  X.data.set(train.X.data.subarray(from * train.X.cols, (from + 1) * train.X.cols), i * train.X.cols);
  y[i] = train.y[from]!;
});

const model = new Model();
model.add(new Dense(X.cols, 128));
model.add(new ReLU());
model.add(new Dense(128, 128));
model.add(new ReLU());
model.add(new Dense(128, 10));
model.add(new Softmax());
model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ decay: 1e-3 }), accuracy: new CategoricalAccuracy() });
model.finalize();

let epochStart = performance.now();
model.train(X, y, {
  epochs,
  batchSize: 128,
  printEvery: 100,
  validationData: [test.X, test.y],
  onEpoch: ({ epoch }) => {
    console.log(`epoch ${epoch} took ${((performance.now() - epochStart) / 1000).toFixed(1)} s (validation included)`);
    epochStart = performance.now();
  },
});
