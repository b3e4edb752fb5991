import { ShapeError, shapeOf } from './errors.js';
import { kernels } from './kernels/index.js';

/** Anything a method accepts where it wants a matrix. */
export type MatrixLike = Matrix | number[][];

/**
 * Row-major 2-D float32 data: element (i, j) is `data[i * cols + j]`.
 * The numeric core of the library; layers read and write `data` through the kernels.
 *
 * @example
 * const m = Matrix.from([[1, 2], [3, 4]]);
 * m.get(1, 0); // 3
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  data: Float32Array;

  constructor(rows: number, cols: number, data?: Float32Array | ArrayLike<number>) {
    if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`Matrix rows must be a non-negative integer, got ${rows}`);
    if (!Number.isInteger(cols) || cols < 0) throw new RangeError(`Matrix cols must be a non-negative integer, got ${cols}`);
    this.rows = rows;
    this.cols = cols;
    if (data === undefined) {
      this.data = new Float32Array(rows * cols);
    } else {
      if (data.length !== rows * cols) {
        throw new ShapeError(`Matrix ${shapeOf(rows, cols)} needs ${rows * cols} values, got ${data.length}`);
      }
      this.data = data instanceof Float32Array ? data : Float32Array.from(data);
    }
  }

  /** Copies a nested array; every row must have the same length. */
  static from(values: number[][]): Matrix {
    if (!Array.isArray(values)) throw new TypeError(`Matrix.from expects an array of rows, got ${typeof values}`);
    const rows = values.length;
    const cols = rows === 0 ? 0 : values[0]!.length;
    const out = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      const row = values[i];
      if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
        throw new TypeError(`Matrix.from: row ${i} is not an array (got ${typeof row})`);
      }
      if (row.length !== cols) {
        throw new ShapeError(`Matrix.from: row ${i} has ${row.length} values, expected ${cols} like row 0`);
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw new TypeError(`Matrix.from: value at [${i}][${j}] is not a number: ${String(v)}`);
        out.data[i * cols + j] = v;
      }
    }
    return out;
  }

  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** A 1×n row (for biases and other row vectors). */
  static row(values: ArrayLike<number>): Matrix {
    return new Matrix(1, values.length, Float32Array.from(values));
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.rows * this.cols;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** Rows [start, end) as a new matrix sharing no memory with this one. */
  sliceRows(start: number, end: number): Matrix {
    return new Matrix(end - start, this.cols, this.data.slice(start * this.cols, end * this.cols));
  }

  toString(): string {
    return `Matrix ${shapeOf(this.rows, this.cols)} ${JSON.stringify(this.toArray())}`;
  }
}

/** Accepts a Matrix (returned as is) or a nested array (copied), naming `what` in errors. */
export function toMatrix(x: MatrixLike, what = 'input'): Matrix {
  if (x instanceof Matrix) return x;
  if (Array.isArray(x)) {
    try {
      return Matrix.from(x);
    } catch (e) {
      if (e instanceof Error) e.message = `${what}: ${e.message}`;
      throw e;
    }
  }
  throw new TypeError(`${what} must be a Matrix or number[][], got ${x === null ? 'null' : typeof x}`);
}

/**
 * A zero matrix whose data comes from `kernels().allocate`: where the kernels compute on it
 * without copies (WebAssembly memory). Layers, losses and optimizers keep their buffers in these.
 */
export function workMatrix(rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, kernels().allocate(rows * cols));
}

/**
 * Returns `out` when it already has the shape (rows × cols), else a fresh work matrix.
 * This is how layers reuse their output buffers from one training step to the next.
 */
export function reuse(out: Matrix | undefined, rows: number, cols: number): Matrix {
  return out !== undefined && out.rows === rows && out.cols === cols ? out : workMatrix(rows, cols);
}

/** Throws a ShapeError naming `who` and both shapes unless `m` is rows × cols (-1 = any). */
export function expectShape(who: string, what: string, m: Matrix, rows: number, cols: number): void {
  if ((rows >= 0 && m.rows !== rows) || (cols >= 0 && m.cols !== cols)) {
    const want = `${rows < 0 ? 'N' : rows}×${cols < 0 ? 'N' : cols}`;
    throw new ShapeError(`${who}: ${what} must be ${want}, got ${shapeOf(m.rows, m.cols)}`);
  }
}
