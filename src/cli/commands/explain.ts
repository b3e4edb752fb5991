/**
 * `backprop explain`: the seed notes' neuron (or the book's chapter-9 layer) forward and backward,
 * with the chain rule narrated in numbers. Defaults are the book's examples; every number can be
 * replaced from the command line.
 */
import { choiceFlag, listFlag, numberFlag, parseFlags, stringFlag, UsageError, type FlagValue } from '../args.js';
import type { Command } from '../command.js';
import { explainLayer, LAYER_ACTIVATIONS } from '../../explain/layer.js';
import { explainNeuron, NEURON_ACTIVATIONS } from '../../explain/neuron.js';
import { roundSignificant } from '../../explain/format.js';

/** The seed notes' neuron (NNFS chapter 9): output 6, dweights [1, -2, 3], dinputs [-3, -1, 2], dbias 1. */
const NEURON = { inputs: [1, -2, 3], weights: [-3, -1, 2], bias: 1, dvalue: 1, learningRate: 0.001 };

/** The book's chapter-9 layer: 3 samples, 4 inputs, 3 neurons. */
const LAYER = {
  inputs: [[1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8]],
  // The book writes one row per neuron and transposes; stored here already as nInputs × nNeurons.
  weights: [[0.2, 0.5, -0.26], [0.8, -0.91, -0.27], [-0.5, 0.26, 0.17], [1, -0.5, 0.87]],
  biases: [2, 3, 0.5],
  dvalues: [[1, 1, 1], [2, 2, 2], [3, 3, 3]],
};

const OPTIONS = {
  layer: { type: 'boolean' },
  json: { type: 'boolean' },
  inputs: { type: 'string' },
  weights: { type: 'string' },
  activation: { type: 'string' },
  bias: { type: 'string' },
  dvalue: { type: 'string' },
  'learning-rate': { type: 'string' },
  biases: { type: 'string' },
  dvalues: { type: 'string' },
} as const;
const NEURON_ONLY = ['bias', 'dvalue', 'learning-rate'] as const;
const LAYER_ONLY = ['biases', 'dvalues'] as const;

/** Rows separated by ';', values by ',': "1,2;3,4". */
function matrixFlag(name: string, value: FlagValue, fallback: number[][]): number[][] {
  const text = stringFlag(value);
  if (text === undefined) return fallback;
  return text.split(';').map((row) => listFlag(name, row, []));
}

/** JSON with every number at 7 significant digits, like the text, and each list of numbers on one line. */
function toJson(value: unknown): string {
  const json = JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' ? roundSignificant(v) : v), 2);
  return json.replace(/\[\s+([^[\]{}"]*?)\s+\]/g, (_, items: string) => `[${items.split(/,\s+/).join(', ')}]`);
}

export const explain: Command = {
  summary: "Narrate the chain rule through the seed notes' neuron (or a layer) with numbers",
  help: `Usage: backprop explain [neuron options] [--json]
       backprop explain --layer [layer options] [--json]

Runs a neuron forward and backward on the scalar autograd engine and prints every atomic
operation, the chain rule for every weight, input and the bias, and one optimisation step
(NNFS chapter 9). With --layer, explains a dense layer on a batch instead: the products
Xᵀ·dvalues, column sums and dvalues·Wᵀ, why they have their shapes, and each entry again as
the per-neuron chain rule summed over the batch.

Neuron options (defaults: the seed notes' neuron, output 6):
  --inputs LIST          x0,x1,... (default 1,-2,3)
  --weights LIST         w0,w1,..., one per input (default -3,-1,2)
  --bias N               b (default 1)
  --dvalue N             dL/dout from the next layer (default 1)
  --activation NAME      ${NEURON_ACTIVATIONS.join(', ')} (default relu)
  --learning-rate N      step size of the final update (default 0.001)

Layer options (defaults: the book's chapter-9 example, 3 samples × 4 inputs → 3 neurons):
  --inputs MATRIX        X, one row per sample: rows split by ';', values by ','
  --weights MATRIX       W, nInputs × nNeurons (one row per input)
  --biases LIST          b, one per neuron (default: the book's 2,3,0.5; zeros with your own --inputs/--weights)
  --dvalues MATRIX       dL/d(output), batch × nNeurons (default: the book's 1,1,1;2,2,2;3,3,3;
                         all ones with your own --inputs/--weights)
  --activation NAME      ${LAYER_ACTIVATIONS.join(', ')} (default linear)

  --json                 print the numbers as JSON (7 significant digits) instead of the narration

Examples:
  backprop explain
  backprop explain --inputs 1,-2,3 --weights -3,-1,2 --bias 1 --dvalue 1 --activation relu
  backprop explain --activation sigmoid --json
  backprop explain --layer
  backprop explain --layer --inputs "1,2;3,4" --weights "1,0,-1;0.5,0.5,0.5" --biases 0,0,1 --dvalues "1,1,1;1,1,1"`,

  run(argv) {
    const { values, positionals } = parseFlags(argv, OPTIONS);
    if (positionals.length > 0) throw new UsageError(`explain takes no positional arguments, got '${positionals[0]}'`);
    const misplaced = (values.layer ? NEURON_ONLY : LAYER_ONLY).find((name) => values[name] !== undefined);
    if (misplaced !== undefined) {
      throw new UsageError(values.layer ? `--${misplaced} is a neuron option; with --layer use --biases and --dvalues` : `--${misplaced} needs --layer`);
    }

    if (values.layer) {
      // The book's biases and dvalues only fit the book's layer; for another one they default to 0 and 1.
      const book = values.inputs === undefined && values.weights === undefined;
      const e = explainLayer({
        inputs: matrixFlag('inputs', values.inputs, LAYER.inputs),
        weights: matrixFlag('weights', values.weights, LAYER.weights),
        biases: values.biases === undefined && !book ? undefined : listFlag('biases', values.biases, LAYER.biases),
        dvalues: values.dvalues === undefined && !book ? undefined : matrixFlag('dvalues', values.dvalues, LAYER.dvalues),
        activation: choiceFlag('activation', values.activation, LAYER_ACTIVATIONS, 'linear'),
      });
      const { text, ...numbers } = e;
      console.log(values.json ? toJson(numbers) : text);
      return 0;
    }
    const e = explainNeuron({
      inputs: listFlag('inputs', values.inputs, NEURON.inputs),
      weights: listFlag('weights', values.weights, NEURON.weights),
      bias: numberFlag('bias', values.bias, NEURON.bias),
      dvalue: numberFlag('dvalue', values.dvalue, NEURON.dvalue),
      learningRate: numberFlag('learning-rate', values['learning-rate'], NEURON.learningRate),
      activation: choiceFlag('activation', values.activation, NEURON_ACTIVATIONS, 'relu'),
    });
    const { text, ...numbers } = e;
    console.log(values.json ? toJson(numbers) : text);
    return 0;
  },
};
