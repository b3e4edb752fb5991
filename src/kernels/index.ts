import type { Kernels } from './kernels.js';
import { jsKernels } from './js.js';
import { wasmKernels } from './wasm.js';

export type { Kernels } from './kernels.js';
export { jsKernels } from './js.js';
export { wasmKernels } from './wasm.js';

let active: Kernels | undefined;

/**
 * The WebAssembly SIMD kernels where they load, else the TypeScript ones. In Node,
 * BACKPROP_KERNELS=js forces the TypeScript ones (read without importing node:process, so the
 * core still runs in browsers).
 */
function defaultKernels(): Kernels {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.BACKPROP_KERNELS === 'js') return jsKernels;
  return wasmKernels() ?? jsKernels;
}

/** The kernels every layer calls right now (chosen on first use). */
export function kernels(): Kernels {
  return (active ??= defaultKernels());
}

/** Swaps the backend (for example to jsKernels); returns the previous one so tests can restore it. */
export function setKernels(next: Kernels): Kernels {
  const previous = kernels();
  active = next;
  return previous;
}
