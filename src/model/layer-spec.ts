import { Linear } from '../activations/linear.js';
import { ReLU } from '../activations/relu.js';
import { Sigmoid } from '../activations/sigmoid.js';
import { Softmax } from '../activations/softmax.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer } from '../layers/layer.js';
import type { Matrix } from '../matrix.js';

/** A layer's architecture as saved models store it (its parameters are stored as tensors). */
export type LayerSpec =
  | { kind: 'Dense'; nInputs: number; nNeurons: number; weightRegularizerL1: number; weightRegularizerL2: number; biasRegularizerL1: number; biasRegularizerL2: number }
  | { kind: 'Dropout'; rate: number }
  | { kind: 'ReLU' }
  | { kind: 'Softmax' }
  | { kind: 'Sigmoid' }
  | { kind: 'Linear' };

export type LayerKind = LayerSpec['kind'];

type Builders = { [K in LayerKind]: (spec: Extract<LayerSpec, { kind: K }>, params?: { weights: Matrix; biases: Matrix }) => Layer };

/** One builder per kind: adding a kind to LayerSpec without a builder does not compile. */
const builders: Builders = {
  Dense: (s, params) => new Dense(s.nInputs, s.nNeurons, { ...s, weights: params?.weights, biases: params?.biases }),
  Dropout: (s) => new Dropout(s.rate),
  ReLU: () => new ReLU(),
  Softmax: () => new Softmax(),
  Sigmoid: () => new Sigmoid(),
  Linear: () => new Linear(),
};

export const layerKinds = Object.keys(builders) as LayerKind[];

/** The spec of a layer built by this library; a layer of unknown kind cannot be saved. */
export function specOf(layer: Layer): LayerSpec {
  if (layer instanceof Dense) {
    const { nInputs, nNeurons, weightRegularizerL1, weightRegularizerL2, biasRegularizerL1, biasRegularizerL2 } = layer;
    return { kind: 'Dense', nInputs, nNeurons, weightRegularizerL1, weightRegularizerL2, biasRegularizerL1, biasRegularizerL2 };
  }
  if (layer instanceof Dropout) return { kind: 'Dropout', rate: layer.rate };
  if (layer instanceof ReLU || layer instanceof Softmax || layer instanceof Sigmoid || layer instanceof Linear) return { kind: layer.kind };
  throw new TypeError(`cannot save a layer of kind '${layer.kind}' (known: ${layerKinds.join(', ')})`);
}

/** Builds a layer from its spec, with saved parameters for a Dense layer. */
export function layerFromSpec(spec: LayerSpec, params?: { weights: Matrix; biases: Matrix }): Layer {
  const build = builders[spec.kind] as (s: LayerSpec, p?: { weights: Matrix; biases: Matrix }) => Layer;
  return build(spec, params);
}
