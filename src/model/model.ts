import { accuracyOf, type Accuracy } from '../accuracy/accuracy.js';
import { Softmax } from '../activations/softmax.js';
import { ShapeError, shapeOf } from '../errors.js';
import { checkNotEmpty, type Labels } from '../labels.js';
import { Dense } from '../layers/dense.js';
import { isTrainable, type Activation, type Layer, type TrainableLayer } from '../layers/layer.js';
import { regularizationLoss } from '../layers/regularization.js';
import { CategoricalCrossentropy } from '../losses/categorical-crossentropy.js';
import type { Loss } from '../losses/loss.js';
import { SoftmaxCategoricalCrossentropy } from '../losses/softmax-categorical-crossentropy.js';
import { Matrix, toMatrix, workMatrix, type MatrixLike } from '../matrix.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { fileAccess } from '../platform.js';
import { globalRng } from '../random/global.js';
import type { RandomState, RandomStateSnapshot } from '../random/random-state.js';
import { bookProgress } from '../numpy-format.js';
import { pairwiseSum32 } from '../reduce.js';
import { decodeModel, decodeParameters, encodeModel, encodeParameters } from './model-file.js';

/** What `onStep` receives after every optimisation step. */
export interface StepInfo {
  epoch: number;
  epochs: number;
  /** 0-based step within the epoch, and the number of steps per epoch. */
  step: number;
  steps: number;
  loss: number;
  dataLoss: number;
  regularizationLoss: number;
  accuracy: number;
  learningRate: number;
}

/** What `onEpoch` receives at the end of every epoch (means over the epoch's steps). */
export interface EpochInfo {
  epoch: number;
  epochs: number;
  loss: number;
  dataLoss: number;
  regularizationLoss: number;
  accuracy: number;
  learningRate: number;
  validation?: { loss: number; accuracy: number };
}

export interface TrainOptions {
  /** Total epochs; a resumed model continues from the epoch it had reached. Default 1. */
  epochs?: number;
  /** Samples per step; the whole data set in one step when omitted (book: `batch_size=None`). */
  batchSize?: number;
  /** Print every this many steps (and each epoch's summary); 0 prints nothing. Default 1, as the book. */
  printEvery?: number;
  validationData?: [MatrixLike, Labels];
  /** Shuffle the samples each epoch with the model's generator. Default false (consecutive slices). */
  shuffle?: boolean;
  onStep?: (info: StepInfo) => void;
  onEpoch?: (info: EpochInfo) => void;
  /** Save the whole model (with optimizer and generator state) every `every` epochs (Node.js). */
  checkpoint?: { path: string; every: number };
  /** Where printed lines go (default console.log). */
  log?: (line: string) => void;
}

/** Per-epoch curves, for plots. */
export interface History {
  loss: number[];
  dataLoss: number[];
  accuracy: number[];
  learningRate: number[];
  validationLoss: number[];
  validationAccuracy: number[];
}

/** Training stopped because the loss stopped being a finite number. Nothing was updated with it. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

/** Where a model's training stands, saved in checkpoints so a run can resume exactly. */
export interface TrainingState {
  epochsDone: number;
  rng?: RandomStateSnapshot;
}

type OutputLoss = Loss;

/**
 * A sequence of layers trained as one (NNFS chapters 18 to 22, book: `Model`).
 *
 * `finalize()` checks that consecutive layers fit, and when the last layer is Softmax and the loss
 * categorical cross-entropy it uses their fused backward, (ŷ − y)/N, as the book does.
 *
 * @example
 * const model = new Model();
 * model.add(new Dense(2, 8)); model.add(new ReLU()); model.add(new Dense(8, 3)); model.add(new Softmax());
 * model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.05 }), accuracy: new CategoricalAccuracy() });
 * model.finalize();
 */
export class Model {
  readonly layers: Layer[] = [];
  loss?: OutputLoss;
  optimizer?: Optimizer;
  accuracy?: Accuracy;
  /** The generator for shuffling (dropout layers draw from theirs, the global one by default). */
  readonly rng: RandomState;
  /** Epochs completed by `train` so far (restored from checkpoints). */
  epochsDone = 0;
  /** Names of the output classes, saved with the model so predictions can be named. */
  classNames?: string[];
  private fused?: SoftmaxCategoricalCrossentropy;
  private trainable: TrainableLayer[] = [];
  private finalized = false;
  private pendingRngState?: RandomStateSnapshot;

  constructor(options: { rng?: RandomState } = {}) {
    this.rng = options.rng ?? globalRng();
  }

  add(layer: Layer): this {
    if (layer === null || typeof layer !== 'object' || typeof layer.forward !== 'function' || typeof layer.backward !== 'function') {
      throw new TypeError(`Model.add expects a layer with forward and backward, got ${String(layer)}`);
    }
    this.layers.push(layer);
    this.finalized = false;
    return this;
  }

  set({ loss, optimizer, accuracy }: { loss?: OutputLoss; optimizer?: Optimizer; accuracy?: Accuracy }): this {
    if (loss !== undefined) this.loss = loss;
    if (optimizer !== undefined) this.optimizer = optimizer;
    if (accuracy !== undefined) this.accuracy = accuracy;
    this.finalized = false;
    return this;
  }

  /** Wires the model: checks layer widths, lists trainable layers, picks the fused backward. */
  finalize(): this {
    if (this.layers.length === 0) throw new Error('Model.finalize: the model has no layers (add some with model.add)');
    let width: number | undefined;
    this.layers.forEach((layer, i) => {
      if (layer instanceof Dense) {
        if (width !== undefined && width !== layer.nInputs) {
          throw new ShapeError(`Model: layer ${i + 1} (Dense(${layer.nInputs}, ${layer.nNeurons})) takes ${layer.nInputs} inputs, but the layer before it gives ${width}`);
        }
        width = layer.nNeurons;
      }
    });
    this.trainable = this.layers.filter(isTrainable);
    const last = this.layers[this.layers.length - 1];
    this.fused = last instanceof Softmax && this.loss instanceof CategoricalCrossentropy ? new SoftmaxCategoricalCrossentropy() : undefined;
    this.finalized = true;
    return this;
  }

  /** Runs every layer forward; returns the last layer's output (its own buffer). */
  forward(X: MatrixLike, training = false): Matrix {
    let out = toMatrix(X, 'Model input');
    for (const layer of this.layers) out = layer.forward(out, training);
    return out;
  }

  /** Runs every layer backward from the loss's gradient (or the fused softmax cross-entropy one). */
  backward(output: Matrix, y: Labels): void {
    this.backpropagate(output, y, true);
  }

  /**
   * `backward`, where training may skip the first layer's dinputs: ∂L/∂X feeds nothing, and for a
   * Dense layer it is a whole matrix product.
   */
  private backpropagate(output: Matrix, y: Labels, firstDinputs: boolean): void {
    let i = this.layers.length - 1;
    let dvalues: Matrix;
    if (this.fused) {
      dvalues = this.fused.backward(output, y);
      this.layers[i]!.dinputs = dvalues;
      i--;
    } else {
      dvalues = this.lossOrThrow().backward(output, y);
    }
    for (; i > 0; i--) dvalues = this.layers[i]!.backward(dvalues);
    const first = this.layers[0]!;
    if (!firstDinputs && first instanceof Dense) first.parameterGradients(dvalues);
    else first.backward(dvalues);
  }

  /**
   * Trains with the book's loop: for each epoch, consecutive batches (shuffled if asked), forward,
   * loss and accuracy, backward, one optimizer step; then the epoch's means and the validation.
   */
  train(X: MatrixLike, y: Labels, options: TrainOptions = {}): History {
    const { epochs = 1, printEvery = 1, shuffle = false, onStep, onEpoch, checkpoint, validationData } = options;
    const log = options.log ?? ((line: string) => console.log(line));
    this.ensureFinalized('train');
    const optimizer = this.optimizer!;
    const loss = this.lossOrThrow();
    const accuracy = this.accuracyOrThrow();
    if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`train: epochs must be a positive integer, got ${epochs}`);
    if (!Number.isInteger(printEvery) || printEvery < 0) throw new RangeError(`train: printEvery must be an integer ≥ 0, got ${printEvery}`);
    if (checkpoint !== undefined && !(Number.isInteger(checkpoint.every) && checkpoint.every >= 1)) {
      throw new RangeError(`train: checkpoint.every must be a positive integer (epochs), got ${checkpoint.every}`);
    }
    const data = this.checkData('train', X, y);
    const n = data.X.rows;
    const batchSize = checkBatchSize(options.batchSize, n);
    const steps = Math.ceil(n / batchSize);
    const validation = validationData === undefined ? undefined : this.checkData('validation', validationData[0], validationData[1]);
    accuracy.init(data.y);
    if (this.pendingRngState !== undefined) {
      this.rng.setState(this.pendingRngState);
      this.pendingRngState = undefined;
    }

    const history: History = { loss: [], dataLoss: [], accuracy: [], learningRate: [], validationLoss: [], validationAccuracy: [] };
    const batches = new BatchSource(data.X, data.y, batchSize);
    const lastFinite = { loss: NaN, epoch: 0, step: 0 };
    const activation = this.outputLayerActivation;
    // Reused from step to step, so a steady training loop allocates nothing.
    let predicted = new Int32Array(0);
    const marks = new Uint8Array(batchSize * (data.y instanceof Matrix ? data.y.cols : 1));
    for (let epoch = this.epochsDone + 1; epoch <= epochs; epoch++) {
      if (printEvery > 0 && steps > 1) log(`epoch: ${epoch}`);
      if (shuffle) batches.shuffle(this.rng);
      let lossSum = 0;
      let lossCount = 0;
      let right = 0;
      let compared = 0;
      let regularization = 0;
      for (let step = 0; step < steps; step++) {
        const batch = batches.batch(step);
        const output = this.forward(batch.X, true);
        const sampleLosses = loss.forward(output, batch.y);
        const lossSumOfBatch = pairwiseSum32(sampleLosses);
        const dataLoss = Math.fround(lossSumOfBatch / sampleLosses.length);
        regularization = this.regularizationLoss();
        const total = dataLoss + regularization;
        if (!Number.isFinite(total)) {
          const last = Number.isNaN(lastFinite.loss) ? 'no finite loss before it' : `last finite loss ${format(lastFinite.loss)} at epoch ${lastFinite.epoch}, step ${lastFinite.step}`;
          throw new TrainingDivergedError(
            `training diverged at epoch ${epoch}, step ${step}: the loss is ${total} (${last}); ` +
              `try a lower learning rate (now ${optimizer.currentLearningRate})`,
          );
        }
        lastFinite.loss = total;
        lastFinite.epoch = epoch;
        lastFinite.step = step;
        lossSum += lossSumOfBatch;
        lossCount += sampleLosses.length;
        let predictions: Matrix | Int32Array;
        if (activation instanceof Softmax) {
          if (predicted.length !== output.rows) predicted = new Int32Array(output.rows);
          predictions = activation.predictions(output, predicted);
        } else {
          predictions = activation.predictions(output);
        }
        const stepAccuracy = accuracyOf(accuracy, predictions, batch.y, marks);
        right += stepAccuracy * batch.X.rows;
        compared += batch.X.rows;
        this.backpropagate(output, batch.y, false);
        optimizer.preUpdateParams();
        for (const layer of this.trainable) optimizer.updateParams(layer);
        optimizer.postUpdateParams();
        if (onStep === undefined && printEvery === 0) continue;
        const info: StepInfo = { epoch, epochs, step, steps, loss: total, dataLoss, regularizationLoss: regularization, accuracy: stepAccuracy, learningRate: optimizer.currentLearningRate };
        onStep?.(info);
        if (printEvery > 0) {
          if (steps > 1 && (step % printEvery === 0 || step === steps - 1)) log(`step: ${step}, ${bookProgress(info)}`);
          else if (steps === 1 && (epoch % printEvery === 0 || epoch === epochs)) log(`epoch: ${epoch}, ${bookProgress(info)}`);
        }
      }
      const epochDataLoss = lossSum / lossCount;
      const info: EpochInfo = {
        epoch, epochs, loss: epochDataLoss + regularization, dataLoss: epochDataLoss, regularizationLoss: regularization,
        accuracy: right / compared, learningRate: optimizer.currentLearningRate,
      };
      if (printEvery > 0 && steps > 1) log(`training, ${bookProgress(info)}`);
      if (validation !== undefined) {
        info.validation = this.evaluateChecked(validation, options.batchSize);
        if (printEvery > 0 && (steps > 1 || epoch % printEvery === 0 || epoch === epochs)) {
          log(`validation, acc: ${info.validation.accuracy.toFixed(3)}, loss: ${info.validation.loss.toFixed(3)}`);
        }
        history.validationLoss.push(info.validation.loss);
        history.validationAccuracy.push(info.validation.accuracy);
      }
      history.loss.push(info.loss);
      history.dataLoss.push(info.dataLoss);
      history.accuracy.push(info.accuracy);
      history.learningRate.push(info.learningRate);
      this.epochsDone = epoch;
      onEpoch?.(info);
      if (checkpoint !== undefined && (epoch % checkpoint.every === 0 || epoch === epochs)) this.save(checkpoint.path);
    }
    return history;
  }

  /** Mean data loss and accuracy over (X, y), in batches, without dropout. */
  evaluate(X: MatrixLike, y: Labels, { batchSize }: { batchSize?: number } = {}): { loss: number; accuracy: number } {
    this.ensureFinalized('evaluate');
    const data = this.checkData('evaluate', X, y);
    this.accuracyOrThrow().init(data.y);
    return this.evaluateChecked(data, batchSize);
  }

  /** evaluate's pass over data already checked (train checks its validation data once, not every epoch). */
  private evaluateChecked(data: { X: Matrix; y: Int32Array | Matrix }, batchSize: number | undefined): { loss: number; accuracy: number } {
    const loss = this.lossOrThrow();
    const accuracy = this.accuracyOrThrow();
    const batches = new BatchSource(data.X, data.y, checkBatchSize(batchSize, data.X.rows));
    let lossSum = 0;
    let right = 0;
    for (let step = 0; step < batches.steps; step++) {
      const batch = batches.batch(step);
      const output = this.forward(batch.X, false);
      lossSum += pairwiseSum32(loss.forward(output, batch.y));
      right += accuracyOf(accuracy, this.outputLayerActivation.predictions(output), batch.y) * batch.X.rows;
    }
    return { loss: lossSum / data.X.rows, accuracy: right / data.X.rows };
  }

  /** The model's outputs for X (a new matrix), computed in batches without dropout. */
  predict(X: MatrixLike, { batchSize }: { batchSize?: number } = {}): Matrix {
    const x = toMatrix(X, 'predict input');
    checkNotEmpty('predict', x.rows);
    this.checkInputWidth('predict', x);
    const size = checkBatchSize(batchSize, x.rows);
    let result: Matrix | undefined;
    for (let start = 0; start < x.rows; start += size) {
      const end = Math.min(start + size, x.rows);
      const out = this.forward(new Matrix(end - start, x.cols, x.data.subarray(start * x.cols, end * x.cols)), false);
      result ??= new Matrix(x.rows, out.cols);
      result.data.set(out.data, start * out.cols);
    }
    return result!;
  }

  /** The sum of every trainable layer's L1/L2 penalty. */
  regularizationLoss(): number {
    let total = 0;
    for (const layer of this.trainable) total += regularizationLoss(layer);
    return total;
  }

  /** A table of the layers with their output shapes and parameter counts, and the training setup. */
  summary(): string {
    if (!this.finalized) this.finalize();
    const rows: string[][] = [['#', 'layer', 'output', 'parameters']];
    let width: number | undefined;
    let total = 0;
    this.layers.forEach((layer, i) => {
      let name: string = layer.kind;
      let params = 0;
      if (layer instanceof Dense) {
        width = layer.nNeurons;
        name = `Dense(${layer.nInputs} → ${layer.nNeurons})`;
        params = layer.weights.size + layer.biases.size;
      } else if (layer instanceof Softmax && this.fused) {
        name = 'Softmax (fused with the loss)';
      } else if ('rate' in layer) {
        name = `Dropout(${(layer as { rate: number }).rate})`;
      }
      total += params;
      rows.push([String(i + 1), name, `N×${width ?? '?'}`, params.toLocaleString('en-US')]);
    });
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    const lines = rows.map((r) => r.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
    lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
    lines.push(`total trainable parameters: ${total.toLocaleString('en-US')}`);
    if (this.loss) {
      const backward = this.fused ? 'fused softmax + categorical cross-entropy, (ŷ − y)/N' : `${this.loss.kind} then each layer's own backward`;
      lines.push(`loss: ${this.loss.kind}; backward: ${backward}`);
    }
    if (this.optimizer) {
      const config = Object.entries(this.optimizer.config()).map(([k, v]) => `${k} ${v}`).join(', ');
      lines.push(`optimizer: ${this.optimizer.kind}(${config}), ${this.optimizer.iterations} steps taken`);
    }
    if (this.accuracy) lines.push(`accuracy: ${this.accuracy.kind}`);
    if (this.epochsDone > 0) lines.push(`epochs trained: ${this.epochsDone}`);
    return lines.join('\n');
  }

  /** Copies of every trainable layer's weights and biases (book: `get_parameters`). */
  getParameters(): Array<{ weights: Matrix; biases: Matrix }> {
    return this.layers.filter(isTrainable).map((l) => ({ weights: l.weights.clone(), biases: l.biases.clone() }));
  }

  /**
   * Copies parameters into the trainable layers, in order (book: `set_parameters`). Values are
   * copied into the existing matrices, so the optimizer's state (keyed by them) carries on.
   */
  setParameters(params: Array<{ weights: MatrixLike; biases: MatrixLike }>): void {
    const layers = this.layers.filter(isTrainable);
    if (!Array.isArray(params) || params.length !== layers.length) {
      throw new ShapeError(`setParameters: the model has ${layers.length} trainable layers, got parameters for ${Array.isArray(params) ? params.length : 0}`);
    }
    layers.forEach((layer, i) => {
      for (const name of ['weights', 'biases'] as const) {
        const value = toMatrix(params[i]![name], `setParameters layer ${i + 1} ${name}`);
        const target = layer[name];
        if (value.rows !== target.rows || value.cols !== target.cols) {
          throw new ShapeError(`setParameters: layer ${i + 1} ${name} must be ${shapeOf(target.rows, target.cols)}, got ${shapeOf(value.rows, value.cols)}`);
        }
        target.data.set(value.data);
      }
    });
  }

  /** The whole model (architecture, parameters, optimizer and training state) as safetensors bytes. */
  toBytes(): Uint8Array {
    if (!this.finalized) this.finalize();
    return encodeModel(this, { epochsDone: this.epochsDone, rng: this.rng.getState() });
  }

  /** Rebuilds a model saved by `toBytes`; checks every shape, length and value. */
  static fromBytes(bytes: Uint8Array, source = 'model bytes'): Model {
    const { model, training } = decodeModel(bytes, source);
    model.epochsDone = training.epochsDone;
    model.pendingRngState = training.rng;
    return model.finalize();
  }

  /** Saves the whole model to a safetensors file, atomically (Node.js). */
  save(path: string): void {
    fileAccess('model.save').writeFileAtomic(path, this.toBytes());
  }

  /** Loads a model saved with `save` (Node.js). */
  static load(path: string): Model {
    return Model.fromBytes(fileAccess('Model.load').readFile(path), path);
  }

  /** Only the parameters, as safetensors bytes Python can read (`layers.<i>.weights`, `.biases`). */
  parametersToBytes(): Uint8Array {
    return encodeParameters(this.layers);
  }

  /** Loads parameters saved by `parametersToBytes` into this model's layers (shapes must match). */
  parametersFromBytes(bytes: Uint8Array, source = 'parameter bytes'): void {
    this.setParameters(decodeParameters(bytes, this.layers, source));
  }

  saveParameters(path: string): void {
    fileAccess('model.saveParameters').writeFileAtomic(path, this.parametersToBytes());
  }

  loadParameters(path: string): void {
    this.parametersFromBytes(fileAccess('model.loadParameters').readFile(path), path);
  }

  private ensureFinalized(what: string): void {
    if (this.loss === undefined) throw new Error(`${what}: the model has no loss (call model.set({ loss, optimizer, accuracy }))`);
    if (what === 'train' && this.optimizer === undefined) throw new Error('train: the model has no optimizer (call model.set({ optimizer }))');
    if (this.accuracy === undefined) throw new Error(`${what}: the model has no accuracy (call model.set({ accuracy }))`);
    if (!this.finalized) this.finalize();
  }

  private lossOrThrow(): OutputLoss {
    if (this.loss === undefined) throw new Error('the model has no loss (call model.set({ loss }))');
    return this.loss;
  }

  private accuracyOrThrow(): Accuracy {
    if (this.accuracy === undefined) throw new Error('the model has no accuracy (call model.set({ accuracy }))');
    return this.accuracy;
  }

  /** The last layer, whose `predictions` turn outputs into answers (book: `output_layer_activation`). */
  get outputLayerActivation(): Activation {
    const last = this.layers[this.layers.length - 1]!;
    if (typeof (last as Activation).predictions !== 'function') {
      throw new TypeError(`the last layer (${last.kind}) is not an activation: end the model with Softmax, Sigmoid, Linear or ReLU`);
    }
    return last as Activation;
  }

  private checkInputWidth(who: string, x: Matrix): void {
    const first = this.layers[0];
    if (first instanceof Dense && x.cols !== first.nInputs) {
      throw new ShapeError(`${who}: the model takes ${first.nInputs} features per sample, got ${x.cols} (input ${shapeOf(x.rows, x.cols)})`);
    }
  }

  private checkData(who: string, X: MatrixLike, y: Labels): { X: Matrix; y: Int32Array | Matrix } {
    const x = toMatrix(X, `${who} X`);
    checkNotEmpty(who, x.rows);
    this.checkInputWidth(who, x);
    const bad = firstNonFinite(x.data);
    if (bad >= 0) {
      throw new RangeError(`${who}: X[${Math.floor(bad / x.cols)}][${bad % x.cols}] is ${x.data[bad]}, expected a finite number`);
    }
    let targets: Int32Array | Matrix;
    if (y instanceof Matrix || (Array.isArray(y) && Array.isArray(y[0]))) targets = toMatrix(y as MatrixLike, `${who} y`);
    else if (y instanceof Int32Array) targets = y;
    else if (y instanceof Uint8Array || Array.isArray(y)) targets = Int32Array.from(y as ArrayLike<number>, (v, i) => {
      if (!Number.isInteger(v)) throw new RangeError(`${who}: label ${i} is ${v}, expected an integer class index`);
      return v;
    });
    else throw new TypeError(`${who}: y must be Int32Array, Uint8Array, number[] or a Matrix, got ${typeof y}`);
    const count = targets instanceof Matrix ? targets.rows : targets.length;
    if (count !== x.rows) throw new ShapeError(`${who}: X has ${x.rows} samples but y has ${count}`);
    return { X: x, y: targets };
  }
}

/** Consecutive batches of (X, y) as views (made once), or gathered copies when shuffled. */
class BatchSource {
  readonly steps: number;
  private order?: Int32Array;
  private readonly views: Array<{ X: Matrix; y: Int32Array | Matrix }> = [];
  private bufferX?: Matrix;
  private bufferY?: Int32Array | Matrix;

  constructor(private readonly X: Matrix, private readonly y: Int32Array | Matrix, private readonly size: number) {
    this.steps = Math.ceil(X.rows / size);
  }

  shuffle(rng: RandomState): void {
    this.order = rng.permutation(this.X.rows);
  }

  batch(step: number): { X: Matrix; y: Int32Array | Matrix } {
    const start = step * this.size;
    const end = Math.min(start + this.size, this.X.rows);
    const rows = end - start;
    if (this.order === undefined) {
      return (this.views[step] ??= { X: rowsView(this.X, start, end), y: this.y instanceof Matrix ? rowsView(this.y, start, end) : this.y.subarray(start, end) });
    }
    const X = (this.bufferX = gather(this.X, this.order, start, rows, this.bufferX));
    let y: Int32Array | Matrix;
    if (this.y instanceof Matrix) {
      y = this.bufferY = gather(this.y, this.order, start, rows, this.bufferY instanceof Matrix ? this.bufferY : undefined);
    } else {
      const labels = this.bufferY instanceof Int32Array && this.bufferY.length === rows ? this.bufferY : new Int32Array(rows);
      for (let i = 0; i < rows; i++) labels[i] = this.y[this.order[start + i]!]!;
      y = this.bufferY = labels;
    }
    return { X, y };
  }
}

function rowsView(m: Matrix, start: number, end: number): Matrix {
  return new Matrix(end - start, m.cols, m.data.subarray(start * m.cols, end * m.cols));
}

function gather(m: Matrix, order: Int32Array, start: number, rows: number, buffer?: Matrix): Matrix {
  const out = buffer !== undefined && buffer.rows === rows ? buffer : workMatrix(rows, m.cols);
  for (let i = 0; i < rows; i++) {
    const from = order[start + i]! * m.cols;
    out.data.set(m.data.subarray(from, from + m.cols), i * m.cols);
  }
  return out;
}

/** Index of the first NaN or ±Infinity in x, or −1 (a plain loop: ~60 ms on the 47 million values of Fashion-MNIST, where findIndex takes ~420 ms). */
function firstNonFinite(x: Float32Array): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v - v !== 0) return i; // NaN for NaN and ±Infinity, 0 for every finite v
  }
  return -1;
}

function checkBatchSize(batchSize: number | undefined, n: number): number {
  if (batchSize === undefined) return n;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  return Math.min(batchSize, n);
}


function format(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
