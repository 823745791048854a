/**
 * `UnsortedSegmentSum` for the wasm backend, which has none: the gradient of `gather` (and so of
 * the embedding layer) sums rows of dy into the rows they were gathered from. One pass over the
 * wasm heap: each row of x is added to the output row its segment id names.
 *
 * Notation (every array flat, row-major):
 *   ids  [N₀, …, N_{r−1}]          int32 segment ids, r = ids' rank (its shape is x's leading shape)
 *   x    [N₀, …, N_{r−1}, D₁, …]   the values; N = ∏ Nᵢ rows of D = ∏ Dⱼ values each
 *   S                              attrs.numSegments
 *   out  [S, D₁, …]                out[s, :] = Σ_{i : ids[i] = s} x[i, :]
 *   Ids outside [0, S) contribute nothing (as on tfjs's `cpu` backend and in TensorFlow).
 */
import * as tf from '@tensorflow/tfjs';
import { wasmKernelConfig, type WasmKernelArgs } from './wasm-heap';

type UnsortedSegmentSumInputs = { x: tf.TensorInfo; segmentIds: tf.TensorInfo };

/** The kernel function (exported for its test). */
export function unsortedSegmentSumWasm({ inputs, attrs, backend }: WasmKernelArgs<UnsortedSegmentSumInputs, tf.UnsortedSegmentSumAttrs>): tf.TensorInfo {
  const { x, segmentIds } = inputs;
  const S = attrs.numSegments;
  if (!Number.isInteger(S) || S < 0) throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${S}`);
  if (segmentIds.dtype !== 'int32') throw new Error(`UnsortedSegmentSum: segment ids must be int32, got ${segmentIds.dtype}`);
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum: x must be float32 or int32, got ${x.dtype}`);
  const r = segmentIds.shape.length;
  if (segmentIds.shape.some((n, i) => n !== x.shape[i])) {
    throw new Error(`UnsortedSegmentSum: segment ids of shape [${segmentIds.shape.join(', ')}] are not a leading part of x's shape [${x.shape.join(', ')}]`);
  }
  const rowShape = x.shape.slice(r);
  const N = tf.util.sizeFromShape(segmentIds.shape);
  const D = tf.util.sizeFromShape(rowShape);
  const outInfo = backend.makeOutput([S, ...rowShape], x.dtype);
  // Views only now: makeOutput was the last allocation.
  const out = backend.typedArrayFromHeap(outInfo) as Float32Array | Int32Array;
  const values = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  out.fill(0);
  for (let i = 0; i < N; i++) {
    const s = ids[i] as number;
    if (s < 0 || s >= S) continue;
    const from = i * D;
    const to = s * D;
    for (let j = 0; j < D; j++) out[to + j] = (out[to + j] as number) + (values[from + j] as number);
  }
  return outInfo;
}

/** Registration record: UnsortedSegmentSum on 'wasm'. */
export const UNSORTED_SEGMENT_SUM_KERNEL = wasmKernelConfig(tf.UnsortedSegmentSum, unsortedSegmentSumWasm);
