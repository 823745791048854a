/**
 * `DepthwiseConv2dNativeBackpropFilter` and `DepthwiseConv2dNativeBackpropInput` for the wasm
 * backend (it has neither): the gradients of a depthwise convolution (depthwiseConv2d and the first
 * half of separableConv2d). Strides, dilations and every pad tfjs's cpu backend takes are supported
 * (tfjs itself refuses dilated depthwise gradients; these compute them exactly).
 *
 * Notation (see conv-geometry.ts): x [N, H, W, C], w [KH, KW, C, Q] (Q = channel multiplier),
 * dy [N, OH, OW, C·Q], strides sh, sw, dilations dh, dw, pads pt, pl, effective kernel
 * EKH = (KH−1)·dh + 1, EKW = (KW−1)·dw + 1, and for each output position
 *   h(oh, kh) = oh·sh + kh·dh − pt,   w(ow, kw) = ow·sw + kw·dw − pl   (terms outside x are dropped)
 *
 *   forward:      y[n, oh, ow, c·Q + q] = Σ_{kh, kw} x[n, h, w, c] · w[kh, kw, c, q]
 *   filter grad:  dW[kh, kw, c, q] = Σ_{n, oh, ow} x[n, h, w, c] · dy[n, oh, ow, c·Q + q]
 *   input grad:   dx[n, h, w, c] = Σ_{q, and (oh, kh), (ow, kw) reaching (h, w)} dy[n, oh, ow, c·Q + q] · w[kh, kw, c, q]
 *
 * The filter gradient is a loop over the heap that accumulates in float64 (N·OH·OW terms per entry).
 * The input gradient is one depthwise convolution XNNPACK runs, with the taps reversed:
 *   w'[kh, kw, c·Q + q, 0] = w[KH−1−kh, KW−1−kw, c, q]
 *   D [N, H+EKH−1, W+EKW−1, C·Q]  D[n, oh·sh + EKH−1−pt, ow·sw + EKW−1−pl, ·] = dy[n, oh, ow, ·], 0 elsewhere
 *   dx = Σ_q depthwise(D, w', stride 1, dilation (dh, dw), 'valid') viewed as [N, H, W, C, Q]
 * (for stride 1, D is dy itself with explicit pads when those are all ≥ 0).
 */
import type * as tf from '@tensorflow/tfjs';
import { explicitPad, gradientGeometry, type ConvGradientAttrs, type ConvPadAttr } from './conv-geometry';
import { spatiallyFlippedFilter, spreadGradient } from './conv-layout';
import { free, heapView, runWasmKernel, wasmKernelConfig, type BackendWasm, type WasmKernelArgs } from './wasm-heap';

/** The depthwise gradient kernels' attrs (as tfjs-core passes them). */
export interface DepthwiseGradientAttrs extends ConvGradientAttrs {
  readonly dilations: [number, number] | number;
}

const FILTER_KERNEL = 'DepthwiseConv2dNativeBackpropFilter';
const INPUT_KERNEL = 'DepthwiseConv2dNativeBackpropInput';

/** dW [KH, KW, C, Q] from x and dy (see the module notation). */
export function depthwiseBackpropFilter(
  args: WasmKernelArgs<{ x: tf.TensorInfo; dy: tf.TensorInfo }, DepthwiseGradientAttrs & { readonly filterShape: [number, number, number, number] }>,
): tf.TensorInfo {
  const { inputs, attrs, backend } = args;
  const { x, dy } = inputs;
  const g = gradientGeometry(FILTER_KERNEL, { x, dy }, x.shape, attrs.filterShape, attrs, true);
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, outChannels, filterHeight, filterWidth } = g;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = g;
  const q = attrs.filterShape[3];
  const sums = new Float64Array(filterHeight * filterWidth * outChannels);
  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  const xs = heapView(backend, x);
  const dys = heapView(backend, dy);
  const acc = new Float64Array(outChannels);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const dyRow = (n * outHeight + oh) * outWidth;
      for (let kh = 0; kh < filterHeight; kh++) {
        const h = oh * strideHeight + kh * dilationHeight - padInfo.top;
        if (h < 0 || h >= inHeight) continue;
        const xRow = (n * inHeight + h) * inWidth;
        for (let kw = 0; kw < filterWidth; kw++) {
          // the ow whose column w = ow·sw + kw·dw − pl lies in [0, W)
          const shift = kw * dilationWidth - padInfo.left;
          const owFirst = Math.max(0, Math.ceil(-shift / strideWidth));
          const owEnd = Math.min(outWidth, Math.floor((inWidth - 1 - shift) / strideWidth) + 1);
          if (owFirst >= owEnd) continue;
          acc.fill(0);
          for (let ow = owFirst; ow < owEnd; ow++) {
            const xOffset = (xRow + ow * strideWidth + shift) * c;
            const dyOffset = (dyRow + ow) * outChannels;
            if (q === 1) {
              for (let ch = 0; ch < c; ch++) acc[ch] += (xs[xOffset + ch] as number) * (dys[dyOffset + ch] as number);
            } else {
              for (let ch = 0; ch < c; ch++) {
                const xValue = xs[xOffset + ch] as number;
                for (let k = ch * q; k < (ch + 1) * q; k++) acc[k] += xValue * (dys[dyOffset + k] as number);
              }
            }
          }
          const sumOffset = (kh * filterWidth + kw) * outChannels;
          for (let k = 0; k < outChannels; k++) sums[sumOffset + k] += acc[k] as number;
        }
      }
    }
  }
  heapView(backend, out).set(sums);
  return out;
}

/** dx [N, H, W, C] from dy and the filter (see the module notation). */
export function depthwiseBackpropInput(
  args: WasmKernelArgs<{ dy: tf.TensorInfo; filter: tf.TensorInfo }, DepthwiseGradientAttrs & { readonly inputShape: [number, number, number, number] }>,
): tf.TensorInfo {
  const { inputs, attrs, backend } = args;
  const { dy, filter } = inputs;
  const g = gradientGeometry(INPUT_KERNEL, { dy, filter }, attrs.inputShape, filter.shape, attrs, true);
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth, padInfo } = g;
  const top = effectiveFilterHeight - 1 - padInfo.top;
  const left = effectiveFilterWidth - 1 - padInfo.left;
  const bottom = inHeight - outHeight + padInfo.top;
  const right = inWidth - outWidth + padInfo.left;
  const flipped = spatiallyFlippedFilter(backend, filter);
  const [kh, kw, c, q] = filter.shape as [number, number, number, number];
  const perChannel = { ...flipped, shape: [kh, kw, c * q, 1] };
  const dilations = [g.dilationHeight, g.dilationWidth];
  let dx: tf.TensorInfo;
  if (strideHeight === 1 && strideWidth === 1 && Math.min(top, left, bottom, right) >= 0) {
    dx = depthwiseSummed(backend, dy, perChannel, dilations, explicitPad(top, bottom, left, right), q);
  } else {
    const spread = spreadGradient(backend, dy, inHeight + effectiveFilterHeight - 1, inWidth + effectiveFilterWidth - 1, [strideHeight, strideWidth], top, left);
    dx = depthwiseSummed(backend, spread, perChannel, dilations, 'valid', q);
    free(backend, spread);
  }
  free(backend, flipped);
  return dx;
}

/** depthwise(image, filter) [N, H, W, C·Q], summed over q when Q > 1 → [N, H, W, C]. */
function depthwiseSummed(backend: BackendWasm, image: tf.TensorInfo, filter: tf.TensorInfo, dilations: number[], pad: ConvPadAttr, q: number): tf.TensorInfo {
  const perOutput = runWasmKernel(backend, 'DepthwiseConv2dNative', { x: image, filter }, { strides: [1, 1], dilations, pad });
  if (q === 1) return perOutput;
  const [n, h, w, cq] = perOutput.shape as [number, number, number, number];
  const dx = runWasmKernel(backend, 'Sum', { x: { ...perOutput, shape: [n, h, w, cq / q, q] } }, { axis: [4], keepDims: false });
  free(backend, perOutput);
  return dx;
}

/** The depthwise filter gradient's registration for 'wasm'. */
export const DEPTHWISE_BACKPROP_FILTER = wasmKernelConfig(FILTER_KERNEL, depthwiseBackpropFilter);

/** The depthwise input gradient's registration for 'wasm'. */
export const DEPTHWISE_BACKPROP_INPUT = wasmKernelConfig(INPUT_KERNEL, depthwiseBackpropInput);
