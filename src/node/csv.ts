/**
 * Tabular data from CSV: one sample per line, numeric feature columns and one label column.
 *
 * Format accepted: fields separated by `delimiter` (default ","), optionally double-quoted with ""
 * for a quote inside (RFC 4180, but a quoted field cannot span lines); spaces around a field are
 * ignored; blank lines are skipped; "\n", "\r\n" and "\r" all end a line; a UTF-8 BOM is dropped.
 * Features must be decimal numbers that fit in float32 (no NaN, no empty fields).
 *
 * Labels:
 * - task 'classification' (default): integer labels 0, 1, 2… are used as they are (Int32Array);
 *   any non-numeric label makes every label a class name, numbered in sorted order (`classes[i]` is
 *   the name of class i).
 * - task 'regression': the label column is one more number per row (an n × 1 Matrix).
 * - labelColumn 'none': features only, e.g. to predict.
 *
 * `labelColumn` is 'last' (default), 'first', 'none', a header name, or a 0-based index (negative
 * counts from the end). `header: 'auto'` (default) takes the first line as a header when one of its
 * feature fields is not a number. Errors name the file and the 1-based line (`file:line: …`) and
 * columns 1-based, as editors and spreadsheets count them.
 *
 * @example
 * const { X, y, classes } = loadCsv('iris.csv'); // header line detected; species names → 0, 1, 2
 */
import fs from 'node:fs';
import { Matrix } from '../matrix.js';

/** A CSV file that cannot be read as a data set; the message starts with `file:line:` when a line is at fault. */
export class CsvError extends Error {
  override name = 'CsvError';
}

export type CsvTask = 'classification' | 'regression';

export type CsvLabelColumn = 'last' | 'first' | 'none' | number | string;

export interface CsvOptions {
  labelColumn?: CsvLabelColumn;
  header?: 'auto' | boolean;
  task?: CsvTask;
  delimiter?: string;
}

export interface CsvFeatures {
  /** n × features, one row per data line. */
  X: Matrix;
  /** The header's names for the columns of X, when the file has a header. */
  featureNames?: string[];
}

export interface CsvClassification extends CsvFeatures {
  y: Int32Array;
  /** Class names by index, when the labels are names rather than integers. */
  classes?: string[];
  labelName?: string;
}

export interface CsvRegression extends CsvFeatures {
  /** n × 1 targets. */
  y: Matrix;
  labelName?: string;
}

export type CsvData = CsvFeatures | CsvClassification | CsvRegression;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_BLANK = /\S/;

/** Reads a CSV file; see `parseCsv`. */
export function loadCsv(file: string, options: CsvOptions & { labelColumn: 'none' }): CsvFeatures;
export function loadCsv(file: string, options: CsvOptions & { task: 'regression' }): CsvRegression;
export function loadCsv(file: string, options?: CsvOptions & { task?: 'classification' }): CsvClassification;
export function loadCsv(file: string, options?: CsvOptions): CsvData;
export function loadCsv(file: string, options: CsvOptions = {}): CsvData {
  return parseCsv(fs.readFileSync(file, 'utf8'), file, options);
}

/** Parses CSV text into a data set; `name` (the file name) starts every error message. */
export function parseCsv(text: string, name: string, options: CsvOptions & { labelColumn: 'none' }): CsvFeatures;
export function parseCsv(text: string, name: string, options: CsvOptions & { task: 'regression' }): CsvRegression;
export function parseCsv(text: string, name: string, options?: CsvOptions & { task?: 'classification' }): CsvClassification;
export function parseCsv(text: string, name: string, options?: CsvOptions): CsvData;
export function parseCsv(text: string, name: string, options: CsvOptions = {}): CsvData {
  const { labelColumn = 'last', header = 'auto', task = 'classification', delimiter = ',' } = options;
  if (task !== 'classification' && task !== 'regression') throw new RangeError(`parseCsv: task must be 'classification' or 'regression', got ${JSON.stringify(task)}`);
  if (header !== 'auto' && header !== true && header !== false) throw new RangeError(`parseCsv: header must be 'auto', true or false, got ${JSON.stringify(header)}`);
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"') {
    throw new RangeError(`parseCsv: delimiter must be one character other than '"', got ${JSON.stringify(delimiter)}`);
  }

  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const first = lines.findIndex((l) => NOT_BLANK.test(l));
  if (first < 0) throw new CsvError(`${name}: the file is empty`);
  const firstFields = splitFields(lines[first]!, delimiter, name, first + 1);
  const columns = firstFields.length;
  const hasHeader = header === 'auto' ? (typeof labelColumn === 'string' && !isPosition(labelColumn)) || looksLikeHeader(firstFields, labelColumn) : header;
  const names = hasHeader ? firstFields : undefined;
  const label = labelIndex(labelColumn, columns, names, name);
  const features = label === undefined ? columns : columns - 1;
  if (features === 0) throw new CsvError(`${name}: no feature columns: the only column is the label`);

  // Line numbers of the data rows, so that the matrix is allocated once and errors can name lines.
  const dataLines: number[] = [];
  for (let i = hasHeader ? first + 1 : first; i < lines.length; i++) if (NOT_BLANK.test(lines[i]!)) dataLines.push(i + 1);
  if (dataLines.length === 0) throw new CsvError(`${name}: no data rows after the header line ${first + 1}`);

  // One row at a time: only the label texts are kept, never every field of the file.
  const X = new Matrix(dataLines.length, features);
  const labelTexts: string[] = [];
  let k = 0;
  for (const line of dataLines) {
    const fields = line === first + 1 ? firstFields : splitFields(lines[line - 1]!, delimiter, name, line);
    if (fields.length !== columns) throw new CsvError(`${name}:${line}: expected ${columns} columns like line ${first + 1}, found ${fields.length}`);
    for (let c = 0; c < columns; c++) {
      if (c === label) labelTexts.push(fields[c]!);
      else X.data[k++] = parseNumber(fields[c]!, c, name, line);
    }
  }
  const out: CsvFeatures = { X };
  if (names !== undefined) out.featureNames = names.filter((_, c) => c !== label);
  if (label === undefined) return out;

  const labelName = names?.[label];
  if (task === 'regression') {
    const y = new Matrix(dataLines.length, 1, Float32Array.from(labelTexts, (t, i) => parseNumber(t, label, name, dataLines[i]!)));
    return { ...out, y, ...(labelName !== undefined && { labelName }) };
  }
  return { ...out, ...classLabels(labelTexts, dataLines, label, name), ...(labelName !== undefined && { labelName }) };
}

/** Splits line number `lineNumber` into fields, unquoting quoted ones. */
function splitFields(line: string, delimiter: string, name: string, lineNumber: number): string[] {
  if (!line.includes('"')) return line.split(delimiter).map((f) => f.trim());
  const where = `${name}:${lineNumber}`;
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field: string;
    if (line[i] === '"') {
      const start = i;
      field = '';
      for (i++; ; i++) {
        if (i >= line.length) throw new CsvError(`${where}: unterminated quoted field starting at character ${start + 1}`);
        if (line[i] === '"') {
          if (line[i + 1] !== '"') break;
          i++;
        }
        field += line[i];
      }
      i++;
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== delimiter) {
        throw new CsvError(`${where}: unexpected ${JSON.stringify(line[i])} after the closing quote at character ${i + 1}`);
      }
    } else {
      const end = line.indexOf(delimiter, i);
      field = line.slice(i, end < 0 ? line.length : end).trim();
      if (field.includes('"')) throw new CsvError(`${where}: a quote inside the unquoted field ${JSON.stringify(field)}`);
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the delimiter
  }
}

function isPosition(labelColumn: string): boolean {
  return labelColumn === 'last' || labelColumn === 'first' || labelColumn === 'none';
}

/** A first row is a header when one of its feature fields is not a number (labels may be names). */
function looksLikeHeader(fields: string[], labelColumn: CsvLabelColumn): boolean {
  const label = typeof labelColumn === 'number' ? (labelColumn < 0 ? fields.length + labelColumn : labelColumn) : labelColumn === 'first' ? 0 : labelColumn === 'last' ? fields.length - 1 : -1;
  return fields.some((f, c) => c !== label && !NUMBER.test(f));
}

/** The 0-based index of the label column, or undefined for 'none'. */
function labelIndex(labelColumn: CsvLabelColumn, columns: number, names: string[] | undefined, name: string): number | undefined {
  if (labelColumn === 'none') return undefined;
  if (labelColumn === 'last') return columns - 1;
  if (labelColumn === 'first') return 0;
  if (typeof labelColumn === 'number') {
    if (!Number.isInteger(labelColumn) || labelColumn < -columns || labelColumn >= columns) {
      throw new RangeError(`${name}: labelColumn ${labelColumn} is not a column index for ${columns} columns (0 to ${columns - 1}, or negative from the end)`);
    }
    return labelColumn < 0 ? columns + labelColumn : labelColumn;
  }
  if (names === undefined) throw new CsvError(`${name}: labelColumn ${JSON.stringify(labelColumn)} is a column name, but the file has no header`);
  const index = names.indexOf(labelColumn);
  if (index < 0) throw new CsvError(`${name}: no column named ${JSON.stringify(labelColumn)} in the header (${names.map((n) => JSON.stringify(n)).join(', ')})`);
  return index;
}

/**
 * A decimal number that fits in float32. The fast test accepts what `Number` parses, minus what the
 * NUMBER pattern rejects (hex/binary/octal, Infinity, surrounding spaces); anything else gets the
 * pattern's precise verdict.
 */
function parseNumber(text: string, column: number, name: string, line: number): number {
  const value = Number(text);
  const head = text.charCodeAt(0);
  const second = text.charCodeAt(1) | 0x20; // lower case
  const last = text.charCodeAt(text.length - 1);
  const plain =
    value === value &&
    (isDigit(head) || head === 43 || head === 45 || head === 46) && // + - .
    (isDigit(last) || last === 46) &&
    second !== 0x78 && second !== 0x62 && second !== 0x6f; // x b o
  if (!plain) {
    if (text === '') throw new CsvError(`${name}:${line}: empty value in column ${column + 1}`);
    if (!NUMBER.test(text)) throw new CsvError(`${name}:${line}: non-numeric value ${JSON.stringify(text)} in column ${column + 1}`);
  }
  const stored = Math.fround(value);
  if (stored === Infinity || stored === -Infinity) throw new CsvError(`${name}:${line}: value ${text} in column ${column + 1} is too large for float32`);
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Integer labels as they are; otherwise class names numbered in sorted order. */
function classLabels(texts: string[], lines: number[], column: number, name: string): { y: Int32Array; classes?: string[] } {
  const where = (i: number) => `${name}:${lines[i]!}`;
  const empty = texts.indexOf('');
  if (empty >= 0) throw new CsvError(`${where(empty)}: empty label in column ${column + 1}`);
  if (texts.every((t) => NUMBER.test(t))) {
    const y = new Int32Array(texts.length);
    texts.forEach((t, i) => {
      const v = Number(t);
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
        throw new CsvError(`${where(i)}: class label ${t} in column ${column + 1} is not a non-negative integer (for numeric targets use task 'regression')`);
      }
      y[i] = v;
    });
    return { y };
  }
  const classes = [...new Set(texts)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  return { y: Int32Array.from(texts, (t) => index.get(t)!), classes };
}
