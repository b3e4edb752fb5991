import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix } from '../matrix.js';
import type { History, Model } from '../model/model.js';
import { writeFileAtomicSync } from '../node/atomic-write.js';
import { decisionRegionsSvg } from '../plot/decision-regions.js';
import { lineChartSvg } from '../plot/line-chart.js';
import type { Dataset } from './datasets.js';

/**
 * Writes the pictures of a training run into `dir` and returns their paths: the loss and accuracy
 * curves (training and validation), and for 2-D inputs the decision regions with the data points,
 * or for 1-D regression the targets against the model's predictions.
 */
export function writePlots(dir: string, model: Model, data: Dataset, history: History, firstEpoch: number): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, svg: string) => {
    const path = join(dir, name);
    writeFileAtomicSync(path, svg);
    written.push(path);
  };
  const epochs = history.loss.map((_, i) => firstEpoch + i);
  const curves = (train: number[], validation: number[]) => [
    { name: 'training', x: epochs, y: train },
    ...(validation.length > 0 ? [{ name: 'validation', x: epochs, y: validation }] : []),
  ];
  write('loss.svg', lineChartSvg({ title: `Loss (${data.name})`, xLabel: 'epoch', yLabel: 'loss', series: curves(history.loss, history.validationLoss), logY: true }));
  write('accuracy.svg', lineChartSvg({ title: `Accuracy (${data.name})`, xLabel: 'epoch', yLabel: 'accuracy', series: curves(history.accuracy, history.validationAccuracy) }));
  if (data.X.cols === 2 && data.task !== 'regression') {
    const labels = data.y instanceof Matrix ? Int32Array.from(data.y.data) : data.y;
    write('decision-regions.svg', decisionRegionsSvg({ predict: (grid) => model.predict(grid), X: data.X, y: labels, title: `Decision regions (${data.name})` }));
  }
  if (data.X.cols === 1 && data.task === 'regression' && data.y instanceof Matrix) {
    const predicted = model.predict(data.X);
    write('predictions.svg', lineChartSvg({
      title: `Targets and predictions (${data.name})`, xLabel: 'x', yLabel: 'y',
      series: [{ name: 'target', x: data.X.data, y: data.y.data }, { name: 'prediction', x: data.X.data, y: predicted.data }],
    }));
  }
  return written;
}
