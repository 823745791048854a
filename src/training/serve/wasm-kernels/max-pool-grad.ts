/**
 * `MaxPoolGrad` for the wasm backend: routes each output's gradient to the first maximum of its
 * window, over the wasm heap in plain loops. It replaces the built-in kernel, which drops the
 * gradient of windows whose maximum is ≤ 0 and is slower. Ties break as on tfjs's `cpu` backend:
 * the first maximum in row-major window order wins; NaN inputs are never a maximum, and a window
 * with no finite-comparable maximum (all NaN) passes no gradient.
 *
 * Notation (NHWC, every array flat, row-major):
 *   x   [B, H, W, C]     the pooling's input (`inputs.input`)
 *   dy  [B, OH, OW, C]   the gradient of the pooled output
 *   dx  [B, H, W, C]     the result, zero where no window picked the element
 *   FH, FW, SH, SW       window size and strides; padTop, padLeft from tfjs's pooling geometry
 *                        (read by pool-geometry.ts, which clips each window to the input)
 *   window (oh, ow)      rows oh·SH − padTop … + FH − 1 and columns ow·SW − padLeft … + FW − 1,
 *                        clipped to the input (padding is never a maximum)
 *   dx[b, argmax_window(x[b, ·, ·, c]), c] += dy[b, oh, ow, c]  for every window and channel
 */
import * as tf from '@tensorflow/tfjs';
import { poolGradientGeometry } from './pool-geometry';
import { heapView, wasmKernelConfig, zerosOutput, type WasmKernelArgs } from './wasm-heap';

type MaxPoolGradInputs = { dy: tf.TensorInfo; input: tf.TensorInfo; output?: tf.TensorInfo };

/** The kernel function (exported for its test). */
export function maxPoolGradWasm({ inputs, attrs, backend }: WasmKernelArgs<MaxPoolGradInputs, tf.MaxPoolGradAttrs>): tf.TensorInfo {
  const { dy, input } = inputs;
  const { B, H, W, C, OH, OW, rowStart, rowEnd, colStart, colEnd } = poolGradientGeometry('MaxPoolGrad', input, dy, attrs);
  const dxInfo = zerosOutput(backend, input.shape);
  // Views only now: zerosOutput was the last allocation.
  const x = heapView(backend, input);
  const g = heapView(backend, dy);
  const dx = heapView(backend, dxInfo);
  const rowStride = W * C;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = rowStart[oh] as number;
      const r1 = rowEnd[oh] as number;
      for (let ow = 0; ow < OW; ow++) {
        const c0 = colStart[ow] as number;
        const c1 = colEnd[ow] as number;
        const windowStart = ((b * H + r0) * W + c0) * C;
        const dyBase = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let bestAt = -1;
          for (let r = r0, rowAt = windowStart + c; r < r1; r++, rowAt += rowStride) {
            for (let col = c0, at = rowAt; col < c1; col++, at += C) {
              const v = x[at] as number;
              if (v > best) {
                best = v;
                bestAt = at;
              }
            }
          }
          if (bestAt >= 0) dx[bestAt] = (dx[bestAt] as number) + (g[dyBase + c] as number);
        }
      }
    }
  }
  return dxInfo;
}

/** Registration record: MaxPoolGrad on 'wasm'. */
export const MAX_POOL_GRAD_KERNEL = wasmKernelConfig(tf.MaxPoolGrad, maxPoolGradWasm);
