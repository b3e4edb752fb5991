import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Matrix } from '../src/matrix.js';
import { ShapeError } from '../src/errors.js';
import type { TrainableLayer } from '../src/layers/layer.js';
import type { Optimizer, OptimizerKind } from '../src/optimizers/optimizer.js';
import { createOptimizer } from '../src/optimizers/create-optimizer.js';
import { SGD } from '../src/optimizers/sgd.js';
import { Adagrad } from '../src/optimizers/adagrad.js';
import { RMSprop } from '../src/optimizers/rmsprop.js';
import { Adam } from '../src/optimizers/adam.js';

// Written by scripts/fixtures/book_fixtures.py with the book's optimizer classes (NumPy float32).
interface Fixture {
  weights: number[][];
  biases: number[][];
  gradients: { dweights: number[][]; dbiases: number[][] }[];
  cases: {
    kind: OptimizerKind;
    config: Record<string, number>;
    steps: { currentLearningRate: number; weights: number[][]; biases: number[][] }[];
    slots: { weights: Record<string, number[][]>; biases: Record<string, number[][]> };
  }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/optimizers.json', import.meta.url), 'utf8')) as Fixture;

/** The four arrays an optimizer reads and writes; nothing else of a layer matters to it. */
function fakeLayer(): TrainableLayer {
  return {
    weights: Matrix.from(fixture.weights),
    biases: Matrix.from(fixture.biases),
    dweights: Matrix.zeros(fixture.weights.length, fixture.weights[0]!.length),
    dbiases: Matrix.zeros(1, fixture.biases[0]!.length),
  } as unknown as TrainableLayer;
}

function step(optimizer: Optimizer, layer: TrainableLayer, index: number): void {
  const g = fixture.gradients[index]!;
  layer.dweights.data.set(g.dweights.flat());
  layer.dbiases.data.set(g.dbiases.flat());
  optimizer.preUpdateParams();
  optimizer.updateParams(layer);
  optimizer.postUpdateParams();
}

const label = (c: Fixture['cases'][number]) => `${c.kind} ${JSON.stringify(c.config)}`;

for (const c of fixture.cases) {
  test(`${label(c)} matches the book's NumPy run bit for bit, step by step`, () => {
    const optimizer = createOptimizer(c.kind, c.config);
    const layer = fakeLayer();
    const { weights, biases } = layer;
    const weightData = weights.data;
    c.steps.forEach((expected, i) => {
      step(optimizer, layer, i);
      assert.equal(optimizer.currentLearningRate, expected.currentLearningRate, `learning rate, step ${i}`);
      assert.equal(optimizer.iterations, i + 1);
      assert.deepEqual(Array.from(layer.weights.data), expected.weights.flat(), `weights, step ${i}`);
      assert.deepEqual(Array.from(layer.biases.data), expected.biases.flat(), `biases, step ${i}`);
    });
    // Updated in place: whoever holds the layer's matrices sees the new values.
    assert.equal(layer.weights, weights);
    assert.equal(layer.biases, biases);
    assert.equal(layer.weights.data, weightData);
    for (const which of ['weights', 'biases'] as const) {
      const slots = optimizer.getSlots(layer[which]);
      const expected = Object.fromEntries(Object.entries(c.slots[which]).map(([k, v]) => [k, v.flat()]));
      if (optimizer.slotNames().length === 0) {
        assert.deepEqual(slots, {});
      } else {
        assert.ok(slots);
        assert.deepEqual(Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, Array.from(v)])), expected);
      }
    }
  });

  test(`${label(c)} resumed from getSlots/setSlots continues bit-identically`, () => {
    const original = createOptimizer(c.kind, c.config);
    const layer = fakeLayer();
    for (let i = 0; i < 3; i++) step(original, layer, i);

    // What a saved model stores: kind, config, iterations, rate, parameters, slots.
    const resumed = createOptimizer(original.kind, original.config());
    resumed.iterations = original.iterations;
    resumed.currentLearningRate = original.currentLearningRate;
    const copy = fakeLayer();
    copy.weights.data.set(layer.weights.data);
    copy.biases.data.set(layer.biases.data);
    for (const which of ['weights', 'biases'] as const) {
      const slots = original.getSlots(layer[which]);
      assert.ok(slots);
      resumed.setSlots(copy[which], slots);
    }
    for (let i = 3; i < c.steps.length; i++) {
      step(original, layer, i);
      step(resumed, copy, i);
      assert.deepEqual(Array.from(copy.weights.data), Array.from(layer.weights.data));
      assert.deepEqual(Array.from(copy.biases.data), Array.from(layer.biases.data));
      assert.equal(resumed.currentLearningRate, original.currentLearningRate);
    }
    assert.deepEqual(Array.from(copy.weights.data), c.steps.at(-1)!.weights.flat());
  });
}

test('the fixture covers every optimizer, with and without SGD momentum', () => {
  const kinds = new Set(fixture.cases.map((c) => c.kind));
  assert.deepEqual([...kinds].sort(), ['Adagrad', 'Adam', 'RMSprop', 'SGD']);
  assert.ok(fixture.cases.some((c) => c.kind === 'SGD' && c.config['momentum']));
  assert.ok(fixture.cases.some((c) => c.kind === 'SGD' && !c.config['momentum']));
});

test('defaults are the book\'s, and config() fills them in', () => {
  assert.deepEqual(new SGD().config(), { learningRate: 1, decay: 0, momentum: 0 });
  assert.deepEqual(new Adagrad().config(), { learningRate: 1, decay: 0, epsilon: 1e-7 });
  assert.deepEqual(new RMSprop().config(), { learningRate: 0.001, decay: 0, epsilon: 1e-7, rho: 0.9 });
  assert.deepEqual(new Adam({ learningRate: 0.05 }).config(), { learningRate: 0.05, decay: 0, epsilon: 1e-7, beta1: 0.9, beta2: 0.999 });
  const adam = new Adam();
  assert.equal(adam.kind, 'Adam');
  assert.equal(adam.currentLearningRate, 0.001);
  assert.equal(adam.iterations, 0);
});

test('without decay the learning rate never changes', () => {
  const sgd = new SGD({ learningRate: 0.3 });
  const layer = fakeLayer();
  for (let i = 0; i < 3; i++) step(sgd, layer, i);
  assert.equal(sgd.currentLearningRate, 0.3);
  assert.equal(sgd.iterations, 3);
});

test('slot names: momentums for SGD with momentum, cache for Adagrad/RMSprop, both for Adam', () => {
  assert.deepEqual(new SGD().slotNames(), []);
  assert.deepEqual(new SGD({ momentum: 0.5 }).slotNames(), ['momentums']);
  assert.deepEqual(new Adagrad().slotNames(), ['cache']);
  assert.deepEqual(new RMSprop().slotNames(), ['cache']);
  assert.deepEqual(new Adam().slotNames(), ['momentums', 'cache']);
});

test('getSlots is undefined before the first update and returns a copy after it', () => {
  const adam = new Adam();
  const layer = fakeLayer();
  assert.equal(adam.getSlots(layer.weights), undefined);
  step(adam, layer, 0);
  const slots = adam.getSlots(layer.weights)!;
  const before = Array.from(slots['cache']!);
  slots['cache']!.fill(123);
  assert.deepEqual(Array.from(adam.getSlots(layer.weights)!['cache']!), before);
});

test('setSlots copies the buffers in, so later changes to them do not leak into the optimizer', () => {
  const sgd = new SGD({ momentum: 0.9 });
  const layer = fakeLayer();
  const momentums = new Float32Array(layer.weights.size).fill(0.5);
  sgd.setSlots(layer.weights, { momentums });
  momentums.fill(7);
  assert.deepEqual(Array.from(sgd.getSlots(layer.weights)!['momentums']!), new Array(layer.weights.size).fill(0.5));
});

test('setSlots rejects wrong slot names and wrong lengths', () => {
  const adam = new Adam();
  const param = Matrix.zeros(3, 2);
  assert.throws(() => adam.setSlots(param, { cache: new Float32Array(6) }), {
    name: 'TypeError',
    message: 'Adam.setSlots: expected slots [momentums, cache], got [cache]',
  });
  assert.throws(() => adam.setSlots(param, { momentums: new Float32Array(6), cache: new Float32Array(5) }), {
    name: 'ShapeError',
    message: 'Adam.setSlots: slot "cache" has 5 values, parameter 3×2 has 6',
  });
  assert.throws(() => new SGD().setSlots(param, { momentums: new Float32Array(6) }), {
    name: 'TypeError',
    message: 'SGD.setSlots: expected slots [], got [momentums]',
  });
});

test('updateParams rejects gradients whose shape differs from the parameter, naming both shapes', () => {
  const layer = fakeLayer();
  layer.dweights = Matrix.zeros(2, 3);
  assert.throws(() => new Adam().updateParams(layer), (e: unknown) =>
    e instanceof ShapeError && e.message === 'Adam.updateParams: dweights (like weights) must be 3×2, got 2×3');
});

test('updateParams before backward (no gradients) is a TypeError', () => {
  const layer = { weights: Matrix.zeros(2, 2), biases: Matrix.zeros(1, 2) } as unknown as TrainableLayer;
  assert.throws(() => new SGD().updateParams(layer), {
    name: 'TypeError',
    message: 'SGD.updateParams: the layer has no dweights; call backward() first',
  });
});

test('options are validated, with the offending value in the message', () => {
  const cases: [() => unknown, string, string][] = [
    [() => new SGD({ learningRate: -0.1 }), 'RangeError', 'SGD: learningRate must be > 0, got -0.1'],
    [() => new SGD({ learningRate: 0 }), 'RangeError', 'SGD: learningRate must be > 0, got 0'],
    [() => new SGD({ decay: -1e-3 }), 'RangeError', 'SGD: decay must be >= 0, got -0.001'],
    [() => new SGD({ momentum: 1 }), 'RangeError', 'SGD: momentum must be in [0, 1), got 1'],
    [() => new SGD({ momentum: -0.5 }), 'RangeError', 'SGD: momentum must be in [0, 1), got -0.5'],
    [() => new Adagrad({ epsilon: 0 }), 'RangeError', 'Adagrad: epsilon must be > 0, got 0'],
    [() => new RMSprop({ rho: 1.5 }), 'RangeError', 'RMSprop: rho must be in [0, 1), got 1.5'],
    [() => new Adam({ beta1: 1 }), 'RangeError', 'Adam: beta1 must be in [0, 1), got 1'],
    [() => new Adam({ beta2: -0.1 }), 'RangeError', 'Adam: beta2 must be in [0, 1), got -0.1'],
    [() => new Adam({ learningRate: NaN }), 'RangeError', 'Adam: learningRate must be a finite number, got NaN'],
    [() => new Adam({ decay: Infinity }), 'RangeError', 'Adam: decay must be a finite number, got Infinity'],
    [() => new Adam({ learning_rate: 0.05 } as never), 'TypeError',
      'Adam: unknown option "learning_rate" (known: learningRate, decay, epsilon, beta1, beta2)'],
    [() => new SGD({ learningRate: '0.1' } as never), 'TypeError', 'SGD: learningRate must be a number, got string'],
    [() => new RMSprop(5 as never), 'TypeError', 'RMSprop: options must be an object, got number'],
    [() => createOptimizer('Nesterov' as never, {}), 'RangeError',
      'unknown optimizer kind "Nesterov" (known: SGD, Adagrad, RMSprop, Adam)'],
  ];
  for (const [make, name, message] of cases) assert.throws(make, { name, message });
});

test('createOptimizer rebuilds each kind from its config', () => {
  const made: Optimizer[] = [new SGD({ momentum: 0.5, decay: 1e-3 }), new Adagrad({ epsilon: 1e-6 }),
    new RMSprop({ rho: 0.95 }), new Adam({ beta1: 0.8, learningRate: 0.02 })];
  for (const optimizer of made) {
    const rebuilt = createOptimizer(optimizer.kind, optimizer.config());
    assert.equal(rebuilt.constructor, optimizer.constructor);
    assert.deepEqual(rebuilt.config(), optimizer.config());
  }
});
