import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BinaryCrossentropy, CategoricalCrossentropy, Dense, Dropout, Linear, Matrix, MeanAbsoluteError,
  MeanSquaredError, Model, RandomState, ReLU, Sigmoid, Softmax, SoftmaxCategoricalCrossentropy, gradCheck,
  type Layer,
} from '../src/index.js';

/** A rows × cols matrix of normal values scaled by `scale`, from a seeded generator. */
function randomMatrix(rng: RandomState, rows: number, cols: number, scale = 1): Matrix {
  return new Matrix(rows, cols, Float32Array.from(rng.randn(rows, cols), (v) => v * scale));
}

/** Rows of probabilities well inside (0, 1), as a softmax would give. */
function probabilities(rng: RandomState, rows: number, cols: number): Matrix {
  const m = new Matrix(rows, cols, Float32Array.from(rng.rand(rows, cols), (v) => 0.2 + v));
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += m.get(r, j);
    for (let j = 0; j < cols; j++) m.set(r, j, m.get(r, j) / s);
  }
  return m;
}

// FC_RUNS=1000 runs the property tests deeper than CI does.
const shape = fc.record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }), seed: fc.nat(1000) });

test('every activation passes gradCheck on random shapes', () => {
  const activations: Array<() => Layer> = [() => new ReLU(), () => new Softmax(), () => new Sigmoid(), () => new Linear(), () => new Dropout(0.3)];
  fc.assert(
    fc.property(shape, ({ rows, cols, seed }) => {
      const rng = new RandomState(seed);
      for (const make of activations) {
        const result = gradCheck(make(), { inputs: randomMatrix(rng, rows, cols, 2), rng });
        assert.ok(result.passed, `${make().kind} ${rows}×${cols}: ${JSON.stringify(result)}`);
      }
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 40) },
  );
});

test('Dense passes gradCheck for inputs, weights and biases, with and without regularisation', () => {
  fc.assert(
    fc.property(shape, fc.integer({ min: 1, max: 5 }), fc.boolean(), ({ rows, cols, seed }, neurons, regularised) => {
      const rng = new RandomState(seed);
      const options = regularised
        ? { weightRegularizerL1: 0.01, weightRegularizerL2: 0.02, biasRegularizerL1: 0.03, biasRegularizerL2: 0.04, rng }
        : { rng };
      const layer = new Dense(cols, neurons, options);
      layer.weights = randomMatrix(rng, cols, neurons, 0.5);
      layer.biases = randomMatrix(rng, 1, neurons, 0.5);
      const result = gradCheck(layer, { inputs: randomMatrix(rng, rows, cols), rng });
      assert.ok(result.passed, JSON.stringify(result));
      assert.equal(result.checked, rows * cols + cols * neurons + neurons);
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 40) },
  );
});

test('every loss passes gradCheck against its labels or targets', () => {
  fc.assert(
    fc.property(shape, ({ rows, cols, seed }) => {
      const rng = new RandomState(seed);
      const classes = cols + 1;
      const labels = rng.randint(0, classes, rows);
      const oneHot = new Matrix(rows, classes);
      labels.forEach((c, i) => oneHot.set(i, c, 1));
      const binaryTargets = new Matrix(rows, cols, Float32Array.from(rng.randint(0, 2, rows * cols)));
      const targets = randomMatrix(rng, rows, cols);
      const cases: Array<[string, Parameters<typeof gradCheck>[0], Parameters<typeof gradCheck>[1]]> = [
        ['CCE sparse', new CategoricalCrossentropy(), { inputs: probabilities(rng, rows, classes), yTrue: labels }],
        ['CCE one-hot', new CategoricalCrossentropy(), { inputs: probabilities(rng, rows, classes), yTrue: oneHot }],
        ['BCE', new BinaryCrossentropy(), { inputs: new Matrix(rows, cols, Float32Array.from(rng.rand(rows, cols), (v) => 0.1 + 0.8 * v)), yTrue: binaryTargets }],
        ['MSE', new MeanSquaredError(), { inputs: randomMatrix(rng, rows, cols), yTrue: targets }],
        ['MAE', new MeanAbsoluteError(), { inputs: randomMatrix(rng, rows, cols), yTrue: targets }],
        ['softmax + CCE', new SoftmaxCategoricalCrossentropy(), { inputs: randomMatrix(rng, rows, classes, 2), yTrue: labels }],
        ['softmax + CCE one-hot', new SoftmaxCategoricalCrossentropy(), { inputs: randomMatrix(rng, rows, classes, 2), yTrue: oneHot }],
      ];
      for (const [name, component, options] of cases) {
        const result = gradCheck(component, options);
        assert.ok(result.passed, `${name} ${rows}×${cols}: ${JSON.stringify(result)}`);
      }
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 40) },
  );
});

test('gradCheck passes a whole small network: Dense, ReLU, Dense, softmax cross-entropy, regularised', () => {
  const rng = new RandomState(7);
  const model = new Model();
  model.add(new Dense(2, 4, { rng, weightRegularizerL2: 5e-4, weights: randomMatrix(rng, 2, 4) })).add(new ReLU());
  model.add(new Dense(4, 3, { rng, weightRegularizerL1: 1e-3, weights: randomMatrix(rng, 4, 3) })).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy() });
  const result = gradCheck(model, { inputs: randomMatrix(rng, 5, 2), yTrue: Int32Array.from([0, 1, 2, 1, 0]) });
  assert.ok(result.passed, JSON.stringify(result));
  // The 5×2 inputs, then both layers' weights and biases: every value inside the network.
  assert.equal(result.checked, 10 + 8 + 4 + 12 + 3);
});

test('gradCheck of a model fails when a layer deep inside has a broken backward', () => {
  class HalfWeightGradients extends Dense {
    override backward(dvalues: Matrix): Matrix {
      const d = super.backward(dvalues);
      for (let i = 0; i < this.dweights.data.length; i++) this.dweights.data[i] = this.dweights.data[i]! / 2;
      return d;
    }
  }
  const rng = new RandomState(8);
  const model = new Model();
  model.add(new HalfWeightGradients(2, 4, { weights: randomMatrix(rng, 2, 4) })).add(new ReLU());
  model.add(new Dense(4, 3, { weights: randomMatrix(rng, 4, 3) })).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy() });
  const result = gradCheck(model, { inputs: randomMatrix(rng, 5, 2), yTrue: Int32Array.from([0, 1, 2, 1, 0]) });
  assert.equal(result.passed, false);
  assert.equal(result.worst.name, 'layer 1 weights');
});

test('gradCheck fails a deliberately broken backward: a flipped sign or a missing factor', () => {
  class FlippedReLU extends ReLU {
    override backward(dvalues: Matrix): Matrix {
      const d = super.backward(dvalues);
      for (let i = 0; i < d.data.length; i++) d.data[i] = -d.data[i]!;
      return d;
    }
  }
  class HalfSigmoid extends Sigmoid {
    override backward(dvalues: Matrix): Matrix {
      const d = super.backward(dvalues);
      for (let i = 0; i < d.data.length; i++) d.data[i] = d.data[i]! / 2;
      return d;
    }
  }
  class NoRegularizationGradient extends Dense {
    override backward(dvalues: Matrix): Matrix {
      const d = super.backward(dvalues);
      for (let i = 0; i < this.dweights.data.length; i++) this.dweights.data[i] = this.dweights.data[i]! - 2 * this.weightRegularizerL2 * this.weights.data[i]!;
      return d;
    }
  }
  const rng = new RandomState(3);
  const inputs = randomMatrix(rng, 4, 3, 2);
  assert.equal(gradCheck(new FlippedReLU(), { inputs }).passed, false);
  assert.equal(gradCheck(new HalfSigmoid(), { inputs }).passed, false);
  const dense = new Dense(3, 2, { rng, weightRegularizerL2: 0.5 });
  dense.weights = randomMatrix(rng, 3, 2);
  const broken = gradCheck(dense, { inputs });
  assert.equal(broken.passed, true, 'sanity: the right Dense passes');
  const bad = new NoRegularizationGradient(3, 2, { rng, weightRegularizerL2: 0.5 });
  bad.weights = dense.weights;
  const result = gradCheck(bad, { inputs });
  assert.equal(result.passed, false);
  assert.equal(result.worst.name, 'weights');
});

test('the book-faithful MAE sign would fail gradCheck: ours is the corrected one', () => {
  class BookMAE extends MeanAbsoluteError {
    override backward(dvalues: Matrix, yTrue: Matrix): Matrix {
      const d = super.backward(dvalues, yTrue);
      for (let i = 0; i < d.data.length; i++) d.data[i] = -d.data[i]!;
      return d;
    }
  }
  const rng = new RandomState(5);
  const options = { inputs: randomMatrix(rng, 4, 2), yTrue: randomMatrix(rng, 4, 2) };
  assert.equal(gradCheck(new MeanAbsoluteError(), options).passed, true);
  assert.equal(gradCheck(new BookMAE(), options).passed, false);
});
