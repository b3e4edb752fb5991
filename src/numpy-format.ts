/**
 * Numbers printed the way the book's Python and NumPy print them, so a line of ours can be compared
 * with the book's character for character:
 * - `pyFloat(x)`: Python's `str(float)` (`1.0`, `0.05`, `1e-05`), where JS would print `1`, `0.00001`.
 * - `pyFloat32(x)`: NumPy's `str(np.float32)`, the shortest digits that read back to the same float32.
 * - `bookProgress(...)`: the book's progress text, `acc: 0.360, loss: 1.099 (data_loss: …, reg_loss: …), lr: 0.05`.
 * - `formatArray(m)`: NumPy's default `print(array)` of a float32 matrix (shortest digits, aligned columns,
 *   scientific notation when the magnitudes are tiny or spread over more than 3 decades).
 */
import type { Matrix } from './matrix.js';

/** Python's repr of a float64: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return pythonStyle(x.toExponential());
}

/** NumPy's str of a float32 scalar: the shortest digits that round to the same float32. */
export function pyFloat32(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return pythonStyle(shortestFloat32(x));
}

/** NumPy's default print of a float32 matrix (`[[a b]\n [c d]]`). */
export function formatArray(m: Matrix): string {
  const values = Array.from(m.data);
  const nonZero = values.filter((v) => v !== 0 && Number.isFinite(v)).map(Math.abs);
  const max = Math.max(...nonZero);
  const min = Math.min(...nonZero);
  const scientific = nonZero.length > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
  const cells = scientific ? scientificCells(values) : positionalCells(values);
  const rows: string[] = [];
  for (let i = 0; i < m.rows; i++) rows.push(`[${cells.slice(i * m.cols, (i + 1) * m.cols).join(' ')}]`);
  return `[${rows.join('\n ')}]`;
}

/** Shortest float32 digits in exponential form (`d.ddde±x`), as `Number.toExponential` gives for doubles. */
function shortestFloat32(x: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const s = x.toExponential(digits - 1);
    if (Math.fround(Number(s)) === x) return s;
  }
  return x.toExponential(8);
}

/** Positional for exponents −4 … 15 (with `.0` on whole numbers), else `d.ddde-05` as Python writes it. */
function pythonStyle(exponential: string): string {
  const [mantissa, e] = exponential.split('e') as [string, string];
  const exponent = Number(e);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  const positional = positionalFrom(mantissa, exponent);
  return positional.includes('.') ? positional : `${positional}.0`;
}

/** Moves the decimal point of a mantissa (`-1.2345`) by an exponent. */
function positionalFrom(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  else if (digits.length > exponent + 1) text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  else text = digits + '0'.repeat(exponent + 1 - digits.length);
  return (negative ? '-' : '') + text;
}

/** NumPy's positional cells: at most 8 decimals, integer parts padded left, decimals padded right with spaces. */
function positionalCells(values: number[]): string[] {
  const parts = values.map((v) => {
    let s = positionalFrom(...splitExponential(shortestFloat32(v)));
    if ((s.split('.')[1] ?? '').length > 8) s = v.toFixed(8).replace(/0+$/, '');
    const [int, frac = ''] = s.split('.') as [string, string?];
    return { int, frac };
  });
  const left = Math.max(...parts.map((p) => p.int.length));
  const right = Math.max(...parts.map((p) => p.frac.length));
  return parts.map((p) => `${p.int.padStart(left)}.${p.frac.padEnd(right)}`);
}

/** NumPy's scientific cells: every mantissa with as many decimals as the longest (at most 8), exponents two digits or more. */
function scientificCells(values: number[]): string[] {
  const shortest = values.map((v) => {
    const [mantissa] = shortestFloat32(v).split('e') as [string];
    return Math.min(8, (mantissa.split('.')[1] ?? '').length);
  });
  const decimals = Math.max(...shortest);
  const parts = values.map((v) => {
    const [digits, e] = v.toExponential(decimals).split('e') as [string, string];
    const exponent = Number(e);
    return { mantissa: decimals === 0 ? `${digits}.` : digits, exponent: `e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}` };
  });
  const left = Math.max(...parts.map((p) => p.mantissa.split('.')[0]!.length));
  return parts.map((p) => `${p.mantissa.padStart(left + 1 + decimals)}${p.exponent}`);
}

function splitExponential(s: string): [string, number] {
  const [mantissa, e] = s.split('e') as [string, string];
  return [mantissa, Number(e)];
}

/**
 * The book's progress text: accuracy and losses to 3 decimals, the learning rate as Python prints it;
 * the data and regularisation parts only when given (chapter 14 on).
 */
export function bookProgress({ accuracy, loss, dataLoss, regularizationLoss, learningRate }: {
  accuracy: number; loss: number; dataLoss?: number; regularizationLoss?: number; learningRate: number;
}): string {
  const parts = dataLoss === undefined || regularizationLoss === undefined ? '' : ` (data_loss: ${dataLoss.toFixed(3)}, reg_loss: ${regularizationLoss.toFixed(3)})`;
  return `acc: ${accuracy.toFixed(3)}, loss: ${loss.toFixed(3)}${parts}, lr: ${pyFloat(learningRate)}`;
}
