import { parseFlags, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { runTraining } from './train.js';

/** `npm start`: the book's chapter-10 run, with everything a person wants to see from it. */
export const demo: Command = {
  summary: "the main job: train the book's chapter-10 spiral network, with progress, validation, plots and a saved model",
  help: `Usage: backprop demo [--epochs N]

Trains the network of NNFS chapter 10 on the spiral data (2 → 64 ReLU → 3 softmax, Adam with
learning rate 0.05 and decay 5e-7, 10,001 full-batch epochs, seed 0), reports its accuracy on
fresh spiral data, writes loss, accuracy and decision-region plots to out/ and saves the model
to out/spiral.safetensors. It is 'backprop train --data spiral --plot out --save out/spiral.safetensors'.

Examples
  npm start                  # the same as backprop demo
  backprop demo --epochs 2000

To see how one neuron learns, step by step: backprop explain`,
  run(argv) {
    const { values, positionals } = parseFlags(argv, { epochs: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`demo takes no positional arguments, got '${positionals[0]}'`);
    console.log("backprop: the book's chapter-10 spiral network (run 'backprop explain' to see one neuron's chain rule)\n");
    return runTraining({ data: 'spiral', plot: 'out', save: 'out/spiral.safetensors', epochs: values.epochs });
  },
};
