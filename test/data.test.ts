import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spiralData } from '../src/data/spiral.js';
import { verticalData } from '../src/data/vertical.js';
import { sineData } from '../src/data/sine.js';
import { RandomState } from '../src/random/random-state.js';
import { globalRng, seed } from '../src/random/global.js';

interface Labelled { X: number[]; y: number[] }
interface Fixture {
  spiral: Labelled & { denseWeights: number[] };
  spiralOneSample: Labelled;
  vertical: Labelled;
  sine: { X: number[]; y: number[] };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/data.json', import.meta.url), 'utf8')) as Fixture;

test('spiralData(100, 3) after seed(0) is nnfs spiral_data(100, 3) after nnfs.init(), to the float32 bit', () => {
  seed(0);
  const { X, y } = spiralData(100, 3);
  assert.deepEqual(X.shape, [300, 2]);
  assert.deepEqual(Array.from(X.data), fixture.spiral.X);
  assert.ok(y instanceof Int32Array);
  assert.deepEqual(Array.from(y), fixture.spiral.y);
});

test('the next 0.01·randn(2, 3) after the spiral is the book chapter-9 Dense(2, 3) weights', () => {
  seed(0);
  spiralData(100, 3);
  // nnfs.init() makes randn float32, so 0.01·randn is a float32 product
  const w = Array.from(globalRng().randn(2, 3), (v) => Math.fround(Math.fround(0.01) * Math.fround(v)));
  assert.deepEqual(w, fixture.spiral.denseWeights);
});

test('an explicit rng gives the same data and leaves the global generator alone', () => {
  seed(0);
  const { X } = spiralData(100, 3, new RandomState(0));
  assert.deepEqual(Array.from(X.data), fixture.spiral.X);
  assert.equal(globalRng().rand(), new RandomState(0).rand());
});

test('spiralData with one sample per class matches numpy linspace of one point', () => {
  const { X, y } = spiralData(1, 2, new RandomState(0));
  assert.deepEqual(Array.from(X.data), fixture.spiralOneSample.X);
  assert.deepEqual(Array.from(y), fixture.spiralOneSample.y);
});

test('verticalData(100, 3) after seed(0) is nnfs vertical_data(100, 3), to the float32 bit', () => {
  seed(0);
  const { X, y } = verticalData(100, 3);
  assert.deepEqual(X.shape, [300, 2]);
  assert.deepEqual(Array.from(X.data), fixture.vertical.X);
  assert.deepEqual(Array.from(y), fixture.vertical.y);
});

test('sineData() is nnfs sine_data(): 1000 points of sin(2πx), float32', () => {
  const { X, y } = sineData();
  assert.deepEqual(X.shape, [1000, 1]);
  assert.deepEqual(y.shape, [1000, 1]);
  assert.deepEqual(Array.from(X.data), fixture.sine.X);
  assert.deepEqual(Array.from(y.data), fixture.sine.y);
  assert.equal(sineData(10).X.get(3, 0), Math.fround(0.3));
});

test('sample and class counts must be positive integers', () => {
  const cases: [() => unknown, string][] = [
    [() => spiralData(0, 3), 'spiralData: samples must be a positive integer, got 0'],
    [() => spiralData(10, 2.5), 'spiralData: classes must be a positive integer, got 2.5'],
    [() => verticalData(-1, 3), 'verticalData: samples must be a positive integer, got -1'],
    [() => verticalData(10, 0), 'verticalData: classes must be a positive integer, got 0'],
    [() => sineData(0), 'sineData: samples must be a positive integer, got 0'],
    [() => sineData(NaN), 'sineData: samples must be a positive integer, got NaN'],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: 'RangeError', message });
});
