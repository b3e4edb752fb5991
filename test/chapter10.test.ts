import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Model, ReLU, Softmax, seed, spiralData, type StepInfo } from '../src/index.js';

/** NumPy's float32 run of the book's chapter-10 Adam loop, epochs 0 to 19 (scripts/fixtures/book_fixtures.py). */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/chapter10.json', import.meta.url), 'utf8')) as {
  history: Array<{ epoch: number; accuracy: number; loss: number; learningRate: number }>;
  dense1_weights: number[][]; dense1_biases: number[][]; dense2_weights: number[][]; dense2_biases: number[][];
};

/** The book's order: seed, the data, then the layers (each draws from the same generator). */
function chapter10Model() {
  seed(0);
  const { X, y } = spiralData(100, 3);
  const dense1 = new Dense(2, 64);
  const dense2 = new Dense(64, 3);
  const model = new Model();
  model.add(dense1).add(new ReLU()).add(dense2).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.05, decay: 5e-7 }), accuracy: new CategoricalAccuracy() });
  model.finalize();
  return { model, dense1, dense2, X, y };
}

test('chapter 10: the first 20 epochs of the Adam spiral run follow NumPy', () => {
  const { model, dense1, dense2, X, y } = chapter10Model();
  const steps: StepInfo[] = [];
  model.train(X, y, { epochs: 20, printEvery: 0, onStep: (s) => steps.push(s) });
  assert.equal(steps.length, 20);
  let previousRate = 0.05;
  fixture.history.forEach((expected, epoch) => {
    const actual = steps[epoch]!;
    // The book prints the rate before this epoch's update: the rate the previous step used.
    assert.equal(previousRate, expected.learningRate, `learning rate at epoch ${epoch}`);
    previousRate = actual.learningRate;
    assert.ok(Math.abs(actual.loss - expected.loss) <= 2.5e-7, `loss at epoch ${epoch}: ${actual.loss} vs NumPy ${expected.loss}`);
    assert.ok(Math.abs(actual.accuracy - expected.accuracy) <= 1 / 300 + 1e-12, `accuracy at epoch ${epoch}: ${actual.accuracy} vs NumPy ${expected.accuracy}`);
  });
  const close = (actual: number[][], expected: number[][], what: string) => {
    actual.flat().forEach((a, i) => assert.ok(Math.abs(a - expected.flat()[i]!) < 1e-4, `${what}[${i}]: ${a} vs NumPy ${expected.flat()[i]}`));
  };
  close(dense1.weights.toArray(), fixture.dense1_weights, 'dense1.weights');
  close(dense1.biases.toArray(), fixture.dense1_biases, 'dense1.biases');
  close(dense2.weights.toArray(), fixture.dense2_weights, 'dense2.weights');
  close(dense2.biases.toArray(), fixture.dense2_biases, 'dense2.biases');
});

test('the model picks the fused softmax cross-entropy backward and says so', () => {
  const { model } = chapter10Model();
  const summary = model.summary();
  assert.match(summary, /Softmax \(fused with the loss\)/);
  assert.match(summary, /backward: fused softmax \+ categorical cross-entropy/);
  assert.match(summary, /Dense\(2 → 64\)\s+N×64\s+192/);
  assert.match(summary, /total trainable parameters: 387/);
});

test('printing follows the book: one line per printEvery epochs in full-batch training', () => {
  const { model, X, y } = chapter10Model();
  const lines: string[] = [];
  model.train(X, y, { epochs: 20, printEvery: 10, log: (l) => lines.push(l) });
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^epoch: 10, acc: 0\.\d{3}, loss: 1\.\d{3} \(data_loss: 1\.\d{3}, reg_loss: 0\.000\), lr: 0\.04999/);
  assert.match(lines[1]!, /^epoch: 20, /);
});
