import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ShapeError } from '../src/errors.js';
import { Matrix } from '../src/matrix.js';
import { PALETTE, escapeXml, formatTicks, lighten, logTicks, makeAxis, niceStep, niceTicks } from '../src/plot/svg.js';
import { MAX_POINTS, downsample, lineChartSvg } from '../src/plot/line-chart.js';
import { decisionRegionsSvg } from '../src/plot/decision-regions.js';

/**
 * A small XML well-formedness check: tags balance and nest, attributes are name="value" with no
 * raw < or &, text holds no raw < or stray &, and there is a single <svg> root.
 */
function assertWellFormed(xml: string): void {
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
  const entity = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const stack: string[] = [];
  let roots = 0;
  let pos = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    const text = xml.slice(pos, m.index);
    assert.ok(!text.includes('<'), `malformed markup near: ${text.slice(0, 80)}`);
    assert.ok(!text.replace(entity, '').includes('&'), `raw & in text: ${text.slice(0, 80)}`);
    for (const [, value] of m[3]!.matchAll(/="([^"]*)"/g)) {
      assert.ok(!value!.includes('<') && !value!.replace(entity, '').includes('&'), `bad attribute value: ${value}`);
    }
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) {
      roots++;
    }
    pos = m.index + m[0].length;
  }
  assert.equal(xml.slice(pos).trim(), '', 'text after the root element');
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
  assert.ok(xml.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
}

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

test('niceStep picks 1, 2 or 5 times a power of ten, at least the rough step', () => {
  assert.equal(niceStep(0.13), 0.2);
  assert.equal(niceStep(0.2), 0.2);
  assert.equal(niceStep(3), 5);
  assert.equal(niceStep(7), 10);
  assert.equal(niceStep(1e-5), 1e-5);
});

test('niceTicks returns round multiples of a nice step inside the range', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.13, 0.87, 5), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(niceTicks(-4.9, 104.9, 8), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(0.1, 0.3, 4), [0.1, 0.15, 0.2, 0.25, 0.3]);
  // Epochs: integer ticks even over a short range.
  assert.deepEqual(niceTicks(0.8, 3.2, 8, true), [1, 2, 3]);
});

test('niceTicks property: evenly spaced 1-2-5 steps within [lo, hi], not too many', () => {
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 10 }), (lo, span, maxTicks) => {
      const hi = lo + span;
      const ticks = niceTicks(lo, hi, maxTicks);
      // Rounding ticks to their decimals may move them by a few ulps of the values themselves.
      const eps = span * 1e-9 + Math.abs(lo) * 1e-12;
      assert.ok(ticks.length >= 1 && ticks.length <= maxTicks + 1, `${ticks.length} ticks for maxTicks ${maxTicks}`);
      for (const t of ticks) assert.ok(t >= lo - eps && t <= hi + eps, `${t} outside [${lo}, ${hi}]`);
      if (ticks.length > 1) {
        const step = (ticks[ticks.length - 1]! - ticks[0]!) / (ticks.length - 1);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-6);
        assert.ok([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-4), `step ${step} is not 1, 2 or 5 × 10^k`);
        for (let i = 1; i < ticks.length; i++) assert.ok(Math.abs(ticks[i]! - ticks[i - 1]! - step) <= step * 1e-6 + eps);
      }
    }),
  );
});

test('logTicks uses powers of ten, adding 2 and 5 over short ranges', () => {
  assert.deepEqual(logTicks(0.001, 10, 8), [0.001, 0.01, 0.1, 1, 10]);
  assert.deepEqual(logTicks(0.04, 2.5, 8), [0.05, 0.1, 0.2, 0.5, 1, 2]);
  // 25 decades: every 5th power.
  assert.deepEqual(logTicks(1e-12, 1e12, 6), [1e-10, 1e-5, 1, 1e5, 1e10]);
});

test('formatTicks shares decimals across an axis and uses a real minus sign', () => {
  assert.deepEqual(formatTicks([0, 0.5, 1, 1.5], false), ['0.0', '0.5', '1.0', '1.5']);
  assert.deepEqual(formatTicks([-20, 0, 20], false), ['\u221220', '0', '20']);
  assert.deepEqual(formatTicks([0, 2e6, 4e6], false), ['0', '2e6', '4e6']);
  assert.deepEqual(formatTicks([0.001, 0.01, 0.1, 1e-6], true), ['0.001', '0.01', '0.1', '1e\u22126']);
});

test('makeAxis widens a zero-width range instead of dividing by zero', () => {
  const a = makeAxis(0.5, 0.5, { maxTicks: 5 });
  assert.ok(a.lo < 0.5 && a.hi > 0.5);
  assert.deepEqual(a.ticks, [0.46, 0.48, 0.5, 0.52, 0.54]);
  const z = makeAxis(0, 0, { maxTicks: 4 });
  assert.deepEqual([z.lo, z.hi], [-1, 1]);
});

test('escapeXml and lighten', () => {
  assert.equal(escapeXml(`a<b & "c" 'd'>`), 'a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
  assert.equal(lighten('#000000', 0.5), '#808080');
  assert.equal(lighten('#1f77b4', 0), '#1f77b4');
  assert.equal(lighten('#1f77b4', 1), '#ffffff');
  assert.throws(() => lighten('red', 0.5), { name: 'TypeError', message: 'lighten expects a #rrggbb colour, got red' });
});

test('lineChartSvg draws axes, ticks, one path per series, a legend and the title', () => {
  const epochs = Array.from({ length: 50 }, (_, i) => i + 1);
  const svg = lineChartSvg({
    title: 'Loss <train & val>', xLabel: 'epoch', yLabel: 'loss',
    series: [
      { name: 'training', x: epochs, y: epochs.map((e) => 1 / e) },
      { name: 'validation', x: epochs, y: epochs.map((e) => 1.2 / e), color: '#d62728' },
    ],
  });
  assertWellFormed(svg);
  assert.ok(svg.includes('>Loss &lt;train &amp; val&gt;</text>'));
  assert.ok(svg.includes('>epoch</text>') && svg.includes('>loss</text>'));
  assert.equal(count(svg, /<path d="M[^"]*" stroke="#1f77b4"\/>/g), 1);
  assert.equal(count(svg, /<path d="M[^"]*" stroke="#d62728"\/>/g), 1);
  assert.ok(svg.includes('>training</text>') && svg.includes('>validation</text>'));
  // x ticks at nice epoch numbers; y ticks at nice loss values.
  for (const t of ['0', '10', '20', '30', '40', '50']) assert.ok(svg.includes(`>${t}</text>`), `x tick ${t}`);
  for (const t of ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0', '1.2']) assert.ok(svg.includes(`>${t}</text>`), `y tick ${t}`);
  assert.ok(!svg.includes('NaN') && !svg.includes('Infinity'));
});

test('downsample keeps each bucket\'s min and max, so a long series stays under MAX_POINTS', () => {
  const n = 100_000;
  const y = new Float32Array(n).map((_, i) => Math.sin(i / 100));
  y[54_321] = 50; // a spike must survive
  const pts = downsample(undefined, y, false);
  assert.ok(pts.length / 2 <= MAX_POINTS, `${pts.length / 2} points`);
  const ys = pts.filter((_, i) => i % 2 === 1);
  assert.equal(Math.max(...ys), 50);
  assert.equal(pts[pts.indexOf(50) - 1], 54_321);
  // x stays in order.
  for (let i = 2; i < pts.length; i += 2) assert.ok(pts[i]! > pts[i - 2]!);
  // Short series are kept exactly.
  assert.deepEqual(downsample([1, 2, 3], [5, 6, 7], false), [1, 5, 2, 6, 3, 7]);

  const svg = lineChartSvg({ series: [{ name: 'loss', y }] });
  assertWellFormed(svg);
  assert.ok(svg.length < 40_000, `${svg.length} bytes`);
});

test('NaN and infinite points are skipped and break the line; isolated points become dots', () => {
  assert.deepEqual(downsample(undefined, [1, 2, NaN, 3, Infinity, 4, 5], false), [0, 1, 1, 2, NaN, NaN, 3, 3, NaN, NaN, 5, 4, 6, 5]);
  assert.deepEqual(downsample(undefined, [0.1, 0, -1, 1], true), [0, 0.1, NaN, NaN, 3, 1]);
  const svg = lineChartSvg({ series: [{ name: 'a', y: [1, 2, NaN, 3, Infinity, 4, 5] }] });
  assertWellFormed(svg);
  const d = /<path d="(M[^"]*)" stroke="#1f77b4"/.exec(svg)![1]!;
  assert.equal(count(d, /M/g), 2);
  assert.equal(count(svg, /<circle /g), 1); // the lone 3
  assert.ok(!svg.includes('NaN'));
});

test('a single point, constant values and an all-NaN series still give a valid chart', () => {
  for (const y of [[0.5], [2, 2, 2, 2], [0, 0], [NaN, NaN]]) {
    const svg = lineChartSvg({ series: [{ name: 's', y }] });
    assertWellFormed(svg);
    assert.ok(!svg.includes('NaN') && !svg.includes('Infinity'), `y = ${JSON.stringify(y)}`);
  }
  const one = lineChartSvg({ series: [{ name: 's', y: [0.5] }] });
  assert.equal(count(one, /<circle /g), 1);
  assert.ok(one.includes('>0.50</text>'));
});

test('logY puts losses on a log axis with power-of-ten ticks', () => {
  const y = Array.from({ length: 30 }, (_, i) => 10 ** (-i / 10));
  const svg = lineChartSvg({ series: [{ name: 'loss', y }], logY: true });
  assertWellFormed(svg);
  for (const t of ['0.001', '0.01', '0.1', '1']) assert.ok(svg.includes(`>${t}</text>`), `tick ${t}`);
});

test('lineChartSvg rejects empty and mismatched series', () => {
  assert.throws(() => lineChartSvg({ series: [] }), { name: 'RangeError', message: 'lineChartSvg: series is empty; give at least one { name, y }' });
  assert.throws(() => lineChartSvg({ series: [{ name: 'loss', y: [] }] }), { name: 'RangeError', message: 'lineChartSvg: series[0] ("loss") has no points' });
  assert.throws(() => lineChartSvg({ series: [{ name: 'loss', x: [1, 2], y: [1, 2, 3] }] }), (e: unknown) => e instanceof ShapeError && e.message === 'lineChartSvg: series[0] ("loss") has 2 x values and 3 y values');
  assert.throws(() => lineChartSvg({ series: 'loss' as never }), { name: 'TypeError', message: 'lineChartSvg: series must be an array of { name, y }, got string' });
  assert.throws(() => lineChartSvg({ series: [{ name: 'loss' } as never] }), { name: 'TypeError' });
  assert.throws(() => lineChartSvg({ series: [{ name: 'a', y: [1] }], width: 50 }), { name: 'RangeError', message: 'lineChartSvg: width must be a number ≥ 120, got 50' });
});

/** The regions group's rectangles in drawing order: [x, y, width, height, fill]. */
function regionRects(svg: string): { x: number; y: number; w: number; h: number; fill: string }[] {
  const start = svg.indexOf('<g class="regions"');
  const section = svg.slice(start, svg.indexOf('\n</g>', start));
  const rects: { x: number; y: number; w: number; h: number; fill: string }[] = [];
  let groupFill = '';
  for (const m of section.matchAll(/<g fill="([^"]+)">|<rect ([^>]*)\/>/g)) {
    if (m[1] !== undefined) {
      groupFill = m[1];
      continue;
    }
    const attr = (name: string): string | undefined => new RegExp(`\\b${name}="([^"]+)"`).exec(m[2]!)?.[1];
    rects.push({ x: Number(attr('x')), y: Number(attr('y')), w: Number(attr('width')), h: Number(attr('height')), fill: attr('fill') ?? groupFill });
  }
  return rects;
}

/** The colour a viewer sees at (px, py): the last rectangle drawn there. */
function colorAt(rects: ReturnType<typeof regionRects>, px: number, py: number): string | undefined {
  let fill: string | undefined;
  for (const r of rects) if (px >= r.x && px < r.x + r.w && py >= r.y && py < r.y + r.h) fill = r.fill;
  return fill;
}

const light = (c: number): string => lighten(PALETTE[c]!, 0.6);

test('decision regions: x > 0 splits the plane into exactly two rectangles at x = 0', () => {
  const X = Matrix.from([[-1, -1], [1, 1], [-1, 1], [1, -1]]);
  const y = Int32Array.from([0, 1, 0, 1]);
  let calls = 0;
  const svg = decisionRegionsSvg({
    X, y, resolution: 40,
    predict: (G) => {
      calls++;
      assert.equal(G.cols, 2);
      return Int32Array.from({ length: G.rows }, (_, i) => (G.data[2 * i]! > 0 ? 1 : 0));
    },
  });
  assertWellFormed(svg);
  assert.equal(calls, 1, 'one batched predict call');
  const rects = regionRects(svg);
  assert.equal(rects.length, 2);
  const [bg, right] = rects as [(typeof rects)[0], (typeof rects)[0]];
  assert.equal(bg.fill, light(0));
  assert.equal(right.fill, light(1));
  // The plane is symmetric around 0, so the class-1 rectangle is the right half of the frame.
  assert.ok(Math.abs(right.x - (bg.x + bg.w / 2)) <= 0.1);
  assert.ok(Math.abs(right.x + right.w - (bg.x + bg.w)) <= 0.1);
  assert.equal(right.y, bg.y);
  assert.ok(Math.abs(right.h - bg.h) <= 0.1);
  // Points in their true class colour with a dark outline, and a legend.
  assert.ok(svg.includes('<g stroke="#222222"'));
  assert.equal(count(svg, new RegExp(`<g fill="${PALETTE[0]}"><circle`, 'g')), 1);
  assert.ok(svg.includes('>class 0</text>') && svg.includes('>class 1</text>'));
});

test('decision regions colour every grid cell by the predicted class', () => {
  const X = Matrix.from([[-2, -1], [3, 2], [0.5, -0.4], [1, 1.5], [-1, 0.2]]);
  const y = Int32Array.from([0, 1, 2, 1, 0]);
  let grid: Matrix | undefined;
  let classes: Int32Array | undefined;
  // Three classes with slanted and curved boundaries, so runs vary from row to row.
  const predict = (G: Matrix): Int32Array => {
    grid = G;
    classes = Int32Array.from({ length: G.rows }, (_, i) => {
      const a = G.data[2 * i]!, b = G.data[2 * i + 1]!;
      return a * a + b * b < 1.5 ? 2 : a + 0.5 * b > 0.3 ? 1 : 0;
    });
    return classes;
  };
  const nx = 37;
  const svg = decisionRegionsSvg({ X, y, predict, resolution: nx, title: 'three classes' });
  assertWellFormed(svg);
  const rects = regionRects(svg);
  const frame = rects[0]!;
  const ny = grid!.rows / nx;
  assert.ok(Number.isInteger(ny));
  // The grid covers the data with a margin, row 0 at the top.
  assert.ok(grid!.get(0, 0) < -2 && grid!.get(nx - 1, 0) > 3);
  assert.ok(grid!.get(0, 1) > 2 && grid!.get((ny - 1) * nx, 1) < -1);
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      const px = frame.x + ((c + 0.5) * frame.w) / nx;
      const py = frame.y + ((r + 0.5) * frame.h) / ny;
      assert.equal(colorAt(rects, px, py), light(classes![r * nx + c]!), `cell (${r}, ${c})`);
    }
  }
  // Merging keeps the drawing much smaller than one rectangle per cell.
  assert.ok(rects.length < (nx * ny) / 10, `${rects.length} rectangles for ${nx * ny} cells`);
});

test('decision regions accept a matrix of scores (argmax) and plain arrays', () => {
  const X = [[0, 0], [1, 1], [2, 0]];
  const svg = decisionRegionsSvg({
    X, y: [0, 1, 2], resolution: 10,
    predict: (G) => new Matrix(G.rows, 3, Float32Array.from({ length: G.rows * 3 }, (_, k) => (k % 3 === 2 ? 1 : 0))),
  });
  assertWellFormed(svg);
  const rects = regionRects(svg);
  assert.equal(rects.length, 1);
  assert.equal(rects[0]!.fill, light(2));
});

test('decision regions for regression values: binned viridis regions and a colour bar', () => {
  const X = Matrix.from([[0, 0], [1, 0], [0, 1], [1, 1]]);
  const y = Float32Array.from([0, 0.5, 0.5, 1]);
  const svg = decisionRegionsSvg({ X, y, resolution: 30, predict: (G) => Float32Array.from({ length: G.rows }, (_, i) => (G.data[2 * i]! + G.data[2 * i + 1]!) / 2) });
  assertWellFormed(svg);
  for (const t of ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']) assert.ok(svg.includes(`>${t}</text>`), `colour bar label ${t}`);
  assert.ok(!svg.includes('>class 0</text>'));
  assert.ok(new Set(regionRects(svg).map((r) => r.fill)).size >= 5);
});

test('decision regions reject inputs that are not 2-D points', () => {
  const predict = (G: Matrix): Int32Array => new Int32Array(G.rows);
  assert.throws(() => decisionRegionsSvg({ X: Matrix.zeros(4, 3), y: new Int32Array(4), predict }), (e: unknown) => e instanceof ShapeError && e.message === 'decisionRegionsSvg: X (one point per row, two inputs) must be N×2, got 4×3');
  assert.throws(() => decisionRegionsSvg({ X: Matrix.zeros(4, 2), y: new Int32Array(3), predict }), (e: unknown) => e instanceof ShapeError && e.message === 'decisionRegionsSvg: y must have 4 values (one per point), got 3');
  assert.throws(() => decisionRegionsSvg({ X: Matrix.zeros(4, 2), y: new Int32Array(4), resolution: 10, predict: () => new Int32Array(5) }), (e: unknown) => e instanceof ShapeError && /predict\(grid\) must have \d+ values \(one per point\), got 5/.test(e.message));
  assert.throws(() => decisionRegionsSvg({ X: Matrix.zeros(4, 2), y: new Int32Array(4), resolution: 1, predict }), { name: 'RangeError', message: 'decisionRegionsSvg: resolution must be an integer in [2, 2000], got 1' });
  assert.throws(() => decisionRegionsSvg({ X: Matrix.from([[0, NaN]]), y: [0], predict }), { name: 'RangeError', message: 'decisionRegionsSvg: X row 0 is not finite: [0, NaN]' });
});
