/**
 * NNFS chapter 11, "Testing with Out-of-Sample Data": chapter 10's Adam run, then the trained
 * network on a fresh spiral data set it never saw. The book's point: 0.96+ accuracy on the
 * training data but about 0.80 on new data, the gap that says the network overfits.
 *
 * EPOCHS=n runs epochs 0 … n−1 instead of 0 … 10000.
 *
 * Run: npm run build && npx tsx examples/chapter11.ts
 */
import { bookProgress, Adam, Dense, ReLU, SoftmaxCategoricalCrossentropy, seed, spiralData } from 'backprop';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10001);

seed(0);
const { X, y } = spiralData(100, 3);

const dense1 = new Dense(2, 64);
const activation1 = new ReLU();
const dense2 = new Dense(64, 3);
const lossActivation = new SoftmaxCategoricalCrossentropy();
const optimizer = new Adam({ learningRate: 0.05, decay: 5e-7 });

/** The share of samples whose most probable class is their label. */
function accuracyOf(labels: Int32Array): number {
  const predictions = lossActivation.activation.predictions(lossActivation.output!);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) right++;
  return right / labels.length;
}

for (let epoch = 0; epoch < epochs; epoch++) {
  dense1.forward(X);
  activation1.forward(dense1.output!);
  dense2.forward(activation1.output!);
  const loss = lossActivation.forward(dense2.output!, y);
  if (epoch % 100 === 0) {
    console.log(`epoch: ${epoch}, ${bookProgress({ accuracy: accuracyOf(y), loss, learningRate: optimizer.currentLearningRate })}`);
  }

  lossActivation.backward(lossActivation.output!, y);
  dense2.backward(lossActivation.dinputs!);
  activation1.backward(dense2.dinputs!);
  dense1.backward(activation1.dinputs!);

  optimizer.preUpdateParams();
  optimizer.updateParams(dense1);
  optimizer.updateParams(dense2);
  optimizer.postUpdateParams();
}

// Validate the model on out-of-sample data, drawn next from the same generator as the book does.
const test = spiralData(100, 3);
dense1.forward(test.X);
activation1.forward(dense1.output!);
dense2.forward(activation1.output!);
const loss = lossActivation.forward(dense2.output!, test.y);
console.log(`validation, acc: ${accuracyOf(test.y).toFixed(3)}, loss: ${loss.toFixed(3)}`);
