/**
 * `AvgPoolGrad` for the wasm backend: spreads each output's gradient evenly over its window, over
 * the wasm heap in plain loops. The built-in kernel is correct but a scalar C++ loop that visits
 * every input element's candidate windows; this scatter is faster on the pool shapes models use.
 * As on tfjs's `cpu` backend, the divisor is the full window FH·FW, padding included.
 *
 * Notation (NHWC, every array flat, row-major):
 *   dy  [B, OH, OW, C]   the gradient of the pooled output
 *   dx  [B, H, W, C]     the result (the pooling's input shape, `inputs.input`)
 *   FH, FW, SH, SW       window size and strides; padTop, padLeft from tfjs's pooling geometry
 *                        (read by pool-geometry.ts, which clips each window to the input)
 *   window (oh, ow)      rows oh·SH − padTop … + FH − 1 and columns ow·SW − padLeft … + FW − 1,
 *                        clipped to the input
 *   dx[b, r, q, c] += dy[b, oh, ow, c] / (FH·FW)  for every (r, q) in window (oh, ow)
 */
import * as tf from '@tensorflow/tfjs';
import { poolGradientGeometry } from './pool-geometry';
import { heapView, wasmKernelConfig, zerosOutput, type WasmKernelArgs } from './wasm-heap';

type AvgPoolGradInputs = { dy: tf.TensorInfo; input: tf.TensorInfo };

/** The kernel function (exported for its test). */
export function avgPoolGradWasm({ inputs, attrs, backend }: WasmKernelArgs<AvgPoolGradInputs, tf.AvgPoolGradAttrs>): tf.TensorInfo {
  const { dy, input } = inputs;
  const { B, H, W, C, OH, OW, FH, FW, rowStart, rowEnd, colStart, colEnd } = poolGradientGeometry('AvgPoolGrad', input, dy, attrs);
  const dxInfo = zerosOutput(backend, input.shape);
  // Views only now: zerosOutput was the last allocation.
  const g = heapView(backend, dy);
  const dx = heapView(backend, dxInfo);
  const share = new Float32Array(C);
  const perElement = 1 / (FH * FW);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = rowStart[oh] as number;
      const r1 = rowEnd[oh] as number;
      for (let ow = 0; ow < OW; ow++) {
        const c0 = colStart[ow] as number;
        const c1 = colEnd[ow] as number;
        const dyBase = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) share[c] = (g[dyBase + c] as number) * perElement;
        for (let r = r0; r < r1; r++) {
          for (let col = c0; col < c1; col++) {
            const base = ((b * H + r) * W + col) * C;
            for (let c = 0; c < C; c++) dx[base + c] = (dx[base + c] as number) + (share[c] as number);
          }
        }
      }
    }
  }
  return dxInfo;
}

/** Registration record: AvgPoolGrad on 'wasm'. */
export const AVG_POOL_GRAD_KERNEL = wasmKernelConfig(tf.AvgPoolGrad, avgPoolGradWasm);
