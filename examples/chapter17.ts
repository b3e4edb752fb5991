/**
 * NNFS chapter 17, "Regression": fit sin(2πx) on 1,000 points with a 1 → 64 → 64 → 1 network
 * ending in a linear output, mean squared error and Adam(0.005, decay 1e-3), 10,001 epochs.
 * "Accuracy" counts predictions within std(y)/250 of their target. As in the chapter's final code,
 * the weights start at 0.1·randn (ten times the usual scale, the change that made this network
 * learn); the book's closing plot is drawn in the terminal.
 *
 * EPOCHS=n runs epochs 0 … n−1 instead of 0 … 10000.
 *
 * Run: npm run build && npx tsx examples/chapter17.ts
 */
import { bookProgress, Adam, Dense, Linear, Matrix, MeanSquaredError, ReLU, globalRng, seed, sineData } from 'backprop';
import { terminalChart } from 'backprop/node';
import { envInt } from './book.js';

const epochs = envInt('EPOCHS', 10001);

/** A dense layer drawn as the chapter does, 0.1 · randn in float32, from the global generator. */
function denseScaled(nInputs: number, nNeurons: number): Dense {
  const normal = globalRng().randn(nInputs, nNeurons) as Float64Array;
  const scale = Math.fround(0.1);
  return new Dense(nInputs, nNeurons, { weights: new Matrix(nInputs, nNeurons, normal.map((v) => scale * Math.fround(v))) });
}

seed(0);
const { X, y } = sineData();

const dense1 = denseScaled(1, 64);
const activation1 = new ReLU();
const dense2 = denseScaled(64, 64);
const activation2 = new ReLU();
const dense3 = denseScaled(64, 1);
const activation3 = new Linear();
const lossFunction = new MeanSquaredError();
const optimizer = new Adam({ learningRate: 0.005, decay: 1e-3 });

// There is no accuracy in regression; the book approximates one with a tolerance of std(y) / 250.
let mean = 0;
for (const v of y.data) mean += v;
mean /= y.size;
let variance = 0;
for (const v of y.data) variance += (v - mean) ** 2;
const accuracyPrecision = Math.sqrt(variance / y.size) / 250;

function forward(inputs: Matrix): Matrix {
  dense1.forward(inputs);
  activation1.forward(dense1.output!);
  dense2.forward(activation1.output!);
  activation2.forward(dense2.output!);
  dense3.forward(activation2.output!);
  return activation3.forward(dense3.output!);
}

for (let epoch = 0; epoch < epochs; epoch++) {
  const output = forward(X);
  const dataLoss = lossFunction.calculate(output, y);
  const regularizationLoss =
    lossFunction.regularizationLoss(dense1) + lossFunction.regularizationLoss(dense2) + lossFunction.regularizationLoss(dense3);
  const loss = dataLoss + regularizationLoss;
  let right = 0;
  for (let i = 0; i < y.size; i++) if (Math.abs(output.data[i]! - y.data[i]!) < accuracyPrecision) right++;
  if (epoch % 100 === 0) {
    console.log(`epoch: ${epoch}, ${bookProgress({ accuracy: right / y.size, loss, dataLoss, regularizationLoss, learningRate: optimizer.currentLearningRate })}`);
  }

  lossFunction.backward(output, y);
  activation3.backward(lossFunction.dinputs!);
  dense3.backward(activation3.dinputs!);
  activation2.backward(dense3.dinputs!);
  dense2.backward(activation2.dinputs!);
  activation1.backward(dense2.dinputs!);
  dense1.backward(activation1.dinputs!);

  optimizer.preUpdateParams();
  optimizer.updateParams(dense1);
  optimizer.updateParams(dense2);
  optimizer.updateParams(dense3);
  optimizer.postUpdateParams();
}

// The book plots the sine and the network's fit; here the fit, drawn over x in [0, 1).
const test = sineData();
console.log(terminalChart(forward(test.X).data, { title: 'the network on sine_data (x from 0 to 1)', xRange: [0, 1] }));
