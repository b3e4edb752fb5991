/**
 * Decision regions of a model with two inputs, as an SVG string: the plane around the data is
 * cut into a grid of `resolution` columns (and as many rows as keep the cells square), the model
 * predicts every cell centre in one batch, and each cell is filled with a light version of its
 * predicted class's colour; the data points are drawn on top in their true class's colour.
 *
 * Cells are not drawn one by one: the most common class fills the background, and each row's runs
 * of equal class become one rectangle, merged downwards while the rows below repeat the run. A
 * straight boundary therefore costs a handful of rectangles, and a spiral a few thousand at most.
 *
 * For regression (the prediction is a value, not a class), the values are binned at nice levels
 * and coloured along the viridis colour map, with a colour bar.
 *
 * @example
 * const svg = decisionRegionsSvg({
 *   X, y, title: 'Spiral, 3 classes',
 *   predict: (grid) => model.predict(grid), // probabilities: the argmax of each row is the class
 * });
 */
import { ShapeError, shapeOf } from '../errors.js';
import { argmaxRows } from '../activations/softmax.js';
import { Matrix, type MatrixLike, expectShape, toMatrix } from '../matrix.js';
import {
  type Axis, type Frame, type LegendEntry, axesDecorations, bestLegendCorner, checkSize, escapeXml, formatTicks,
  frameFor, legend, legendSize, lighten, makeAxis, niceTicks, paletteColor, px, svgOpen, xPixel, yPixel,
} from './svg.js';

/** What `predict` may return for an N×2 grid: one class or value per row, or an N×K matrix of scores. */
export type GridPrediction = Int32Array | Uint8Array | Float32Array | Float64Array | number[] | Matrix;

export interface DecisionRegionsOptions {
  /** Called once with every grid point (an N×2 matrix). A matrix with K > 1 columns is read as scores: the class is the argmax. */
  predict: (X: Matrix) => GridPrediction;
  /** The data points, n×2. */
  X: MatrixLike;
  /** The data's true classes (or target values, for regression). */
  y: ArrayLike<number> | Matrix;
  /** Grid columns (default 200). */
  resolution?: number;
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

/** How much lighter than the point colours the regions are. */
const REGION_LIGHTEN = 0.6;
const COLORBAR_SPACE = 80;

export function decisionRegionsSvg(options: DecisionRegionsOptions): string {
  const who = 'decisionRegionsSvg';
  const { predict, resolution = 200, width = 600, height = 540, title, xLabel, yLabel } = options;
  checkSize(who, width, height);
  if (typeof predict !== 'function') throw new TypeError(`${who}: predict must be a function, got ${typeof predict}`);
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 2000) {
    throw new RangeError(`${who}: resolution must be an integer in [2, 2000], got ${resolution}`);
  }
  const X = toMatrix(options.X, `${who}: X`);
  expectShape(who, 'X (one point per row, two inputs)', X, -1, 2);
  if (X.rows === 0) throw new RangeError(`${who}: X has no points`);
  const y = perRow(`${who}: y`, options.y, X.rows);

  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < X.rows; i++) {
    const a = X.data[2 * i]!, b = X.data[2 * i + 1]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError(`${who}: X row ${i} is not finite: [${a}, ${b}]`);
    xMin = Math.min(xMin, a); xMax = Math.max(xMax, a);
    yMin = Math.min(yMin, b); yMax = Math.max(yMax, b);
  }

  // Grid: `resolution` columns over the x axis, rows chosen so cells are square on screen.
  const text = { title, xLabel, yLabel };
  const plotHeight = frameFor(width, height, [], text).height;
  const yAxis = makeAxis(yMin, yMax, { margin: 0.1, maxTicks: Math.max(3, Math.floor(plotHeight / 50)) });
  // Whether a colour bar (regression) needs room on the right is known only after predicting; the
  // grid's data coordinates do not depend on it, only the on-screen aspect of its cells, a little.
  const layout = (reserve: number): { frame: Frame; xAxis: Axis } => {
    const frame = frameFor(width - reserve, height, yAxis.labels, text);
    return { frame, xAxis: makeAxis(xMin, xMax, { margin: 0.1, maxTicks: Math.max(2, Math.floor(frame.width / 75)) }) };
  };
  let { frame, xAxis } = layout(0);
  const nx = resolution;
  const ny = Math.max(1, Math.round((resolution * frame.height) / frame.width));
  const grid = new Matrix(nx * ny, 2);
  for (let r = 0; r < ny; r++) {
    const gy = yAxis.hi - ((r + 0.5) * (yAxis.hi - yAxis.lo)) / ny;
    for (let c = 0; c < nx; c++) {
      grid.data[2 * (r * nx + c)] = xAxis.lo + ((c + 0.5) * (xAxis.hi - xAxis.lo)) / nx;
      grid.data[2 * (r * nx + c) + 1] = gy;
    }
  }
  const predicted = perRow(`${who}: predict(grid)`, predict(grid), nx * ny);

  const classes = isClasses(predicted) && isClasses(y);
  let cellColor: (v: number) => string;
  let pointColor: (v: number) => string;
  let key: string[];
  if (classes) {
    pointColor = (v) => paletteColor(v);
    cellColor = (v) => (v < 0 ? '#ffffff' : lighten(paletteColor(v), REGION_LIGHTEN));
    key = [];
    for (let i = 0; i < predicted.length; i++) if (!Number.isFinite(predicted[i])) predicted[i] = -1;
  } else {
    ({ frame, xAxis } = layout(COLORBAR_SPACE));
    const levels = valueLevels(predicted, y);
    pointColor = (v) => viridis(levels.fraction(v));
    cellColor = (v) => (v < 0 ? '#ffffff' : lighten(viridis((v + 0.5) / levels.count), REGION_LIGHTEN));
    key = [colorBar(frame, levels.edges)];
    // Regions are drawn per level index; points keep their exact value's colour.
    for (let i = 0; i < predicted.length; i++) predicted[i] = Number.isFinite(predicted[i]) ? levels.index(predicted[i]!) : -1;
  }

  const parts: string[] = [svgOpen(width, height), regions(frame, predicted, nx, ny, cellColor)];
  const pixels: number[] = [];
  const radius = X.rows <= 300 ? 4 : X.rows <= 1500 ? 3 : 2;
  const byColor = new Map<string, string[]>();
  for (let i = 0; i < X.rows; i++) {
    const cx = xPixel(frame, xAxis, X.data[2 * i]!);
    const cy = yPixel(frame, yAxis, X.data[2 * i + 1]!);
    pixels.push(cx, cy);
    const color = Number.isFinite(y[i]) ? pointColor(y[i]!) : '#ffffff';
    if (!byColor.has(color)) byColor.set(color, []);
    byColor.get(color)!.push(`<circle cx="${px(cx)}" cy="${px(cy)}" r="${radius}"/>`);
  }
  parts.push(`<g stroke="#222222" stroke-width="0.6">`);
  for (const [color, circles] of byColor) parts.push(`<g fill="${color}">${circles.join('')}</g>`);
  parts.push('</g>');
  parts.push(axesDecorations(frame, xAxis, yAxis, text));
  if (classes) {
    const present = new Set<number>();
    for (const v of y) if (v >= 0) present.add(v);
    for (const v of predicted) if (v >= 0) present.add(v);
    const entries: LegendEntry[] = [...present].sort((a, b) => a - b).map((c) => ({ label: `class ${c}`, color: paletteColor(c), marker: 'dot' }));
    parts.push(legend(entries, bestLegendCorner(frame, legendSize(entries), pixels)));
  }
  parts.push(...key, '</svg>');
  return parts.join('\n') + '\n';
}

/** One number per row: the values themselves, or the argmax of each row of a K-column matrix. */
function perRow(what: string, v: GridPrediction | ArrayLike<number>, n: number): Float64Array {
  if (v instanceof Matrix) {
    if (v.rows !== n) throw new ShapeError(`${what} must have ${n} rows, got ${shapeOf(v.rows, v.cols)}`);
    return Float64Array.from(v.cols === 1 ? v.data : argmaxRows(v));
  }
  if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
    throw new TypeError(`${what} must be an array of numbers or a Matrix, got ${v === null ? 'null' : typeof v}`);
  }
  if (v.length !== n) throw new ShapeError(`${what} must have ${n} values (one per point), got ${v.length}`);
  return Float64Array.from(v);
}

/** Class labels: every finite value a non-negative integer. */
function isClasses(v: Float64Array): boolean {
  for (const x of v) if (Number.isFinite(x) && !(Number.isInteger(x) && x >= 0)) return false;
  return true;
}

/** Regions as rectangles: the most common class as the background, then merged runs of the others. */
function regions(frame: Frame, cells: Float64Array, nx: number, ny: number, color: (v: number) => string): string {
  const counts = new Map<number, number>();
  for (const v of cells) counts.set(v, (counts.get(v) ?? 0) + 1);
  const background = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];

  interface Run { c0: number; c1: number; r0: number; rows: number; v: number }
  const rects: Run[] = [];
  let open = new Map<string, Run>();
  for (let r = 0; r < ny; r++) {
    const next = new Map<string, Run>();
    for (let c0 = 0; c0 < nx;) {
      const v = cells[r * nx + c0]!;
      let c1 = c0 + 1;
      while (c1 < nx && cells[r * nx + c1] === v) c1++;
      if (v !== background) {
        const key = `${c0},${c1},${v}`;
        let run = open.get(key);
        if (run === undefined) {
          run = { c0, c1, r0: r, rows: 0, v };
          rects.push(run);
        }
        run.rows++;
        next.set(key, run);
      }
      c0 = c1;
    }
    open = next;
  }

  // Edges are rounded once and sizes taken between rounded edges, so neighbours meet without seams.
  const xEdge = (c: number): number => Math.round((frame.left + (c * frame.width) / nx) * 10) / 10;
  const yEdge = (r: number): number => Math.round((frame.top + (r * frame.height) / ny) * 10) / 10;
  const byColor = new Map<string, string>();
  for (const { c0, c1, r0, rows, v } of rects) {
    const fill = color(v);
    const rect = `<rect x="${xEdge(c0)}" y="${yEdge(r0)}" width="${px(xEdge(c1) - xEdge(c0))}" height="${px(yEdge(r0 + rows) - yEdge(r0))}"/>`;
    byColor.set(fill, (byColor.get(fill) ?? '') + rect);
  }
  const groups = [...byColor].map(([fill, rs]) => `<g fill="${escapeXml(fill)}">${rs}</g>`).join('\n');
  return (
    `<g class="regions" shape-rendering="crispEdges">\n` +
    `<rect x="${px(frame.left)}" y="${px(frame.top)}" width="${px(frame.width)}" height="${px(frame.height)}" fill="${color(background)}"/>\n` +
    `${groups}\n</g>`
  );
}

/** Nice level edges spanning the predicted and true values, and the bin of a value. */
function valueLevels(predicted: Float64Array, y: Float64Array): { edges: number[]; count: number; index: (v: number) => number; fraction: (v: number) => number } {
  let lo = Infinity, hi = -Infinity;
  for (const arr of [predicted, y]) for (const v of arr) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(hi > lo)) { lo = Number.isFinite(lo) ? lo - 0.5 : 0; hi = lo + 1; }
  const inner = niceTicks(lo, hi, 8);
  const step = inner.length > 1 ? inner[1]! - inner[0]! : hi - lo;
  const edges = [...inner];
  if (edges[0]! > lo) edges.unshift(Number((edges[0]! - step).toPrecision(12)));
  if (edges[edges.length - 1]! < hi) edges.push(Number((edges[edges.length - 1]! + step).toPrecision(12)));
  const first = edges[0]!, last = edges[edges.length - 1]!;
  const count = edges.length - 1;
  return {
    edges,
    count,
    index: (v) => Math.min(count - 1, Math.max(0, Math.floor(((v - first) / (last - first)) * count))),
    fraction: (v) => Math.min(1, Math.max(0, (v - first) / (last - first))),
  };
}

/** matplotlib's viridis at eight stops, linearly interpolated; t in [0, 1]. */
const VIRIDIS = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725'];
function viridis(t: number): string {
  const s = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(s));
  const a = parseInt(VIRIDIS[i]!.slice(1), 16), b = parseInt(VIRIDIS[i + 1]!.slice(1), 16);
  let out = '#';
  for (const shift of [16, 8, 0]) {
    const ca = (a >> shift) & 255, cb = (b >> shift) & 255;
    out += Math.round(ca + (cb - ca) * (s - i)).toString(16).padStart(2, '0');
  }
  return out;
}

/** A vertical colour bar right of the frame, one block per level, labelled at the level edges. */
function colorBar(frame: Frame, edges: number[]): string {
  const x = frame.left + frame.width + 16;
  const count = edges.length - 1;
  const h = frame.height / count;
  const labels = formatTicks(edges, false);
  let out = '<g font-size="12" shape-rendering="crispEdges">';
  for (let k = 0; k < count; k++) {
    out += `<rect x="${px(x)}" y="${px(frame.top + frame.height - (k + 1) * h)}" width="14" height="${px(h)}" fill="${lighten(viridis((k + 0.5) / count), REGION_LIGHTEN)}"/>`;
  }
  out += `<rect x="${px(x)}" y="${px(frame.top)}" width="14" height="${px(frame.height)}" fill="none" stroke="#000000"/>`;
  edges.forEach((_, k) => {
    out += `<text x="${px(x + 19)}" y="${px(frame.top + frame.height - k * h)}" dy="0.35em">${escapeXml(labels[k]!)}</text>`;
  });
  return out + '</g>';
}
