/**
 * The wasm backend's gradient kernels outside the convolution family, each a loop over the heap:
 * max-pool's and average-pool's gradients (replacing the built-ins: the first is wrong for windows
 * whose maximum is ≤ 0, both are slower), nearest-neighbour resize's gradient (replacing the
 * built-in, which is wrong; `upSampling2d` needs it), the segment sum that gather's gradient,
 * and so the embedding layer, needs (missing), and `Tile` and the comparisons (replacing the
 * built-ins, pathologically slow where the batch-norm gradient broadcasts its scale and where max's
 * gradient compares x with its broadcast maximum).
 */
import type * as tf from '@tensorflow/tfjs';
import { AVG_POOL_GRAD_KERNEL } from './avg-pool-grad';
import { COMPARISON_KERNELS } from './comparisons';
import { MAX_POOL_GRAD_KERNEL } from './max-pool-grad';
import { RESIZE_NEAREST_NEIGHBOR_GRAD_KERNEL } from './resize-nearest-grad';
import { TILE_KERNEL } from './tile';
import { UNSORTED_SEGMENT_SUM_KERNEL } from './unsorted-segment-sum';

export const POOL_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  MAX_POOL_GRAD_KERNEL,
  AVG_POOL_GRAD_KERNEL,
  RESIZE_NEAREST_NEIGHBOR_GRAD_KERNEL,
  UNSORTED_SEGMENT_SUM_KERNEL,
  TILE_KERNEL,
  ...COMPARISON_KERNELS,
];
