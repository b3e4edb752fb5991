/**
 * What the chapter examples share: reading their shortening knobs from the environment (numbers
 * are printed as the book's Python does with `pyFloat`, `bookProgress` and friends from 'backprop').
 *
 * - `envInt('EPOCHS', 10001)`: a positive integer from the environment, or the book's default.
 */

/** A positive integer from `process.env[name]`, or `fallback` when unset. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}
