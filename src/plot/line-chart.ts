/**
 * Line charts as SVG strings: loss and accuracy curves over epochs or steps, for training and
 * validation. Looks like matplotlib's defaults: a black frame with outward ticks at nice values,
 * light gridlines, the tab10 colours, a legend in the emptiest corner.
 *
 * Long series (per-step losses of a long run) are reduced to at most MAX_POINTS points per series
 * by keeping the minimum and the maximum of each bucket of consecutive points, so spikes stay
 * visible while the file stays small. Points that are NaN or infinite (or ≤ 0 on a log axis) are
 * skipped and break the line there, like matplotlib does.
 *
 * @example
 * const svg = lineChartSvg({
 *   title: 'Loss', xLabel: 'epoch', yLabel: 'loss',
 *   series: [{ name: 'training', y: [1.1, 0.7, 0.5] }, { name: 'validation', y: [1.2, 0.9, 0.8] }],
 * });
 */
import { ShapeError } from '../errors.js';
import {
  type Axis, type Frame, type LegendEntry, axesDecorations, bestLegendCorner, checkSize, escapeXml, frameFor,
  gridLines, legend, legendSize, makeAxis, paletteColor, px, svgOpen, xPixel, yPixel,
} from './svg.js';

/** Points kept per series at most, after min/max downsampling. */
export const MAX_POINTS = 2000;

export interface LineSeries {
  name: string;
  /** x values; 0, 1, 2, … when omitted. Expected in increasing order. */
  x?: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Any SVG colour; the palette's next colour when omitted. */
  color?: string;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  series: LineSeries[];
  width?: number;
  height?: number;
  /** A logarithmic y axis (for losses spanning decades). */
  logY?: boolean;
}

export function lineChartSvg({ title, xLabel, yLabel, series, width = 720, height = 420, logY = false }: LineChartOptions): string {
  const who = 'lineChartSvg';
  checkSize(who, width, height);
  if (!Array.isArray(series)) throw new TypeError(`${who}: series must be an array of { name, y }, got ${typeof series}`);
  if (series.length === 0) throw new RangeError(`${who}: series is empty; give at least one { name, y }`);

  const reduced = series.map((s, i) => {
    if (s === null || typeof s !== 'object' || s.y === undefined || typeof s.y.length !== 'number') {
      throw new TypeError(`${who}: series[${i}].y must be an array of numbers, got ${s === null || typeof s !== 'object' ? s : typeof s.y}`);
    }
    if (s.y.length === 0) throw new RangeError(`${who}: series[${i}] ("${s.name}") has no points`);
    if (s.x !== undefined && s.x.length !== s.y.length) {
      throw new ShapeError(`${who}: series[${i}] ("${s.name}") has ${s.x.length} x values and ${s.y.length} y values`);
    }
    return downsample(s.x, s.y, logY);
  });

  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (const pts of reduced) {
    for (let i = 0; i < pts.length; i += 2) {
      if (Number.isNaN(pts[i])) continue;
      xMin = Math.min(xMin, pts[i]!);
      xMax = Math.max(xMax, pts[i]!);
      yMin = Math.min(yMin, pts[i + 1]!);
      yMax = Math.max(yMax, pts[i + 1]!);
    }
  }
  // Nothing finite to draw (say, a run that diverged at once): empty axes, as matplotlib shows.
  if (xMin > xMax) [xMin, xMax, yMin, yMax] = [0, 1, logY ? 0.1 : 0, 1];
  const integerX = series.every((s) => s.x === undefined || Array.prototype.every.call(s.x, (v: number) => !Number.isFinite(v) || Number.isInteger(v)));

  const text = { title, xLabel, yLabel };
  // The plot's height does not depend on the y tick labels, its width does: y axis first.
  const plotHeight = frameFor(width, height, [], text).height;
  const yAxis = makeAxis(yMin, yMax, { log: logY, maxTicks: Math.max(3, Math.floor(plotHeight / 45)) });
  const frame = frameFor(width, height, yAxis.labels, text);
  const xAxis = makeAxis(xMin, xMax, { integer: integerX, maxTicks: Math.max(2, Math.floor(frame.width / 75)) });

  const parts: string[] = [svgOpen(width, height), gridLines(frame, xAxis, yAxis)];
  const pixels: number[] = [];
  const entries: LegendEntry[] = [];
  parts.push(`<g fill="none" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round">`);
  reduced.forEach((pts, i) => {
    const color = series[i]!.color ?? paletteColor(i);
    parts.push(seriesPath(pts, frame, xAxis, yAxis, color, pixels));
    entries.push({ label: series[i]!.name, color, marker: 'line' });
  });
  parts.push('</g>');
  parts.push(axesDecorations(frame, xAxis, yAxis, text));
  const named = entries.filter((e) => e.label !== '');
  if (named.length > 0) parts.push(legend(named, bestLegendCorner(frame, legendSize(named), pixels)));
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/**
 * (x, y) pairs, interleaved, of the points to draw; a NaN pair marks a gap. Series longer than
 * MAX_POINTS are cut into MAX_POINTS / 2 buckets of consecutive points, each kept as its minimum
 * and maximum (in their original order).
 */
export function downsample(x: ArrayLike<number> | undefined, y: ArrayLike<number>, logY: boolean): number[] {
  const n = y.length;
  const size = n <= MAX_POINTS ? 1 : Math.ceil(n / (MAX_POINTS / 2));
  const out: number[] = [];
  const xAt = (i: number): number => (x === undefined ? i : x[i]!);
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = -1, hi = -1;
    for (let i = start; i < end; i++) {
      const v = y[i]!;
      if (!Number.isFinite(v) || !Number.isFinite(xAt(i)) || (logY && v <= 0)) continue;
      if (lo < 0 || v < y[lo]!) lo = i;
      if (hi < 0 || v > y[hi]!) hi = i;
    }
    if (lo < 0) {
      if (out.length > 0 && !Number.isNaN(out[out.length - 1])) out.push(NaN, NaN);
      continue;
    }
    const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
    out.push(xAt(a), y[a]!);
    if (b !== a) out.push(xAt(b), y[b]!);
  }
  return out;
}

/** One series as a path; runs of a single point (between gaps) become dots so they stay visible. */
function seriesPath(pts: number[], frame: Frame, xAxis: Axis, yAxis: Axis, color: string, pixels: number[]): string {
  let d = '';
  let dots = '';
  let run: string[] = [];
  const flush = (): void => {
    if (run.length === 1) {
      const [cx, cy] = run[0]!.split(' ');
      dots += `<circle cx="${cx}" cy="${cy}" r="2.5"/>`;
    } else if (run.length > 1) {
      d += `M${run[0]}L${run.slice(1).join(' ')}`;
    }
    run = [];
  };
  for (let i = 0; i < pts.length; i += 2) {
    if (Number.isNaN(pts[i])) {
      flush();
      continue;
    }
    const x = xPixel(frame, xAxis, pts[i]!);
    const y = yPixel(frame, yAxis, pts[i + 1]!);
    pixels.push(x, y);
    run.push(`${px(x)} ${px(y)}`);
  }
  flush();
  const c = escapeXml(color);
  return (d ? `<path d="${d}" stroke="${c}"/>` : '') + (dots ? `<g fill="${c}" stroke="none">${dots}</g>` : '');
}
