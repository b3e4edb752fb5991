/**
 * What every optimizer shares (NNFS chapter 10): the learning-rate decay schedule, the iteration
 * counter, and the per-parameter state ("slots": momentums, caches).
 *
 * One training step is `preUpdateParams()`, then `updateParams(layer)` for every trainable layer,
 * then `postUpdateParams()`:
 *
 *   currentLearningRate = learningRate · (1 / (1 + decay · iterations))   (only when decay ≠ 0)
 *
 * State lives here, keyed by the parameter Matrix (the book hangs `weight_cache` etc. on the layer;
 * we keep layers free of optimizer concerns), and is created once per parameter, on its first update.
 *
 * Numerics follow NumPy as the book runs it: parameters, gradients and state are float32 arrays,
 * and NumPy casts a Python-float scalar to float32 before an element-wise operation with a float32
 * array, rounding every intermediate result to float32. The optimizers round their scalars with
 * `Math.fround` and the update kernels (src/kernels) round every intermediate (float32 arithmetic
 * done in float64 and rounded once is exact for + − × ÷ √), which makes them agree with the book
 * bit for bit. State buffers come from `kernels().allocate`, next to the parameters.
 */
import { kernels } from '../kernels/index.js';
import type { TrainableLayer } from '../layers/layer.js';
import { expectShape, type Matrix } from '../matrix.js';
import { ShapeError, shapeOf } from '../errors.js';

export type OptimizerKind = 'SGD' | 'Adagrad' | 'RMSprop' | 'Adam';

/** The state of one parameter: one buffer per slot name, each as long as the parameter. */
export type Slots = Record<string, Float32Array>;

export interface Optimizer {
  readonly kind: OptimizerKind;
  /** The rate used by the current step (book: `current_learning_rate`). */
  currentLearningRate: number;
  /** Completed steps (book: `iterations`); restore it with the slots to resume training. */
  iterations: number;
  preUpdateParams(): void;
  updateParams(layer: TrainableLayer): void;
  postUpdateParams(): void;
  /** The constructor options with defaults filled in, so `createOptimizer(kind, config())` rebuilds it. */
  config(): Record<string, number>;
  /** Names of the per-parameter state buffers (empty when there is no state). */
  slotNames(): readonly string[];
  /** A copy of the state of `param`, or undefined before its first update. */
  getSlots(param: Matrix): Slots | undefined;
  /** Replaces the state of `param` (copied in) with exactly the buffers `slotNames()` lists. */
  setSlots(param: Matrix, slots: Slots): void;
}

/**
 * Decay, iteration counting, slot storage and the weights-then-biases walk; subclasses supply
 * `updateParam`, the rule for one parameter.
 */
export abstract class BaseOptimizer implements Optimizer {
  abstract readonly kind: OptimizerKind;
  readonly learningRate: number;
  readonly decay: number;
  currentLearningRate: number;
  iterations = 0;
  private readonly state = new WeakMap<Matrix, Slots>();

  protected constructor(learningRate: number, decay: number) {
    this.learningRate = learningRate;
    this.decay = decay;
    this.currentLearningRate = learningRate;
  }

  preUpdateParams(): void {
    // The book's exact expression: lr · (1 / (1 + decay·t)) rounds differently from lr / (1 + decay·t).
    if (this.decay) this.currentLearningRate = this.learningRate * (1 / (1 + this.decay * this.iterations));
  }

  updateParams(layer: TrainableLayer): void {
    this.updateOne(layer.weights, layer.dweights, 'weights', 'dweights');
    this.updateOne(layer.biases, layer.dbiases, 'biases', 'dbiases');
  }

  postUpdateParams(): void {
    this.iterations++;
  }

  abstract config(): Record<string, number>;
  abstract slotNames(): readonly string[];

  getSlots(param: Matrix): Slots | undefined {
    const slots = this.state.get(param);
    if (slots === undefined) return undefined;
    const copy: Slots = {};
    for (const name of this.slotNames()) copy[name] = slots[name]!.slice();
    return copy;
  }

  setSlots(param: Matrix, slots: Slots): void {
    const names = this.slotNames();
    const given = Object.keys(slots);
    const extra = given.filter((name) => !names.includes(name));
    const missing = names.filter((name) => !given.includes(name));
    if (extra.length > 0 || missing.length > 0) {
      throw new TypeError(`${this.kind}.setSlots: expected slots [${names.join(', ')}], got [${given.join(', ')}]`);
    }
    for (const name of names) {
      const buffer = slots[name];
      if (!(buffer instanceof Float32Array)) throw new TypeError(`${this.kind}.setSlots: slot "${name}" must be a Float32Array`);
      if (buffer.length !== param.size) {
        throw new ShapeError(
          `${this.kind}.setSlots: slot "${name}" has ${buffer.length} values, parameter ${shapeOf(param.rows, param.cols)} has ${param.size}`,
        );
      }
    }
    const own = this.slotsOf(param);
    for (const name of names) own[name]!.set(slots[name]!);
  }

  /** Applies this optimizer's rule to one parameter, in place; `slots` holds its state buffers. */
  protected abstract updateParam(param: Float32Array, grad: Float32Array, slots: Slots): void;

  private updateOne(param: Matrix, grad: Matrix | undefined, what: string, gradWhat: string): void {
    if (grad === undefined) throw new TypeError(`${this.kind}.updateParams: the layer has no ${gradWhat}; call backward() first`);
    // Checked before the message is built: this runs for every parameter at every step.
    if (grad.rows !== param.rows || grad.cols !== param.cols) expectShape(`${this.kind}.updateParams`, `${gradWhat} (like ${what})`, grad, param.rows, param.cols);
    this.updateParam(param.data, grad.data, this.slotsOf(param));
  }

  /** The state of `param`, zero-filled on first use (book: `np.zeros_like`). */
  private slotsOf(param: Matrix): Slots {
    let slots = this.state.get(param);
    if (slots === undefined) {
      slots = {};
      for (const name of this.slotNames()) slots[name] = kernels().allocate(param.size);
      this.state.set(param, slots);
    } else {
      const first = this.slotNames()[0];
      if (first !== undefined && slots[first]!.length !== param.size) {
        throw new ShapeError(`${this.kind}: parameter ${shapeOf(param.rows, param.cols)} changed size since its state was created`);
      }
    }
    return slots;
  }
}

/**
 * Checks an options object against the defaults (unknown keys, such as the book's snake_case
 * `learning_rate`, are a TypeError) and returns the options with defaults filled in.
 */
export function readOptions<K extends string>(
  kind: OptimizerKind,
  options: Partial<Record<K, number>> | undefined,
  defaults: Record<K, number>,
): Record<K, number> {
  if (options === undefined) return { ...defaults };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${kind}: options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const known = Object.keys(defaults);
  const out = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) throw new TypeError(`${kind}: unknown option "${key}" (known: ${known.join(', ')})`);
    if (value === undefined) continue;
    if (typeof value !== 'number') throw new TypeError(`${kind}: ${key} must be a number, got ${typeof value}`);
    if (!Number.isFinite(value)) throw new RangeError(`${kind}: ${key} must be a finite number, got ${value}`);
    out[key as K] = value;
  }
  return out;
}

/** Throws a RangeError unless value > 0. */
export function requirePositive(kind: OptimizerKind, name: string, value: number): void {
  if (!(value > 0)) throw new RangeError(`${kind}: ${name} must be > 0, got ${value}`);
}

/** Throws a RangeError unless value ≥ 0. */
export function requireNonNegative(kind: OptimizerKind, name: string, value: number): void {
  if (!(value >= 0)) throw new RangeError(`${kind}: ${name} must be >= 0, got ${value}`);
}

/** Throws a RangeError unless 0 ≤ value < 1 (a retain factor: 1 would never forget). */
export function requireFraction(kind: OptimizerKind, name: string, value: number): void {
  if (!(value >= 0 && value < 1)) throw new RangeError(`${kind}: ${name} must be in [0, 1), got ${value}`);
}
