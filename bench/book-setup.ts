/**
 * The data and the initial weights every Node peer starts from, drawn by this library after
 * `seed(0)` in the book's order (the data, then each layer's 0.01·randn weights): NumPy's legacy
 * generator gives numpy_bench.py the same numbers, so every peer trains the same network from the
 * same point and their accuracies can be compared.
 */
import { Dense, Matrix, seed, spiralData } from '../src/index.js';
import { loadFashionMnist, type FashionMnist } from '../src/node/fashion-mnist.js';
import { W1, W2 } from './workloads.js';

/** W1: the spiral data and the two dense layers (2 → 64 → 3). */
export function chapter10Setup(): { X: Matrix; y: Int32Array; layers: Dense[] } {
  seed(0);
  const { X, y } = spiralData(W1.samplesPerClass, W1.classes);
  return { X, y, layers: [new Dense(2, W1.hidden), new Dense(W1.hidden, W1.classes)] };
}

/** W2: the three dense layers (784 → 128 → 128 → 10), drawn after seed(0). */
export function chapter19Layers(): Dense[] {
  seed(0);
  const sizes = W2.sizes;
  return sizes.slice(1).map((n, i) => new Dense(sizes[i]!, n));
}

/** Fashion-MNIST from the cache in `dataDir` (pixels in [−1, 1], as the book scales them). */
export function fashionMnist(dataDir: string): FashionMnist {
  return loadFashionMnist({ cacheDir: dataDir });
}

/** The first `rows` rows of X, without copying. */
export function firstRows(X: Matrix, rows: number): Matrix {
  return new Matrix(rows, X.cols, X.data.subarray(0, rows * X.cols));
}
