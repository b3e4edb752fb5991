import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, formatArray, pyFloat, pyFloat32 } from '../src/index.js';

test('pyFloat prints floats as Python does', () => {
  assert.equal(pyFloat(1), '1.0');
  assert.equal(pyFloat(0.05), '0.05');
  assert.equal(pyFloat(0.0001), '0.0001');
  assert.equal(pyFloat(0.00001), '1e-05');
  assert.equal(pyFloat(0.04999752512250644), '0.04999752512250644');
  assert.equal(pyFloat(1e16), '1e+16');
  assert.equal(pyFloat(-2.5e-7), '-2.5e-07');
  assert.equal(pyFloat(NaN), 'nan');
});

test('pyFloat32 prints the shortest digits that read back to the same float32, as NumPy', () => {
  assert.equal(pyFloat32(Math.fround(1.0986104)), '1.0986104');
  assert.equal(pyFloat32(Math.fround(0.1)), '0.1');
  assert.equal(pyFloat32(Math.fround(1 / 3)), '0.33333334');
});

test('formatArray prints a matrix as NumPy, positional or scientific', () => {
  assert.equal(formatArray(Matrix.from([[1 / 3, 1 / 3], [0.5, 2]])), '[[0.33333334 0.33333334]\n [0.5        2.        ]]');
  assert.equal(formatArray(Matrix.from([[1e-5, 2e-3]])), '[[1.e-05 2.e-03]]');
});

test('the model prints its learning rate as the book does', async () => {
  const { Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Model, Softmax } = await import('../src/index.js');
  const model = new Model();
  model.add(new Dense(2, 2)).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.00001 }), accuracy: new CategoricalAccuracy() });
  const lines: string[] = [];
  model.train([[1, 2]], [0], { epochs: 1, log: (l) => lines.push(l) });
  assert.match(lines[0]!, /, lr: 1e-05$/);
});
