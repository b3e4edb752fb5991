/**
 * NNFS chapter 9, "Backpropagation": one forward and one backward pass of a 2 → 3 → 3 network on
 * the spiral data, printing the first five softmax outputs, the loss (1.0986104), the accuracy
 * (0.34) and the four gradient arrays, as the chapter's final code does.
 *
 * Run: npm run build && npx tsx examples/chapter09.ts
 */
import { Dense, ReLU, SoftmaxCategoricalCrossentropy, seed, spiralData, formatArray, pyFloat, pyFloat32 } from 'backprop';

// nnfs.init(): the global generator seeded with 0, so the data and the weights are NumPy's.
seed(0);

const { X, y } = spiralData(100, 3);

const dense1 = new Dense(2, 3);
const activation1 = new ReLU();
const dense2 = new Dense(3, 3);
const lossActivation = new SoftmaxCategoricalCrossentropy();

dense1.forward(X);
activation1.forward(dense1.output!);
dense2.forward(activation1.output!);
const loss = lossActivation.forward(dense2.output!, y);
const probabilities = lossActivation.output!;

console.log(formatArray(probabilities.sliceRows(0, 5)));
console.log('loss:', pyFloat32(loss));

const predictions = lossActivation.activation.predictions(probabilities);
let right = 0;
for (let i = 0; i < y.length; i++) if (predictions[i] === y[i]) right++;
console.log('acc:', pyFloat(right / y.length));

lossActivation.backward(probabilities, y);
dense2.backward(lossActivation.dinputs!);
activation1.backward(dense2.dinputs!);
dense1.backward(activation1.dinputs!);

console.log(formatArray(dense1.dweights));
console.log(formatArray(dense1.dbiases));
console.log(formatArray(dense2.dweights));
console.log(formatArray(dense2.dbiases));
