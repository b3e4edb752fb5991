import { performance } from 'node:perf_hooks';
import { Model } from '../../model/model.js';
import { createProgress } from '../../node/progress.js';
import { terminalChart } from '../../node/terminal-chart.js';
import { RandomState } from '../../random/random-state.js';
import { seed as seedGlobal } from '../../random/global.js';
import { choiceFlag, intFlag, listFlag, numberFlag, parseFlags, stringFlag, UsageError, type FlagValue } from '../args.js';
import { buildModel, HIDDEN_ACTIVATIONS, OPTIMIZERS } from '../build-model.js';
import type { Command } from '../command.js';
import { BUILT_IN, loadDataset, type Task } from '../datasets.js';
import { writePlots } from '../plots.js';

const OPTIONS = {
  data: { type: 'string' }, samples: { type: 'string' }, classes: { type: 'string' }, task: { type: 'string' },
  layers: { type: 'string' }, activation: { type: 'string' }, dropout: { type: 'string' }, l1: { type: 'string' }, l2: { type: 'string' },
  optimizer: { type: 'string' }, lr: { type: 'string' }, decay: { type: 'string' }, momentum: { type: 'string' },
  epochs: { type: 'string' }, 'batch-size': { type: 'string' }, seed: { type: 'string' },
  save: { type: 'string' }, plot: { type: 'string' }, checkpoint: { type: 'string' }, 'checkpoint-every': { type: 'string' },
  resume: { type: 'string' }, 'print-every': { type: 'string' },
} as const;

/** The book's settings for each built-in data set (chapters 10, 17 and 19), used where no flag says otherwise. */
const DEFAULTS: Record<string, { layers: number[]; lr: number; decay: number; epochs: number; batchSize?: number }> = {
  spiral: { layers: [64], lr: 0.05, decay: 5e-7, epochs: 10001 },
  vertical: { layers: [64], lr: 0.05, decay: 5e-7, epochs: 10001 },
  sine: { layers: [64, 64], lr: 0.005, decay: 1e-3, epochs: 10001 },
  'fashion-mnist': { layers: [128, 128], lr: 0.001, decay: 1e-3, epochs: 10, batchSize: 128 },
  file: { layers: [64], lr: 0.001, decay: 0, epochs: 100, batchSize: 128 },
};

export const train: Command = {
  summary: 'train a network on a built-in data set or a CSV file, with progress, plots and a saved model',
  help: `Usage: backprop train [options]

Data
  --data NAME|FILE       ${BUILT_IN.join(', ')}, or a CSV file (features, then the label) (default spiral)
  --samples N            samples per class for spiral/vertical (default 100), samples for sine (1000)
  --classes N            classes for spiral/vertical (default 3)
  --task T               classification, binary (sigmoid outputs) or regression (default: from the data)
Network
  --layers 64,64         hidden layer sizes (default: the book's for the data set)
  --activation A         hidden activation: ${HIDDEN_ACTIVATIONS.join(', ')} (default relu)
  --dropout RATE         dropout after each hidden layer, the fraction dropped (default 0)
  --l1 X, --l2 X         L1 / L2 regularisation of the hidden layers (default 0)
Training
  --optimizer O          ${OPTIMIZERS.join(', ')} (default adam)
  --lr X --decay X       learning rate and its decay (default: the book's for the data set)
  --momentum X           SGD momentum (default 0)
  --epochs N             epochs (default: the book's: 10001, or 10 for fashion-mnist)
  --batch-size N         samples per step (default: all at once; 128 for fashion-mnist); with
                         several batches an epoch, the samples are shuffled every epoch
  --seed N               seed for data, weights, dropout and shuffling (default 0)
  --print-every N        print the book's progress lines every N steps instead of a progress bar
Output
  --save FILE            save the trained model (safetensors)
  --plot DIR             write loss.svg, accuracy.svg and, for 2-D data, decision-regions.svg
  --checkpoint FILE      save the whole training state every --checkpoint-every epochs (default 100)
  --resume FILE          continue a run from a checkpoint, up to --epochs

Examples
  backprop train                                             # the book's chapter-10 spiral run
  backprop train --data spiral --layers 64,64 --lr 0.05 --epochs 2000 --plot out/ --save spiral.safetensors
  backprop train --data sine --plot out/
  backprop train --data fashion-mnist --save fashion.safetensors
  backprop train --data spiral --epochs 10000 --checkpoint run.safetensors
  backprop train --data spiral --epochs 10000 --resume run.safetensors`,

  run(argv) {
    const { values, positionals } = parseFlags(argv, OPTIONS);
    if (positionals.length > 0) throw new UsageError(`train takes no positional arguments, got '${positionals[0]}'`);
    return runTraining(values);
  },
};

/** The whole `train` command; `demo` calls it with the book's chapter-10 settings. */
export function runTraining(values: Record<string, FlagValue>): number {
  const dataName = stringFlag(values.data) ?? 'spiral';
  const defaults = DEFAULTS[dataName] ?? DEFAULTS.file!;
  const seed = intFlag('seed', values.seed, 0);
  const task = values.task === undefined ? undefined : choiceFlag<Task>('task', values.task, ['classification', 'binary', 'regression'], 'classification');
  const epochs = intFlag('epochs', values.epochs, defaults.epochs, 1);
  const batchSize = values['batch-size'] === undefined ? defaults.batchSize : intFlag('batch-size', values['batch-size'], 1, 1);
  const printEvery = intFlag('print-every', values['print-every'], 0, 0);
  const checkpointEvery = intFlag('checkpoint-every', values['checkpoint-every'], 100, 1);
  const save = stringFlag(values.save);
  const plotDir = stringFlag(values.plot);
  const checkpoint = stringFlag(values.checkpoint);
  const resume = stringFlag(values.resume);
  const rng = new RandomState(seed);
  seedGlobal(seed);

  const data = loadDataset(dataName, {
    samples: values.samples === undefined ? undefined : intFlag('samples', values.samples, 0, 1),
    classes: values.classes === undefined ? undefined : intFlag('classes', values.classes, 0, 2),
    task,
    rng,
    seed,
  });
  let model: Model;
  if (resume !== undefined) {
    model = Model.load(resume);
    console.log(`resuming ${resume} after epoch ${model.epochsDone}`);
  } else {
    const optimizer = choiceFlag('optimizer', values.optimizer, OPTIMIZERS, 'adam');
    const optimizerConfig: Record<string, number> = {
      learningRate: numberFlag('lr', values.lr, optimizer === 'adam' ? defaults.lr : optimizer === 'rmsprop' ? 0.001 : 1),
      decay: numberFlag('decay', values.decay, defaults.decay),
    };
    if (values.momentum !== undefined) {
      if (optimizer !== 'sgd') throw new UsageError(`--momentum applies to --optimizer sgd, not ${optimizer}`);
      optimizerConfig.momentum = numberFlag('momentum', values.momentum, 0);
    }
    model = buildModel({
      inputs: data.X.cols,
      hidden: listFlag('layers', values.layers, defaults.layers).map((size) => {
        if (!Number.isInteger(size) || size < 1) throw new UsageError(`--layers: every size must be a positive integer, got ${size}`);
        return size;
      }),
      activation: choiceFlag('activation', values.activation, HIDDEN_ACTIVATIONS, 'relu'),
      dropout: numberFlag('dropout', values.dropout, 0),
      l1: numberFlag('l1', values.l1, 0),
      l2: numberFlag('l2', values.l2, 0),
      task: data.task,
      outputs: data.outputs,
      optimizer,
      optimizerConfig,
      rng,
    });
  }
  model.classNames ??= data.classNames;
  if (model.epochsDone >= epochs) throw new UsageError(`--epochs ${epochs}: the model has already trained ${model.epochsDone} epochs`);
  console.log(model.summary());
  console.log(`\ndata: ${data.name}, ${data.X.rows} samples × ${data.X.cols} features${data.validation ? `, ${data.validation.X.rows} for validation` : ''}\n`);

  const steps = Math.ceil(data.X.rows / Math.min(batchSize ?? data.X.rows, data.X.rows));
  const firstEpoch = model.epochsDone + 1;
  const progress = printEvery > 0 ? undefined : createProgress({ total: (epochs - model.epochsDone) * steps, epochs, label: 'train' });
  let done = 0;
  // Per-step losses chart a run of few long epochs better than one point per epoch.
  const stepLosses: number[] = [];
  const started = performance.now();
  let history;
  try {
    history = model.train(data.X, data.y, {
      epochs,
      batchSize,
      // The built-in sets are ordered by class: batches of consecutive samples would each see one class.
      shuffle: steps > 1,
      printEvery,
      validationData: data.validation ? [data.validation.X, data.validation.y] : undefined,
      checkpoint: checkpoint ? { path: checkpoint, every: checkpointEvery } : undefined,
      onStep: (s) => {
        if (steps > 1) stepLosses.push(s.loss);
        progress?.update(++done, { epoch: s.epoch, step: steps > 1 ? s.step + 1 : undefined, loss: s.loss, accuracy: s.accuracy, lr: s.learningRate });
      },
      onEpoch: (e) => {
        if (progress && steps > 1 && e.validation) {
          progress.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(3)}, acc ${e.accuracy.toFixed(3)}, validation loss ${e.validation.loss.toFixed(3)}, acc ${e.validation.accuracy.toFixed(3)}`);
        }
      },
    });
  } finally {
    progress?.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  const last = history.loss.length - 1;
  const epochsRun = history.loss.length;
  console.log(`trained ${epochsRun} epoch${epochsRun === 1 ? '' : 's'} in ${seconds.toFixed(1)} s (${((seconds * 1000) / epochsRun).toFixed(2)} ms per epoch)`);
  console.log(`training:   loss ${history.loss[last]!.toFixed(3)}, accuracy ${history.accuracy[last]!.toFixed(3)}`);
  if (history.validationLoss.length > 0) {
    console.log(`validation: loss ${history.validationLoss[last]!.toFixed(3)}, accuracy ${history.validationAccuracy[last]!.toFixed(3)}`);
  }
  const chart = steps > 1
    ? terminalChart(stepLosses, { title: 'training loss per step', logY: true, xRange: [1, stepLosses.length] })
    : terminalChart(history.loss, { title: 'training loss per epoch', logY: true, xRange: [firstEpoch, epochs] });
  console.log('\n' + chart);
  if (plotDir !== undefined) {
    for (const path of writePlots(plotDir, model, data, history, firstEpoch)) console.log(`wrote ${path}`);
  }
  if (save !== undefined) {
    model.save(save);
    console.log(`saved the model to ${save}`);
  }
  return 0;
}
