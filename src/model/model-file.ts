/**
 * Saved models: one safetensors file (https://huggingface.co/docs/safetensors) holding
 *   layers.<i>.weights, layers.<i>.biases                F32 tensors of Dense layer i (0-based in model.layers)
 *   optimizer.layers.<i>.<weights|biases>.<slot>         F32 optimizer state (momentums, cache)
 * and, in the header's metadata, `format` = "backprop.model", `version`, and JSON strings
 * `architecture` (layers, loss, accuracy, optimizer settings) and `training` (epochs done, generator state).
 * Python reads the weights with `safetensors.numpy.load_file`. Loading trusts nothing: every shape,
 * length, value and setting is checked before it is used.
 */
import type { AccuracyKind } from '../accuracy/accuracy.js';
import { createAccuracy } from '../accuracy/create-accuracy.js';
import { ShapeError, shapeOf } from '../errors.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError, type SafetensorsTensor } from '../io/safetensors.js';
import { isTrainable, type Layer, type TrainableLayer } from '../layers/layer.js';
import { createLoss } from '../losses/create-loss.js';
import type { LossKind } from '../losses/loss.js';
import { Matrix } from '../matrix.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import type { OptimizerKind } from '../optimizers/optimizer.js';
import type { RandomStateSnapshot } from '../random/random-state.js';
import { RandomState } from '../random/random-state.js';
import { layerFromSpec, specOf, type LayerSpec } from './layer-spec.js';
import { Model, type TrainingState } from './model.js';

const FORMAT = 'backprop.model';
const PARAMETERS_FORMAT = 'backprop.parameters';
const VERSION = '1';

interface Architecture {
  layers: LayerSpec[];
  loss: LossKind | null;
  accuracy: { kind: AccuracyKind; config: Record<string, number | boolean> } | null;
  optimizer: { kind: OptimizerKind; config: Record<string, number>; iterations: number; currentLearningRate: number } | null;
  classNames?: string[];
}

/** A saved file that cannot be loaded: the message names the file and what is wrong. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export function encodeModel(model: Model, training: TrainingState): Uint8Array {
  const tensors = parameterTensors(model.layers);
  const optimizer = model.optimizer;
  model.layers.forEach((layer, i) => {
    if (!isTrainable(layer) || optimizer === undefined) return;
    for (const name of ['weights', 'biases'] as const) {
      const slots = optimizer.getSlots(layer[name]);
      if (slots === undefined) continue;
      for (const [slot, data] of Object.entries(slots)) {
        tensors[`optimizer.layers.${i}.${name}.${slot}`] = { dtype: 'F32', shape: [layer[name].rows, layer[name].cols], data };
      }
    }
  });
  const architecture: Architecture = {
    layers: model.layers.map(specOf),
    loss: model.loss?.kind ?? null,
    accuracy: model.accuracy ? { kind: model.accuracy.kind, config: model.accuracy.config() } : null,
    optimizer: optimizer
      ? { kind: optimizer.kind, config: optimizer.config(), iterations: optimizer.iterations, currentLearningRate: optimizer.currentLearningRate }
      : null,
    classNames: model.classNames,
  };
  return encodeSafetensors(tensors, {
    format: FORMAT,
    version: VERSION,
    architecture: JSON.stringify(architecture),
    training: JSON.stringify(training),
  });
}

export function decodeModel(bytes: Uint8Array, source: string): { model: Model; training: TrainingState } {
  const { tensors, metadata } = decode(bytes, source);
  const fail = (message: string): never => {
    throw new ModelFileError(`${source}: ${message}`);
  };
  if (metadata.format !== FORMAT) {
    fail(metadata.format === PARAMETERS_FORMAT
      ? 'holds parameters only (saved with saveParameters): build the model, then call loadParameters'
      : `not a backprop model (metadata format is ${JSON.stringify(metadata.format ?? null)}, expected "${FORMAT}")`);
  }
  if (metadata.version !== VERSION) fail(`unsupported version ${JSON.stringify(metadata.version ?? null)} (this library reads version ${VERSION})`);
  const architecture = parseJson(metadata.architecture, 'architecture', fail) as Architecture;
  const training = parseJson(metadata.training ?? '{"epochsDone":0}', 'training', fail) as TrainingState;
  if (!Array.isArray(architecture?.layers) || architecture.layers.length === 0) fail('the architecture lists no layers');

  const used = new Set<string>();
  const take = (name: string, rows: number, cols: number): Matrix => {
    const t = tensors[name];
    if (t === undefined) return fail(`tensor ${name} is missing`);
    if (t.dtype !== 'F32') fail(`tensor ${name} has dtype ${t.dtype}, expected F32`);
    if (t.shape.length !== 2 || t.shape[0] !== rows || t.shape[1] !== cols) {
      fail(`tensor ${name} has shape [${t.shape.join(', ')}], but the architecture needs ${shapeOf(rows, cols)}`);
    }
    const data = t.data as Float32Array;
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) fail(`tensor ${name} holds ${data[bad]} at index ${bad}; every value must be finite`);
    used.add(name);
    return new Matrix(rows, cols, data);
  };

  const model = new Model();
  architecture.layers.forEach((spec, i) => {
    try {
      if (spec?.kind === 'Dense') {
        checkDenseSpec(spec, i);
        model.add(layerFromSpec(spec, { weights: take(`layers.${i}.weights`, spec.nInputs, spec.nNeurons), biases: take(`layers.${i}.biases`, 1, spec.nNeurons) }));
      } else {
        model.add(layerFromSpec(spec));
      }
    } catch (e) {
      if (e instanceof ModelFileError) throw e;
      fail(`layer ${i + 1} (${JSON.stringify(spec)}): ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  guard(fail, 'loss', () => {
    if (architecture.loss !== null && architecture.loss !== undefined) model.set({ loss: createLoss(architecture.loss) });
  });
  guard(fail, 'accuracy', () => {
    if (architecture.accuracy) model.set({ accuracy: createAccuracy(architecture.accuracy.kind, architecture.accuracy.config ?? {}) });
  });
  if (architecture.optimizer) {
    const saved = architecture.optimizer;
    guard(fail, 'optimizer', () => {
      const optimizer = createOptimizer(saved.kind, saved.config ?? {});
      if (!Number.isInteger(saved.iterations) || saved.iterations < 0) throw new RangeError(`iterations must be an integer ≥ 0, got ${saved.iterations}`);
      if (!(typeof saved.currentLearningRate === 'number' && saved.currentLearningRate > 0 && Number.isFinite(saved.currentLearningRate))) {
        throw new RangeError(`currentLearningRate must be a finite number > 0, got ${saved.currentLearningRate}`);
      }
      optimizer.iterations = saved.iterations;
      optimizer.currentLearningRate = saved.currentLearningRate;
      model.set({ optimizer });
    });
    model.layers.forEach((layer, i) => {
      if (!isTrainable(layer)) return;
      for (const name of ['weights', 'biases'] as const) {
        const param = layer[name];
        const present = model.optimizer!.slotNames().filter((slot) => `optimizer.layers.${i}.${name}.${slot}` in tensors);
        if (present.length === 0) continue;
        const slots: Record<string, Float32Array> = {};
        for (const slot of model.optimizer!.slotNames()) slots[slot] = take(`optimizer.layers.${i}.${name}.${slot}`, param.rows, param.cols).data;
        model.optimizer!.setSlots(param, slots);
      }
    });
  }
  if (architecture.classNames !== undefined) {
    if (!Array.isArray(architecture.classNames) || !architecture.classNames.every((c) => typeof c === 'string')) fail('classNames must be a list of strings');
    model.classNames = architecture.classNames;
  }
  const unknown = Object.keys(tensors).filter((name) => !used.has(name));
  if (unknown.length > 0) fail(`unexpected tensor ${unknown[0]} (not part of the architecture)`);
  return { model, training: checkTraining(training, fail) };
}

/** Only the Dense parameters, for `saveParameters` (and for Python). */
export function encodeParameters(layers: Layer[]): Uint8Array {
  return encodeSafetensors(parameterTensors(layers), { format: PARAMETERS_FORMAT, version: VERSION });
}

export function decodeParameters(bytes: Uint8Array, layers: Layer[], source: string): Array<{ weights: Matrix; biases: Matrix }> {
  const { tensors } = decode(bytes, source);
  const out: Array<{ weights: Matrix; biases: Matrix }> = [];
  layers.forEach((layer, i) => {
    if (!isTrainable(layer)) return;
    const get = (name: 'weights' | 'biases'): Matrix => {
      const key = `layers.${i}.${name}`;
      const t = tensors[key];
      const target = layer[name];
      if (t === undefined) throw new ShapeError(`${source}: tensor ${key} is missing (the model's layer ${i + 1} is ${layer.kind})`);
      if (t.dtype !== 'F32' || t.shape.length !== 2 || t.shape[0] !== target.rows || t.shape[1] !== target.cols) {
        throw new ShapeError(`${source}: tensor ${key} is ${t.dtype} [${t.shape.join(', ')}], the model needs F32 ${shapeOf(target.rows, target.cols)}`);
      }
      const data = t.data as Float32Array;
      const bad = data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new RangeError(`${source}: tensor ${key} holds ${data[bad]} at index ${bad}; every value must be finite`);
      return new Matrix(target.rows, target.cols, data);
    };
    out.push({ weights: get('weights'), biases: get('biases') });
  });
  return out;
}

function parameterTensors(layers: Layer[]): Record<string, SafetensorsTensor> {
  const tensors: Record<string, SafetensorsTensor> = {};
  layers.forEach((layer, i) => {
    if (!isTrainable(layer)) return;
    const t = layer as TrainableLayer;
    tensors[`layers.${i}.weights`] = { dtype: 'F32', shape: [t.weights.rows, t.weights.cols], data: t.weights.data };
    tensors[`layers.${i}.biases`] = { dtype: 'F32', shape: [t.biases.rows, t.biases.cols], data: t.biases.data };
  });
  return tensors;
}

function decode(bytes: Uint8Array, source: string) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${source}: expected bytes (Uint8Array), got ${typeof bytes}`);
  try {
    return decodeSafetensors(bytes);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new ModelFileError(`${source}: ${e.message}`);
    throw e;
  }
}

function parseJson(text: string | undefined, field: string, fail: (m: string) => never): unknown {
  if (text === undefined) return fail(`the metadata has no ${field}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`the ${field} metadata is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function guard(fail: (m: string) => never, what: string, body: () => void): void {
  try {
    body();
  } catch (e) {
    fail(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function checkDenseSpec(spec: Extract<LayerSpec, { kind: 'Dense' }>, i: number): void {
  // Bound sizes before anything is allocated: a hostile header must not ask for gigabytes.
  const limit = 1 << 26;
  if (!Number.isInteger(spec.nInputs) || !Number.isInteger(spec.nNeurons) || spec.nInputs < 1 || spec.nNeurons < 1 || spec.nInputs * spec.nNeurons > limit) {
    throw new ModelFileError(`layer ${i + 1}: Dense sizes must be positive integers with at most ${limit} weights, got ${spec.nInputs} × ${spec.nNeurons}`);
  }
}

function checkTraining(training: TrainingState, fail: (m: string) => never): TrainingState {
  if (typeof training !== 'object' || training === null) return fail('the training metadata is not an object');
  if (!Number.isInteger(training.epochsDone) || training.epochsDone < 0) fail(`training.epochsDone must be an integer ≥ 0, got ${training.epochsDone}`);
  if (training.rng !== undefined) {
    guard(fail, 'training.rng', () => new RandomState().setState(training.rng as RandomStateSnapshot));
  }
  return training;
}
