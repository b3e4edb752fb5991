/**
 * NNFS chapter 18, "Model Object": chapter 15's regularized dropout network, now declared as a
 * Model (add the layers, set the loss, optimizer and accuracy, finalize) and trained with one
 * call. The model sees Softmax last and categorical cross-entropy as the loss and uses their fused
 * backward, as the book's finalize does (`model.summary()` shows it). 10,000 epochs, a line every 100,
 * then the out-of-sample check.
 *
 * EPOCHS=n trains n epochs instead of 10,000 (the full run takes several minutes: the dropout
 * mask is 1.5 million draws per epoch).
 *
 * Run: npm run build && npx tsx examples/chapter18.ts
 */
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Dropout, Model, ReLU, Softmax, seed, spiralData } from 'backprop';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10000);

seed(0);
const { X, y } = spiralData(1000, 3);
const test = spiralData(100, 3);

const model = new Model();
model.add(new Dense(2, 512, { weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 }));
model.add(new ReLU());
model.add(new Dropout(0.1));
model.add(new Dense(512, 3));
model.add(new Softmax());

model.set({
  loss: new CategoricalCrossentropy(),
  optimizer: new Adam({ learningRate: 0.05, decay: 5e-5 }),
  accuracy: new CategoricalAccuracy(),
});
model.finalize();

model.train(X, y, { epochs, printEvery: 100 });

// The book validates once, after training.
const validation = model.evaluate(test.X, test.y);
console.log(`validation, acc: ${validation.accuracy.toFixed(3)}, loss: ${validation.loss.toFixed(3)}`);
