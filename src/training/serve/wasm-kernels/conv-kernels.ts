/**
 * The wasm backend's convolution gradient kernels: the filter gradient it lacks, a faster and
 * general input gradient in place of its scalar one, and the depthwise gradients it lacks.
 */
import type * as tf from '@tensorflow/tfjs';
import { CONV2D_BACKPROP_FILTER } from './conv-backprop-filter';
import { CONV2D_BACKPROP_INPUT } from './conv-backprop-input';
import { DEPTHWISE_BACKPROP_FILTER, DEPTHWISE_BACKPROP_INPUT } from './depthwise-backprop';

/** Every convolution gradient kernel registered for 'wasm'. */
export const CONV_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  CONV2D_BACKPROP_FILTER,
  CONV2D_BACKPROP_INPUT,
  DEPTHWISE_BACKPROP_FILTER,
  DEPTHWISE_BACKPROP_INPUT,
];
