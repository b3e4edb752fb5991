/**
 * The WebAssembly SIMD kernels (f32x4), compiled by scripts/build-wasm.mjs into
 * src/kernels/wasm-binary.ts and driven by src/kernels/wasm.ts. Every pointer is a byte address in
 * this module's memory; the JavaScript side copies operands into the scratch area that starts at
 * scratchStart() and copies results out.
 */
export { gemm } from './gemm';
export { addRowVector, sumColumns, relu, reluBackward } from './elementwise';
export { exp } from './exp';
export { softmaxRows, softmaxCrossEntropyBackward } from './softmax';

/** First 16-byte aligned address after the static data (the packing buffers of gemm). */
export function scratchStart(): usize {
  return (__heap_base + 15) & ~15;
}
