import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Dropout, Linear, Matrix, MeanSquaredError, Model,
  RandomState, ReLU, RegressionAccuracy, SGD, Softmax, TrainingDivergedError, sineData, spiralData,
} from '../src/node/index.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-model-'));

function classifier(rng: RandomState): Model {
  const model = new Model({ rng });
  model.add(new Dense(2, 32, { rng, weightRegularizerL2: 5e-4 })).add(new ReLU()).add(new Dropout(0.1, { rng })).add(new Dense(32, 3, { rng })).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.05, decay: 1e-4 }), accuracy: new CategoricalAccuracy() });
  return model.finalize();
}

test('a model learns the spiral data and evaluates on fresh data', () => {
  const rng = new RandomState(0);
  const model = classifier(rng);
  const { X, y } = spiralData(100, 3, rng);
  const history = model.train(X, y, { epochs: 300, batchSize: 100, shuffle: true, printEvery: 0 });
  assert.equal(history.loss.length, 300);
  assert.ok(history.loss[299]! < history.loss[0]! * 0.9, `loss fell from ${history.loss[0]} to ${history.loss[299]}`);
  const test = spiralData(100, 3, new RandomState(1));
  const { accuracy } = model.evaluate(test.X, test.y);
  assert.ok(accuracy > 0.55, `validation accuracy ${accuracy}`);
  assert.deepEqual(model.predict(test.X, { batchSize: 7 }).shape, [300, 3]);
});

test('save and load give the same predictions, optimizer state and summary', () => {
  const rng = new RandomState(1);
  const model = classifier(rng);
  const { X, y } = spiralData(50, 3, rng);
  model.train(X, y, { epochs: 5, printEvery: 0 });
  const path = join(dir, 'model.safetensors');
  model.save(path);
  const loaded = Model.load(path);
  assert.deepEqual(loaded.predict(X).data, model.predict(X).data);
  assert.equal(loaded.summary(), model.summary());
  assert.equal(loaded.optimizer!.iterations, 5);
  const w = (model.layers[0] as Dense).weights;
  assert.deepEqual(loaded.optimizer!.getSlots((loaded.layers[0] as Dense).weights), model.optimizer!.getSlots(w));
  assert.deepEqual(Model.fromBytes(model.toBytes()).getParameters(), model.getParameters());
});

test('a run interrupted at a checkpoint and resumed ends bit for bit like one straight run', () => {
  const { X, y } = spiralData(60, 3, new RandomState(2));
  const straight = classifier(new RandomState(3));
  straight.train(X, y, { epochs: 12, batchSize: 32, shuffle: true, printEvery: 0 });

  const path = join(dir, 'checkpoint.safetensors');
  const first = classifier(new RandomState(3));
  // The same generator object drives init, dropout and shuffling, so the checkpoint must carry its state.
  first.train(X, y, { epochs: 7, batchSize: 32, shuffle: true, printEvery: 0, checkpoint: { path, every: 7 } });
  const resumed = Model.load(path);
  assert.equal(resumed.epochsDone, 7);
  // The loaded model draws shuffles and dropout masks from the global generator, set to the saved state.
  resumed.train(X, y, { epochs: 12, batchSize: 32, shuffle: true, printEvery: 0 });
  assert.deepEqual(resumed.getParameters(), straight.getParameters());
});

test('divergence stops training with the epoch, the step and the last finite loss', () => {
  const rng = new RandomState(4);
  const model = new Model({ rng });
  model.add(new Dense(1, 8, { rng })).add(new ReLU()).add(new Dense(8, 1, { rng })).add(new Linear());
  model.set({ loss: new MeanSquaredError(), optimizer: new SGD({ learningRate: 1e6 }), accuracy: new RegressionAccuracy() });
  const { X, y } = sineData(100);
  const path = join(dir, 'diverge.safetensors');
  writeFileSync(path, 'previous');
  assert.throws(
    () => model.train(X, y, { epochs: 50, printEvery: 0, checkpoint: { path, every: 100 } }),
    (e: unknown) => e instanceof TrainingDivergedError && /^training diverged at epoch \d+, step 0: the loss is (NaN|Infinity) \(last finite loss [\d.e+]+ at epoch \d+, step 0\); try a lower learning rate \(now 1000000\)$/.test(e.message),
  );
  assert.equal(readFileSync(path, 'utf8'), 'previous');
});

test('a truncated or corrupted model file is rejected with a clear error', () => {
  const rng = new RandomState(5);
  const bytes = classifier(rng).toBytes();
  assert.throws(() => Model.fromBytes(bytes.subarray(0, bytes.length - 10), 'm.safetensors'), { name: 'ModelFileError', message: /^m\.safetensors: / });
  assert.throws(() => Model.fromBytes(bytes.subarray(0, 5), 'm.safetensors'), { name: 'ModelFileError', message: /^m\.safetensors: / });
  const corrupted = bytes.slice();
  const text = new TextDecoder().decode(corrupted);
  // The architecture is JSON inside the header's JSON, so its quotes are escaped.
  const at = text.indexOf('nNeurons\\":32');
  assert.ok(at > 0);
  corrupted.set(new TextEncoder().encode('nNeurons\\":17'), at);
  assert.throws(() => Model.fromBytes(corrupted, 'm.safetensors'), { name: 'ModelFileError', message: 'm.safetensors: tensor layers.0.weights has shape [2, 32], but the architecture needs 2×17' });
  const nan = bytes.slice();
  const view = new DataView(nan.buffer);
  const headerEnd = 8 + Number(view.getBigUint64(0, true));
  view.setFloat32(headerEnd, NaN, true);
  assert.throws(() => Model.fromBytes(nan, 'm.safetensors'), { name: 'ModelFileError', message: /holds NaN at index 0; every value must be finite/ });
  assert.throws(() => Model.load(join(dir, 'missing.safetensors')), { message: /missing\.safetensors: no such file/ });
});

test('parameters alone round-trip and are checked against the model', () => {
  const model = classifier(new RandomState(6));
  const path = join(dir, 'params.safetensors');
  model.saveParameters(path);
  const other = classifier(new RandomState(7));
  other.loadParameters(path);
  assert.deepEqual(other.getParameters(), model.getParameters());
  const small = new Model();
  small.add(new Dense(2, 4)).add(new Softmax());
  assert.throws(() => small.loadParameters(path), { name: 'ShapeError', message: `${path}: tensor layers.0.weights is F32 [2, 32], the model needs F32 2×4` });
  assert.throws(() => Model.load(path), { message: /holds parameters only/ });
});

test('setParameters checks shapes and keeps the optimizer state attached', () => {
  const model = classifier(new RandomState(8));
  const params = model.getParameters();
  const before = (model.layers[0] as Dense).weights;
  model.setParameters(params);
  assert.equal((model.layers[0] as Dense).weights, before);
  assert.throws(() => model.setParameters([params[0]!]), { name: 'ShapeError', message: 'setParameters: the model has 2 trainable layers, got parameters for 1' });
  const wrong = [{ weights: Matrix.zeros(3, 16), biases: params[0]!.biases }, params[1]!];
  assert.throws(() => model.setParameters(wrong), { name: 'ShapeError', message: 'setParameters: layer 1 weights must be 2×32, got 3×16' });
});

test('train and predict reject mismatched data before doing any work', () => {
  const model = classifier(new RandomState(9));
  assert.throws(() => model.train([[1, 2, 3]], [0]), { name: 'ShapeError', message: 'train: the model takes 2 features per sample, got 3 (input 1×3)' });
  assert.throws(() => model.train([[1, 2]], [0, 1]), { name: 'ShapeError', message: 'train: X has 1 samples but y has 2' });
  assert.throws(() => model.train([[1, NaN]], [0]), { name: 'RangeError', message: 'train: X[0][1] is NaN, expected a finite number' });
  assert.throws(() => model.predict([[1]]), { name: 'ShapeError', message: 'predict: the model takes 2 features per sample, got 1 (input 1×1)' });
  const bad = new Model();
  bad.add(new Dense(2, 4)).add(new Dense(5, 3));
  assert.throws(() => bad.finalize(), { name: 'ShapeError', message: 'Model: layer 2 (Dense(5, 3)) takes 5 inputs, but the layer before it gives 4' });
});
