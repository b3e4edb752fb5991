/**
 * A scalar automatic-differentiation engine (the seed notes' neuron, NNFS chapter 9; shaped like
 * micrograd). Every operation builds a new `Value` that remembers its inputs (`children`), the name
 * of the operation (`op`) and its local derivatives ∂out/∂child (`localGradients`), computed right
 * below its output. `backward()` then applies the chain rule in reverse topological order:
 *
 *   child.grad += (∂out/∂child) · out.grad
 *
 * A node used twice receives both contributions (the `+=`), which is the multivariate chain rule.
 * Values follow JavaScript number semantics: `log(0)` is -Infinity, `log(-1)` is NaN.
 *
 * @example
 * const x = new Value(3, 'x');
 * const y = x.mul(x).add(x); // y = x² + x
 * y.backward();
 * x.grad; // 7 = 2x + 1
 */

/** Anything an operation accepts: a Value or a plain number (wrapped as a constant). */
export type Operand = Value | number;

/** The operations a node can come from ('' for a leaf). */
export type ValueOp =
  | '' | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'neg' | 'exp' | 'log' | 'relu' | 'sigmoid' | 'tanh' | 'sum';

export class Value {
  data: number;
  /** ∂(the value `backward()` was called on)/∂this, filled by `backward()`. */
  grad = 0;
  label: string;
  readonly op: ValueOp;
  readonly children: readonly Value[];
  /** ∂this/∂children[i], one per child, computed with the forward value. */
  readonly localGradients: readonly number[];

  constructor(data: number, label = '', op: ValueOp = '', children: readonly Value[] = [], localGradients: readonly number[] = []) {
    if (typeof data !== 'number') throw new TypeError(`Value: data must be a number, got ${typeof data}`);
    this.data = data;
    this.label = label;
    this.op = op;
    this.children = children;
    this.localGradients = localGradients;
  }

  /** Returns a Value as is and wraps a number as a constant leaf. */
  static of(x: Operand): Value {
    if (x instanceof Value) return x;
    if (typeof x !== 'number') throw new TypeError(`Value: expected a Value or a number, got ${x === null ? 'null' : typeof x}`);
    return new Value(x);
  }

  add(other: Operand): Value {
    const o = Value.of(other);
    return new Value(this.data + o.data, '', 'add', [this, o], [1, 1]);
  }

  sub(other: Operand): Value {
    const o = Value.of(other);
    return new Value(this.data - o.data, '', 'sub', [this, o], [1, -1]);
  }

  mul(other: Operand): Value {
    const o = Value.of(other);
    // ∂(ab)/∂a = b and ∂(ab)/∂b = a: each factor's derivative is the other factor.
    return new Value(this.data * o.data, '', 'mul', [this, o], [o.data, this.data]);
  }

  div(other: Operand): Value {
    const o = Value.of(other);
    return new Value(this.data / o.data, '', 'div', [this, o], [1 / o.data, -this.data / (o.data * o.data)]);
  }

  /** this^exponent; a number exponent is a constant, a Value exponent also gets a gradient. */
  pow(exponent: Operand): Value {
    const a = this.data;
    if (typeof exponent === 'number') {
      // Written out so x^0 has derivative 0 even at x = 0 (where 0·0^-1 would be NaN).
      const local = exponent === 0 ? 0 : exponent * a ** (exponent - 1);
      return new Value(a ** exponent, '', 'pow', [this], [local]);
    }
    const e = Value.of(exponent);
    const out = a ** e.data;
    // ∂(a^b)/∂b = a^b·ln a; when a^b is 0 the product's limit is 0, not 0·(-∞).
    return new Value(out, '', 'pow', [this, e], [e.data === 0 ? 0 : e.data * a ** (e.data - 1), out === 0 ? 0 : out * Math.log(a)]);
  }

  neg(): Value {
    return new Value(-this.data, '', 'neg', [this], [-1]);
  }

  exp(): Value {
    const out = Math.exp(this.data);
    return new Value(out, '', 'exp', [this], [out]);
  }

  log(): Value {
    return new Value(Math.log(this.data), '', 'log', [this], [1 / this.data]);
  }

  relu(): Value {
    // relu'(z) = 1 if z > 0 else 0 (0 at z = 0, as the book's ReLU backward does).
    return new Value(this.data > 0 ? this.data : 0, '', 'relu', [this], [this.data > 0 ? 1 : 0]);
  }

  sigmoid(): Value {
    const x = this.data;
    // Only ever exp of a non-positive number, so |x| in the thousands cannot overflow to NaN.
    const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    return new Value(s, '', 'sigmoid', [this], [s * (1 - s)]);
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    return new Value(t, '', 'tanh', [this], [1 - t * t]);
  }

  /** One n-ary sum node (the notes' `sum(...)`): ∂sum/∂term = 1 for every term. */
  static sum(terms: readonly Operand[]): Value {
    if (terms.length === 0) throw new RangeError('Value.sum needs at least one term, got 0');
    const values = terms.map((t) => Value.of(t));
    let total = 0;
    for (const v of values) total += v.data;
    return new Value(total, '', 'sum', values, values.map(() => 1));
  }

  /**
   * Every node this one depends on (itself included), each after all of its children.
   * Iterative depth-first search: a chain of 100,000 nodes would overflow the call stack with recursion.
   */
  topologicalOrder(): Value[] {
    const order: Value[] = [];
    const visited = new Set<Value>([this]);
    const nodes: Value[] = [this];
    const nextChild: number[] = [0];
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const node = nodes[top]!;
      const i = nextChild[top]!;
      if (i < node.children.length) {
        nextChild[top] = i + 1;
        const child = node.children[i]!;
        if (!visited.has(child)) {
          visited.add(child);
          nodes.push(child);
          nextChild.push(0);
        }
      } else {
        nodes.pop();
        nextChild.pop();
        order.push(node);
      }
    }
    return order;
  }

  /**
   * Fills `.grad` of every node this one depends on with ∂this/∂node, scaled by `gradient`
   * (the incoming dL/dthis, 1 by default). Gradients are reset first, so calling it twice gives
   * the same result rather than doubling it.
   */
  backward(gradient = 1): void {
    const order = this.topologicalOrder();
    for (const v of order) v.grad = 0;
    this.grad = gradient;
    for (let n = order.length - 1; n >= 0; n--) {
      const v = order[n]!;
      for (let i = 0; i < v.children.length; i++) v.children[i]!.grad += v.localGradients[i]! * v.grad;
    }
  }

  toString(): string {
    return `Value(${this.label === '' ? '' : `${this.label}, `}data=${this.data}, grad=${this.grad})`;
  }
}
