import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Value } from '../src/engine/value.js';

interface ValueCase {
  name: string;
  point: Record<string, number>;
  output: number;
  grads: Record<string, number>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/explain.json', import.meta.url), 'utf8')) as { value: ValueCase[] };

/** The fixture's expressions (scripts/fixtures/explain_fixtures.py), written with the engine. */
const expressions: Record<string, (v: Record<string, Value>) => Value> = {
  sanity: ({ x }) => {
    const z = x!.mul(2).add(2).add(x!);
    const q = z.relu().add(z.mul(x!));
    const h = z.mul(z).relu();
    return h.add(q).add(q.mul(x!));
  },
  more_ops: ({ a, b }) => {
    let c = a!.add(b!);
    let d = a!.mul(b!).add(b!.pow(3));
    c = c.add(c.add(1));
    c = c.add(new Value(1).add(c).add(a!.neg()));
    d = d.add(d.mul(2).add(b!.add(a!).relu()));
    d = d.add(new Value(3).mul(d).add(b!.sub(a!).relu()));
    const f = c.sub(d).pow(2);
    return f.div(2).add(new Value(10).div(f));
  },
  'log(2.5)': ({ x }) => x!.log(),
  'pow(x, 3)': ({ x }) => x!.pow(3),
  'pow(x, 0.5)': ({ x }) => x!.pow(0.5),
  'pow(a, b)': ({ a, b }) => a!.pow(b!),
  div: ({ a, b }) => a!.sub(b!).div(a!.mul(b!).add(1)),
  'neg and sub': ({ a, b }) => a!.sub(b!).neg().sub(b!.sub(3).mul(a!)),
};
for (const v of [-1, 0.123, 2]) {
  const name = (fn: string): string => `${fn}(${Number.isInteger(v) ? v.toFixed(1) : v})`;
  expressions[name('tanh')] = ({ x }) => x!.tanh();
  expressions[name('exp')] = ({ x }) => x!.exp();
  expressions[name('sigmoid')] = ({ x }) => x!.sigmoid();
}

test('every fixture expression matches SymPy: forward value and the gradient of every leaf', () => {
  assert.equal(fixture.value.length, Object.keys(expressions).length);
  for (const c of fixture.value) {
    const build = expressions[c.name];
    assert.ok(build, `no expression for fixture case ${c.name}`);
    const leaves = Object.fromEntries(Object.entries(c.point).map(([k, v]) => [k, new Value(v, k)]));
    const out = build(leaves);
    out.backward();
    assert.ok(Math.abs(out.data - c.output) <= 1e-12 * Math.max(1, Math.abs(c.output)), `${c.name}: ${out.data} vs ${c.output}`);
    for (const [k, g] of Object.entries(c.grads)) {
      assert.ok(Math.abs(leaves[k]!.grad - g) <= 1e-10 * Math.max(1, Math.abs(g)), `${c.name} d/d${k}: ${leaves[k]!.grad} vs ${g}`);
    }
  }
});

test("micrograd's sanity expression gives y = -20 and dy/dx = 46 exactly", () => {
  const x = new Value(-4);
  const y = expressions.sanity!({ x });
  y.backward();
  assert.equal(y.data, -20);
  assert.equal(x.grad, 46);
});

test('a node used twice accumulates both gradients', () => {
  const a = new Value(3);
  const sq = a.mul(a);
  sq.backward();
  assert.equal(sq.data, 9);
  assert.equal(a.grad, 6);

  const b = new Value(-2);
  const twice = b.add(b);
  twice.backward();
  assert.equal(b.grad, 2);

  // a diamond: c feeds two branches that meet again
  const x = new Value(2);
  const c = x.mul(3);
  const y = c.exp().add(c.pow(2));
  y.backward();
  assert.ok(Math.abs(x.grad - 3 * (Math.exp(6) + 2 * 6)) < 1e-9);
});

test('backward on a chain of 100,000 nodes needs no recursion', () => {
  const x = new Value(1, 'x');
  let y = x;
  for (let i = 0; i < 100_000; i++) y = i % 2 === 0 ? y.add(1) : y.mul(1);
  y.backward();
  assert.equal(y.data, 50_001);
  assert.equal(x.grad, 1);
  assert.equal(y.topologicalOrder().length, 100_001 + 100_000);
});

test('topologicalOrder lists every node once, each after all of its children', () => {
  const a = new Value(1, 'a');
  const b = new Value(2, 'b');
  const c = a.mul(b);
  const d = c.add(a).tanh();
  const order = d.topologicalOrder();
  assert.equal(new Set(order).size, order.length);
  const position = new Map(order.map((v, i) => [v, i]));
  for (const v of order) for (const child of v.children) assert.ok(position.get(child)! < position.get(v)!);
  assert.equal(order.at(-1), d);
  // constants wrapped from numbers are nodes too: a, b, c, d's add, d
  assert.deepEqual(order.map((v) => v.op), ['', '', 'mul', 'add', 'tanh']);
});

test('each node keeps its op, children and local gradients for explanations', () => {
  const x = new Value(2, 'x');
  const w = new Value(-3, 'w');
  const p = x.mul(w);
  assert.equal(p.op, 'mul');
  assert.deepEqual(p.children, [x, w]);
  assert.deepEqual(p.localGradients, [-3, 2]);
  assert.equal(x.label, 'x');
  const s = Value.sum([p, 1, x]);
  assert.equal(s.op, 'sum');
  assert.equal(s.data, -3);
  assert.deepEqual(s.localGradients, [1, 1, 1]);
  assert.equal(String(p), 'Value(data=-6, grad=0)');
  assert.equal(String(x), 'Value(x, data=2, grad=0)');
});

test('backward resets earlier gradients and scales by the incoming gradient', () => {
  const x = new Value(3);
  const y = x.mul(x).add(x);
  y.backward();
  y.backward();
  assert.equal(x.grad, 7);
  y.backward(0.5);
  assert.equal(y.grad, 0.5);
  assert.equal(x.grad, 3.5);
});

test('every operation accepts a number on the right', () => {
  const x = new Value(2);
  assert.equal(x.add(1).data, 3);
  assert.equal(x.sub(5).data, -3);
  assert.equal(x.mul(4).data, 8);
  assert.equal(x.div(4).data, 0.5);
  assert.equal(x.pow(3).data, 8);
  assert.equal(x.neg().data, -2);
});

test('relu passes the gradient only where z > 0 (0 at z = 0)', () => {
  for (const [z, out, grad] of [[2.5, 2.5, 1], [0, 0, 0], [-1, 0, 0]] as const) {
    const x = new Value(z);
    const y = x.relu();
    y.backward();
    assert.equal(y.data, out);
    assert.equal(x.grad, grad);
  }
});

test('sigmoid neither overflows nor loses its gradient for large |x|', () => {
  for (const x of [-1000, -745, -101, 101, 745, 1000]) {
    const v = new Value(x);
    const s = v.sigmoid();
    s.backward();
    assert.ok(Number.isFinite(s.data) && Number.isFinite(v.grad), `sigmoid(${x}) = ${s.data}, grad ${v.grad}`);
    assert.equal(s.data, x > 0 ? 1 : Math.exp(x) / (1 + Math.exp(x)));
  }
  const v = new Value(-101);
  v.sigmoid().backward();
  assert.ok(v.grad > 0 && Math.abs(v.grad - Math.exp(-101)) < 1e-50);
  assert.equal(new Value(0).sigmoid().data, 0.5);
});

test('JavaScript number semantics: log of 0 and of a negative, division by 0, x^0 at 0', () => {
  assert.equal(new Value(0).log().data, -Infinity);
  assert.ok(Number.isNaN(new Value(-1).log().data));
  assert.equal(new Value(1).div(0).data, Infinity);
  const z = new Value(0);
  const one = z.pow(0);
  one.backward();
  assert.equal(one.data, 1);
  assert.equal(z.grad, 0);
  // d(a^b)/db at a = 0 is the limit 0, not 0·(-Infinity)
  const a = new Value(0);
  const b = new Value(2);
  a.pow(b).backward();
  assert.equal(b.grad, 0);
  assert.equal(a.grad, 0);
});

test('bad operands are TypeErrors naming what was given', () => {
  assert.throws(() => new Value(1).add('2' as never), { name: 'TypeError', message: 'Value: expected a Value or a number, got string' });
  assert.throws(() => new Value(1).mul(null as never), { name: 'TypeError', message: 'Value: expected a Value or a number, got null' });
  assert.throws(() => new Value('1' as never), { name: 'TypeError', message: 'Value: data must be a number, got string' });
  assert.throws(() => Value.sum([]), { name: 'RangeError', message: 'Value.sum needs at least one term, got 0' });
});

test('gradients of a composite of every operation match central finite differences', () => {
  const f = (a: Value, b: Value): Value =>
    Value.sum([a.mul(b).tanh(), a.sigmoid().div(b.pow(2).add(1)), a.sub(b).exp().log(), b.neg().relu(), a.pow(3).mul(0.1), a.add(b)]);
  fc.assert(
    fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (a0, b0) => {
      fc.pre(Math.abs(b0) > 1e-3); // relu(-b) has a kink at b = 0
      const a = new Value(a0);
      const b = new Value(b0);
      f(a, b).backward();
      const h = 1e-6;
      const at = (x: number, y: number): number => f(new Value(x), new Value(y)).data;
      const da = (at(a0 + h, b0) - at(a0 - h, b0)) / (2 * h);
      const db = (at(a0, b0 + h) - at(a0, b0 - h)) / (2 * h);
      assert.ok(Math.abs(a.grad - da) <= 1e-6 * Math.max(1, Math.abs(da)), `d/da at (${a0}, ${b0}): ${a.grad} vs ${da}`);
      assert.ok(Math.abs(b.grad - db) <= 1e-6 * Math.max(1, Math.abs(db)), `d/db at (${a0}, ${b0}): ${b.grad} vs ${db}`);
    }),
    { numRuns: 200, seed: 9 },
  );
});
