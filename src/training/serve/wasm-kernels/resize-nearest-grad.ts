/**
 * `ResizeNearestNeighborGrad` for the wasm backend (the gradient of `upSampling2d` and of
 * `tf.image.resizeNearestNeighbor`). The built-in kernel returns wrong values; this one is the
 * exact adjoint of the forward resize: each output pixel's gradient goes back to the one source
 * pixel the forward pass copied it from, over the wasm heap in plain loops.
 *
 * Notation (NHWC, every array flat, row-major):
 *   images [B, H, W, C]   the forward pass's input (only its shape is read)
 *   dy     [B, OH, OW, C] the gradient of the resized output
 *   dx     [B, H, W, C]   the result
 *   ρ_h, ρ_w              size ratios H'/OH', W'/OW', where with alignCorners (and OH > 1) H' = H − 1,
 *                         OH' = OH − 1, else H' = H, OH' = OH (the same for widths)
 *   src(o)                min(H − 1, round or floor(ρ_h·(o + ½ if halfPixelCenters))), ≥ 0 with
 *                         halfPixelCenters: round with alignCorners, floor without (tfjs's forward rule)
 *   dx[b, src_h(oh), src_w(ow), c] += dy[b, oh, ow, c]
 */
import * as tf from '@tensorflow/tfjs';
import { heapView, wasmKernelConfig, zerosOutput, type WasmKernelArgs } from './wasm-heap';

type ResizeGradInputs = { images: tf.TensorInfo; dy: tf.TensorInfo };
type ResizeGradAttrs = { alignCorners: boolean; halfPixelCenters?: boolean };

/** For each output index 0 … outSize − 1, the source index the forward resize reads. */
export function nearestSources(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array {
  const aligned = alignCorners && outSize > 1;
  const ratio = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  return Int32Array.from({ length: outSize }, (_, o) => {
    const frac = halfPixelCenters ? ratio * (o + 0.5) : ratio * o;
    const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  });
}

/** The kernel function (exported for its test). */
export function resizeNearestNeighborGradWasm({ inputs, attrs, backend }: WasmKernelArgs<ResizeGradInputs, ResizeGradAttrs>): tf.TensorInfo {
  const { images, dy } = inputs;
  if (images.shape.length !== 4 || dy.shape.length !== 4) throw new Error(`ResizeNearestNeighborGrad expects rank-4 NHWC images and dy, got [${images.shape.join(', ')}] and [${dy.shape.join(', ')}]`);
  const [B, H, W, C] = images.shape as [number, number, number, number];
  const [dyB, OH, OW, dyC] = dy.shape as [number, number, number, number];
  if (dyB !== B || dyC !== C) throw new Error(`ResizeNearestNeighborGrad: dy [${dy.shape.join(', ')}] does not match images [${images.shape.join(', ')}] in batch or channels`);
  const rows = nearestSources(H, OH, attrs.alignCorners, attrs.halfPixelCenters === true);
  const cols = nearestSources(W, OW, attrs.alignCorners, attrs.halfPixelCenters === true);
  const dxInfo = zerosOutput(backend, images.shape);
  // Views only now: zerosOutput was the last allocation.
  const g = heapView(backend, dy);
  const dx = heapView(backend, dxInfo);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const rowBase = (b * H + (rows[oh] as number)) * W;
      for (let ow = 0; ow < OW; ow++) {
        const to = (rowBase + (cols[ow] as number)) * C;
        const from = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) dx[to + c] = (dx[to + c] as number) + (g[from + c] as number);
      }
    }
  }
  return dxInfo;
}

/** Registration record: ResizeNearestNeighborGrad on 'wasm'. */
export const RESIZE_NEAREST_NEIGHBOR_GRAD_KERNEL = wasmKernelConfig(tf.ResizeNearestNeighborGrad, resizeNearestNeighborGradWasm);
