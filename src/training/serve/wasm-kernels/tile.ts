/**
 * `Tile` for the wasm backend: the built-in kernel walks every output element through an index
 * decomposition (about 27 ms to tile a [1, 1, 1, 8] batch-norm scale to [64, 28, 28, 8], which the
 * batch-norm gradient does for every batch-normed layer at every step). This one copies whole
 * blocks on the wasm heap: `set` for the innermost rows, then `copyWithin` doubling for each
 * repetition of an outer axis.
 *
 * Notation (every array flat, row-major):
 *   x    [n₀, …, n_{r−1}]          the input
 *   reps [k₀, …, k_{r−1}]          repetitions per axis
 *   y    [n₀·k₀, …, n_{r−1}·k_{r−1}] the output, y[j₀, …] = x[j₀ mod n₀, …]
 *   s_d  ∏_{e>d} n_e·k_e           y's stride of axis d
 *   On axis d, y holds k_d consecutive copies of one block of n_d·s_d elements: the block is
 *   written once (recursively, from x) and then copied k_d − 1 times.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmKernelConfig, type WasmKernelArgs } from './wasm-heap';

type TileInputs = { x: tf.TensorInfo };
type HeapArray = Float32Array | Int32Array | Uint8Array;

/** Copies `[from, from + length)` of `y` to the `copies − 1` blocks after it, doubling each time. */
function repeatBlock(y: HeapArray, from: number, length: number, copies: number): void {
  let done = 1;
  while (done < copies) {
    const now = Math.min(done, copies - done);
    y.copyWithin(from + done * length, from, from + now * length);
    done += now;
  }
}

/** Writes one tiling of x's axes d… at x offset `xAt` into y at `yAt`. */
function tileAxis(x: HeapArray, y: HeapArray, shape: readonly number[], reps: readonly number[], xStrides: readonly number[], yStrides: readonly number[], d: number, xAt: number, yAt: number): void {
  const n = shape[d] as number;
  const k = reps[d] as number;
  if (d === shape.length - 1) {
    if (n === 1) y.fill(x[xAt] as number, yAt, yAt + k);
    else {
      y.set(x.subarray(xAt, xAt + n), yAt);
      repeatBlock(y, yAt, n, k);
    }
    return;
  }
  const xStride = xStrides[d] as number;
  const yStride = yStrides[d] as number;
  for (let i = 0; i < n; i++) tileAxis(x, y, shape, reps, xStrides, yStrides, d + 1, xAt + i * xStride, yAt + i * yStride);
  repeatBlock(y, yAt, n * yStride, k);
}

/** The kernel function (exported for its test). */
export function tileWasm({ inputs, attrs, backend }: WasmKernelArgs<TileInputs, tf.TileAttrs>): tf.TensorInfo {
  const { x } = inputs;
  const reps = attrs.reps;
  if (reps.length !== x.shape.length) throw new Error(`Tile: reps [${reps.join(', ')}] must have one entry per axis of x [${x.shape.join(', ')}]`);
  if (reps.some((k) => !Number.isInteger(k) || k < 0)) throw new Error(`Tile: reps must be non-negative integers, got [${reps.join(', ')}]`);
  if (x.dtype === 'string' || x.dtype === 'complex64') throw new Error(`Tile on wasm does not support ${x.dtype} tensors`);
  const outShape = x.shape.map((n, d) => n * (reps[d] as number));
  const outInfo = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return outInfo;
  if (x.shape.length === 0) {
    (backend.typedArrayFromHeap(outInfo) as HeapArray).set(backend.typedArrayFromHeap(x) as HeapArray);
    return outInfo;
  }
  // Views only now: makeOutput was the last allocation.
  const xs = backend.typedArrayFromHeap(x) as HeapArray;
  const ys = backend.typedArrayFromHeap(outInfo) as HeapArray;
  tileAxis(xs, ys, x.shape, reps, tf.util.computeStrides(x.shape), tf.util.computeStrides(outShape), 0, 0, 0);
  return outInfo;
}

/** Registration record: Tile on 'wasm'. */
export const TILE_KERNEL = wasmKernelConfig(tf.Tile, tileWasm);
