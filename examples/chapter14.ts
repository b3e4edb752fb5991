/**
 * NNFS chapter 14, "L1 and L2 Regularization": 1,000 spiral samples per class, a 2 → 512 → 3
 * network whose first layer pays an L2 penalty of 5e-4 on its weights and biases, Adam(0.02,
 * decay 5e-7), 10,001 epochs; each line splits the loss into data loss and regularization loss,
 * and the out-of-sample check at the end shows the smaller gap the penalty buys.
 *
 * EPOCHS=n runs epochs 0 … n−1 instead of 0 … 10000 (the full run takes a few minutes).
 *
 * Run: npm run build && npx tsx examples/chapter14.ts
 */
import { bookProgress, Adam, Dense, ReLU, SoftmaxCategoricalCrossentropy, seed, spiralData } from 'backprop';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10001);

seed(0);
const { X, y } = spiralData(1000, 3);

const dense1 = new Dense(2, 512, { weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 });
const activation1 = new ReLU();
const dense2 = new Dense(512, 3);
const lossActivation = new SoftmaxCategoricalCrossentropy();
const optimizer = new Adam({ learningRate: 0.02, decay: 5e-7 });

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
  const dataLoss = lossActivation.forward(dense2.output!, y);
  const regularizationLoss = lossActivation.regularizationLoss(dense1) + lossActivation.regularizationLoss(dense2);
  const loss = dataLoss + regularizationLoss;
  if (epoch % 100 === 0) {
    console.log(`epoch: ${epoch}, ${bookProgress({ accuracy: accuracyOf(y), loss, dataLoss, regularizationLoss, learningRate: optimizer.currentLearningRate })}`);
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

const test = spiralData(100, 3);
dense1.forward(test.X);
activation1.forward(dense1.output!);
dense2.forward(activation1.output!);
const loss = lossActivation.forward(dense2.output!, test.y);
console.log(`validation, acc: ${accuracyOf(test.y).toFixed(3)}, loss: ${loss.toFixed(3)}`);
