/**
 * NNFS chapter 15, "Dropout": chapter 14's network with a Dropout(0.1) layer after the ReLU
 * (one in ten hidden outputs zeroed at each step, the rest scaled by 1/0.9), Adam(0.05, decay
 * 5e-5), 10,001 epochs. Training accuracy drops (the network trains with a part missing) while the
 * out-of-sample accuracy holds up, the chapter's point. The mask draws from the global generator,
 * after the data and the weights, as the book's np.random.binomial does.
 *
 * EPOCHS=n runs epochs 0 … n−1 instead of 0 … 10000 (the full run takes a few minutes).
 *
 * Run: npm run build && npx tsx examples/chapter15.ts
 */
import { bookProgress, Adam, Dense, Dropout, ReLU, SoftmaxCategoricalCrossentropy, seed, spiralData } from 'backprop';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10001);

seed(0);
const { X, y } = spiralData(1000, 3);

const dense1 = new Dense(2, 512, { weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 });
const activation1 = new ReLU();
const dropout1 = new Dropout(0.1);
const dense2 = new Dense(512, 3);
const lossActivation = new SoftmaxCategoricalCrossentropy();
const optimizer = new Adam({ learningRate: 0.05, decay: 5e-5 });

function accuracyOf(labels: Int32Array): number {
  const predictions = lossActivation.activation.predictions(lossActivation.output!);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) right++;
  return right / labels.length;
}

for (let epoch = 0; epoch < epochs; epoch++) {
  dense1.forward(X);
  activation1.forward(dense1.output!);
  dropout1.forward(activation1.output!, true);
  dense2.forward(dropout1.output!);
  const dataLoss = lossActivation.forward(dense2.output!, y);
  const regularizationLoss = lossActivation.regularizationLoss(dense1) + lossActivation.regularizationLoss(dense2);
  const loss = dataLoss + regularizationLoss;
  if (epoch % 100 === 0) {
    console.log(`epoch: ${epoch}, ${bookProgress({ accuracy: accuracyOf(y), loss, dataLoss, regularizationLoss, learningRate: optimizer.currentLearningRate })}`);
  }

  lossActivation.backward(lossActivation.output!, y);
  dense2.backward(lossActivation.dinputs!);
  dropout1.backward(dense2.dinputs!);
  activation1.backward(dropout1.dinputs!);
  dense1.backward(activation1.dinputs!);

  optimizer.preUpdateParams();
  optimizer.updateParams(dense1);
  optimizer.updateParams(dense2);
  optimizer.postUpdateParams();
}

// Out-of-sample check without dropout: every neuron takes part when the network is used.
const test = spiralData(100, 3);
dense1.forward(test.X);
activation1.forward(dense1.output!);
dense2.forward(activation1.output!);
const loss = lossActivation.forward(dense2.output!, test.y);
console.log(`validation, acc: ${accuracyOf(test.y).toFixed(3)}, loss: ${loss.toFixed(3)}`);
