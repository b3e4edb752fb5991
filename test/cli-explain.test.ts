// Runs the built CLI (`npm test` builds first; alone: `npm run build` before this file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  assert.ok(existsSync(MAIN), `${MAIN} is missing: run \`npm run build\` before this test`);
  const r = spawnSync(process.execPath, [MAIN, 'explain', ...args], { encoding: 'utf8', env: { ...process.env, BACKPROP_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("`backprop explain` narrates the seed notes' neuron: output 6, the chains, 6 → 5.985", () => {
  const r = run();
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'A neuron with 3 inputs and relu activation (NNFS chapter 9).');
  for (const line of [
    '  out = relu(z) = max(z, 0) = 6',
    "  dL/dw0 = relu'(z) · ∂sum/∂(x0w0) · ∂(x0w0)/∂w0 · dL/dout = 1 · 1 · x0(=1) · 1 = 1",
    "  dL/dx0 = relu'(z) · ∂sum/∂(x0w0) · ∂(x0w0)/∂x0 · dL/dout = 1 · 1 · w0(=-3) · 1 = -3",
    'So dweights = [1, -2, 3], dinputs = [-3, -1, 2], dbias = 1.',
    '  output:  6 → 5.985',
  ]) {
    assert.ok(lines.includes(line), `missing line: ${line}\n---\n${r.stdout}`);
  }
});

test('flags replace the neuron, negative values included (--weights -3,-1,2 --bias -1)', () => {
  const r = run('--inputs', '1,-2,3', '--weights', '-3,-1,2', '--bias', '-1', '--dvalue', '2', '--activation', 'relu');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('  z = x0w0 + x1w1 + x2w2 + b = -3 + 2 + 6 + (-1) = 4\n'), r.stdout);
  assert.ok(r.stdout.includes('So dweights = [2, -4, 6], dinputs = [-6, -2, 4], dbias = 2.\n'), r.stdout);
  assert.ok(r.stdout.includes('  output:  4 → 3.97\n'), r.stdout);
  const eq = run('--bias=-1', '--weights=-3,-1,2');
  assert.ok(eq.stdout.includes('= 4\n'), eq.stdout);
});

test('--json prints the numbers, rounded to 7 significant digits', () => {
  const r = run('--json');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(json.output, 6);
  assert.deepEqual(json.dweights, [1, -2, 3]);
  assert.deepEqual(json.dinputs, [-3, -1, 2]);
  assert.equal(json.dbias, 1);
  assert.deepEqual(json.update, { learningRate: 0.001, weights: [-3.001, -0.998, 1.997], bias: 0.999, output: 5.985 });
  assert.equal((json.steps as unknown[]).length, 5);
  assert.ok(!('text' in json));
  assert.ok(r.stdout.includes('"dweights": [1, -2, 3],'), r.stdout);
  const s = JSON.parse(run('--activation', 'sigmoid', '--json').stdout) as { output: number; dbias: number };
  assert.equal(s.output, 0.9975274);
  assert.equal(s.dbias, 0.002466509);
});

test("`--layer` explains the book's chapter-9 layer", () => {
  const r = run('--layer');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'A dense layer of 3 neurons with 4 inputs, on a batch of 3 samples (NNFS chapter 9).');
  for (const line of ['     [20.1 20.1 20.1]', '    [[6 6 6]]', '     [ 1.32 -1.14 -0.21  4.11]]', '    dW[3][2] = 2.5·1 + 2·2 + (-0.8)·3 = 4.1 ✓']) {
    assert.ok(lines.includes(line), `missing line: ${line}\n---\n${r.stdout}`);
  }
  const json = JSON.parse(run('--layer', '--json').stdout) as { dweights: number[][]; dbiases: number[]; dinputs: number[][]; chainRule: { dinputs: number[][] } };
  assert.deepEqual(json.dweights, [[0.5, 0.5, 0.5], [20.1, 20.1, 20.1], [10.9, 10.9, 10.9], [4.1, 4.1, 4.1]]);
  assert.deepEqual(json.dbiases, [6, 6, 6]);
  assert.deepEqual(json.chainRule.dinputs, [[0.44, -0.38, -0.07, 1.37], [0.88, -0.76, -0.14, 2.74], [1.32, -1.14, -0.21, 4.11]]);
});

test('`--layer` takes matrices as rows split by ";" (biases 0 and dvalues 1 by default)', () => {
  const r = run('--layer', '--inputs', '1,2;3,4', '--weights', '1,0,-1;0.5,0.5,0.5', '--activation', 'relu', '--json');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { z: number[][]; dz: number[][]; dweights: number[][]; dbiases: number[] };
  assert.deepEqual(json.z, [[2, 1, 0], [5, 2, -1]]);
  assert.deepEqual(json.dz, [[1, 1, 0], [1, 1, 0]]);
  assert.deepEqual(json.dweights, [[4, 4, 0], [6, 6, 0]]);
  assert.deepEqual(json.dbiases, [2, 2, 0]);
});

test('bad flags are one-line usage errors with exit code 2', () => {
  const cases: [string[], string][] = [
    [['--inputs', '1,x,3'], "backprop: --inputs: 'x' is not a finite number (in '1,x,3')\n"],
    [['--bias', 'NaN'], "backprop: --bias must be a finite number, got 'NaN'\n"],
    [['--dvalue', 'Infinity'], "backprop: --dvalue must be a finite number, got 'Infinity'\n"],
    [['--weights', '1,,2'], "backprop: --weights: '' is not a finite number (in '1,,2')\n"],
    [['--activation', 'softmax'], "backprop: --activation must be one of relu, sigmoid, tanh, linear, got 'softmax'\n"],
    [['--layer', '--activation', 'sigmoid'], "backprop: --activation must be one of linear, relu, got 'sigmoid'\n"],
    [['--layer', '--bias', '1'], 'backprop: --bias is a neuron option; with --layer use --biases and --dvalues\n'],
    [['--dvalues', '1,2'], 'backprop: --dvalues needs --layer\n'],
    [['neuron'], "backprop: explain takes no positional arguments, got 'neuron'\n"],
  ];
  for (const [args, stderr] of cases) {
    const r = run(...args);
    assert.equal(r.stderr, stderr, args.join(' '));
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '');
  }
  // Node's own wording after the first sentence varies between versions.
  const unknown = run('--nope');
  assert.match(unknown.stderr, /^backprop: Unknown option '--nope'\.[^\n]*\n$/);
  assert.equal(unknown.code, 2);
});

test('values the explanation rejects are one-line errors with exit code 1', () => {
  const shape = run('--inputs', '1,2,3', '--weights', '1,2');
  assert.equal(shape.stderr, 'backprop: explainNeuron: inputs has 3 values but weights has 2; a neuron needs one weight per input\n');
  assert.equal(shape.code, 1);
  const layer = run('--layer', '--inputs', '1,2;3,4');
  assert.equal(layer.stderr, 'backprop: explainLayer: inputs 2×2 and weights 4×3 do not chain: weights needs one row per input column (2)\n');
  assert.equal(layer.code, 1);
  const ragged = run('--layer', '--inputs', '1,2;3', '--weights', '1;1');
  assert.equal(ragged.stderr, 'backprop: explainLayer: inputs: Matrix.from: row 1 has 1 values, expected 2 like row 0\n');
  assert.equal(ragged.code, 1);
});

test('--help shows the options and examples', () => {
  const r = run('--help');
  assert.equal(r.code, 0);
  assert.ok(r.stdout.startsWith('Usage: backprop explain [neuron options] [--json]\n'), r.stdout);
  assert.ok(r.stdout.includes('  backprop explain --inputs 1,-2,3 --weights -3,-1,2 --bias 1 --dvalue 1 --activation relu\n'), r.stdout);
  assert.ok(r.stdout.includes('  backprop explain --layer\n'), r.stdout);
});
