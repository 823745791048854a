/**
 * `Conv2DBackpropFilter` for the wasm backend (it has none): the filter gradient of a 2-D
 * convolution, computed as one forward convolution over transposed tensors, which XNNPACK runs.
 *
 * Notation (see conv-geometry.ts): x [N, H, W, C], dy [N, OH, OW, M], the filter gradient
 * dw [KH, KW, C, M], strides sh, sw, pads pt, pl (dilation 1: tfjs has no dilated conv gradients).
 *
 *   dw[kh, kw, c, m] = Σ_{n, oh, ow} x[n, oh·sh + kh − pt, ow·sw + kw − pl, c] · dy[n, oh, ow, m]
 *
 * Read with the batch n as the channel being summed, that is a forward convolution:
 *   xT [C, H', W', N]   xT[c, h, w, n] = x[n, h, w, c]        (the "image", one per input channel)
 *   dyT [OH, OW, N, M]  dyT[oh, ow, n, m] = dy[n, oh, ow, m]  (the "filter", N in, M out)
 *   out [C, KH, KW, M] = conv(xT, dyT, stride 1, dilation (sh, sw), pads top pt, left pl,
 *                             bottom KH + (OH−1)·sh − H − pt, right KW + (OW−1)·sw − W − pl)
 *   dw = out transposed to [KH, KW, C, M]
 * A negative bottom (right) pad means the last rows (columns) of x never meet dy: they are cropped
 * (H' = H + that pad) instead.
 *
 * XNNPACK packs a convolution's filter on every call, and here the "filter" is a whole gradient, so
 * its size sets much of the cost. With stride 1 and C < M the smaller x can be the filter instead,
 * with the taps read back flipped (chosen for C ≥ 8: with fewer output channels the convolution's
 * vector lanes sit mostly idle):
 *   dyR [M, OH, OW, N]  dyR[m, oh, ow, n] = dy[n, oh, ow, m]   (the "image", one per output channel)
 *   xR  [H, W, N, C]    xR[h, w, n, c] = x[n, h, w, c]         (the "filter", N in, C out)
 *   r [M, KH, KW, C] = conv(dyR, xR, stride 1, pads top KH−1−pt, bottom H−OH+pt,
 *                           left KW−1−pl, right W−OW+pl)
 *   dw[kh, kw, c, m] = r[m, KH−1−kh, KW−1−kw, c]
 */
import type * as tf from '@tensorflow/tfjs';
import { explicitPad, gradientGeometry, type ConvGradientAttrs } from './conv-geometry';
import { channelsToBatch, unflippedFilterGradient } from './conv-layout';
import { free, runWasmKernel, wasmKernelConfig, type BackendWasm, type WasmKernelArgs } from './wasm-heap';

/** Conv2DBackpropFilter's attrs (as tfjs-core passes them). */
export interface Conv2DBackpropFilterAttrs extends ConvGradientAttrs {
  readonly filterShape: [number, number, number, number];
}

const KERNEL_NAME = 'Conv2DBackpropFilter';

/** The fewest input channels for which the reversed convolution (x as the filter) is used. */
const REVERSED_MIN_CHANNELS = 8;

/** dw [KH, KW, C, M] from x and dy (see the module notation). */
export function conv2dBackpropFilter(args: WasmKernelArgs<{ x: tf.TensorInfo; dy: tf.TensorInfo }, Conv2DBackpropFilterAttrs>): tf.TensorInfo {
  const { inputs, attrs, backend } = args;
  const { x, dy } = inputs;
  const geometry = gradientGeometry(KERNEL_NAME, { x, dy }, x.shape, attrs.filterShape, attrs, false);
  const [kh, kw, channels, outChannels] = attrs.filterShape;
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, padInfo } = geometry;
  if (strideHeight === 1 && strideWidth === 1 && channels >= REVERSED_MIN_CHANNELS && channels < outChannels) {
    const pads = [kh - 1 - padInfo.top, inHeight - outHeight + padInfo.top, kw - 1 - padInfo.left, inWidth - outWidth + padInfo.left] as const;
    if (Math.min(...pads) >= 0) return filterGradientByReversedConvolution(backend, x, dy, explicitPad(...pads));
  }
  const bottom = kh + (outHeight - 1) * strideHeight - inHeight - padInfo.top;
  const right = kw + (outWidth - 1) * strideWidth - inWidth - padInfo.left;
  return filterGradientByConvolution(backend, x, dy, {
    rows: inHeight + Math.min(0, bottom),
    cols: inWidth + Math.min(0, right),
    dilations: [strideHeight, strideWidth],
    pad: explicitPad(padInfo.top, Math.max(0, bottom), padInfo.left, Math.max(0, right)),
  });
}

interface TransposedConvolution {
  readonly rows: number;
  readonly cols: number;
  readonly dilations: [number, number];
  readonly pad: tf.backend_util.ExplicitPadding;
}

function filterGradientByConvolution(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, conv: TransposedConvolution): tf.TensorInfo {
  const xT = channelsToBatch(backend, x, conv.rows, conv.cols);
  const dyT = runWasmKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const out = runWasmKernel(backend, 'Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    dilations: conv.dilations,
    pad: conv.pad,
    dataFormat: 'NHWC',
  });
  free(backend, xT, dyT);
  const [channels, kh, kw, m] = out.shape as [number, number, number, number];
  if (channels === 1) return { ...out, shape: [kh, kw, 1, m] };
  const dw = runWasmKernel(backend, 'Transpose', { x: out }, { perm: [1, 2, 0, 3] });
  free(backend, out);
  return dw;
}

function filterGradientByReversedConvolution(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, pad: tf.backend_util.ExplicitPadding): tf.TensorInfo {
  const dyR = runWasmKernel(backend, 'Transpose', { x: dy }, { perm: [3, 1, 2, 0] });
  const xR = runWasmKernel(backend, 'Transpose', { x }, { perm: [1, 2, 0, 3] });
  const reversed = runWasmKernel(backend, 'Conv2D', { x: dyR, filter: xR }, { strides: [1, 1], dilations: [1, 1], pad, dataFormat: 'NHWC' });
  free(backend, dyR, xR);
  const dw = unflippedFilterGradient(backend, reversed);
  free(backend, reversed);
  return dw;
}

/** The kernel's registration for 'wasm'. */
export const CONV2D_BACKPROP_FILTER = wasmKernelConfig(KERNEL_NAME, conv2dBackpropFilter);
