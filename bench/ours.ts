/**
 * This library as a benchmark peer: `node --import tsx bench/ours.ts '<spec>' wasm|js [threads]`.
 * `wasm` is the default path (the kernels `kernels()` picks; the run fails if that is not the
 * WebAssembly backend); `js` is the plain TypeScript one, set with setKernels(jsKernels).
 * `threads` 2 starts the Node entry's second thread for large products (1 by default here).
 * W1 and W2 go through Model.train exactly as a user would call it (printEvery 0); W3 calls
 * kernels().gemm on operands in kernel memory (`allocate`), where the layers keep theirs.
 */
import { Adam, CategoricalAccuracy, CategoricalCrossentropy, Model, ReLU, Softmax, jsKernels, kernels, setKernels } from '../src/index.js';
import { startThreads } from '../src/node/threads.js';
import { chapter10Setup, chapter19Layers, fashionMnist, firstRows } from './book-setup.js';
import { W1, W2, W2_STEPS, gemmOperands, gflops, peakRssMB, runPeer, seconds, usPerCall, type Result, type Spec } from './workloads.js';

const backend = process.argv[3];
if (backend === 'js') setKernels(jsKernels);
else if (backend !== 'wasm') throw new Error(`bench/ours.ts: backend must be wasm or js, got ${backend}`);
if (process.argv[4] === '2' && !startThreads()) throw new Error('bench/ours.ts: two threads are not available here (no shared WebAssembly memory)');

function w1(epochs: number, reps: number): Result {
  const runs: number[] = [];
  let last = { accuracy: NaN, loss: NaN };
  for (let r = 0; r < reps; r++) {
    const { X, y, layers } = chapter10Setup();
    const model = new Model();
    model.add(layers[0]!).add(new ReLU()).add(layers[1]!).add(new Softmax());
    model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: W1.learningRate, decay: W1.decay }), accuracy: new CategoricalAccuracy() });
    model.finalize();
    runs.push(seconds(() => {
      const history = model.train(X, y, { epochs, printEvery: 0 });
      last = { accuracy: history.accuracy.at(-1)!, loss: history.loss.at(-1)! };
    }));
    process.stderr.write(`  run ${r + 1}/${reps}: ${runs.at(-1)!.toFixed(3)} s\n`);
  }
  return { epochs, seconds: runs, ...last };
}

function w2(steps: number, reps: number, dataDir: string): Result {
  const { train, test } = fashionMnist(dataDir);
  const rows = Math.min(steps * W2.batchSize, train.X.rows);
  const X = firstRows(train.X, rows);
  const y = train.y.subarray(0, rows);
  const runs: number[] = [];
  let testAccuracy: number | undefined;
  for (let r = 0; r < reps; r++) {
    const [d1, d2, d3] = chapter19Layers();
    const model = new Model();
    model.add(d1!).add(new ReLU()).add(d2!).add(new ReLU()).add(d3!).add(new Softmax());
    model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: W2.learningRate, decay: W2.decay }), accuracy: new CategoricalAccuracy() });
    model.finalize();
    runs.push(seconds(() => model.train(X, y, { epochs: 1, batchSize: W2.batchSize, printEvery: 0 })));
    process.stderr.write(`  run ${r + 1}/${reps}: ${runs.at(-1)!.toFixed(3)} s\n`);
    if (steps >= W2_STEPS) testAccuracy = model.evaluate(test.X, test.y, { batchSize: W2.batchSize }).accuracy;
  }
  return { steps, seconds: runs, testAccuracy, peakRssMB: peakRssMB() };
}

function w3(spec: Extract<Spec, { workload: 'w3' }>): Result {
  const k = kernels();
  return {
    cases: spec.cases.map((c) => {
      const { a, b, c: out } = gemmOperands(c, (length) => k.allocate(length));
      const us = usPerCall(() => k.gemm(c.variant === 'TN', c.variant === 'NT', c.m, c.n, c.k, a, b, out, false), spec.sampleMs, spec.samples);
      return { ...c, usPerCall: us, gflops: gflops(c, us) };
    }),
  };
}

await runPeer((spec) => {
  if (backend === 'wasm' && kernels().name === jsKernels.name) throw new Error('the WebAssembly kernels did not load here (kernels() fell back to the TypeScript ones)');
  switch (spec.workload) {
    case 'w1': return w1(spec.epochs, spec.reps);
    case 'w2': return w2(spec.steps, spec.reps, spec.dataDir);
    case 'w3': return w3(spec);
  }
});
