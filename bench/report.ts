/**
 * Turns the peers' raw results into the summary saved as bench/results.json, the text table printed
 * on stdout and bench/RESULTS.md. Every time is the median of a peer's runs; a time measured on part
 * of a workload is scaled to the whole one (marked "scaled"). Ratios are ours / theirs: our
 * WebAssembly path's time over the peer's, so 0.25 means we take a quarter of the peer's time.
 */
import type { PeerId } from './peers.js';
import { W1, W2_STEPS, W3_SHAPES, W3_VARIANTS, median, type Variant, type W1Result, type W2Result, type W3Result } from './workloads.js';

/** What the runner learned from one peer process. */
export interface Outcome<R> {
  peer: PeerId;
  label: string;
  result?: R;
  /** Why the peer could not run the workload. */
  error?: string;
  wallSeconds: number;
}

export interface Summary {
  date: string;
  command: string;
  quick: boolean;
  durationSeconds: number;
  environment: Record<string, unknown>;
  loadAverage: { start: number[]; end: number[] };
  w1: W1Row[] | { skipped: string };
  w2: W2Row[] | { skipped: string };
  w3: W3Row[] | { skipped: string };
  targets: Target[];
}

interface Row { peer: PeerId; label: string; error?: string; note?: string }
export interface W1Row extends Row { epochs?: number; seconds?: number[]; medianSeconds?: number; fullSeconds?: number; usPerEpoch?: number; scaled?: boolean; accuracy?: number; ratio?: number }
export interface W2Row extends Row { steps?: number; seconds?: number[]; medianSeconds?: number; epochSeconds?: number; scaled?: boolean; testAccuracy?: number; peakRssMB?: number; ratio?: number }
export interface W3Row extends Row { cases?: W3Result['cases'] }
export interface Target { workload: string; target: string; measured: string; met: boolean | null }

const OURS: PeerId = 'ours-wasm';

export function w1Rows(outcomes: Outcome<W1Result>[]): W1Row[] {
  const rows = outcomes.map((o): W1Row => {
    if (!o.result) return { peer: o.peer, label: o.label, error: o.error };
    const r = o.result;
    const m = median(r.seconds);
    return {
      peer: o.peer, label: o.label, epochs: r.epochs, seconds: r.seconds, medianSeconds: m, fullSeconds: (m * W1.epochs) / r.epochs,
      usPerEpoch: (m / r.epochs) * 1e6, scaled: r.epochs !== W1.epochs, accuracy: r.accuracy, note: r.note,
    };
  });
  const ours = rows.find((r) => r.peer === OURS)?.fullSeconds;
  for (const r of rows) if (ours !== undefined && r.fullSeconds !== undefined) r.ratio = ours / r.fullSeconds;
  return rows;
}

export function w2Rows(outcomes: Outcome<W2Result>[]): W2Row[] {
  const rows = outcomes.map((o): W2Row => {
    if (!o.result) return { peer: o.peer, label: o.label, error: o.error };
    const r = o.result;
    const m = median(r.seconds);
    return {
      peer: o.peer, label: o.label, steps: r.steps, seconds: r.seconds, medianSeconds: m, epochSeconds: (m * W2_STEPS) / r.steps,
      scaled: r.steps !== W2_STEPS, testAccuracy: r.testAccuracy ?? undefined, peakRssMB: r.peakRssMB, note: r.note,
    };
  });
  const ours = rows.find((r) => r.peer === OURS)?.epochSeconds;
  for (const r of rows) if (ours !== undefined && r.epochSeconds !== undefined) r.ratio = ours / r.epochSeconds;
  return rows;
}

export function w3Rows(outcomes: Outcome<W3Result>[]): W3Row[] {
  return outcomes.map((o) => (o.result ? { peer: o.peer, label: o.label, cases: o.result.cases, note: o.result.note } : { peer: o.peer, label: o.label, error: o.error }));
}

function gflopsOf(rows: W3Row[], peer: PeerId, [m, k, n]: [number, number, number], variant: Variant): number | undefined {
  return rows.find((r) => r.peer === peer)?.cases?.find((c) => c.m === m && c.k === k && c.n === n && c.variant === variant)?.gflops;
}

/** The issue's targets, checked against this run (null: not measured). */
export function targets(w1: W1Row[] | undefined, w2: W2Row[] | undefined, w3: W3Row[] | undefined): Target[] {
  const out: Target[] = [];
  const by = <R extends Row>(rows: R[] | undefined, peer: PeerId) => rows?.find((r) => r.peer === peer);
  const ratioTarget = (workload: string, target: string, ratio: number | undefined, limit: number) =>
    out.push({ workload, target, measured: ratio === undefined ? 'not measured' : `ours/theirs = ${fmt(ratio, 3)}`, met: ratio === undefined ? null : ratio <= limit });
  const numpyW1 = [by(w1, 'numpy-1t')?.ratio, by(w1, 'numpy-2t')?.ratio].filter((r): r is number => r !== undefined);
  ratioTarget('W1', 'at most 1/3 of NumPy\'s time (its faster thread count)', numpyW1.length ? Math.max(...numpyW1) : undefined, 1 / 3);
  ratioTarget('W1', 'at least 15× faster than TF.js WebAssembly', by(w1, 'tfjs-wasm')?.ratio, 1 / 15);
  ratioTarget('W2', 'no slower than NumPy with one OpenBLAS thread', by(w2, 'numpy-1t')?.ratio, 1);
  ratioTarget('W2', 'at least 10× faster than TF.js WebAssembly', by(w2, 'tfjs-wasm')?.ratio, 1 / 10);
  const ours2 = by(w2, OURS);
  const accs = (['numpy-1t', 'tfjs-wasm'] as PeerId[]).map((p) => by(w2, p)?.testAccuracy).filter((a): a is number => a !== undefined);
  const accDiff = ours2?.testAccuracy === undefined || accs.length === 0 ? undefined : Math.max(...accs.map((a) => Math.abs(a - ours2.testAccuracy!)));
  out.push({ workload: 'W2', target: 'the same test accuracy as NumPy and TF.js (within 0.01)', measured: accDiff === undefined ? 'not measured' : `ours ${fmt(ours2!.testAccuracy!, 4)}, largest difference ${fmt(accDiff, 4)}`, met: accDiff === undefined ? null : accDiff <= 0.01 });
  out.push({ workload: 'W2', target: 'peak memory under 600 MB', measured: ours2?.peakRssMB === undefined ? 'not measured' : `${fmt(ours2.peakRssMB, 0)} MB`, met: ours2?.peakRssMB === undefined ? null : ours2.peakRssMB < 600 });
  const worst = (shape: [number, number, number], peer: PeerId) => {
    const all = W3_VARIANTS.map((v) => gflopsOf(w3 ?? [], peer, shape, v));
    return all.every((g) => g !== undefined) ? Math.min(...(all as number[])) : undefined;
  };
  const gTarget = (target: string, shape: [number, number, number], limit: number, peer: PeerId) => {
    const g = worst(shape, peer);
    out.push({ workload: 'W3', target, measured: g === undefined ? 'not measured' : `${fmt(g, 1)} GFLOP/s (slowest of NN, TN, NT)`, met: g === undefined ? null : g >= limit });
  };
  gTarget('at least 40 GFLOP/s at 128×784×128 (one thread)', [128, 784, 128], 40, OURS);
  gTarget('at least 70 GFLOP/s at 1024³ (two threads)', [1024, 1024, 1024], 70, 'ours-wasm-2t');
  return out;
}

function fmt(x: number | undefined, digits: number): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A time in seconds with three significant digits. */
function secs(x: number | undefined): string {
  if (x === undefined) return '–';
  return x >= 100 ? fmt(x, 0) : x >= 10 ? fmt(x, 1) : x >= 1 ? fmt(x, 2) : fmt(x, 3);
}

/** align: one letter per column, l or r. */
type Table = { head: string[]; align: string; rows: string[][]; notes: string[] };

function w1Table(rows: W1Row[]): Table {
  const notes: string[] = [];
  const body = rows.map((r) => {
    if (r.error) return [r.label, 'cannot run: ' + r.error, '', '', '', '', ''];
    if (r.note) notes.push(`${r.label}: ${r.note}.`);
    const timed = r.scaled ? `${fmt(r.epochs, 0)} epochs, scaled` : `${fmt(r.epochs, 0)} epochs`;
    return [r.label, timed, secs(r.fullSeconds), fmt(r.usPerEpoch, 1), fmt(r.accuracy, 3), fmt(r.ratio, 3), `${r.seconds!.length}`];
  });
  return { head: ['peer', 'timed', 'seconds (10,001 epochs)', 'µs/epoch', 'accuracy', 'ours/theirs', 'runs'], align: 'llrrrrr', rows: body, notes };
}

function w2Table(rows: W2Row[]): Table {
  const notes: string[] = [];
  const body = rows.map((r) => {
    if (r.error) return [r.label, 'cannot run: ' + r.error, '', '', '', '', ''];
    if (r.note) notes.push(`${r.label}: ${r.note}.`);
    const timed = r.scaled ? `${fmt(r.steps, r.steps! % 1 ? 2 : 0)} of ${W2_STEPS} batches, scaled` : `${W2_STEPS} batches`;
    return [r.label, timed, secs(r.epochSeconds), r.testAccuracy === undefined ? '–' : fmt(r.testAccuracy, 4), fmt(r.peakRssMB, 0), fmt(r.ratio, 3), `${r.seconds!.length}`];
  });
  return { head: ['peer', 'timed', 'seconds (1 epoch)', 'test accuracy', 'peak RSS MB', 'ours/theirs', 'runs'], align: 'llrrrrr', rows: body, notes };
}

function w3Table(rows: W3Row[]): Table {
  const peers = rows.filter((r) => r.cases);
  const has = (p: PeerId) => peers.some((r) => r.peer === p);
  const versus = (['numpy-1t', 'numpy-2t', 'tfjs-wasm'] as PeerId[]).filter(has);
  const body: string[][] = [];
  for (const shape of W3_SHAPES) {
    for (const v of W3_VARIANTS) {
      const cells = peers.map((r) => fmt(gflopsOf(rows, r.peer, shape, v), 1));
      if (cells.every((c) => c === '–')) continue;
      const ours = gflopsOf(rows, OURS, shape, v);
      const ratios = versus.map((p) => {
        const theirs = gflopsOf(rows, p, shape, v);
        return ours === undefined || theirs === undefined ? '–' : fmt(theirs / ours, 3);
      });
      body.push([shape[0] === shape[1] && shape[1] === shape[2] ? `${shape[0]}³` : shape.join('×'), v, ...cells, ...ratios]);
    }
  }
  const notes = rows.filter((r) => r.error).map((r) => `${r.label}: cannot run: ${r.error}.`);
  const head = ['m×k×n', 'op', ...peers.map((r) => SHORT[r.peer]), ...versus.map((p) => `ours/${SHORT[p]}`)];
  return { head, align: 'll' + 'r'.repeat(head.length - 2), rows: body, notes: [`${peers.map((r) => `${SHORT[r.peer]} = ${r.label}`).join('; ')}.`, '– = not measured: 1024³ is skipped where one product takes seconds.', ...notes] };
}

const SHORT: Record<PeerId, string> = {
  'ours-wasm': 'ours wasm', 'ours-wasm-2t': 'ours wasm 2t', 'ours-js': 'ours TS', 'numpy-1t': 'NumPy 1t', 'numpy-2t': 'NumPy 2t', 'tfjs-wasm': 'TF.js wasm', 'tfjs-cpu': 'TF.js cpu', brain: 'brain.js',
};

function textTable({ head, align, rows }: Table): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable({ head, align, rows }: Table): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (align[i] === 'l' ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const TITLES = {
  w1: 'W1 · chapter-10 spiral: 300 samples, 2→64 ReLU→3 softmax-CE, Adam (lr 0.05, decay 5e-7), 10,001 full-batch epochs',
  w2: 'W2 · chapter-19 Fashion-MNIST: one epoch of 60,000 samples, 784→128→128→10, Adam (lr 0.001, decay 1e-3), batches of 128',
  w3: 'W3 · matrix product c = op(a)·op(b), GFLOP/s (2·m·k·n per call; ratios are times, ours/theirs)',
};

function sections(s: Summary): { title: string; table?: Table; skipped?: string }[] {
  const one = <R>(title: string, rows: R[] | { skipped: string }, table: (rows: R[]) => Table) =>
    Array.isArray(rows) ? { title, table: table(rows) } : { title, skipped: rows.skipped };
  return [one(TITLES.w1, s.w1, w1Table), one(TITLES.w2, s.w2, w2Table), one(TITLES.w3, s.w3, w3Table)];
}

function targetLines(s: Summary): string[] {
  return s.targets.map((t) => `${t.met === null ? '?' : t.met ? 'met' : 'NOT met'} · ${t.workload}: ${t.target} · ${t.measured}`);
}

function loadWarning(s: Summary): string | undefined {
  const worst = Math.max(s.loadAverage.start[0]!, s.loadAverage.end[0]!);
  return worst > 0.5 ? `Load average ${s.loadAverage.start[0]!.toFixed(2)} at the start, ${s.loadAverage.end[0]!.toFixed(2)} at the end: other processes used the CPU, so the figures are noisy.` : undefined;
}

export function textReport(s: Summary): string {
  const out: string[] = s.quick ? ['', 'QUICK SMOKE RUN: a few epochs and batches each, dominated by warm-up; not representative.'] : [];
  for (const sec of sections(s)) {
    out.push('', sec.title, '');
    if (sec.skipped) out.push(`skipped: ${sec.skipped}`);
    if (sec.table) out.push(textTable(sec.table), ...sec.table.notes.map((n) => `  ${n}`));
  }
  out.push('', 'Targets (issue #4)', ...targetLines(s).map((l) => `  ${l}`));
  const warning = loadWarning(s);
  if (warning) out.push('', warning);
  return out.join('\n');
}

export function markdownReport(s: Summary): string {
  const env = s.environment as { node?: string; cpu?: { model?: string }; cores?: number; numpy?: { numpy?: string; blas?: string; blasVersion?: string; kernel?: { corename?: string } | null } };
  const out = [
    `# Benchmark results${s.quick ? ' (quick smoke run: not representative)' : ''}`,
    '',
    `${s.date} · \`${s.command}\` · ${Math.round(s.durationSeconds)} s in all`,
    '',
    `Node ${env.node} · ${env.cpu?.model} (${env.cores} cores) · NumPy ${env.numpy?.numpy ?? '–'} on ${env.numpy?.blas ?? '–'} ${env.numpy?.blasVersion ?? ''} (kernel ${env.numpy?.kernel?.corename ?? 'unknown'}) · load average ${s.loadAverage.start.map((l) => l.toFixed(2)).join(' ')} at the start`,
    '',
    'Times are medians of the runs column; "scaled" times were measured on the part of the workload shown and scaled to the whole. ours/theirs is backprop (WebAssembly)\'s time over the peer\'s: below 1, we are faster. Every peer runs in its own process, one after another; the machine-readable figures, with every run, are in `bench/results.json`.',
  ];
  for (const sec of sections(s)) {
    out.push('', `## ${sec.title}`, '');
    if (sec.skipped) out.push(`Skipped: ${sec.skipped}`);
    if (sec.table) out.push(markdownTable(sec.table), ...(sec.table.notes.length ? ['', ...sec.table.notes.map((n) => `- ${n}`)] : []));
  }
  out.push('', '## Targets (issue #4)', '', ...targetLines(s).map((l) => `- ${l}`));
  const warning = loadWarning(s);
  if (warning) out.push('', `> ${warning}`);
  return out.join('\n') + '\n';
}
