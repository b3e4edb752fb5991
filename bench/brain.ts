/**
 * brain.js as a benchmark peer: `node --import tsx bench/brain.ts '<spec>'`.
 *
 * brain.js 1.6.1 cannot express the book's networks: its NeuralNetwork applies one activation to
 * every layer, the output layer included (no softmax), its loss is the squared error, and it
 * updates after every sample (no batches), with its own random initialisation. Its closest
 * equivalent is run and labelled so: the same layer sizes, ReLU everywhere, one-hot targets, its
 * Adam ('adam' praxis) at the book's learning rate (no decay), one update per sample. W3 has no
 * brain.js counterpart (it exposes no matrix product).
 */
import brain from 'brain.js';
import { chapter10Setup, fashionMnist } from './book-setup.js';
import { W1, W2, peakRssMB, runPeer, seconds, type Result } from './workloads.js';

const CLOSEST = 'closest equivalent: ReLU on every layer (no softmax), squared error, Adam updated after every sample';

interface Sample { input: number[]; output: number[] }

function samples(X: Float32Array, cols: number, y: ArrayLike<number>, classes: number, count: number): Sample[] {
  return Array.from({ length: count }, (_, i) => ({
    input: Array.from(X.subarray(i * cols, (i + 1) * cols)),
    output: Array.from({ length: classes }, (_, c) => (c === y[i] ? 1 : 0)),
  }));
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function train(data: Sample[], hidden: number[], iterations: number, learningRate: number): { net: brain.NeuralNetwork; seconds: number; iterations: number } {
  const net = new brain.NeuralNetwork({ hiddenLayers: hidden, activation: 'relu' });
  let done = 0;
  // errorThresh must lie in (0, 1); this one is never reached, so every iteration runs.
  const s = seconds(() => { done = net.train(data, { iterations, learningRate, praxis: 'adam', errorThresh: 1e-12, log: false }).iterations; });
  return { net, seconds: s, iterations: done };
}

function w1(epochs: number, reps: number): Result {
  const { X, y } = chapter10Setup();
  const data = samples(X.data, 2, y, W1.classes, X.rows);
  const runs: number[] = [];
  let accuracy = NaN;
  let trained = epochs;
  for (let r = 0; r < reps; r++) {
    const run = train(data, [W1.hidden], epochs, W1.learningRate);
    runs.push(run.seconds);
    trained = run.iterations;
    accuracy = data.filter((d, i) => argmax(run.net.run(d.input) as ArrayLike<number>) === y[i]).length / data.length;
    process.stderr.write(`  run ${r + 1}/${reps}: ${run.seconds.toFixed(3)} s\n`);
  }
  return { epochs: trained, seconds: runs, accuracy, loss: NaN, note: CLOSEST };
}

function w2(steps: number, reps: number, dataDir: string): Result {
  const { train: set } = fashionMnist(dataDir);
  const count = Math.min(steps * W2.batchSize, set.X.rows);
  const data = samples(set.X.data, 784, set.y, 10, count);
  const runs: number[] = [];
  for (let r = 0; r < reps; r++) {
    runs.push(train(data, [128, 128], 1, W2.learningRate).seconds);
    process.stderr.write(`  run ${r + 1}/${reps}: ${runs.at(-1)!.toFixed(3)} s\n`);
  }
  return { steps: count / W2.batchSize, seconds: runs, peakRssMB: peakRssMB(), note: CLOSEST };
}

await runPeer((spec) => {
  switch (spec.workload) {
    case 'w1': return w1(spec.epochs, spec.reps);
    case 'w2': return w2(spec.steps, spec.reps, spec.dataDir);
    case 'w3': throw new Error('brain.js exposes no matrix product');
  }
});
