/**
 * The module-wide generator every random consumer falls back to when given no `rng`, like
 * NumPy's global `np.random` state. It starts seeded with 0 (what `nnfs.init()` does), so runs
 * are reproducible by default.
 */
import { RandomState } from './random-state.js';

const shared = new RandomState(0);

/**
 * Re-seeds the global generator in place (like `np.random.seed(n)` / `nnfs.init()`), so that
 * anything already holding `globalRng()` sees the new stream too.
 *
 * @example
 * seed(0);
 * globalRng().rand(); // 0.5488135039273248
 */
export function seed(n = 0): void {
  shared.setState(new RandomState(n).getState());
}

/** The global generator (the same object for the whole process). */
export function globalRng(): RandomState {
  return shared;
}
