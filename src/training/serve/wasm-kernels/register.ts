/**
 * Registers the training kernels that tfjs's wasm backend lacks (convolution filter gradients,
 * depthwise gradients, segment sums) or computes slowly or wrongly (its scalar convolution input
 * gradient, its max-pool gradient that drops windows whose max is ≤ 0, its scalar loop for
 * transposed matrix products). A built-in kernel of the
 * same name is unregistered first (and kept, for replacements that hand it the cases it does well).
 * Call after `tf.setBackend('wasm')` resolved true; calling again does nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { MAT_MUL_KERNELS } from './batch-mat-mul';
import { CONV_GRADIENT_KERNELS } from './conv-kernels';
import { POOL_GRADIENT_KERNELS } from './pool-kernels';
import { keepBuiltinKernel } from './wasm-heap';

/** Every kernel this module registers for 'wasm', conv family first. */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [...CONV_GRADIENT_KERNELS, ...POOL_GRADIENT_KERNELS, ...MAT_MUL_KERNELS];

let registered = false;

/** Registers WASM_TRAINING_KERNELS once per tfjs instance, replacing any built-in of the same name. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const config of WASM_TRAINING_KERNELS) {
    if (config.backendName !== 'wasm') throw new Error(`training kernel ${config.kernelName} is for '${config.backendName}', not 'wasm'`);
    const builtin = tf.getKernel(config.kernelName, 'wasm');
    if (builtin !== undefined) {
      keepBuiltinKernel(builtin);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
  }
  registered = true;
}
