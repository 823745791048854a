/**
 * Layout loops over the wasm heap that turn a convolution gradient into a forward convolution the
 * wasm backend runs through XNNPACK: a cropped [N, H, W, C] → [C, H', W', N] transpose, the flipped
 * (and for Conv2D transposed) filter, dy spread out with the stride's zeros and the pads, and a
 * filter gradient computed flipped put back in place.
 *
 * Notation (see conv-geometry.ts): x [N, H, W, C], w [KH, KW, C, M], dy [N, OH, OW, M],
 * strides sh, sw. Every loop takes its heap views after its last allocation (see wasm-heap.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { heapView, zerosOutput, type BackendWasm } from './wasm-heap';

/**
 * xT [C, rows, cols, N] with xT[c, h, w, n] = x[n, h, w, c], for h < rows ≤ H and w < cols ≤ W (the
 * rows and columns past them are dropped).
 */
export function channelsToBatch(backend: BackendWasm, x: tf.TensorInfo, rows: number, cols: number): tf.TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const out = backend.makeOutput([c, rows, cols, n], 'float32');
  const src = heapView(backend, x);
  const dst = heapView(backend, out);
  const planeStride = rows * cols * n;
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < cols; q++) {
        const from = ((b * h + r) * w + q) * c;
        const to = (r * cols + q) * n + b;
        for (let ch = 0; ch < c; ch++) dst[to + ch * planeStride] = src[from + ch] as number;
      }
    }
  }
  return out;
}

/** w' [KH, KW, M, C] with w'[kh, kw, m, c] = w[KH−1−kh, KW−1−kw, c, m]: the input gradient's filter. */
export function flippedFilter(backend: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  const [kh, kw, c, m] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, m, c], 'float32');
  const src = heapView(backend, filter);
  const dst = heapView(backend, out);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * c * m;
      const to = (i * kw + j) * m * c;
      for (let ch = 0; ch < c; ch++) for (let o = 0; o < m; o++) dst[to + o * c + ch] = src[from + ch * m + o] as number;
    }
  }
  return out;
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

/** dw [KH, KW, C, M] with dw[kh, kw, c, m] = r[m, KH−1−kh, KW−1−kw, c], from r [M, KH, KW, C]. */
export function unflippedFilterGradient(backend: BackendWasm, reversed: tf.TensorInfo): tf.TensorInfo {
  const [m, kh, kw, c] = reversed.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, c, m], 'float32');
  const src = heapView(backend, reversed);
  const dst = heapView(backend, out);
  for (let o = 0; o < m; o++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const from = ((o * kh + (kh - 1 - i)) * kw + (kw - 1 - j)) * c;
        const to = (i * kw + j) * c * m + o;
        for (let ch = 0; ch < c; ch++) dst[to + ch * m] = src[from + ch] as number;
      }
    }
  }
  return out;
}

/** w' with w'[kh, kw, …] = w[KH−1−kh, KW−1−kw, …]: the taps reversed, the channel axes kept. */
export function spatiallyFlippedFilter(backend: BackendWasm, filter: tf.TensorInfo): tf.TensorInfo {
  const [kh, kw, c, q] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, c, q], 'float32');
  const src = heapView(backend, filter);
  const dst = heapView(backend, out);
  const block = c * q;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * block;
      dst.set(src.subarray(from, from + block), (i * kw + j) * block);
    }
  }
  return out;
}
