/**
 * The Node.js entry point (`import … from 'backprop'` in Node.js resolves here): the whole core,
 * with files enabled for model.save / Model.load, plus the Node-only readers and terminal helpers.
 */
import './file-access.js';
import { startThreads } from './threads.js';

// Large matrix products use both cores from here on (the worker starts on the first one);
// BACKPROP_THREADS=1 keeps everything on one thread.
if (process.env.BACKPROP_THREADS !== '1') startThreads();

export * from '../index.js';
export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
export { readIdx, parseIdx, loadIdxImages, loadIdxLabels, loadIdx, IdxError, type IdxArray, type IdxDtype, type IdxReadOptions, type IdxScale } from './idx.js';
export { loadCsv, parseCsv, CsvError, type CsvOptions, type CsvLabelColumn, type CsvTask, type CsvFeatures, type CsvClassification, type CsvRegression, type CsvData } from './csv.js';
export { encodePng, decodePng, crc32, PngError, type DecodedPng, type PngLimits } from './png.js';
export { createProgress, type Progress, type ProgressOptions, type ProgressFields, type ProgressStream } from './progress.js';
export { terminalChart, type TerminalChartOptions } from './terminal-chart.js';
export { loadFashionMnist, buildFashionMnistCache, FashionMnistError, FASHION_MNIST_LABELS, DEFAULT_FASHION_MNIST_DIR, type FashionMnist, type FashionMnistSplit, type FashionMnistOptions } from './fashion-mnist.js';
export { startThreads, stopThreads, threadCount, THREAD_THRESHOLD } from './threads.js';
