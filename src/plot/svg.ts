/**
 * Shared pieces of the SVG plots: text escaping, the colour palette, "nice" axis ticks
 * (steps of 1, 2 or 5 times a power of ten, as in matplotlib), axes with tick labels and
 * gridlines, and a legend. Everything returns strings; nothing here touches the DOM or node:*,
 * so plots can be made in a browser as well as in Node.
 *
 * Coordinates: a plot area `Frame` in pixels (y grows downwards, as in SVG); an `Axis` maps data
 * values in [lo, hi] (log10 of them when `log`) onto the frame's width or height.
 */

/** matplotlib's default colour cycle ("tab10"). */
export const PALETTE: readonly string[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

export const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const TICK_FONT = 12;
const LABEL_FONT = 13;
const TITLE_FONT = 15;
const TICK_LENGTH = 5;

/** The palette colour of series or class `i` (the palette repeats after 10). */
export function paletteColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** Escapes text for use in SVG text content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);
}

/** A `#rrggbb` colour moved towards white: `amount` 0 keeps it, 1 gives white. */
export function lighten(hex: string, amount: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (m === null) throw new TypeError(`lighten expects a #rrggbb colour, got ${hex}`);
  const rgb = parseInt(m[1]!, 16);
  let out = '#';
  for (const shift of [16, 8, 0]) {
    const c = (rgb >> shift) & 255;
    out += Math.round(c + (255 - c) * amount).toString(16).padStart(2, '0');
  }
  return out;
}

/** A pixel coordinate with at most one decimal, which keeps files small and renders identically. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Rough rendered width of `text` in pixels (DejaVu Sans averages about 0.6 em per character). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/** The smallest step of 1, 2 or 5 × 10^k that is at least `rough`. */
export function niceStep(rough: number): number {
  const e = Math.floor(Math.log10(rough));
  const mag = e >= 0 ? 10 ** e : 1 / 10 ** -e; // 1 / 10^5 is exactly 1e-5; 10^-5 is not
  for (const m of [1, 2, 5]) if (m * mag >= rough * (1 - 1e-9)) return m * mag;
  return 10 * mag;
}

/**
 * Multiples of a nice step inside [lo, hi]: the smallest step giving at most `maxTicks` intervals
 * over the range. With `integer`, the step is at least 1 (for epochs and class indices).
 */
export function niceTicks(lo: number, hi: number, maxTicks: number, integer = false): number[] {
  if (!(hi > lo)) return [lo];
  let step = niceStep((hi - lo) / Math.max(1, maxTicks));
  if (integer) step = Math.max(1, step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
    // Rounding to the step's decimals removes float noise such as 0.30000000000000004.
    ticks.push(Number((i * step).toFixed(Math.min(decimals, 20))) || 0);
  }
  // Rounding can carry a tick just past an end of a tiny range: keep only those inside it.
  const slack = (hi - lo) * 1e-9;
  const inside = ticks.filter((t) => t >= lo - slack && t <= hi + slack);
  return inside.length > 0 ? inside : [lo];
}

/** Ticks for a log axis over [lo, hi] (both > 0): powers of ten, adding 2× and 5× when the range is short. */
export function logTicks(lo: number, hi: number, maxTicks: number): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const inRange = (mults: number[]): number[] => {
    const out: number[] = [];
    for (let e = first; e <= last; e++) {
      for (const m of mults) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  let ticks = inRange([1]);
  // Over many decades, keep every k-th power so labels do not collide.
  if (ticks.length > maxTicks) {
    const k = Math.ceil(ticks.length / maxTicks);
    ticks = ticks.filter((v) => Math.round(Math.log10(v)) % k === 0);
  }
  if (ticks.length < 3) ticks = inRange([1, 2, 5]);
  if (ticks.length < 3) ticks = niceTicks(lo, hi, maxTicks).filter((v) => v > 0);
  return ticks;
}

/** Tick labels sharing one format: as many decimals as the step needs; powers of ten as 1e-5 when tiny or huge. */
export function formatTicks(ticks: number[], log: boolean): string[] {
  const minus = (s: string): string => s.replace('-', '\u2212');
  const big = Math.max(...ticks.map(Math.abs));
  if (log) {
    return ticks.map((v) => {
      const e = Math.log10(v);
      if (Number.isInteger(Number(e.toFixed(9))) && (e < -4 || e > 5)) return minus(`1e${Math.round(e)}`);
      return minus(String(Number(v.toPrecision(6))));
    });
  }
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : Math.abs(ticks[0]!) || 1;
  if (big >= 1e6 || step < 1e-4) {
    const digits = Math.max(0, Math.floor(Math.log10(big || 1)) - Math.floor(Math.log10(step)));
    return ticks.map((v) => minus(v === 0 ? '0' : v.toExponential(Math.min(digits, 20)).replace('e+', 'e')));
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return ticks.map((v) => minus((Math.abs(v) < step * 1e-9 ? 0 : v).toFixed(decimals)));
}

/** A data range mapped onto pixels, with its ticks and their labels. */
export interface Axis {
  lo: number;
  hi: number;
  log: boolean;
  ticks: number[];
  labels: string[];
}

export interface AxisOptions {
  log?: boolean;
  /** Extra room on each side, as a fraction of the range (matplotlib's default margin is 0.05). */
  margin?: number;
  /** Ticks only at integers (epochs, steps). */
  integer?: boolean;
  maxTicks: number;
}

/**
 * An axis showing [min, max] with margins. A range of zero width (a constant series, one point)
 * is widened around the value so that nothing divides by zero.
 */
export function makeAxis(min: number, max: number, { log = false, margin = 0.05, integer = false, maxTicks }: AxisOptions): Axis {
  let a = log ? Math.log10(min) : min;
  let b = log ? Math.log10(max) : max;
  if (b - a <= Math.abs(a) * 1e-9) {
    const d = log ? 0.5 : a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= d;
    b += d;
  } else {
    const pad = (b - a) * margin;
    a -= pad;
    b += pad;
  }
  const lo = log ? 10 ** a : a;
  const hi = log ? 10 ** b : b;
  const ticks = log ? logTicks(lo, hi, maxTicks) : niceTicks(lo, hi, maxTicks, integer);
  return { lo, hi, log, ticks, labels: formatTicks(ticks, log) };
}

/** The plot area in pixels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Horizontal pixel of data value `v`. */
export function xPixel(frame: Frame, axis: Axis, v: number): number {
  return frame.left + fraction(axis, v) * frame.width;
}

/** Vertical pixel of data value `v` (larger values are higher up). */
export function yPixel(frame: Frame, axis: Axis, v: number): number {
  return frame.top + (1 - fraction(axis, v)) * frame.height;
}

function fraction(axis: Axis, v: number): number {
  if (axis.log) return (Math.log10(v) - Math.log10(axis.lo)) / (Math.log10(axis.hi) - Math.log10(axis.lo));
  return (v - axis.lo) / (axis.hi - axis.lo);
}

/** Space around the plot area for tick labels, axis labels and the title. */
export function frameFor(width: number, height: number, yTickLabels: string[], text: { title?: string; xLabel?: string; yLabel?: string }): Frame {
  const tickLabelWidth = Math.max(0, ...yTickLabels.map((l) => textWidth(l, TICK_FONT)));
  const left = 12 + (text.yLabel ? LABEL_FONT + 8 : 0) + tickLabelWidth + TICK_LENGTH + 4;
  const top = text.title ? TITLE_FONT + 22 : 14;
  const bottom = TICK_LENGTH + TICK_FONT + 10 + (text.xLabel ? LABEL_FONT + 8 : 0);
  const right = 24;
  return { left, top, width: Math.max(1, width - left - right), height: Math.max(1, height - top - bottom) };
}

/** The opening of an SVG document with a white background; close it with `</svg>`. */
export function svgOpen(width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT_FAMILY}">\n<rect width="${width}" height="${height}" fill="#ffffff"/>`
  );
}

/** Gridlines behind the data (draw first). */
export function gridLines(frame: Frame, xAxis: Axis, yAxis: Axis): string {
  let d = '';
  for (const t of xAxis.ticks) d += `M${px(xPixel(frame, xAxis, t))} ${px(frame.top)}V${px(frame.top + frame.height)}`;
  for (const t of yAxis.ticks) d += `M${px(frame.left)} ${px(yPixel(frame, yAxis, t))}H${px(frame.left + frame.width)}`;
  return `<path d="${d}" stroke="#dddddd" stroke-width="0.8" fill="none"/>`;
}

/** The frame, outward ticks, tick labels, axis labels and title (draw after the data). */
export function axesDecorations(frame: Frame, xAxis: Axis, yAxis: Axis, text: { title?: string; xLabel?: string; yLabel?: string }): string {
  const { left, top, width, height } = frame;
  const bottom = top + height;
  const out: string[] = [];
  let ticks = '';
  const xLabels: string[] = [];
  xAxis.ticks.forEach((t, i) => {
    const x = px(xPixel(frame, xAxis, t));
    ticks += `M${x} ${px(bottom)}v${TICK_LENGTH}`;
    xLabels.push(`<text x="${x}" y="${px(bottom + TICK_LENGTH + TICK_FONT + 2)}">${escapeXml(xAxis.labels[i]!)}</text>`);
  });
  const yLabels: string[] = [];
  yAxis.ticks.forEach((t, i) => {
    const y = px(yPixel(frame, yAxis, t));
    ticks += `M${px(left)} ${y}h${-TICK_LENGTH}`;
    yLabels.push(`<text x="${px(left - TICK_LENGTH - 3)}" y="${y}" dy="0.35em">${escapeXml(yAxis.labels[i]!)}</text>`);
  });
  out.push(`<rect x="${px(left)}" y="${px(top)}" width="${px(width)}" height="${px(height)}" fill="none" stroke="#000000" stroke-width="1"/>`);
  out.push(`<path d="${ticks}" stroke="#000000" stroke-width="1"/>`);
  out.push(`<g font-size="${TICK_FONT}" fill="#000000" text-anchor="middle">${xLabels.join('')}</g>`);
  out.push(`<g font-size="${TICK_FONT}" fill="#000000" text-anchor="end">${yLabels.join('')}</g>`);
  if (text.xLabel) {
    const y = bottom + TICK_LENGTH + TICK_FONT + 8 + LABEL_FONT;
    out.push(`<text x="${px(left + width / 2)}" y="${px(y)}" font-size="${LABEL_FONT}" text-anchor="middle">${escapeXml(text.xLabel)}</text>`);
  }
  if (text.yLabel) {
    const x = 12 + LABEL_FONT * 0.8;
    const y = top + height / 2;
    out.push(`<text x="${px(x)}" y="${px(y)}" font-size="${LABEL_FONT}" text-anchor="middle" transform="rotate(-90 ${px(x)} ${px(y)})">${escapeXml(text.yLabel)}</text>`);
  }
  if (text.title) {
    out.push(`<text x="${px(left + width / 2)}" y="${px(top - 12)}" font-size="${TITLE_FONT}" text-anchor="middle">${escapeXml(text.title)}</text>`);
  }
  return out.join('\n');
}

/** One legend row: a line sample (series) or a dot (class). */
export interface LegendEntry {
  label: string;
  color: string;
  marker: 'line' | 'dot';
}

const LEGEND_FONT = 12;
const LEGEND_ROW = 18;

/** The legend's box size in pixels. */
export function legendSize(entries: LegendEntry[]): { width: number; height: number } {
  const text = Math.max(...entries.map((e) => textWidth(e.label, LEGEND_FONT)));
  return { width: 10 + 24 + 6 + text + 10, height: 8 + entries.length * LEGEND_ROW };
}

/**
 * The legend's top-left corner in the corner of the frame that covers the fewest of `points`
 * (pixel coordinates, x then y interleaved), like matplotlib's loc="best".
 */
export function bestLegendCorner(frame: Frame, size: { width: number; height: number }, points: number[]): { x: number; y: number } {
  const pad = 8;
  const xs = [frame.left + frame.width - pad - size.width, frame.left + pad];
  const ys = [frame.top + pad, frame.top + frame.height - pad - size.height];
  // matplotlib's order of preference: upper right, upper left, lower left, lower right.
  const corners = [
    { x: xs[0]!, y: ys[0]! }, { x: xs[1]!, y: ys[0]! }, { x: xs[1]!, y: ys[1]! }, { x: xs[0]!, y: ys[1]! },
  ];
  let best = corners[0]!;
  let fewest = Infinity;
  for (const c of corners) {
    let covered = 0;
    for (let i = 0; i < points.length; i += 2) {
      const x = points[i]!;
      const y = points[i + 1]!;
      if (x >= c.x && x <= c.x + size.width && y >= c.y && y <= c.y + size.height) covered++;
    }
    if (covered < fewest) {
      fewest = covered;
      best = c;
    }
  }
  return best;
}

/** A legend box at (x, y): white, slightly transparent, with a light rounded border. */
export function legend(entries: LegendEntry[], at: { x: number; y: number }): string {
  const size = legendSize(entries);
  const rows = entries.map((e, i) => {
    const cy = at.y + 4 + LEGEND_ROW * (i + 0.5);
    const sample = e.marker === 'line'
      ? `<path d="M${px(at.x + 10)} ${px(cy)}h24" stroke="${escapeXml(e.color)}" stroke-width="2"/>`
      : `<circle cx="${px(at.x + 22)}" cy="${px(cy)}" r="4" fill="${escapeXml(e.color)}" stroke="#222222" stroke-width="0.6"/>`;
    return `${sample}<text x="${px(at.x + 40)}" y="${px(cy)}" dy="0.35em">${escapeXml(e.label)}</text>`;
  });
  return (
    `<g font-size="${LEGEND_FONT}"><rect x="${px(at.x)}" y="${px(at.y)}" width="${px(size.width)}" height="${px(size.height)}" ` +
    `rx="3" fill="#ffffff" fill-opacity="0.8" stroke="#cccccc"/>${rows.join('')}</g>`
  );
}

/** Throws a RangeError unless a plot's width and height are usable. */
export function checkSize(who: string, width: number, height: number): void {
  if (!Number.isFinite(width) || width < 120) throw new RangeError(`${who}: width must be a number ≥ 120, got ${width}`);
  if (!Number.isFinite(height) || height < 100) throw new RangeError(`${who}: height must be a number ≥ 100, got ${height}`);
}
