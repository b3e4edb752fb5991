/**
 * Errors the library throws on bad input. Shape mismatches get their own class so callers can
 * tell "my tensors do not line up" from "a value is out of range" (RangeError / TypeError).
 */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** `rows×cols`, the way every shape is printed in messages. */
export function shapeOf(rows: number, cols: number): string {
  return `${rows}×${cols}`;
}

/** Throws a RangeError naming `what` and the value when `x` is NaN or infinite. */
export function assertFinite(x: number, what: string): void {
  if (!Number.isFinite(x)) throw new RangeError(`${what} must be a finite number, got ${x}`);
}
