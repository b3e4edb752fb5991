/**
 * NNFS chapter 21, "Saving and Loading Models and Their Parameters": chapter 19's trained model (its script runs first),
 * then three round trips, each checked by evaluating on the test set (the line is the same four times):
 *   1. getParameters → a new model with the same layers (and no optimizer) → setParameters;
 *   2. saveParameters to fashion_mnist.parameters.safetensors → a new model → loadParameters;
 *   3. save the whole model (layers, loss, accuracy, optimizer and its state) to fashion_mnist.safetensors
 *      → Model.load, with nothing declared.
 * The book pickles Python objects; the library writes safetensors files, which Python can read
 * too. Chapter 22 loads fashion_mnist.safetensors. Files go to the current directory.
 *
 * Needs the data set: `npm run data:fashion-mnist` (otherwise the example says so and exits 1).
 * EPOCHS=n trains n epochs instead of 10; FASHION_MNIST_DIR=dir reads the data from dir.
 *
 * Run: npm run build && npx tsx examples/chapter21.ts
 */
import { CategoricalAccuracy, CategoricalCrossentropy, Model } from 'backprop';
import { addFashionLayers, model as trained, test, train } from './chapter19.js';
import { printEvaluation } from './fashion.js';

const evaluate = (model: Model) => printEvaluation(model, test.X, test.y);

evaluate(trained);

/** A new, untrained model that only evaluates (no optimizer needed), for the parameters to go into. */
function evaluationModel(): Model {
  const model = addFashionLayers(new Model(), train.X.cols);
  model.set({ loss: new CategoricalCrossentropy(), accuracy: new CategoricalAccuracy() });
  return model.finalize();
}

// 1. Parameters copied in memory.
let model = evaluationModel();
model.setParameters(trained.getParameters());
evaluate(model);

// 2. Parameters through a file.
trained.saveParameters('fashion_mnist.parameters.safetensors');
model = evaluationModel();
model.loadParameters('fashion_mnist.parameters.safetensors');
evaluate(model);

// 3. The whole model through a file: Model.load rebuilds the layers, loss, accuracy and optimizer itself.
trained.save('fashion_mnist.safetensors');
model = Model.load('fashion_mnist.safetensors');
evaluate(model);
