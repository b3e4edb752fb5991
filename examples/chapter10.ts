/**
 * NNFS chapter 10, "Optimizers": a 2 → 64 → 3 network trained on the spiral data for 10,001
 * epochs, printing accuracy, loss and learning rate every 100 epochs, with the chapter's final
 * optimizer, Adam(learning rate 0.05, decay 5e-7).
 *
 * OPTIMIZER=sgd | adagrad | rmsprop | adam picks one of the chapter's four runs (each with the
 * settings the book ends on for it); EPOCHS=n runs epochs 0 … n−1 instead of 0 … 10000.
 *
 * Run: npm run build && npx tsx examples/chapter10.ts
 */
import { bookProgress, Adagrad, Adam, Dense, ReLU, RMSprop, SGD, SoftmaxCategoricalCrossentropy, seed, spiralData, type Optimizer } from 'backprop';
import { envInt } from './book.js';

const optimizers: Record<string, () => Optimizer> = {
  sgd: () => new SGD({ decay: 1e-3, momentum: 0.9 }),
  adagrad: () => new Adagrad({ decay: 1e-4 }),
  rmsprop: () => new RMSprop({ learningRate: 0.02, decay: 1e-5, rho: 0.999 }),
  adam: () => new Adam({ learningRate: 0.05, decay: 5e-7 }),
};
const choice = (process.env.OPTIMIZER ?? 'adam').toLowerCase();
if (!(choice in optimizers)) throw new RangeError(`OPTIMIZER must be one of ${Object.keys(optimizers).join(', ')}, got ${JSON.stringify(choice)}`);
const epochs = envInt('EPOCHS', 10001);

seed(0);
const { X, y } = spiralData(100, 3);

const dense1 = new Dense(2, 64);
const activation1 = new ReLU();
const dense2 = new Dense(64, 3);
const lossActivation = new SoftmaxCategoricalCrossentropy();
const optimizer = optimizers[choice]!();

for (let epoch = 0; epoch < epochs; epoch++) {
  dense1.forward(X);
  activation1.forward(dense1.output!);
  dense2.forward(activation1.output!);
  const loss = lossActivation.forward(dense2.output!, y);

  const predictions = lossActivation.activation.predictions(lossActivation.output!);
  let right = 0;
  for (let i = 0; i < y.length; i++) if (predictions[i] === y[i]) right++;
  const accuracy = right / y.length;

  // The book prints before the update, so the rate shown is the one the previous step used.
  if (epoch % 100 === 0) {
    console.log(`epoch: ${epoch}, ${bookProgress({ accuracy, loss, learningRate: optimizer.currentLearningRate })}`);
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
