/** The wasm backend's pooling and segment gradient kernels (filled in by the pooling kernel work). */
import type * as tf from '@tensorflow/tfjs';

export const POOL_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [];
