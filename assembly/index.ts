/**
 * The WebAssembly SIMD kernels (f32x4), compiled by scripts/build-wasm.mjs into
 * src/kernels/wasm-binary.ts and driven by src/kernels/wasm.ts. Every pointer is a byte address in
 * this module's memory; src/kernels/wasm.ts manages everything above heapBase().
 */
export { gemm, gemmWorkBytes } from './gemm';
export { addRowVector, sumColumns, relu, reluBackward } from './elementwise';
export { exp } from './exp';
export { softmaxRows, softmaxCrossEntropyBackward } from './softmax';
export { sgdUpdate, momentumUpdate, rmspropUpdate, adamUpdate } from './optimizers';

/** First 16-byte aligned address after the static data. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
