import { extname } from 'node:path';
import { readFileSync } from 'node:fs';
import { argmaxRows } from '../../activations/softmax.js';
import { Matrix } from '../../matrix.js';
import { Model } from '../../model/model.js';
import { RandomState } from '../../random/random-state.js';
import { loadCsv } from '../../node/csv.js';
import { decodePng } from '../../node/png.js';
import { intFlag, parseFlags, stringFlag, UsageError, type FlagValue } from '../args.js';
import type { Command } from '../command.js';
import { loadDataset, type Task } from '../datasets.js';

function requireModel(values: Record<string, FlagValue>, command: string): Model {
  const path = stringFlag(values.model);
  if (path === undefined) throw new UsageError(`${command} needs --model FILE (a model saved by 'backprop train --save FILE')`);
  return Model.load(path);
}

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`${command} takes no positional arguments, got '${positionals[0]}'`);
}

/** The task a saved model was trained for, read from its output layer. */
function taskOf(model: Model): Task {
  const last = model.layers[model.layers.length - 1]!.kind;
  return last === 'Softmax' ? 'classification' : last === 'Sigmoid' ? 'binary' : 'regression';
}

export const evaluate: Command = {
  summary: 'loss and accuracy of a saved model on a data set',
  help: `Usage: backprop evaluate --model FILE [--data NAME|FILE] [--samples N --classes N --seed N]

Evaluates on held-out data: fresh samples of a synthetic set (seed + 1, as 'train' validates),
the test split of fashion-mnist, or a whole CSV file.

Examples
  backprop evaluate --model spiral.safetensors --data spiral
  backprop evaluate --model fashion.safetensors --data fashion-mnist
  backprop evaluate --model mine.safetensors --data test.csv`,
  run(argv) {
    const { values, positionals } = parseFlags(argv, {
      model: { type: 'string' }, data: { type: 'string' }, samples: { type: 'string' }, classes: { type: 'string' }, seed: { type: 'string' },
    });
    noPositionals('evaluate', positionals);
    const model = requireModel(values, 'evaluate');
    const seed = intFlag('seed', values.seed, 0);
    const data = loadDataset(stringFlag(values.data) ?? 'spiral', {
      samples: values.samples === undefined ? undefined : intFlag('samples', values.samples, 0, 1),
      classes: values.classes === undefined ? undefined : intFlag('classes', values.classes, 0, 2),
      task: taskOf(model),
      rng: new RandomState(seed),
      seed,
    });
    const split = data.validation ?? data;
    const { loss, accuracy } = model.evaluate(split.X, split.y, { batchSize: 1024 });
    console.log(`${data.name} (${split.X.rows} samples): loss ${loss.toFixed(4)}, accuracy ${accuracy.toFixed(4)}`);
    return 0;
  },
};

export const predict: Command = {
  summary: "a saved model's predictions for rows of a CSV file or a 28×28 image",
  help: `Usage: backprop predict --model FILE --input FILE [--json]

--input is a CSV file of feature rows (a trailing label column is ignored when present),
or a PNG image for an image model: made gray, resized to the model's 28×28 input, inverted
(dark clothes on white become light on black, as Fashion-MNIST) and scaled to [-1, 1] (NNFS chapter 22).

Examples
  backprop predict --model spiral.safetensors --input points.csv
  backprop predict --model fashion.safetensors --input tshirt.png`,
  run(argv) {
    const { values, positionals } = parseFlags(argv, { model: { type: 'string' }, input: { type: 'string' }, json: { type: 'boolean' } });
    noPositionals('predict', positionals);
    const model = requireModel(values, 'predict');
    const input = stringFlag(values.input);
    if (input === undefined) throw new UsageError('predict needs --input FILE (CSV rows or a PNG image)');
    const features = model.layers[0] && 'nInputs' in model.layers[0] ? (model.layers[0] as { nInputs: number }).nInputs : undefined;
    const X = extname(input).toLowerCase() === '.png' ? imageInput(input, features) : csvInput(input, features);
    const output = model.predict(X);
    const task = taskOf(model);
    const rows = task === 'classification'
      ? Array.from(argmaxRows(output), (k, i) => ({ class: k, name: model.classNames?.[k], confidence: output.get(i, k) }))
      : output.toArray().map((v) => ({ value: task === 'binary' ? v.map((p) => (p > 0.5 ? 1 : 0)) : v, output: v }));
    if (values.json) console.log(JSON.stringify(rows));
    else rows.forEach((r, i) => console.log(`${i}: ${'class' in r ? `${r.name ?? 'class'} ${r.name ? `(class ${r.class})` : r.class}, confidence ${r.confidence.toFixed(3)}` : r.value.join(', ')}`));
    return 0;
  },
};

export const summary: Command = {
  summary: "a saved model's layers, shapes, parameter counts and training setup",
  help: `Usage: backprop summary --model FILE

Example
  backprop summary --model spiral.safetensors`,
  run(argv) {
    const { values, positionals } = parseFlags(argv, { model: { type: 'string' } });
    noPositionals('summary', positionals);
    console.log(requireModel(values, 'summary').summary());
    return 0;
  },
};

function csvInput(path: string, features: number | undefined): Matrix {
  const { X } = loadCsv(path, { labelColumn: 'none' });
  if (features === undefined || X.cols === features) return X;
  if (X.cols === features + 1) return loadCsv(path, { task: 'regression' }).X;
  throw new UsageError(`${path}: rows have ${X.cols} values, the model takes ${features} features`);
}

/** A PNG as the book's chapter 22 prepares it: gray, 28×28, inverted, scaled to [-1, 1]. */
function imageInput(path: string, features: number | undefined): Matrix {
  const side = Math.round(Math.sqrt(features ?? 784));
  if (features !== undefined && side * side !== features) throw new UsageError(`${path}: the model takes ${features} features, not a square image`);
  let image;
  try {
    image = decodePng(new Uint8Array(readFileSync(path)));
  } catch (e) {
    throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const gray = new Float64Array(image.width * image.height);
  for (let i = 0; i < gray.length; i++) {
    const [r, g, b] = [image.rgba[4 * i]!, image.rgba[4 * i + 1]!, image.rgba[4 * i + 2]!];
    gray[i] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  const X = new Matrix(1, side * side);
  // Box-average each target pixel's area of the source (plain sampling when enlarging).
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const [y0, y1] = [Math.floor((y * image.height) / side), Math.max(Math.floor(((y + 1) * image.height) / side), Math.floor((y * image.height) / side) + 1)];
      const [x0, x1] = [Math.floor((x * image.width) / side), Math.max(Math.floor(((x + 1) * image.width) / side), Math.floor((x * image.width) / side) + 1)];
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += gray[yy * image.width + xx]!;
      const value = 255 - sum / ((y1 - y0) * (x1 - x0));
      X.data[y * side + x] = (value - 127.5) / 127.5;
    }
  }
  return X;
}

