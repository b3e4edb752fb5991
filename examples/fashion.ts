/**
 * Fashion-MNIST for the chapter 19 to 22 examples.
 *
 * - `fashionMnistOrExit()`: the data set scaled to [−1, 1] (from FASHION_MNIST_DIR, default the
 *   repository's cache), or, when it is not installed, the loader's one-line message on how to
 *   install it, and exit code 1.
 * - `printEvaluation(model, X, y)`: `model.evaluate` printed as the book's evaluate prints it.
 * - `shuffled(X, y)`: the rows in the order of one shuffle by the global generator (chapter 19's
 *   `keys = np.array(range(n)); np.random.shuffle(keys)`).
 */
import { Matrix, globalRng, type Labels, type Model } from 'backprop';
import { FashionMnistError, loadFashionMnist, type FashionMnist } from 'backprop/node';

/** Fashion-MNIST scaled to [−1, 1]; when it is not installed, says how to install it and exits with code 1. */
export function fashionMnistOrExit(): FashionMnist {
  try {
    return loadFashionMnist({ cacheDir: process.env.FASHION_MNIST_DIR || undefined });
  } catch (e) {
    if (!(e instanceof FashionMnistError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

/** X and y with their rows shuffled together by the global generator (book: `keys = np.array(range(n)); np.random.shuffle(keys)`). */
export function shuffled(X: Matrix, y: Int32Array): { X: Matrix; y: Int32Array } {
  const keys = globalRng().permutation(X.rows);
  const out = { X: new Matrix(X.rows, X.cols), y: new Int32Array(y.length) };
  keys.forEach((from, i) => {
    out.X.data.set(X.data.subarray(from * X.cols, (from + 1) * X.cols), i * X.cols);
    out.y[i] = y[from]!;
  });
  return out;
}

/** The book's `evaluate` prints its result under the label "validation", whatever the data. */
export function printEvaluation(model: Model, X: Matrix, y: Labels): void {
  const { accuracy, loss } = model.evaluate(X, y, { batchSize: 128 });
  console.log(`validation, acc: ${accuracy.toFixed(3)}, loss: ${loss.toFixed(3)}`);
}
