import type { Kernels } from './kernels.js';
import { jsKernels } from './js.js';

export type { Kernels } from './kernels.js';
export { jsKernels } from './js.js';

let active: Kernels = jsKernels;

/** The kernels every layer calls right now. */
export function kernels(): Kernels {
  return active;
}

/** Swaps the backend (for example to WebAssembly); returns the previous one so tests can restore it. */
export function setKernels(next: Kernels): Kernels {
  const previous = active;
  active = next;
  return previous;
}
