/** The wasm backend's convolution gradient kernels (filled in by the convolution kernel work). */
import type * as tf from '@tensorflow/tfjs';

export const CONV_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [];
