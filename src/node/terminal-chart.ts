/**
 * A small line chart for the terminal, drawn with Unicode braille characters: each character is a
 * 2×4 grid of dots, so a chart `height` rows tall and `w` characters wide has 2w × 4·height dots.
 * The y axis is labelled with the top and bottom values, the x axis with the first and last x.
 *
 *      loss
 *  1.10 ┤⠑⠢⣀
 *       │   ⠈⠉⠒⠒⠤⠤⣀⣀⣀
 *  0.10 ┤            ⠉⠉⠉⠉⠉⠒⠒⠒⠒
 *       └────────────────────────
 *        1                    100
 *
 * More values than dot columns are averaged per column (a readable trend of a noisy per-step
 * loss); fewer are spread over the width and joined by straight lines. NaN and infinite values
 * (and values ≤ 0 on a log axis) are skipped and break the line.
 */
import { formatValue } from './progress.js';

export interface TerminalChartOptions {
  /** Width of every line of the chart in characters, labels included (default 60). */
  width?: number;
  /** Rows of the plot, without the title and the x axis (default 12). */
  height?: number;
  title?: string;
  /** A logarithmic y axis. */
  logY?: boolean;
  /** The x values of the first and the last point, for the labels (default [0, n − 1]). */
  xRange?: [number, number];
}

/** Bit of the braille dot at (column dx, row dy) of a character cell (U+2800 + bits). */
const DOT_BITS = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

export function terminalChart(values: ArrayLike<number>, { width = 60, height = 12, title, logY = false, xRange }: TerminalChartOptions = {}): string {
  const who = 'terminalChart';
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`${who}: values must be an array of numbers, got ${values === null ? 'null' : typeof values}`);
  }
  const n = values.length;
  if (n === 0) throw new RangeError(`${who}: values is empty`);
  if (!Number.isInteger(height) || height < 2) throw new RangeError(`${who}: height must be an integer ≥ 2, got ${height}`);

  // Dot columns and the value drawn in each (NaN: nothing), in log10 when logY.
  const points = (cols: number): { x: number[]; v: number[] } => {
    const map = (u: number): number => (!Number.isFinite(u) || (logY && u <= 0) ? NaN : logY ? Math.log10(u) : u);
    const x: number[] = [];
    const v: number[] = [];
    if (n <= cols) {
      for (let i = 0; i < n; i++) {
        x.push(n === 1 ? 0 : Math.round((i * (cols - 1)) / (n - 1)));
        v.push(map(values[i]!));
      }
    } else {
      for (let c = 0; c < cols; c++) {
        let sum = 0, count = 0;
        for (let i = Math.floor((c * n) / cols); i < Math.floor(((c + 1) * n) / cols); i++) {
          const u = map(values[i]!);
          if (!Number.isNaN(u)) { sum += u; count++; }
        }
        x.push(c);
        v.push(count > 0 ? sum / count : NaN);
      }
    }
    return { x, v };
  };

  const range = (v: number[]): [number, number] => {
    let lo = Infinity, hi = -Infinity;
    for (const u of v) if (!Number.isNaN(u)) { lo = Math.min(lo, u); hi = Math.max(hi, u); }
    if (lo > hi) return [0, 1];
    if (hi - lo <= Math.abs(lo) * 1e-9) {
      const d = logY ? 0.5 : lo === 0 ? 1 : Math.abs(lo) * 0.1;
      return [lo - d, hi + d];
    }
    return [lo, hi];
  };
  const label = (u: number): string => formatValue(logY ? 10 ** u : u);
  if (!Number.isInteger(width)) throw new RangeError(`${who}: width must be an integer, got ${width}`);
  // The plot's width depends on the labels' width, which depends on the range drawn (averaging
  // over fewer columns changes it): move the gutter to the labels' width until it holds still.
  // Shrinking only ever goes to a width not tried before, so this ends; if it would shrink back to
  // one already tried, the current (wider) gutter fits the labels and is kept.
  let gutter = 1, plotWidth: number, x: number[], v: number[], lo: number, hi: number;
  const tried = new Set<number>();
  for (;;) {
    plotWidth = width - gutter - 2;
    if (plotWidth < 2) throw new RangeError(`${who}: width ${width} leaves no room for the plot next to ${gutter}-character labels`);
    ({ x, v } = points(2 * plotWidth));
    [lo, hi] = range(v);
    const need = Math.max(label(lo).length, label(hi).length);
    if (need === gutter || (need < gutter && tried.has(need))) break;
    tried.add(gutter);
    gutter = need;
  }
  const cols = 2 * plotWidth;
  const rows = 4 * height;

  const dots = new Uint8Array(cols * rows);
  const yDot = (u: number): number => Math.round(((hi - u) / (hi - lo)) * (rows - 1));
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(v[i])) continue;
    const prev = i > 0 && !Number.isNaN(v[i - 1]) ? i - 1 : -1;
    if (prev < 0) dots[yDot(v[i]!) * cols + x[i]!] = 1;
    else line(dots, cols, x[prev]!, yDot(v[prev]!), x[i]!, yDot(v[i]!));
  }

  const out: string[] = [];
  const pad = ' '.repeat(gutter);
  if (title) out.push(' '.repeat(gutter + 2 + Math.max(0, Math.floor((plotWidth - title.length) / 2))) + title);
  for (let r = 0; r < height; r++) {
    let text = '';
    for (let c = 0; c < plotWidth; c++) {
      let bits = 0;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 2; dx++) if (dots[(4 * r + dy) * cols + 2 * c + dx]) bits |= DOT_BITS[dy]![dx]!;
      text += bits === 0 ? ' ' : String.fromCharCode(0x2800 + bits);
    }
    const axis = r === 0 ? `${label(hi).padStart(gutter)} ┤` : r === height - 1 ? `${label(lo).padStart(gutter)} ┤` : `${pad} │`;
    out.push(axis + text);
  }
  out.push(`${pad} └${'─'.repeat(plotWidth)}`);
  const [first, last] = xRange ?? [0, n - 1];
  const xl = formatX(first);
  const xr = formatX(last);
  out.push(n === 1 ? `${pad}  ${xl}` : `${pad}  ${xl}${xr.padStart(Math.max(1, plotWidth - xl.length))}`);
  return out.map((l) => l.trimEnd().slice(0, width)).join('\n');
}

function formatX(x: number): string {
  return Number.isInteger(x) ? String(x) : formatValue(x);
}

/** Bresenham's line between two dots, both ends included. */
function line(dots: Uint8Array, cols: number, x0: number, y0: number, x1: number, y1: number): void {
  const dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    dots[y0 * cols + x0] = 1;
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) { err += dy; x0 += sx; }
    if (e2 <= dx) { err += dx; y0 += sy; }
  }
}
