/**
 * Number formatting for the explanations: numbers read the way the book prints them (6, -3, 0.001,
 * 5.985), not as floating-point noise (5.985000000000001, or float32's 20.100000381469727).
 */

/** Significant digits kept: float32 holds about 7, so more would print its rounding noise. */
const DIGITS = 7;

/** `x` rounded to 7 significant digits (integers and non-finite values unchanged; -0 becomes 0). */
export function roundSignificant(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Number.isInteger(x) ? x : Number(x.toPrecision(DIGITS));
  return r === 0 ? 0 : r;
}

/**
 * The shortest text for `x` at 7 significant digits, as Python prints a float: `6`, `-3`, `0.001`,
 * `5.985`, and in exponent form below 1e-4 or from 1e16 on (`2.457655e-05`).
 */
export function formatNumber(x: number): string {
  const r = roundSignificant(x);
  const size = Math.abs(r);
  if (size === 0 || !Number.isFinite(r) || (size >= 1e-4 && size < 1e16)) return String(r);
  return r.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A negative number in parentheses, so `1·(-3)` and `6 + (-3)` read unambiguously. */
export function formatOperand(x: number): string {
  const s = formatNumber(x);
  return s.startsWith('-') ? `(${s})` : s;
}

/** `[1, -2, 3]`, like a Python list. */
export function formatList(xs: ArrayLike<number>): string {
  return `[${Array.from(xs, formatNumber).join(', ')}]`;
}

/**
 * A matrix NumPy-style, with the decimal points of each column lined up:
 *   [[ 0.5  0.5]
 *    [20.1 20.1]]
 * Every line after the first is prefixed by `indent`.
 */
export function formatMatrix(rows: readonly ArrayLike<number>[], indent = ''): string {
  if (rows.length === 0) return '[]';
  const cells = rows.map((row) => Array.from(row, formatNumber));
  const split = (c: string): [string, string] => {
    const dot = c.indexOf('.');
    return dot < 0 ? [c, ''] : [c.slice(0, dot), c.slice(dot)];
  };
  const all = cells.flat().map(split);
  const intWidth = Math.max(0, ...all.map(([int]) => int.length));
  const fracWidth = Math.max(0, ...all.map(([, frac]) => frac.length));
  const pad = (c: string): string => {
    const [int, frac] = split(c);
    return int.padStart(intWidth) + frac.padEnd(fracWidth);
  };
  const lines = cells.map((row, i) => `${i === 0 ? '[' : `${indent} `}[${row.map(pad).join(' ')}]`);
  return `${lines.join('\n')}]`;
}
