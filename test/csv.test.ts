import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CsvError, loadCsv, parseCsv, type CsvClassification, type CsvRegression } from '../src/node/csv.js';
import { Matrix } from '../src/matrix.js';
import fc from 'fast-check';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-csv-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const iris = `sepal_length,sepal_width,species
5.1,3.5,setosa
7.0,3.2,versicolor

6.3,3.3,virginica
4.9,3.0,setosa
`;

test('loadCsv detects a header, takes the last column as class names numbered in sorted order', () => {
  const file = write('iris.csv', iris);
  const data = loadCsv(file);
  assert.deepEqual(data.X, Matrix.from([[5.1, 3.5], [7.0, 3.2], [6.3, 3.3], [4.9, 3.0]]));
  assert.deepEqual(data.y, new Int32Array([0, 1, 2, 0]));
  assert.deepEqual(data.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(data.featureNames, ['sepal_length', 'sepal_width']);
  assert.equal(data.labelName, 'species');
});

test('integer labels are used as class indices; no header when the first line is numbers', () => {
  const data = parseCsv('1,0.5,-2\n0,1e-3,4\n2,+.5,0\n', 'points.csv', { labelColumn: 'first' });
  assert.deepEqual(data, { X: Matrix.from([[0.5, -2], [1e-3, 4], [0.5, 0]]), y: new Int32Array([1, 0, 2]) });
});

test('regression returns an n × 1 Matrix of targets', () => {
  const data: CsvRegression = parseCsv('x,y\n0,0\n0.5,0.479425538\n1,0.841470985\n', 'sine.csv', { task: 'regression' });
  assert.deepEqual(data.X, Matrix.from([[0], [0.5], [1]]));
  assert.deepEqual(data.y, Matrix.from([[0], [0.479425538], [0.841470985]]));
  assert.equal(data.labelName, 'y');
});

test('labelColumn may be a header name, a 0-based index, a negative index, or none', () => {
  const text = 'a,label,b\n1,1,2\n3,0,4\n';
  const expected = { X: Matrix.from([[1, 2], [3, 4]]), y: new Int32Array([1, 0]), featureNames: ['a', 'b'], labelName: 'label' };
  assert.deepEqual(parseCsv(text, 't.csv', { labelColumn: 'label' }), expected);
  assert.deepEqual(parseCsv(text, 't.csv', { labelColumn: 1 }), expected);
  assert.deepEqual(parseCsv(text, 't.csv', { labelColumn: -2 }), expected);
  assert.deepEqual(parseCsv(text, 't.csv', { labelColumn: 'none' }), { X: Matrix.from([[1, 1, 2], [3, 0, 4]]), featureNames: ['a', 'label', 'b'] });
});

test('header true/false overrides detection', () => {
  const text = '1,2,3\n4,5,6\n';
  const withHeader = parseCsv(text, 't.csv', { header: true }) as CsvClassification;
  assert.deepEqual(withHeader.featureNames, ['1', '2']);
  assert.deepEqual(withHeader.y, new Int32Array([6]));
  assert.throws(() => parseCsv('x,y\n1,2\n', 'h.csv', { header: false, labelColumn: 'none' }), {
    name: 'CsvError',
    message: 'h.csv:1: non-numeric value "x" in column 1',
  });
});

test('quoted fields, spaces, CRLF, a BOM, semicolons and trailing blank lines', () => {
  const text = '\uFEFF"len, cm" ; "kind"\r\n 1.5 ; "a ""quoted"" name"\r\n2;plain\r\n\r\n';
  const data = parseCsv(text, 'q.csv', { delimiter: ';' });
  assert.deepEqual(data.featureNames, ['len, cm']);
  assert.deepEqual(data.X, Matrix.from([[1.5], [2]]));
  assert.deepEqual(data.classes, ['a "quoted" name', 'plain']);
});

test('a feature is accepted exactly when it is a decimal number (optional sign, fraction, exponent) that fits in float32', () => {
  const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'0123456789+-.eExXbBoO \tInfity_'.split('')), maxLength: 7 }), (field) => {
      const text = field.trim();
      let accepted: number | undefined;
      try {
        accepted = parseCsv(`${field},0\n`, 'p.csv', { header: false }).X.data[0];
      } catch (e) {
        assert.ok(e instanceof CsvError);
      }
      const expected = decimal.test(text) && Number.isFinite(Math.fround(Number(text))) ? Math.fround(Number(text)) : undefined;
      assert.equal(accepted, expected, JSON.stringify(field));
    }),
    { numRuns: 3000 },
  );
});

const broken: [string, string, object, string][] = [
  ['an empty file', '\n  \n', {}, 'e.csv: the file is empty'],
  ['a header without data', 'a,b\n', {}, 'e.csv: no data rows after the header line 1'],
  ['a row with too few columns', 'a,b,c\n1,2,0\n\n3,4\n', {}, 'e.csv:4: expected 3 columns like line 1, found 2'],
  ['a non-numeric feature', '1,2,0\n3,abc,1\n', {}, 'e.csv:2: non-numeric value "abc" in column 2'],
  ['NaN', '1,2,0\nNaN,2,1\n', {}, 'e.csv:2: non-numeric value "NaN" in column 1'],
  ['hexadecimal', '1,2,0\n0x10,2,1\n', {}, 'e.csv:2: non-numeric value "0x10" in column 1'],
  ['an empty feature', '1,2,0\n1,,1\n', {}, 'e.csv:2: empty value in column 2'],
  ['a value beyond float32', '1,2,0\n1,1e39,1\n', {}, 'e.csv:2: value 1e39 in column 2 is too large for float32'],
  ['a negative class label', '1,2,0\n1,2,-1\n', {}, 'e.csv:2: class label -1 in column 3 is not a non-negative integer (for numeric targets use task \'regression\')'],
  ['a fractional class label', '1,2,0.5\n', {}, 'e.csv:1: class label 0.5 in column 3 is not a non-negative integer (for numeric targets use task \'regression\')'],
  ['an empty class label', '1,2,a\n1,2,\n', {}, 'e.csv:2: empty label in column 3'],
  ['a non-numeric regression target', 'x,y\n1,2\n3,big\n', { task: 'regression' }, 'e.csv:3: non-numeric value "big" in column 2'],
  ['an unterminated quote', 'a,b\n1,"x\n', {}, 'e.csv:2: unterminated quoted field starting at character 3'],
  ['text after a closing quote', 'a,b\n1,"x"y\n', {}, 'e.csv:2: unexpected "y" after the closing quote at character 6'],
  ['a quote inside an unquoted field', 'a,b\n1,x"y"\n', {}, 'e.csv:2: a quote inside the unquoted field "x\\"y\\""'],
  ['an unknown label column name', 'a,b\n1,2\n', { labelColumn: 'c' }, 'e.csv: no column named "c" in the header ("a", "b")'],
  ['a label name without a header', '1,2\n', { labelColumn: 'c', header: false }, 'e.csv: labelColumn "c" is a column name, but the file has no header'],
  ['a single column', 'y\n1\n', {}, 'e.csv: no feature columns: the only column is the label'],
];

for (const [what, text, options, message] of broken) {
  test(`rejects ${what}, naming the file and line`, () => {
    assert.throws(() => parseCsv(text, 'e.csv', options), (e: unknown) => (e instanceof CsvError && e.message === message) || assert.fail(String(e)));
  });
}

test('rejects bad options with a RangeError naming the value', () => {
  assert.throws(() => parseCsv('1,2\n', 'o.csv', { labelColumn: 2 }), {
    name: 'RangeError',
    message: 'o.csv: labelColumn 2 is not a column index for 2 columns (0 to 1, or negative from the end)',
  });
  assert.throws(() => parseCsv('1,2\n', 'o.csv', { task: 'ranking' as 'regression' }), {
    name: 'RangeError',
    message: `parseCsv: task must be 'classification' or 'regression', got "ranking"`,
  });
  assert.throws(() => parseCsv('1,2\n', 'o.csv', { header: 'yes' as 'auto' }), { name: 'RangeError', message: `parseCsv: header must be 'auto', true or false, got "yes"` });
  assert.throws(() => parseCsv('1,2\n', 'o.csv', { delimiter: '::' }), { name: 'RangeError', message: `parseCsv: delimiter must be one character other than '"', got "::"` });
});

test('loadCsv errors name the file path', () => {
  const file = write('bad.csv', 'a,b\n1,2\n3,4,5\n');
  assert.throws(() => loadCsv(file), { name: 'CsvError', message: `${file}:3: expected 2 columns like line 1, found 3` });
});
