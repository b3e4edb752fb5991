/**
 * NNFS chapter 16, "Binary Logistic Regression": two spiral classes, a 2 → 64 → 1 network whose
 * single sigmoid output is the probability of class 1, binary cross-entropy, an L2 penalty of
 * 5e-4 on the first layer and Adam(decay 5e-7), 10,001 epochs, then the out-of-sample check.
 *
 * EPOCHS=n runs epochs 0 … n−1 instead of 0 … 10000.
 *
 * Run: npm run build && npx tsx examples/chapter16.ts
 */
import { bookProgress, Adam, BinaryCrossentropy, Dense, Matrix, ReLU, Sigmoid, seed, spiralData } from 'backprop';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10001);

/** The labels as a column, one target per output neuron (book: `y.reshape(-1, 1)`). */
function column(labels: Int32Array): Matrix {
  return new Matrix(labels.length, 1, Float32Array.from(labels));
}

seed(0);
const data = spiralData(100, 2);
const X = data.X;
const y = column(data.y);

const dense1 = new Dense(2, 64, { weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 });
const activation1 = new ReLU();
const dense2 = new Dense(64, 1);
const activation2 = new Sigmoid();
const lossFunction = new BinaryCrossentropy();
const optimizer = new Adam({ decay: 5e-7 });

/** The share of outputs on the right side of 0.5. */
function accuracyOf(targets: Matrix): number {
  const predictions = activation2.predictions(activation2.output!);
  let right = 0;
  for (let i = 0; i < targets.size; i++) if (predictions.data[i] === targets.data[i]) right++;
  return right / targets.size;
}

for (let epoch = 0; epoch < epochs; epoch++) {
  dense1.forward(X);
  activation1.forward(dense1.output!);
  dense2.forward(activation1.output!);
  activation2.forward(dense2.output!);
  const dataLoss = lossFunction.calculate(activation2.output!, y);
  const regularizationLoss = lossFunction.regularizationLoss(dense1) + lossFunction.regularizationLoss(dense2);
  const loss = dataLoss + regularizationLoss;
  if (epoch % 100 === 0) {
    console.log(`epoch: ${epoch}, ${bookProgress({ accuracy: accuracyOf(y), loss, dataLoss, regularizationLoss, learningRate: optimizer.currentLearningRate })}`);
  }

  lossFunction.backward(activation2.output!, y);
  activation2.backward(lossFunction.dinputs!);
  dense2.backward(activation2.dinputs!);
  activation1.backward(dense2.dinputs!);
  dense1.backward(activation1.dinputs!);

  optimizer.preUpdateParams();
  optimizer.updateParams(dense1);
  optimizer.updateParams(dense2);
  optimizer.postUpdateParams();
}

const test = spiralData(100, 2);
const yTest = column(test.y);
dense1.forward(test.X);
activation1.forward(dense1.output!);
dense2.forward(activation1.output!);
activation2.forward(dense2.output!);
const loss = lossFunction.calculate(activation2.output!, yTest);
console.log(`validation, acc: ${accuracyOf(yTest).toFixed(3)}, loss: ${loss.toFixed(3)}`);
