import { existsSync } from 'node:fs';
import { spiralData } from '../data/spiral.js';
import { sineData } from '../data/sine.js';
import { verticalData } from '../data/vertical.js';
import { Matrix } from '../matrix.js';
import { loadCsv } from '../node/csv.js';
import { loadFashionMnist } from '../node/fashion-mnist.js';
import { RandomState } from '../random/random-state.js';
import { UsageError } from './args.js';

/** What the network's output does: pick one class, answer yes/no per output, or predict a value. */
export type Task = 'classification' | 'binary' | 'regression';

export interface Dataset {
  name: string;
  task: Task;
  X: Matrix;
  y: Int32Array | Matrix;
  /** Held-out data: fresh samples of a synthetic set, or the 10,000 test images of Fashion-MNIST. */
  validation?: { X: Matrix; y: Int32Array | Matrix };
  /** Number of classes (classification) or of outputs (binary, regression). */
  outputs: number;
  classNames?: string[];
}

export const BUILT_IN = ['spiral', 'vertical', 'sine', 'fashion-mnist'] as const;

export interface DatasetOptions {
  samples?: number;
  classes?: number;
  /** For CSV files: what the label column holds. */
  task?: Task;
  /** Draws the training set of a synthetic data set (the model's weights then continue the same stream, as in the book). */
  rng: RandomState;
  /** Validation data of a synthetic set is drawn from RandomState(seed + 1). */
  seed: number;
}

/**
 * Loads a built-in data set by name, or a CSV file (features, then a label column). Synthetic sets
 * are drawn from seeded generators, so a run is reproducible from its flags alone.
 */
export function loadDataset(name: string, { samples, classes, task, rng, seed }: DatasetOptions): Dataset {
  switch (name) {
    case 'spiral':
    case 'vertical': {
      const make = name === 'spiral' ? spiralData : verticalData;
      const n = samples ?? 100;
      const k = classes ?? (task === 'binary' ? 2 : 3);
      const train = make(n, k, rng);
      const validation = make(n, k, new RandomState(seed + 1));
      if (task === 'binary') {
        if (k !== 2) throw new UsageError(`--task binary needs --classes 2, got ${k}`);
        return { name, task, X: train.X, y: column(train.y), validation: { X: validation.X, y: column(validation.y) }, outputs: 1 };
      }
      return { name, task: 'classification', ...train, validation, outputs: k };
    }
    case 'sine': {
      const train = sineData(samples ?? 1000);
      return { name, task: 'regression', ...train, validation: sineData(samples ?? 1000), outputs: 1 };
    }
    case 'fashion-mnist': {
      const data = loadFashionMnist();
      return { name, task: 'classification', X: data.train.X, y: data.train.y, validation: data.test, outputs: 10, classNames: data.labels };
    }
    default: {
      if (!existsSync(name)) {
        throw new UsageError(`--data: '${name}' is neither a built-in data set (${BUILT_IN.join(', ')}) nor an existing CSV file`);
      }
      if (task === 'regression') {
        const data = loadCsv(name, { task: 'regression' });
        return { name, task, X: data.X, y: data.y, outputs: data.y.cols };
      }
      const data = loadCsv(name, { task: 'classification' });
      const outputs = data.classes?.length ?? data.y.reduce((max, label) => Math.max(max, label), 0) + 1;
      if (task === 'binary') return { name, task, X: data.X, y: column(data.y), outputs: 1 };
      return { name, task: 'classification', X: data.X, y: data.y, outputs, classNames: data.classes };
    }
  }
}

/** Class labels as an N × 1 matrix of 0/1 targets (the book's `y.reshape(-1, 1)`). */
function column(labels: Int32Array): Matrix {
  return new Matrix(labels.length, 1, Float32Array.from(labels));
}
