/**
 * Layout loops over the wasm heap that turn a convolution gradient into a forward convolution the
 * wasm backend runs through XNNPACK: a cropped [N, H, W, C] → [C, H', W', N] transpose, the flipped
 * (and for Conv2D transposed) filter, dy spread out with the stride's zeros and the pads, and a
 * filter gradient computed flipped put back in place.
 *
 * Notation (see conv-geometry.ts): x [N, H, W, C], w [KH, KW, C, M], dy [N, OH, OW, M],
 * strides sh, sw. All but the spread are one strided copy (copyToOutput: a negative stride flips an
 * axis). Every loop takes its heap views after its last allocation (see wasm-heap.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { heapView, zerosOutput, type BackendWasm } from './wasm-heap';

/** Four sizes or strides, outermost axis first. */
type Four = readonly [number, number, number, number];

/**
 * One pass over the heap that crops, transposes and (by a negative stride) flips: for every
 * (i₀, i₁, i₂, i₃) < dims, dst[Σ iₖ·dstStrides[k]] = src[srcOffset + Σ iₖ·srcStrides[k]].
 */
interface StridedCopy {
  readonly dims: Four;
  readonly srcOffset: number;
  readonly srcStrides: Four;
  readonly dstStrides: Four;
}

/** A new float32 output of `shape`, written from `input` by `copy` (views taken after the allocation). */
function copyToOutput(backend: BackendWasm, input: tf.TensorInfo, shape: Four, copy: StridedCopy): tf.TensorInfo {
  const out = backend.makeOutput([...shape], 'float32');
  const src = heapView(backend, input);
  const dst = heapView(backend, out);
  const [n0, n1, n2, n3] = copy.dims;
  const [s0, s1, s2, s3] = copy.srcStrides;
  const [d0, d1, d2, d3] = copy.dstStrides;
  const srcOffset = copy.srcOffset;
  for (let i0 = 0, from0 = srcOffset, to0 = 0; i0 < n0; i0++, from0 += s0, to0 += d0) {
    for (let i1 = 0, from1 = from0, to1 = to0; i1 < n1; i1++, from1 += s1, to1 += d1) {
      for (let i2 = 0, from = from1, to = to1; i2 < n2; i2++, from += s2, to += d2) {
        for (let i3 = 0; i3 < n3; i3++) dst[to + i3 * d3] = src[from + i3 * s3] as number;
      }
    }
  }
  return out;
}

/**
 * xT [C, rows, cols, N] with xT[c, h, w, n] = x[n, h, w, c], for h < rows ≤ H and w < cols ≤ W (the
 * rows and columns past them are dropped). Walks x in its own order (n, h, w, c).
 */
export function channelsToBatch(backend: BackendWasm, x: tf.TensorInfo, rows: number, cols: number): tf.TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  return copyToOutput(backend, x, [c, rows, cols, n], {
    dims: [n, rows, cols, c],
    srcOffset: 0,
    srcStrides: [h * w * c, w * c, c, 1],
    dstStrides: [1, cols * n, n, rows * cols * n],
  });
}

/**
 * w' [KH, KW, M, C] with w'[kh, kw, m, c] = w[KH−1−kh, KW−1−kw, c, m]: the input gradient's filter.
 */
export function flippedFilter(backend: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  return reversedTaps(backend, filter, true);
}

/**
 * D [N, rows, cols, M], zero but for D[n, i·sh + top, j·sw + left, m] = dy[n, i, j, m] wherever that
 * index lies inside D (entries that fall outside are never read by the convolution that follows).
 */
export function spreadGradient(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  rows: number,
  cols: number,
  strides: readonly [number, number],
  top: number,
  left: number,
): tf.TensorInfo {
  const [n, oh, ow, m] = dy.shape as [number, number, number, number];
  const [sh, sw] = strides;
  const out = zerosOutput(backend, [n, rows, cols, m]);
  const src = heapView(backend, dy);
  const dst = heapView(backend, out);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const r = i * sh + top;
      if (r < 0 || r >= rows) continue;
      for (let j = 0; j < ow; j++) {
        const q = j * sw + left;
        if (q < 0 || q >= cols) continue;
        const from = ((b * oh + i) * ow + j) * m;
        dst.set(src.subarray(from, from + m), ((b * rows + r) * cols + q) * m);
      }
    }
  }
  return out;
}

/**
 * dw [KH, KW, C, M] with dw[kh, kw, c, m] = r[m, KH−1−kh, KW−1−kw, c], from r [M, KH, KW, C].
 * Walks dw by (m, kh, kw, c).
 */
export function unflippedFilterGradient(backend: BackendWasm, reversed: tf.TensorInfo): tf.TensorInfo {
  const [m, kh, kw, c] = reversed.shape as [number, number, number, number];
  return copyToOutput(backend, reversed, [kh, kw, c, m], {
    dims: [m, kh, kw, c],
    srcOffset: ((kh - 1) * kw + (kw - 1)) * c,
    srcStrides: [kh * kw * c, -kw * c, -c, 1],
    dstStrides: [1, kw * c * m, c * m, m],
  });
}

/** w' with w'[kh, kw, …] = w[KH−1−kh, KW−1−kw, …]: the taps reversed, the channel axes kept. */
export function spatiallyFlippedFilter(backend: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  return reversedTaps(backend, filter, false);
}

/**
 * w [KH, KW, C, M] with its taps reversed: w'[kh, kw, c, m] = w[KH−1−kh, KW−1−kw, c, m], or with
 * `swapChannels` w' [KH, KW, M, C] with w'[kh, kw, m, c] = that. Walks w by (kh, kw, c, m).
 */
function reversedTaps(backend: BackendWasm, filter: tf.TensorInfo, swapChannels: boolean): tf.TensorInfo {
  const [kh, kw, c, m] = filter.shape as [number, number, number, number];
  return copyToOutput(backend, filter, swapChannels ? [kh, kw, m, c] : [kh, kw, c, m], {
    dims: [kh, kw, c, m],
    srcOffset: ((kh - 1) * kw + (kw - 1)) * c * m,
    srcStrides: [-kw * c * m, -c * m, m, 1],
    dstStrides: swapChannels ? [kw * m * c, m * c, 1, c] : [kw * c * m, c * m, m, 1],
  });
}
