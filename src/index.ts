/**
 * backprop: build, train and explain neural networks, with backpropagation written from scratch.
 * Everything here runs in Node.js and in browsers; file and terminal helpers live in `backprop/node`.
 */
export { ShapeError } from './errors.js';
export { Matrix, type MatrixLike } from './matrix.js';
export type { Labels } from './labels.js';
export { kernels, setKernels, jsKernels, type Kernels } from './kernels/index.js';

export { Dense, type DenseOptions } from './layers/dense.js';
export { Dropout } from './layers/dropout.js';
export type { Layer, TrainableLayer, Activation, Regularizers } from './layers/layer.js';
export { ReLU } from './activations/relu.js';
export { Softmax } from './activations/softmax.js';
export { Sigmoid } from './activations/sigmoid.js';
export { Linear } from './activations/linear.js';

export { Loss, type LossKind } from './losses/loss.js';
export { CategoricalCrossentropy } from './losses/categorical-crossentropy.js';
export { BinaryCrossentropy } from './losses/binary-crossentropy.js';
export { MeanSquaredError } from './losses/mean-squared-error.js';
export { MeanAbsoluteError } from './losses/mean-absolute-error.js';
export { SoftmaxCategoricalCrossentropy } from './losses/softmax-categorical-crossentropy.js';

export { gradCheck, type GradCheckOptions, type GradCheckResult } from './gradcheck.js';

export { RandomState, type RandomStateSnapshot } from './random/random-state.js';
export { seed, globalRng } from './random/global.js';

export { SGD, type SGDOptions } from './optimizers/sgd.js';
export { Adagrad, type AdagradOptions } from './optimizers/adagrad.js';
export { RMSprop, type RMSpropOptions } from './optimizers/rmsprop.js';
export { Adam, type AdamOptions } from './optimizers/adam.js';
export { createOptimizer } from './optimizers/create-optimizer.js';
export type { Optimizer, OptimizerKind, Slots } from './optimizers/optimizer.js';

export { spiralData } from './data/spiral.js';
export { verticalData } from './data/vertical.js';
export { sineData } from './data/sine.js';

export { Model, TrainingDivergedError, type TrainOptions, type StepInfo, type EpochInfo, type History } from './model/model.js';
export { ModelFileError } from './model/model-file.js';
export type { LayerSpec, LayerKind } from './model/layer-spec.js';
export { CategoricalAccuracy } from './accuracy/categorical-accuracy.js';
export { RegressionAccuracy } from './accuracy/regression-accuracy.js';
export type { Accuracy, AccuracyKind } from './accuracy/accuracy.js';
export { createLoss } from './losses/create-loss.js';
export { createAccuracy } from './accuracy/create-accuracy.js';

export { Value, type Operand, type ValueOp } from './engine/value.js';
export { explainNeuron, NEURON_ACTIVATIONS, type NeuronActivation, type NeuronOptions, type NeuronStep, type NeuronExplanation } from './explain/neuron.js';
export { explainLayer, LAYER_ACTIVATIONS, type LayerActivation, type LayerOptions, type LayerValues, type LayerExplanation } from './explain/layer.js';

export { encodeSafetensors, decodeSafetensors, SafetensorsError, type SafetensorsDtype, type SafetensorsTensor, type SafetensorsFile, type SafetensorsLimits } from './io/safetensors.js';

export { lineChartSvg, type LineSeries, type LineChartOptions } from './plot/line-chart.js';
export { decisionRegionsSvg, type DecisionRegionsOptions, type GridPrediction } from './plot/decision-regions.js';

export { pyFloat, pyFloat32, formatArray, bookProgress } from './numpy-format.js';
