/**
 * `Conv2DBackpropInput` for the wasm backend, replacing its built-in scalar loop: the input
 * gradient of a 2-D convolution (and the forward pass of conv2dTranspose), computed as one forward
 * convolution with the flipped filter, which XNNPACK runs.
 *
 * Notation (see conv-geometry.ts): dy [N, OH, OW, M], w [KH, KW, C, M], the input gradient
 * dx [N, H, W, C], strides sh, sw, pads pt, pl (dilation 1: tfjs has no dilated conv gradients).
 *
 *   dx[n, h, w, c] = Σ_{oh, ow, m : oh·sh + kh − pt = h, ow·sw + kw − pl = w} dy[n, oh, ow, m] · w[kh, kw, c, m]
 *
 * With w'[kh, kw, m, c] = w[KH−1−kh, KW−1−kw, c, m] and D [N, H+KH−1, W+KW−1, M] holding dy spread
 * out by the strides, D[n, oh·sh + KH−1−pt, ow·sw + KW−1−pl, m] = dy[n, oh, ow, m] (zero elsewhere):
 *
 *   dx = conv(D, w', stride 1, 'valid')
 *
 * For stride 1 the spreading is only padding, so dy itself is convolved with explicit pads
 * top KH−1−pt, bottom H−OH+pt, left KW−1−pl, right W−OW+pl whenever all four are ≥ 0.
 *
 * A single input channel (C = 1, a grayscale first layer) would leave XNNPACK's convolution one
 * output channel to fill, which wastes most of its vector lanes; there w' [KH, KW, M, 1] is a
 * depthwise filter over dy's M channels, and dx = Σ_m depthwise(D, w')[…, m].
 */
import type * as tf from '@tensorflow/tfjs';
import { explicitPad, gradientGeometry, type ConvGradientAttrs, type ConvPadAttr } from './conv-geometry';
import { flippedFilter, spreadGradient } from './conv-layout';
import { free, runWasmKernel, wasmKernelConfig, type BackendWasm, type WasmKernelArgs } from './wasm-heap';

/** Conv2DBackpropInput's attrs (as tfjs-core passes them). */
export interface Conv2DBackpropInputAttrs extends ConvGradientAttrs {
  readonly inputShape: [number, number, number, number];
}

const KERNEL_NAME = 'Conv2DBackpropInput';

/** dx [N, H, W, C] from dy and the filter (see the module notation). */
export function conv2dBackpropInput(args: WasmKernelArgs<{ dy: tf.TensorInfo; filter: tf.TensorInfo }, Conv2DBackpropInputAttrs>): tf.TensorInfo {
  const { inputs, attrs, backend } = args;
  const { dy, filter } = inputs;
  const geometry = gradientGeometry(KERNEL_NAME, { dy, filter }, attrs.inputShape, filter.shape, attrs, false);
  const [kh, kw] = filter.shape as [number, number];
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, padInfo } = geometry;
  const top = kh - 1 - padInfo.top;
  const left = kw - 1 - padInfo.left;
  const bottom = inHeight - outHeight + padInfo.top;
  const right = inWidth - outWidth + padInfo.left;
  const flipped = flippedFilter(backend, filter);
  let dx: tf.TensorInfo;
  if (strideHeight === 1 && strideWidth === 1 && Math.min(top, left, bottom, right) >= 0) {
    dx = convolveWithFlipped(backend, dy, flipped, explicitPad(top, bottom, left, right));
  } else {
    const spread = spreadGradient(backend, dy, inHeight + kh - 1, inWidth + kw - 1, [strideHeight, strideWidth], top, left);
    dx = convolveWithFlipped(backend, spread, flipped, 'valid');
    free(backend, spread);
  }
  free(backend, flipped);
  return dx;
}

/** conv(image, w', stride 1, pad): by Conv2D, or for one output channel by depthwise + channel sum. */
function convolveWithFlipped(backend: BackendWasm, image: tf.TensorInfo, flipped: tf.TensorInfo, pad: ConvPadAttr): tf.TensorInfo {
  const attrs = { strides: [1, 1], dilations: [1, 1], pad, dataFormat: 'NHWC' };
  if (flipped.shape[3] !== 1) return runWasmKernel(backend, 'Conv2D', { x: image, filter: flipped }, attrs);
  const perChannel = runWasmKernel(backend, 'DepthwiseConv2dNative', { x: image, filter: flipped }, attrs);
  const dx = runWasmKernel(backend, 'Sum', { x: perChannel }, { axis: [3], keepDims: true });
  free(backend, perChannel);
  return dx;
}

/** The kernel's registration for 'wasm' (it replaces the built-in one). */
export const CONV2D_BACKPROP_INPUT = wasmKernelConfig(KERNEL_NAME, conv2dBackpropInput);
