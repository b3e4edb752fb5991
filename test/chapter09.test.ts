import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dense, Matrix, ReLU, Softmax, SoftmaxCategoricalCrossentropy, gradCheck, seed } from '../src/index.js';
import { spiralData } from '../src/data/spiral.js';

/** NumPy's run of the book's chapter-9 code (scripts/fixtures/book_fixtures.py). */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/chapter09.json', import.meta.url), 'utf8')) as Record<string, number[][] | number>;

/** Within `relative` of the largest expected magnitude, plus `absolute` for sums that cancel to near 0. */
function assertClose(actual: Matrix, expected: number[][], what: string, relative = 2e-5, absolute = 0): void {
  assert.deepEqual(actual.shape, [expected.length, expected[0]!.length], `${what} shape`);
  const scale = Math.max(...expected.flat().map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[i]!.length; j++) {
      const a = actual.get(i, j);
      const e = expected[i]![j]!;
      assert.ok(Math.abs(a - e) <= relative * scale + absolute, `${what}[${i}][${j}]: ${a} vs NumPy ${e}`);
    }
  }
}

function chapter9() {
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
  const predictions = new Softmax().predictions(lossActivation.output!);
  const accuracy = predictions.reduce((n, p, i) => n + (p === y[i] ? 1 : 0), 0) / y.length;
  lossActivation.backward(lossActivation.output!, y);
  dense2.backward(lossActivation.dinputs!);
  activation1.backward(dense2.dinputs!);
  dense1.backward(activation1.dinputs!);
  return { X, y, dense1, dense2, lossActivation, loss, accuracy };
}

test("chapter 9: seed(0), spiral data and Dense(2, 3) give NumPy's arrays", () => {
  const { X, y, dense1, dense2 } = chapter9();
  assertClose(X.sliceRows(0, 5), fixture.X_first5 as number[][], 'X', 0);
  assert.deepEqual(Array.from(y.subarray(0, 5)), fixture.y_first5);
  assertClose(dense1.weights, fixture.dense1_weights as number[][], 'dense1.weights', 0);
  assertClose(dense2.weights, fixture.dense2_weights as number[][], 'dense2.weights', 0);
});

test('chapter 9: the loss is 1.0986104 and the accuracy 0.34, as the book prints', () => {
  const { loss, accuracy, lossActivation } = chapter9();
  assert.equal(loss.toPrecision(8), '1.0986104');
  assert.equal(loss, fixture.loss);
  assert.equal(accuracy, 0.34);
  assertClose(lossActivation.output!.sliceRows(0, 5), fixture.output_first5 as number[][], 'softmax output');
});

test("chapter 9: the four gradient matrices equal NumPy's", () => {
  const { dense1, dense2 } = chapter9();
  assertClose(dense1.dweights, fixture.dense1_dweights as number[][], 'dense1.dweights');
  assertClose(dense1.dbiases, fixture.dense1_dbiases as number[][], 'dense1.dbiases', 2e-5, 1e-8);
  assertClose(dense2.dweights, fixture.dense2_dweights as number[][], 'dense2.dweights');
  // The bias gradients sum 300 values of about 1e-3 that cancel to about 1e-5, so allow the summands' float32 rounding.
  assertClose(dense2.dbiases, fixture.dense2_dbiases as number[][], 'dense2.dbiases', 2e-5, 1e-8);
});

test('chapter 9: the fused softmax backward equals the Jacobian one chained with cross-entropy', () => {
  const { dense2, y, lossActivation } = chapter9();
  const softmax = new Softmax();
  softmax.forward(dense2.output!);
  const fused = lossActivation.dinputs!.clone();
  const lossOnly = lossActivation.loss;
  lossOnly.backward(softmax.output!, y);
  const chained = softmax.backward(lossOnly.dinputs!);
  for (let i = 0; i < fused.data.length; i++) assert.ok(Math.abs(fused.data[i]! - chained.data[i]!) < 1e-7, `dinputs[${i}]`);
  assert.ok(gradCheck(new SoftmaxCategoricalCrossentropy(), { inputs: dense2.output!.clone(), yTrue: y }).passed);
});
