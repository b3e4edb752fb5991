import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BinaryCrossentropy, CategoricalCrossentropy, Dense, Dropout, Matrix, MeanSquaredError, ReLU, ShapeError,
  Softmax, SoftmaxCategoricalCrossentropy,
} from '../src/index.js';

test('Dense names itself and both shapes when the input has the wrong width', () => {
  const layer = new Dense(3, 2);
  assert.throws(() => layer.forward([[1, 2]]), (e: unknown) => e instanceof ShapeError && e.message === 'Dense(3, 2): input must be N×3, got 1×2');
});

test('Dense rejects dvalues that do not match its output', () => {
  const layer = new Dense(2, 4);
  layer.forward([[1, 2], [3, 4]]);
  assert.throws(() => layer.backward(Matrix.zeros(2, 3)), { name: 'ShapeError', message: 'Dense(2, 4): dvalues must be 2×4, got 2×3' });
});

test('an empty batch is a ShapeError, not a NaN loss', () => {
  assert.throws(() => new Dense(2, 2).forward(Matrix.zeros(0, 2)), { name: 'ShapeError', message: 'Dense(2, 2): the batch is empty (0 samples)' });
  assert.throws(() => new CategoricalCrossentropy().calculate(Matrix.zeros(0, 3), []), { name: 'ShapeError', message: 'CategoricalCrossentropy: the batch is empty (0 samples)' });
});

test('labels out of range or not integers are RangeErrors naming the label', () => {
  const probs = [[0.5, 0.5], [0.2, 0.8]];
  assert.throws(() => new CategoricalCrossentropy().calculate(probs, [0, 2]), {
    name: 'RangeError', message: 'CategoricalCrossentropy: label 1 is 2, expected an integer class index in [0, 1]',
  });
  assert.throws(() => new CategoricalCrossentropy().calculate(probs, [0.5, 1]), {
    name: 'RangeError', message: 'CategoricalCrossentropy: label 0 is 0.5, expected an integer class index in [0, 1]',
  });
  assert.throws(() => new SoftmaxCategoricalCrossentropy().forward(probs, [-1, 0]), { name: 'RangeError', message: /label 0 is -1/ });
});

test('a label count that differs from the batch is a ShapeError', () => {
  assert.throws(() => new CategoricalCrossentropy().calculate([[0.5, 0.5]], [0, 1]), { name: 'ShapeError', message: 'CategoricalCrossentropy: got 2 labels for 1 samples' });
  assert.throws(() => new CategoricalCrossentropy().calculate([[0.5, 0.5]], [[1, 0, 0]]), {
    name: 'ShapeError', message: 'CategoricalCrossentropy: one-hot labels must be 1×2 like the predictions, got 1×3',
  });
});

test('regression and binary targets must match the predictions', () => {
  assert.throws(() => new MeanSquaredError().calculate([[1, 2]], [[1]]), { name: 'ShapeError', message: 'MeanSquaredError: targets must be 1×2 like the predictions, got 1×1' });
  assert.equal(new BinaryCrossentropy().calculate([[0.5], [0.5]], [1, 0]).toFixed(6), '0.693147');
});

test('activations check dvalues against what they saw in forward', () => {
  const relu = new ReLU();
  relu.forward([[1, -1]]);
  assert.throws(() => relu.backward([[1]]), { name: 'ShapeError', message: 'ReLU: dvalues must be 1×2, got 1×1' });
  assert.throws(() => new Softmax().backward([[1]]), { message: 'Softmax: backward called before forward' });
});

test('ragged arrays and bad constructor arguments say what is wrong', () => {
  assert.throws(() => Matrix.from([[1, 2], [3]]), { name: 'ShapeError', message: 'Matrix.from: row 1 has 1 values, expected 2 like row 0' });
  assert.throws(() => new Dense(2, 3).forward([[1, 2], [3]]), { name: 'ShapeError', message: 'Dense input: Matrix.from: row 1 has 1 values, expected 2 like row 0' });
  assert.throws(() => new Dense(0, 3), { name: 'RangeError', message: 'Dense: nInputs must be a positive integer, got 0' });
  assert.throws(() => new Dense(2, 3, { weightRegularizerL2: -1 }), { name: 'RangeError', message: 'weightRegularizerL2 must be a finite number ≥ 0, got -1' });
  assert.throws(() => new Dropout(1), { name: 'RangeError', message: 'Dropout: rate (the fraction dropped) must be in [0, 1), got 1' });
});

test('layers accept plain number[][] wherever they take a Matrix', () => {
  const layer = new Dense(2, 1);
  layer.weights = Matrix.from([[1], [2]]);
  assert.deepEqual(layer.forward([[3, 4]]).toArray(), [[11]]);
  assert.deepEqual(new ReLU().forward([[-1, 2]]).toArray(), [[0, 2]]);
});
