/**
 * NNFS chapter 20, "Model Evaluation": chapter 19's training (its script runs first), then `model.evaluate` on the test
 * set and on the training set itself, each a pass in batches without updating anything. The book
 * prints both with its evaluate's "validation" label; comparing them shows how much better the
 * model does on data it trained on.
 *
 * Needs the data set: `npm run data:fashion-mnist` (otherwise the example says so and exits 1).
 * EPOCHS=n trains n epochs instead of 10; FASHION_MNIST_DIR=dir reads the data from dir.
 *
 * Run: npm run build && npx tsx examples/chapter20.ts
 */
import { model, test, X, y } from './chapter19.js';
import { printEvaluation } from './fashion.js';

printEvaluation(model, test.X, test.y);
printEvaluation(model, X, y);
