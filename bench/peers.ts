/**
 * Who is measured and how much of each workload each peer runs. A peer whose full W1 or W2 would
 * take minutes times a fixed part of it (`epochs` < 10,001, `steps` < 469) and the runner scales
 * the time up, saying so in the table. The full plan keeps the whole `npm run bench` near 6 minutes
 * on the 2-core machine it was written on; `--quick` (a smoke test) near one.
 */
import { W1, W2_STEPS } from './workloads.js';

export type PeerId = 'ours-wasm' | 'ours-wasm-2t' | 'ours-js' | 'numpy-1t' | 'numpy-2t' | 'tfjs-wasm' | 'tfjs-cpu' | 'brain';

export interface Plan {
  w1: { epochs: number; reps: number };
  w2: { steps: number; reps: number };
  /** W3 cases are skipped (null) for a peer with no matrix product; big: whether 1024³ runs. */
  w3: { sampleMs: number; samples: number; big: boolean } | null;
}

export interface Peer {
  id: PeerId;
  label: string;
  /** The program and its arguments before the spec; the spec JSON and `extra` follow. */
  command: string;
  args: string[];
  extra: string[];
  env?: Record<string, string | undefined>;
  /** A package path (relative to bench/node_modules) the peer needs installed. */
  needs?: string;
  full: Plan;
  quick: Plan;
}

const tsx = (file: string) => ['--import', 'tsx', `bench/${file}`];
const w3 = { sampleMs: 30, samples: 5, big: true };
const w3Quick = { sampleMs: 10, samples: 3, big: false };

/** OpenBLAS with `threads` threads, without the two settings that slow current OpenBLAS down. */
const openblas = (threads: number) => ({ OPENBLAS_NUM_THREADS: String(threads), OPENBLAS_CORETYPE: undefined, OPENBLAS_L2_SIZE: undefined });

export const PEERS: Peer[] = [
  {
    id: 'ours-wasm', label: 'backprop (WebAssembly)', command: process.execPath, args: tsx('ours.ts'), extra: ['wasm'],
    full: { w1: { epochs: W1.epochs, reps: 5 }, w2: { steps: W2_STEPS, reps: 5 }, w3 },
    quick: { w1: { epochs: 200, reps: 3 }, w2: { steps: 5, reps: 1 }, w3: w3Quick },
  },
  {
    // The Node.js entry's default: products of at least 2²¹ multiply-adds split over two threads.
    id: 'ours-wasm-2t', label: 'backprop (WebAssembly, 2 threads)', command: process.execPath, args: tsx('ours.ts'), extra: ['wasm', '2'],
    full: { w1: { epochs: W1.epochs, reps: 3 }, w2: { steps: W2_STEPS, reps: 5 }, w3 },
    quick: { w1: { epochs: 200, reps: 1 }, w2: { steps: 5, reps: 1 }, w3: w3Quick },
  },
  {
    id: 'ours-js', label: 'backprop (plain TypeScript)', command: process.execPath, args: tsx('ours.ts'), extra: ['js'],
    full: { w1: { epochs: W1.epochs, reps: 3 }, w2: { steps: 40, reps: 3 }, w3: { ...w3, big: false } },
    quick: { w1: { epochs: 100, reps: 1 }, w2: { steps: 2, reps: 1 }, w3: w3Quick },
  },
  ...[1, 2].map((threads): Peer => ({
    id: threads === 1 ? 'numpy-1t' : 'numpy-2t', label: `NumPy, ${threads} OpenBLAS thread${threads === 1 ? '' : 's'}`,
    command: 'python3', args: ['bench/numpy_bench.py'], extra: [], env: openblas(threads),
    full: { w1: { epochs: W1.epochs, reps: 5 }, w2: { steps: W2_STEPS, reps: 5 }, w3 },
    quick: { w1: { epochs: 200, reps: 3 }, w2: { steps: 5, reps: 1 }, w3: w3Quick },
  })),
  {
    id: 'tfjs-wasm', label: 'TF.js 4.22 WebAssembly', command: process.execPath, args: tsx('tfjs.ts'), extra: ['wasm'], needs: '@tensorflow/tfjs-backend-wasm',
    full: { w1: { epochs: 1000, reps: 3 }, w2: { steps: W2_STEPS, reps: 3 }, w3: { ...w3, samples: 3 } },
    quick: { w1: { epochs: 50, reps: 1 }, w2: { steps: 3, reps: 1 }, w3: w3Quick },
  },
  {
    id: 'tfjs-cpu', label: 'TF.js 4.22 CPU', command: process.execPath, args: tsx('tfjs.ts'), extra: ['cpu'], needs: '@tensorflow/tfjs',
    full: { w1: { epochs: 300, reps: 3 }, w2: { steps: 10, reps: 3 }, w3: { ...w3, big: false } },
    quick: { w1: { epochs: 20, reps: 1 }, w2: { steps: 1, reps: 1 }, w3: w3Quick },
  },
  {
    id: 'brain', label: 'brain.js 1.6.1', command: process.execPath, args: tsx('brain.ts'), extra: [], needs: 'brain.js',
    full: { w1: { epochs: 50, reps: 3 }, w2: { steps: 1, reps: 3 }, w3: null },
    quick: { w1: { epochs: 5, reps: 1 }, w2: { steps: 1, reps: 1 }, w3: null },
  },
];
