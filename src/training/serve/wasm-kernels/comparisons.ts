/**
 * The wasm backend's comparisons and logical and/or (`Equal`, `NotEqual`, `Greater`,
 * `GreaterEqual`, `Less`, `LessEqual`, `LogicalAnd`, `LogicalOr`) as loops over the wasm heap. The
 * built-ins broadcast anything but a scalar through a per-element index decomposition, about 25×
 * slower than their same-shape case: 14 ms for a [64, 36, 32] against [64, 1, 32] `Equal`, which
 * the gradient of every max and min (global max pooling, `tf.max`) runs at every step. Equal shapes
 * and a rank-0 side still go to the built-in (when it was kept), which is faster there.
 *
 * Notation (every array flat, row-major):
 *   a, b     the inputs (same dtype), their shapes right-aligned and broadcast to
 *   y        [m₀, …, m_{r−1}], bool (one byte per element): y[j] = op(a[j_a], b[j_b])
 *   σᵃ_d     a's stride of axis d after right-aligning, 0 where a's size there is 1 (the same for b)
 *   The loop walks y's leading axes with a counter and its last axis with strides σᵃ_{r−1}, σᵇ_{r−1}.
 *   NaN compares as IEEE does: unequal to everything, itself included; logical ops read ≠ 0 as true.
 */
import * as tf from '@tensorflow/tfjs';
import { builtinKernel, wasmKernelConfig, type WasmKernelArgs } from './wasm-heap';

/** The kernels this module provides, in the order of their operation codes. */
export const COMPARISON_NAMES = ['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr'] as const;
export type ComparisonName = (typeof COMPARISON_NAMES)[number];

type BinaryInputs = { a: tf.TensorInfo; b: tf.TensorInfo };
type HeapArray = Float32Array | Int32Array | Uint8Array;

/** op(x, y) as 1 or 0; `op` is an index into COMPARISON_NAMES. */
function compare(op: number, x: number, y: number): number {
  switch (op) {
    case 0: return x === y ? 1 : 0;
    case 1: return x !== y ? 1 : 0;
    case 2: return x > y ? 1 : 0;
    case 3: return x >= y ? 1 : 0;
    case 4: return x < y ? 1 : 0;
    case 5: return x <= y ? 1 : 0;
    case 6: return x !== 0 && y !== 0 ? 1 : 0;
    default: return x !== 0 || y !== 0 ? 1 : 0;
  }
}

/** Strides of `shape` right-aligned to `outShape`, 0 on broadcast axes. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const r = outShape.length;
  const strides = new Array<number>(r).fill(0);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    strides[r - shape.length + d] = n === 1 ? 0 : stride;
    stride *= n;
  }
  return strides;
}

/** Fills `y` (of `outShape`) with op over a and b broadcast (see the notation above). */
function compareBroadcast(op: number, a: HeapArray, aShape: readonly number[], b: HeapArray, bShape: readonly number[], y: Uint8Array, outShape: readonly number[]): void {
  const r = outShape.length;
  if (r === 0) {
    y[0] = compare(op, a[0] as number, b[0] as number);
    return;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const inner = outShape[r - 1] as number;
  const ia = sa[r - 1] as number;
  const ib = sb[r - 1] as number;
  const counter = new Array<number>(r - 1).fill(0);
  const rows = y.length / inner;
  let atA = 0;
  let atB = 0;
  for (let row = 0, atY = 0; row < rows; row++) {
    for (let j = 0, pa = atA, pb = atB; j < inner; j++, pa += ia, pb += ib) y[atY++] = compare(op, a[pa] as number, b[pb] as number);
    // Advance the counter over the leading axes, carrying as an odometer does.
    for (let d = r - 2; d >= 0; d--) {
      atA += sa[d] as number;
      atB += sb[d] as number;
      if (++(counter[d] as number) < (outShape[d] as number)) break;
      atA -= (sa[d] as number) * (outShape[d] as number);
      atB -= (sb[d] as number) * (outShape[d] as number);
      counter[d] = 0;
    }
  }
}

function comparisonKernel(name: ComparisonName): tf.KernelConfig {
  const op = COMPARISON_NAMES.indexOf(name);
  const kernelFunc = ({ inputs, attrs, backend }: WasmKernelArgs<BinaryInputs, object>): tf.TensorInfo => {
    const { a, b } = inputs;
    const builtin = builtinKernel(name);
    // The built-in is fast only for equal shapes and a rank-0 side (a [1, 1, 1] side is as slow as any broadcast).
    const sameOrScalar = a.shape.join() === b.shape.join() || a.shape.length === 0 || b.shape.length === 0;
    if (builtin !== undefined && sameOrScalar) return builtin.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend }) as tf.TensorInfo;
    if (a.dtype !== b.dtype) throw new Error(`${name}: both inputs must have one dtype, got ${a.dtype} and ${b.dtype}`);
    if (a.dtype === 'string' || a.dtype === 'complex64') throw new Error(`${name} on wasm does not support ${a.dtype} tensors`);
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = backend.makeOutput(outShape, 'bool');
    if (tf.util.sizeFromShape(outShape) === 0) return out;
    // Views only now: makeOutput was the last allocation.
    const y = backend.typedArrayFromHeap(out) as Uint8Array;
    compareBroadcast(op, backend.typedArrayFromHeap(a) as HeapArray, a.shape, backend.typedArrayFromHeap(b) as HeapArray, b.shape, y, outShape);
    return out;
  };
  return wasmKernelConfig(name, kernelFunc);
}

/** Registration records: the eight comparisons and logical ops on 'wasm'. */
export const COMPARISON_KERNELS: readonly tf.KernelConfig[] = COMPARISON_NAMES.map(comparisonKernel);
