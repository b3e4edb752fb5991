/**
 * NumPy's legacy `np.random.RandomState(seed)`, draw for draw, so that runs reproduce the book's
 * numbers (NNFS uses `np.random.seed(0)` through `nnfs.init()`).
 *
 * Generator: MT19937 (Matsumoto & Nishimura), 624 32-bit words, seeded like NumPy's legacy integer
 * seeding (Knuth's linear recurrence `x[i] = 1812433253·(x[i-1] ^ (x[i-1] >>> 30)) + i`).
 *
 * Derived streams, each exactly NumPy's legacy algorithm:
 * - uniform double: `((a >>> 5)·2^26 + (b >>> 6)) / 2^53` from two 32-bit draws a, b;
 * - normal: Marsaglia's polar method; each accepted pair yields two values, the second cached for
 *   the next call (the cache is part of the state and survives between calls, as in NumPy);
 * - integers in [low, high): masked rejection on 32-bit draws (smallest all-ones mask ≥ range);
 * - shuffle: Fisher–Yates from the end, each index drawn by masked rejection;
 * - binomial: inversion when n·min(p, 1−p) ≤ 30, otherwise BTPE (Kachitvichyanukul & Schmeiser 1988).
 *
 * One limit: normals take a `log`, and JavaScript's `Math.log` and the C library's `log` that NumPy
 * calls round differently in the last bit now and then (≈3% of draws against glibc). Such a normal
 * is then a few ulps off NumPy's float64 value, with the stream position unchanged; rounded to
 * float32, as every Matrix is, the values agree (checked on 2·10^6 draws).
 */

const N = 624;
const M = 397;
// Words are kept as int32 bit patterns (Int32Array), so V8 never boxes a value ≥ 2^31.
const MATRIX_A = 0x9908b0df | 0;
const UPPER_MASK = 0x80000000 | 0;
const LOWER_MASK = 0x7fffffff;
const INT32_MIN = -2147483648;
const INT32_LIMIT = 2147483648;

/** A shape given as one length or as a list of dimensions (flattened row-major in results). */
export type Size = number | readonly number[];

/** Everything needed to resume a generator exactly (NumPy's `get_state()` minus the name). */
export interface RandomStateSnapshot {
  /** The 624 MT19937 words, each in [0, 2^32). */
  key: number[];
  /** Index of the next word to temper, 0..624 (624 means "regenerate first"). */
  pos: number;
  /** Whether a second normal value is waiting, and that value. */
  hasGauss: boolean;
  gauss: number;
}

/** Writable indexable sequence: a plain array or any typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * @example
 * const rng = new RandomState(0);
 * rng.rand(); // 0.5488135039273248, as np.random.RandomState(0).rand()
 */
export class RandomState {
  private readonly mt = new Int32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;
  // Binomial set-up for the last (n, p), like NumPy's binomial_t (only a cache: it never changes results).
  private readonly bin = {
    n: -1, p: -1,
    q: 0, qn: 0, bound: 0, // inversion
    r: 0, fm: 0, m: 0, p1: 0, xm: 0, xl: 0, xr: 0, c: 0, laml: 0, lamr: 0, p2: 0, p3: 0, p4: 0, // BTPE
  };

  /** `seed` is an integer in [0, 2^32 − 1], as NumPy's legacy seeding requires. */
  constructor(seed = 0) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`RandomState seed must be an integer in [0, 2^32 - 1], got ${seed}`);
    }
    const mt = this.mt;
    mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
  }

  /** The next raw 32-bit output, in [0, 2^32). */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    return temper(this.mt[this.pos++]!) >>> 0;
  }

  /** One uniform double in [0, 1) with 53 random bits (NumPy's `random_sample()`). */
  random(): number {
    const pos = this.pos;
    if (pos > N - 2) return unitDouble(this.nextUint32(), this.nextUint32()); // a twist comes first or between
    this.pos = pos + 2;
    return unitDouble(temper(this.mt[pos]!), temper(this.mt[pos + 1]!));
  }

  /** Uniform [0, 1): a number with no shape, else a Float64Array of that shape (row-major). */
  rand(): number;
  rand(d0: number, ...dims: number[]): Float64Array;
  rand(...shape: number[]): number | Float64Array {
    if (shape.length === 0) return this.random();
    const out = new Float64Array(sizeOf(shape, 'rand'));
    for (let i = 0; i < out.length; i++) out[i] = this.random();
    return out;
  }

  /** Standard normal: a number with no shape, else a Float64Array of that shape (row-major). */
  randn(): number;
  randn(d0: number, ...dims: number[]): Float64Array;
  randn(...shape: number[]): number | Float64Array {
    if (shape.length === 0) return this.gaussian();
    const out = new Float64Array(sizeOf(shape, 'randn'));
    for (let i = 0; i < out.length; i++) out[i] = this.gaussian();
    return out;
  }

  /** `low + (high − low)·U` with U uniform in [0, 1), like NumPy's legacy `uniform`. */
  uniform(low?: number, high?: number): number;
  uniform(low: number | undefined, high: number | undefined, size: Size): Float64Array;
  uniform(low = 0, high = 1, size?: Size): number | Float64Array {
    const range = high - low;
    if (!Number.isFinite(low) || !Number.isFinite(range)) {
      throw new RangeError(`uniform: low and high must be finite with a finite range, got low=${low}, high=${high}`);
    }
    if (size === undefined) return low + range * this.random();
    const out = new Float64Array(sizeOf(size, 'uniform'));
    for (let i = 0; i < out.length; i++) out[i] = low + range * this.random();
    return out;
  }

  /** `loc + scale·Z` with Z standard normal, like NumPy's legacy `normal`. */
  normal(loc?: number, scale?: number): number;
  normal(loc: number | undefined, scale: number | undefined, size: Size): Float64Array;
  normal(loc = 0, scale = 1, size?: Size): number | Float64Array {
    if (!(scale >= 0)) throw new RangeError(`normal: scale must be >= 0, got ${scale}`);
    if (size === undefined) return loc + scale * this.gaussian();
    const out = new Float64Array(sizeOf(size, 'normal'));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.gaussian();
    return out;
  }

  /**
   * Integers in [low, high); `randint(n)` means [0, n). Without `size` one number, else an
   * Int32Array. Bounds must fit int32: −2^31 ≤ low < high ≤ 2^31.
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: Size): Int32Array;
  randint(low: number, high?: number, size?: Size): number | Int32Array {
    if (high === undefined) {
      high = low;
      low = 0;
    }
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new RangeError(`randint: low and high must be integers, got low=${low}, high=${high}`);
    }
    if (low >= high) throw new RangeError(`randint: low >= high (low=${low}, high=${high})`);
    if (low < INT32_MIN || high > INT32_LIMIT) {
      throw new RangeError(`randint: bounds must lie in [-2^31, 2^31], got low=${low}, high=${high}`);
    }
    const rng = high - 1 - low; // inclusive width, at most 2^32 − 1
    if (size === undefined) return low + this.boundedUint32(rng, maskFor(rng));
    const out = new Int32Array(sizeOf(size, 'randint'));
    const mask = maskFor(rng);
    for (let i = 0; i < out.length; i++) out[i] = low + this.boundedUint32(rng, mask);
    return out;
  }

  /** Shuffles `array` in place (NumPy's legacy 1-D algorithm) and returns it. */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.boundedUint32(i, maskFor(i));
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A shuffled `0, 1, …, n − 1`, like NumPy's `permutation(n)`. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n >= INT32_LIMIT) {
      throw new RangeError(`permutation: n must be a non-negative int32, got ${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** Successes in n trials of probability p: a number without `size`, else an Int32Array. */
  binomial(n: number, p: number): number;
  binomial(n: number, p: number, size: Size): Int32Array;
  binomial(n: number, p: number, size?: Size): number | Int32Array {
    if (size === undefined) {
      this.prepareBinomial(n, p);
      return this.binomialOne(n, p);
    }
    return this.binomialInto(n, p, new Int32Array(sizeOf(size, 'binomial')));
  }

  /**
   * Fills `out` with binomial(n, p) draws (the same stream as `binomial(n, p, out.length)`) and
   * returns it: lets a layer reuse one mask buffer every step instead of allocating.
   */
  binomialInto<A extends MutableArrayLike<number>>(n: number, p: number, out: A): A {
    this.prepareBinomial(n, p);
    if (n === 1) return this.bernoulliInto(p, out);
    for (let i = 0; i < out.length; i++) out[i] = this.binomialOne(n, p);
    return out;
  }

  /** A copy of the full state; `setState` on it resumes the exact same streams. */
  getState(): RandomStateSnapshot {
    return { key: Array.from(this.mt, (w) => w >>> 0), pos: this.pos, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  /** Restores a snapshot from `getState()` (the key may be any array-like of 624 words). */
  setState(state: Omit<RandomStateSnapshot, 'key'> & { key: ArrayLike<number> }): void {
    const { key, pos, hasGauss, gauss } = state;
    if (key.length !== N) throw new RangeError(`setState: key must hold ${N} words, got ${key.length}`);
    for (let i = 0; i < N; i++) {
      const w = key[i]!;
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) {
        throw new RangeError(`setState: key[${i}] must be an integer in [0, 2^32 - 1], got ${w}`);
      }
    }
    if (!Number.isInteger(pos) || pos < 0 || pos > N) {
      throw new RangeError(`setState: pos must be an integer in [0, ${N}], got ${pos}`);
    }
    if (hasGauss && !Number.isFinite(gauss)) throw new RangeError(`setState: gauss must be finite, got ${gauss}`);
    this.mt.set(key);
    this.pos = pos;
    this.hasGauss = hasGauss;
    this.gauss = hasGauss ? gauss : 0;
  }

  /**
   * Regenerates all 624 words (the MT19937 "twist"). Word i+1 is carried to the next step rather
   * than loaded twice, and `-(y & 1) & MATRIX_A` replaces a branch on the low bit, a coin flip the
   * CPU cannot predict.
   */
  private twist(): void {
    const mt = this.mt;
    let cur = mt[0]!;
    let i = 0;
    for (; i < N - M; i++) {
      const next = mt[i + 1]!;
      const y = (cur & UPPER_MASK) | (next & LOWER_MASK);
      mt[i] = mt[i + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
      cur = next;
    }
    for (; i < N - 1; i++) {
      const next = mt[i + 1]!;
      const y = (cur & UPPER_MASK) | (next & LOWER_MASK);
      mt[i] = mt[i + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
      cur = next;
    }
    const y = (cur & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }

  /** Uniform integer in [0, rng] by masked rejection; `rng` < 2^32, `mask` = maskFor(rng). */
  private boundedUint32(rng: number, mask: number): number {
    if (rng === 0) return 0; // NumPy draws nothing for a one-value range
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > rng);
    return v;
  }

  /** NumPy's legacy_gauss: polar method, the pair's second value kept for the next call. */
  private gaussian(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Validates (n, p) and computes the set-up of the method NumPy picks for them. */
  private prepareBinomial(n: number, p: number): void {
    if (!Number.isInteger(n) || n < 0 || n >= INT32_LIMIT) {
      throw new RangeError(`binomial: n must be a non-negative int32, got ${n}`);
    }
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
    const b = this.bin;
    if (b.n === n && b.p === p) return;
    b.n = n;
    b.p = p;
    const pp = Math.min(p, 1 - p); // the method works on the smaller tail; see binomialOne
    if (pp * n <= 30) {
      b.q = 1 - pp;
      b.qn = Math.exp(n * Math.log(b.q));
      const np = n * pp;
      b.bound = Math.trunc(Math.min(n, np + 10 * Math.sqrt(np * b.q + 1)));
    } else {
      const r = pp;
      const q = 1 - r;
      b.r = r;
      b.q = q;
      b.fm = n * r + r;
      b.m = Math.floor(b.fm);
      b.p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
      b.xm = b.m + 0.5;
      b.xl = b.xm - b.p1;
      b.xr = b.xm + b.p1;
      b.c = 0.134 + 20.5 / (15.3 + b.m);
      let a = (b.fm - b.xl) / (b.fm - b.xl * r);
      b.laml = a * (1 + a / 2);
      a = (b.xr - b.fm) / (b.xr * q);
      b.lamr = a * (1 + a / 2);
      b.p2 = b.p1 * (1 + 2 * b.c);
      b.p3 = b.p2 + b.c / b.laml;
      b.p4 = b.p3 + b.c / b.lamr;
    }
  }

  /** One legacy binomial draw; NumPy samples the p ≤ 0.5 side and reflects (n − X) otherwise. */
  private binomialOne(n: number, p: number): number {
    if (p <= 0.5) return p * n <= 30 ? this.binomialInversion(n, p) : this.binomialBtpe(n);
    const q = 1 - p;
    return n - (q * n <= 30 ? this.binomialInversion(n, q) : this.binomialBtpe(n));
  }

  /** Sequential search of the CDF from 0, restarting past `bound` (a far-tail guard). */
  private binomialInversion(n: number, p: number): number {
    const { q, qn, bound } = this.bin;
    let x = 0;
    let px = qn;
    let u = this.random();
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = this.random();
      } else {
        u -= px;
        px = ((n - x + 1) * p * px) / (x * q);
      }
    }
    return x;
  }

  /**
   * `binomialInversion` for n = 1 (dropout's masks), its set-up hoisted out of the loop. With n = 1
   * the bound is 1, so the search returns 0 when u ≤ qn, returns 1 when u − qn ≤ P(1) (P(1) as the
   * recurrence computes it, p·qn/q), and otherwise restarts with a fresh u: the same uniforms and
   * the same arithmetic, hence the same stream. p > 0.5 samples the 1 − p side and reflects, as
   * binomialOne does.
   */
  private bernoulliInto<A extends MutableArrayLike<number>>(p: number, out: A): A {
    const { q, qn } = this.bin; // qn is q^1 computed as exp(log q), as NumPy does: not always q
    const small = p <= 0.5 ? p : 1 - p;
    const px1 = (small * qn) / q;
    const flip = p > 0.5 ? 1 : 0;
    for (let i = 0; i < out.length; i++) {
      let u = this.random();
      // u − qn > P(1) ≥ 0 already implies u > qn, so one test (almost never true) decides a restart
      while (u - qn > px1) u = this.random();
      out[i] = +(u > qn) ^ flip; // no branch on u > qn, which is a coin flip for p near 0.5
    }
    return out;
  }

  /**
   * BTPE: a triangle/parallelogram/exponential-tails hat over the mass function, accepting by
   * explicit ratio near the mode and by a Stirling-bound squeeze further out. Each `continue` is a
   * rejection (NumPy's `goto Step10`); the steps keep their paper numbers.
   */
  private binomialBtpe(n: number): number {
    const { r, q, m, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4 } = this.bin;
    const nrq = n * r * q;
    for (;;) {
      const u = this.random() * p4;
      let v = this.random();
      let y: number;
      if (u <= p1) return Math.floor(xm - p1 * v + u); // step 10: triangle, accept at once
      if (u <= p2) {
        // step 20: parallelogram
        const x = xl + (u - p1) / c;
        v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
        if (v > 1) continue;
        y = Math.floor(x);
      } else if (u <= p3) {
        // step 30: left exponential tail
        y = Math.floor(xl + Math.log(v) / laml);
        if (y < 0 || v === 0) continue;
        v = v * (u - p2) * laml;
      } else {
        // step 40: right exponential tail
        y = Math.floor(xr - Math.log(v) / lamr);
        if (y > n || v === 0) continue;
        v = v * (u - p3) * lamr;
      }
      // step 50: evaluate f(y)/f(m) by the recurrence when y is near the mode
      const k = Math.abs(y - m);
      if (!(k > 20 && k < nrq / 2 - 1)) {
        const s = r / q;
        const a = s * (n + 1);
        let f = 1;
        if (m < y) for (let i = m + 1; i <= y; i++) f *= a / i - s;
        else if (m > y) for (let i = y + 1; i <= m; i++) f /= a / i - s;
        if (v > f) continue;
        return y;
      }
      // step 52: squeeze on log(v), then the Stirling-formula bound
      const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
      const t = (-k * k) / (2 * nrq);
      const logV = Math.log(v);
      if (logV < t - rho) return y;
      if (logV > t + rho) continue;
      const x1 = y + 1;
      const f1 = m + 1;
      const z = n + 1 - m;
      const w = n - y + 1;
      const x2 = x1 * x1;
      const f2 = f1 * f1;
      const z2 = z * z;
      const w2 = w * w;
      const bound =
        xm * Math.log(f1 / x1) +
        (n - m + 0.5) * Math.log(z / w) +
        (y - m) * Math.log((w * r) / (x1 * q)) +
        stirlingTail(f1, f2) +
        stirlingTail(z, z2) +
        stirlingTail(x1, x2) +
        stirlingTail(w, w2);
      if (logV > bound) continue;
      return y;
    }
  }
}

/** MT19937's output tempering of one state word (int32 bit pattern in, int32 bit pattern out). */
function temper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >>> 18);
}

/** NumPy's 53-bit double from two 32-bit draws (as int32 or uint32 bit patterns). */
function unitDouble(a: number, b: number): number {
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}

/** The Stirling-series correction term of BTPE's final test, grouped exactly as NumPy computes it. */
function stirlingTail(x: number, x2: number): number {
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

/** Smallest all-ones bit mask ≥ rng (rng < 2^32). */
function maskFor(rng: number): number {
  let mask = rng >>> 0;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

/** Number of elements of a shape, each dimension a non-negative integer. */
function sizeOf(size: Size, who: string): number {
  const dims = typeof size === 'number' ? [size] : size;
  let total = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`${who}: dimensions must be non-negative integers, got ${d}`);
    total *= d;
  }
  return total;
}
