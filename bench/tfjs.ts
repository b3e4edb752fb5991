/**
 * TensorFlow.js as a benchmark peer: `node --import tsx bench/tfjs.ts '<spec>' wasm|cpu`.
 *
 * The fastest eager idiom rather than tf.layers' fit (whose callbacks and per-batch bookkeeping
 * cost more): tf.variable parameters initialised with the library's seed-0 weights, a loss closure
 * of matMul + add + relu + tf.losses.softmaxCrossEntropy (the mean over the batch, whose gradient is
 * the fused (ŷ − y)/N), and tf.train.adam(lr, 0.9, 0.999, 1e-7).minimize. The learning-rate decay is
 * applied by setting the optimizer's learningRate before each step, lr/(1 + decay·step), as the book.
 * Nothing is read back during training (no per-step loss or accuracy), which favours TF.js: its
 * device sync happens once, at the end. The wasm backend loads its .wasm files from node_modules;
 * in Node it runs single-threaded (WASM_HAS_MULTITHREAD_SUPPORT is false there).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Dense } from '../src/index.js';
import { chapter10Setup, chapter19Layers, fashionMnist } from './book-setup.js';
import { W1, W2, W2_STEPS, gemmOperands, gflops, peakRssMB, runPeer, seconds, usPerCall, type Result, type Spec } from './workloads.js';

const backend = process.argv[3];
if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`bench/tfjs.ts: backend must be wasm or cpu, got ${backend}`);

interface Net {
  vars: tf.Variable[];
  logits(x: tf.Tensor2D): tf.Tensor2D;
}

/** Dense layers as variables holding the library's initial weights; ReLU between them. */
function net(layers: Dense[]): Net {
  const vars = layers.flatMap((d) => [
    tf.variable(tf.tensor2d(d.weights.data, [d.nInputs, d.nNeurons])),
    tf.variable(tf.tensor2d(d.biases.data, [1, d.nNeurons])),
  ]);
  return {
    vars,
    logits(x) {
      let h: tf.Tensor2D = x;
      for (let i = 0; i < vars.length; i += 2) {
        h = tf.add(tf.matMul(h, vars[i] as tf.Tensor2D), vars[i + 1]!);
        if (i + 2 < vars.length) h = tf.relu(h);
      }
      return h;
    },
  };
}

/** One Adam step with the book's decayed rate; the loss stays on the device. */
function step(opt: tf.AdamOptimizer, model: Net, x: tf.Tensor2D, yOneHot: tf.Tensor2D, lr0: number, decay: number, iteration: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr0 / (1 + decay * iteration);
  opt.minimize(() => tf.losses.softmaxCrossEntropy(yOneHot, model.logits(x)) as tf.Scalar, false, model.vars);
}

function accuracy(model: Net, x: tf.Tensor2D, labels: tf.Tensor1D): number {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.logits(x), 1), labels), 'float32')).dataSync()[0]!);
}

function dispose(model: Net, opt: tf.Optimizer): void {
  opt.dispose();
  model.vars.forEach((v) => v.dispose());
}

function w1(epochs: number, reps: number): Result {
  const { X, y, layers } = chapter10Setup();
  const x = tf.tensor2d(X.data, [X.rows, X.cols]);
  const labels = tf.tensor1d(y, 'int32');
  const yOneHot = tf.oneHot(labels, W1.classes).toFloat() as tf.Tensor2D;
  const runs: number[] = [];
  let last = { accuracy: NaN, loss: NaN };
  for (let r = 0; r < reps; r++) {
    const model = net(layers);
    const opt = tf.train.adam(W1.learningRate, 0.9, 0.999, 1e-7);
    runs.push(seconds(() => {
      for (let e = 0; e < epochs; e++) step(opt, model, x, yOneHot, W1.learningRate, W1.decay, e);
      const loss = tf.tidy(() => tf.losses.softmaxCrossEntropy(yOneHot, model.logits(x)).dataSync()[0]!);
      last = { accuracy: accuracy(model, x, labels), loss };
    }));
    dispose(model, opt);
    process.stderr.write(`  run ${r + 1}/${reps}: ${runs.at(-1)!.toFixed(3)} s\n`);
  }
  const threads = backend === 'wasm' ? `, on ${getThreadsCount()} thread (TF.js runs no WebAssembly threads in Node)` : '';
  return { epochs, seconds: runs, ...last, note: `loss and accuracy read once, after the last epoch${threads}` };
}

function w2(steps: number, reps: number, dataDir: string): Result {
  const { train, test } = fashionMnist(dataDir);
  const rows = Math.min(steps * W2.batchSize, train.X.rows);
  const oneHot = new Float32Array(rows * 10);
  for (let i = 0; i < rows; i++) oneHot[i * 10 + train.y[i]!] = 1;
  const runs: number[] = [];
  let testAccuracy: number | undefined;
  for (let r = 0; r < reps; r++) {
    const model = net(chapter19Layers());
    const opt = tf.train.adam(W2.learningRate, 0.9, 0.999, 1e-7);
    runs.push(seconds(() => {
      // Each batch is uploaded from the JavaScript array: slicing one tensor of the whole set
      // costs TF.js's wasm backend time in proportion to the whole set, 130 ms a batch here.
      for (let start = 0, s = 0; start < rows; start += W2.batchSize, s++) {
        const end = Math.min(start + W2.batchSize, rows);
        const xb = tf.tensor2d(train.X.data.subarray(start * 784, end * 784), [end - start, 784]);
        const yb = tf.tensor2d(oneHot.subarray(start * 10, end * 10), [end - start, 10]);
        step(opt, model, xb, yb, W2.learningRate, W2.decay, s);
        tf.dispose([xb, yb]);
      }
      model.vars[0]!.dataSync(); // wait for the last update
    }));
    process.stderr.write(`  run ${r + 1}/${reps}: ${runs.at(-1)!.toFixed(3)} s\n`);
    if (steps >= W2_STEPS) {
      const xt = tf.tensor2d(test.X.data, [test.X.rows, 784]);
      const yt = tf.tensor1d(test.y, 'int32');
      testAccuracy = accuracy(model, xt, yt);
      tf.dispose([xt, yt]);
    }
    dispose(model, opt);
  }
  return { steps, seconds: runs, testAccuracy, peakRssMB: peakRssMB() };
}

function w3(spec: Extract<Spec, { workload: 'w3' }>): Result {
  return {
    cases: spec.cases.map((c) => {
      const { a, b } = gemmOperands(c);
      const ta = tf.tensor2d(a, c.variant === 'TN' ? [c.k, c.m] : [c.m, c.k]);
      const tb = tf.tensor2d(b, c.variant === 'NT' ? [c.n, c.k] : [c.k, c.n]);
      const us = usPerCall(() => tf.matMul(ta, tb, c.variant === 'TN', c.variant === 'NT').dispose(), spec.sampleMs, spec.samples);
      tf.dispose([ta, tb]);
      return { ...c, usPerCall: us, gflops: gflops(c, us) };
    }),
  };
}

await runPeer(async (spec) => {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start its ${backend} backend`);
  await tf.ready();
  switch (spec.workload) {
    case 'w1': return w1(spec.epochs, spec.reps);
    case 'w2': return w2(spec.steps, spec.reps, spec.dataDir);
    case 'w3': return w3(spec);
  }
});
