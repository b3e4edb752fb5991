/**
 * What the benchmark measures, shared by the runner (run.ts) and the Node peers (ours.ts, tfjs.ts,
 * brain.ts); numpy_bench.py receives the same spec as JSON. A peer process gets one Spec as its
 * first argument, runs that one workload and prints one line `@@result <json>` (a Result, or
 * `{ "error": "…" }` when it cannot run it), so every workload runs in a fresh process and its
 * peak memory is its own.
 *
 *   W1  NNFS chapter 10: 300 spiral samples, 2 → 64 ReLU → 3 softmax + cross-entropy,
 *       Adam(lr 0.05, decay 5e-7), full batch; 10,001 epochs, or `epochs` of them timed and scaled.
 *   W2  NNFS chapter 19: one epoch of Fashion-MNIST (60,000 × 784), 784 → 128 → 128 → 10,
 *       Adam(lr 0.001, decay 1e-3), batches of 128 in the cached order (no shuffle), then the
 *       accuracy on the 10,000 test images; or the first `steps` batches timed and scaled.
 *   W3  c = op(a)·op(b) with op(a) m×k and op(b) k×n: 2·m·n·k flops per call.
 */

export const W1 = { samplesPerClass: 100, classes: 3, hidden: 64, learningRate: 0.05, decay: 5e-7, epochs: 10_001 } as const;
export const W2 = { sizes: [784, 128, 128, 10], learningRate: 0.001, decay: 1e-3, batchSize: 128, trainSamples: 60_000 } as const;
/** Steps of one W2 epoch: 468 full batches and one of 96. */
export const W2_STEPS = Math.ceil(W2.trainSamples / W2.batchSize);

/** m×k×n, in the notation (128×784×128 is the MNIST layer's forward product). */
export const W3_SHAPES: [number, number, number][] = [[128, 784, 128], [128, 128, 128], [300, 2, 64], [300, 64, 3], [1024, 1024, 1024]];
/** NN: a m×k, b k×n. TN: a stored k×m. NT: b stored n×k. */
export const W3_VARIANTS = ['NN', 'TN', 'NT'] as const;
export type Variant = (typeof W3_VARIANTS)[number];

export type Spec =
  | { workload: 'w1'; epochs: number; reps: number }
  | { workload: 'w2'; steps: number; reps: number; dataDir: string }
  | { workload: 'w3'; cases: W3Case[]; sampleMs: number; samples: number };

export interface W3Case { m: number; k: number; n: number; variant: Variant }

export interface W1Result {
  /** Epochs each run timed (W1.epochs unless scaled). */
  epochs: number;
  /** Seconds per run, in run order. */
  seconds: number[];
  /** Training accuracy and loss after the last timed epoch of the last run. */
  accuracy: number;
  loss: number;
  note?: string;
}

export interface W2Result {
  /** Batches each run timed (W2_STEPS unless scaled). */
  steps: number;
  seconds: number[];
  /** Test accuracy after a whole epoch (absent when only part of one was timed). */
  testAccuracy?: number;
  /** The process's peak resident set (kernel high-water mark, data set included), MB. */
  peakRssMB: number;
  note?: string;
}

export interface W3Result {
  cases: (W3Case & { usPerCall: number; gflops: number })[];
  note?: string;
}

export type Result = W1Result | W2Result | W3Result | { error: string };

/** Reads the spec a peer process was started with. */
export function readSpec(): Spec {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: <peer> \'<spec json>\' (see bench/workloads.ts)');
  return JSON.parse(arg) as Spec;
}

/** Prints the result line the runner looks for (progress goes to stderr). */
export function emit(result: Result): void {
  process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
}

/** Runs a peer's handler for the spec, turning any failure into an `{ error }` result. */
export async function runPeer(handle: (spec: Spec) => Promise<Result> | Result): Promise<void> {
  try {
    emit(await handle(readSpec()));
  } catch (e) {
    emit({ error: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Seconds `run` takes. */
export function seconds(run: () => void): number {
  const t0 = performance.now();
  run();
  return (performance.now() - t0) / 1000;
}

/** Peak resident set of this process so far, MB (getrusage's ru_maxrss). */
export function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Microseconds per call of `call`: the median of `samples` samples, each repeating the call as many
 * times as fit in about `sampleMs` (counted during a warm-up of the same length).
 */
export function usPerCall(call: () => void, sampleMs: number, samples: number): number {
  let reps = 0;
  const end = performance.now() + sampleMs;
  do {
    call();
    reps++;
  } while (performance.now() < end);
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) call();
    times.push(((performance.now() - t0) * 1000) / reps);
  }
  return median(times);
}

/** Operands of a W3 case, filled with values in [−0.5, 0.5), stored as the variant says. */
/** Random operands, in the arrays `allocate` gives (kernel memory) or in plain Float32Arrays. */
export function gemmOperands({ m, k, n }: W3Case, allocate: (length: number) => Float32Array<ArrayBufferLike> = (length) => new Float32Array(length)): { a: Float32Array<ArrayBufferLike>; b: Float32Array<ArrayBufferLike>; c: Float32Array<ArrayBufferLike> } {
  const fill = (length: number) => {
    const values = allocate(length);
    for (let i = 0; i < length; i++) values[i] = Math.random() - 0.5;
    return values;
  };
  return { a: fill(m * k), b: fill(k * n), c: allocate(m * n) };
}

export function gflops({ m, k, n }: W3Case, us: number): number {
  return (2 * m * n * k) / us / 1000;
}
