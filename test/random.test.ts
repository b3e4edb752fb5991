import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { RandomState, type RandomStateSnapshot } from '../src/random/random-state.js';
import { globalRng, seed } from '../src/random/global.js';

type Call = [method: string, args: unknown[], output: number | number[]];
interface Stream { seed: number; calls: Call[]; state: RandomStateSnapshot; initialKey?: number[] }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/random.json', import.meta.url), 'utf8')) as { streams: Stream[] };

/** Distance in units in the last place between two same-signed doubles. */
function ulps(a: number, b: number): number {
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = bits[0]! - bits[1]!;
  return Number(d < 0n ? -d : d);
}

/**
 * Normal draws go through log(); V8's Math.log and the C library's log NumPy calls round
 * differently in the last bit now and then, which moves the result by at most a few ulps (the
 * stream position never diverges). Everything else must match to the bit.
 */
const GAUSSIAN = new Set(['randn', 'normal']);
const MAX_GAUSS_ULPS = 3;

function replay(rng: RandomState, [method, args]: Call): number | number[] {
  const a = args.map((v) => (v === null ? undefined : v)) as number[];
  switch (method) {
    case 'rand': return toPlain(a.length === 0 ? rng.rand() : rng.rand(a[0]!, ...a.slice(1)));
    case 'randn': return toPlain(a.length === 0 ? rng.randn() : rng.randn(a[0]!, ...a.slice(1)));
    case 'randint': return toPlain(a.length === 3 ? rng.randint(a[0]!, a[1], a[2]!) : rng.randint(a[0]!, a[1]));
    case 'shuffle': return rng.shuffle([...(args[0] as number[])]);
    case 'permutation': return toPlain(rng.permutation(a[0]!));
    case 'binomial': return toPlain(a.length === 3 ? rng.binomial(a[0]!, a[1]!, a[2]!) : rng.binomial(a[0]!, a[1]!));
    case 'uniform': return toPlain(a.length === 3 ? rng.uniform(a[0], a[1], a[2]!) : rng.uniform(a[0], a[1]));
    case 'normal': return toPlain(a.length === 3 ? rng.normal(a[0], a[1], a[2]!) : rng.normal(a[0], a[1]));
    default: throw new Error(`fixture names an unknown method ${method}`);
  }
}

function toPlain(x: number | Float64Array | Int32Array): number | number[] {
  return typeof x === 'number' ? x : Array.from(x);
}

function assertGaussClose(got: number[], want: number[], what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    assert.ok(ulps(got[i]!, want[i]!) <= MAX_GAUSS_ULPS, `${what}[${i}]: ${got[i]} vs NumPy ${want[i]}`);
    assert.equal(Math.fround(got[i]!), Math.fround(want[i]!), `${what}[${i}] as float32`);
  }
}

test('seeding reproduces NumPy legacy integer seeding (RandomState(0).get_state() key)', () => {
  const stream = fixture.streams.find((s) => s.seed === 0)!;
  const state = new RandomState(0).getState();
  assert.deepEqual(state.key, stream.initialKey);
  assert.equal(state.pos, 624);
  assert.equal(state.hasGauss, false);
});

for (const stream of fixture.streams) {
  test(`seed ${stream.seed}: every call matches NumPy's RandomState stream, and so does the final state`, () => {
    const rng = new RandomState(stream.seed);
    for (const [i, call] of stream.calls.entries()) {
      const got = replay(rng, call);
      const what = `call ${i} ${call[0]}(${JSON.stringify(call[1])})`;
      if (GAUSSIAN.has(call[0])) assertGaussClose([got].flat(), [call[2]].flat(), what);
      else assert.deepEqual(got, call[2], what);
    }
    const state = rng.getState();
    assert.deepEqual(state.key, stream.state.key);
    assert.equal(state.pos, stream.state.pos);
    assert.equal(state.hasGauss, stream.state.hasGauss);
    assertGaussClose([state.gauss], [stream.state.gauss], 'cached gauss');
  });
}

test('the cached second normal value survives other draws, as in NumPy', () => {
  const a = new RandomState(5);
  const pair = a.randn(2);
  const b = new RandomState(5);
  b.randn(); // leaves the second value of the pair cached
  b.rand(3); // uniform draws do not touch the cache
  b.randint(0, 10, 4);
  assert.equal(b.randn(), pair[1]);
});

test('getState/setState resume the exact stream, including a cached normal', () => {
  const rng = new RandomState(9);
  rng.randn(3); // odd count: a normal is cached
  const saved = rng.getState();
  assert.equal(saved.hasGauss, true);
  const first = [...rng.randn(5), ...rng.rand(700), ...rng.randint(0, 7, 10)];
  const copy = new RandomState(1);
  copy.setState(JSON.parse(JSON.stringify(saved)) as RandomStateSnapshot);
  rng.setState(saved);
  for (const r of [rng, copy]) assert.deepEqual([...r.randn(5), ...r.rand(700), ...r.randint(0, 7, 10)], first);
});

test('getState returns a copy that later draws do not change', () => {
  const rng = new RandomState(2);
  const saved = rng.getState();
  const key0 = saved.key.slice();
  rng.rand(1000);
  assert.deepEqual(saved.key, key0);
});

test('setState rejects malformed snapshots with the offending value', () => {
  const good = new RandomState(0).getState();
  const rng = new RandomState(0);
  assert.throws(() => rng.setState({ ...good, key: good.key.slice(1) }), { name: 'RangeError', message: 'setState: key must hold 624 words, got 623' });
  assert.throws(() => rng.setState({ ...good, key: [-1, ...good.key.slice(1)] }), { name: 'RangeError', message: 'setState: key[0] must be an integer in [0, 2^32 - 1], got -1' });
  assert.throws(() => rng.setState({ ...good, pos: 625 }), { name: 'RangeError', message: 'setState: pos must be an integer in [0, 624], got 625' });
  assert.throws(() => rng.setState({ ...good, hasGauss: true, gauss: NaN }), { name: 'RangeError', message: 'setState: gauss must be finite, got NaN' });
});

test('randint(n) means [0, n) and a one-value range draws nothing', () => {
  const a = new RandomState(3);
  const b = new RandomState(3);
  assert.equal(a.randint(1), 0);
  assert.deepEqual(Array.from(a.randint(4, 5, 3)), [4, 4, 4]);
  assert.equal(a.rand(), b.rand());
  assert.deepEqual(Array.from(new RandomState(3).randint(6, undefined, 5)), Array.from(new RandomState(3).randint(0, 6, 5)));
});

test('shuffle works in place on plain and typed arrays, like permutation', () => {
  const want = Array.from(new RandomState(4).permutation(25));
  const plain = Array.from({ length: 25 }, (_, i) => i);
  assert.equal(new RandomState(4).shuffle(plain), plain);
  assert.deepEqual(plain, want);
  const typed = Float32Array.from({ length: 25 }, (_, i) => i);
  new RandomState(4).shuffle(typed);
  assert.deepEqual(Array.from(typed), want);
  const labels = ['a', 'b', 'c', 'd'];
  new RandomState(4).shuffle(labels);
  assert.deepEqual([...labels].sort(), ['a', 'b', 'c', 'd']);
});

test('binomialInto fills a buffer with the same stream as binomial', () => {
  const want = Array.from(new RandomState(8).binomial(1, 0.7, 50));
  const mask = new Float32Array(50);
  assert.equal(new RandomState(8).binomialInto(1, 0.7, mask), mask);
  assert.deepEqual(Array.from(mask), want);
});

test('rand and randn take a shape and flatten it row-major', () => {
  assert.deepEqual(Array.from(new RandomState(0).rand(2, 3)), Array.from(new RandomState(0).rand(6)));
  assert.equal(new RandomState(0).randn(2, 0, 4).length, 0);
  assert.equal(new RandomState(0).binomial(3, 0.5, [2, 5]).length, 10);
});

test('bad arguments throw RangeError naming the value', () => {
  const rng = new RandomState(0);
  const cases: [() => unknown, string][] = [
    [() => new RandomState(-1), 'RandomState seed must be an integer in [0, 2^32 - 1], got -1'],
    [() => new RandomState(2 ** 32), 'RandomState seed must be an integer in [0, 2^32 - 1], got 4294967296'],
    [() => new RandomState(1.5), 'RandomState seed must be an integer in [0, 2^32 - 1], got 1.5'],
    [() => rng.rand(-2), 'rand: dimensions must be non-negative integers, got -2'],
    [() => rng.randn(2, 1.5), 'randn: dimensions must be non-negative integers, got 1.5'],
    [() => rng.randint(5, 5), 'randint: low >= high (low=5, high=5)'],
    [() => rng.randint(0), 'randint: low >= high (low=0, high=0)'],
    [() => rng.randint(0.5, 3), 'randint: low and high must be integers, got low=0.5, high=3'],
    [() => rng.randint(0, 2 ** 31 + 1), 'randint: bounds must lie in [-2^31, 2^31], got low=0, high=2147483649'],
    [() => rng.randint(0, 3, -1), 'randint: dimensions must be non-negative integers, got -1'],
    [() => rng.permutation(-1), 'permutation: n must be a non-negative int32, got -1'],
    [() => rng.binomial(-1, 0.5), 'binomial: n must be a non-negative int32, got -1'],
    [() => rng.binomial(3, 1.5, 2), 'binomial: p must be in [0, 1], got 1.5'],
    [() => rng.binomial(3, NaN), 'binomial: p must be in [0, 1], got NaN'],
    [() => rng.normal(0, -1), 'normal: scale must be >= 0, got -1'],
    [() => rng.uniform(0, Infinity), 'uniform: low and high must be finite with a finite range, got low=0, high=Infinity'],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: 'RangeError', message });
});

test('seed() re-seeds the one global generator in place', () => {
  const rng = globalRng();
  seed(0);
  assert.equal(globalRng().rand(), 0.5488135039273248);
  seed(3);
  assert.equal(globalRng(), rng);
  assert.deepEqual(Array.from(globalRng().randn(3)), Array.from(new RandomState(3).randn(3)));
  seed();
  assert.deepEqual(globalRng().getState(), new RandomState(0).getState());
});

test('property: permutation(n) is a permutation of 0..n-1', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 300 }), (s, n) => {
    const p = Array.from(new RandomState(s).permutation(n)).sort((x, y) => x - y);
    assert.deepEqual(p, Array.from({ length: n }, (_, i) => i));
  }), { numRuns: 200 });
});

test('property: randint stays in [low, high) and binomial in [0, n]', () => {
  const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), int32, int32, (s, a, b) => {
    const [low, high] = a === b ? [a, a + 1] : [Math.min(a, b), Math.max(a, b)];
    for (const v of new RandomState(s).randint(low, high, 20)) assert.ok(v >= low && v < high, `${v} outside [${low}, ${high})`);
  }), { numRuns: 200 });
  fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 10000 }), fc.double({ min: 0, max: 1, noNaN: true }), (s, n, p) => {
    for (const v of new RandomState(s).binomial(n, p, 20)) assert.ok(v >= 0 && v <= n, `${v} outside [0, ${n}]`);
  }), { numRuns: 200 });
});

/**
 * NumPy's legacy generator transcribed plainly, with none of RandomState's speed-ups (mt19937.c's
 * twist with a branch on the low bit, tempering per draw, `random_sample` as two calls, and
 * `random_binomial_inversion` re-deriving q, q^n and the bound at every draw). The optimised class
 * must give the same streams, bit for bit, across many twists.
 */
class ReferenceMT {
  readonly mt = new Uint32Array(624);
  pos = 624;

  constructor(seed: number) {
    this.mt[0] = seed;
    for (let i = 1; i < 624; i++) this.mt[i] = Math.imul(1812433253, this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30)) + i;
  }

  uint32(): number {
    if (this.pos === 624) {
      for (let i = 0; i < 624; i++) {
        const y = (this.mt[i]! & 0x80000000) | (this.mt[(i + 1) % 624]! & 0x7fffffff);
        this.mt[i] = this.mt[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.pos = 0;
    }
    let y = this.mt[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  double(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** random_binomial for n·min(p, 1 − p) ≤ 30: inversion on the smaller side, reflected for p > 0.5. */
  binomial(n: number, p: number): number {
    const side = p <= 0.5 ? p : 1 - p;
    const q = 1 - side;
    const qn = Math.exp(n * Math.log(q));
    const np = n * side;
    const bound = Math.trunc(Math.min(n, np + 10 * Math.sqrt(np * q + 1)));
    let x = 0;
    let px = qn;
    let u = this.double();
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = this.double();
      } else {
        u -= px;
        px = ((n - x + 1) * side * px) / (x * q);
      }
    }
    return p <= 0.5 ? x : n - x;
  }
}

test('raw words and doubles equal the plain MT19937 transcription across many twists and both parities', () => {
  for (const s of [0, 1, 42, 0xffffffff]) {
    const rng = new RandomState(s);
    const ref = new ReferenceMT(s);
    for (let round = 0; round < 12; round++) {
      // an odd number of single words shifts pairs so that some double straddles a twist
      for (let i = 0; i < 1 + 2 * round; i++) assert.equal(rng.nextUint32(), ref.uint32());
      for (let i = 0; i < 400; i++) assert.equal(rng.random(), ref.double());
      assert.deepEqual(Array.from(rng.rand(333)), Array.from({ length: 333 }, () => ref.double()));
    }
    assert.deepEqual(rng.getState().key, Array.from(ref.mt));
    assert.equal(rng.getState().pos, ref.pos);
  }
});

test('binomialInto(1, p), the dropout mask path, gives the generic inversion stream exactly', () => {
  const ps = [0.9, 0.5, 0.1, 0.8, 0.3, 0.7, 0.999, 0.001, 0, 1, 0.49999999999999994, 0.5000000000000001, 1 - 2 ** -53];
  for (const s of [0, 7, 0xffffffff]) {
    const rng = new RandomState(s);
    const ref = new ReferenceMT(s);
    for (const [k, p] of ps.entries()) {
      const mask = rng.binomialInto(1, p, new Int32Array(1500 + k));
      const want = Array.from({ length: mask.length }, () => ref.binomial(1, p));
      assert.deepEqual(Array.from(mask), want, `seed ${s}, p = ${p}`);
      assert.equal(rng.nextUint32(), ref.uint32(), `seed ${s}: stream position after p = ${p}`);
    }
    // the general inversion path (n > 1) against the same reference
    for (const [n, p] of [[10, 0.3], [2, 0.9], [40, 0.5], [5, 0.75]] as const) {
      assert.deepEqual(Array.from(rng.binomial(n, p, 700)), Array.from({ length: 700 }, () => ref.binomial(n, p)), `seed ${s}, n = ${n}, p = ${p}`);
    }
    assert.deepEqual(rng.getState().key, Array.from(ref.mt));
  }
});
