/**
 * Geometry shared by the convolution gradient kernels: the forward convolution's sizes and pads,
 * read from a gradient kernel's attrs the way tfjs's own backends read them, with the layouts and
 * settings these kernels do not take refused by name.
 *
 * Notation (NHWC throughout):
 *   x   [N, H, W, C]      the forward convolution's input
 *   w   [KH, KW, C, M]    its filter (depthwise: [KH, KW, C, Q], output channel c·Q + q)
 *   dy  [N, OH, OW, M]    the gradient of its output
 *   sh, sw                strides;  dh, dw  dilations
 *   pt, pl                the top and left zero padding of x (bottom and right follow from OH, OW)
 *   forward:  y[n, oh, ow, m] = Σ_{kh, kw, c} x[n, oh·sh + kh·dh − pt, ow·sw + kw·dw − pl, c] · w[kh, kw, c, m]
 *             (x outside [0, H) × [0, W) reads as 0)
 */
import * as tf from '@tensorflow/tfjs';

/** A forward convolution's sizes, as tfjs computes them. */
export type ConvGeometry = tf.backend_util.Conv2DInfo;

/** The pad attr tfjs passes to convolution kernels. */
export type ConvPadAttr = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** The attrs every convolution gradient kernel receives (dilations only for depthwise). */
export interface ConvGradientAttrs {
  readonly strides: [number, number] | number;
  readonly pad: ConvPadAttr;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly dilations?: [number, number] | number;
}

/**
 * The forward convolution of `inputShape` by `filterShape` under `attrs` (`depthwise` for
 * DepthwiseConv2dNative's filter layout). Throws, naming the kernel, for NCHW data, shapes that are
 * not rank 4, or input channels the filter does not take.
 */
export function convGeometry(
  kernelName: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvGradientAttrs,
  depthwise: boolean,
): ConvGeometry {
  if (attrs.dataFormat === 'NCHW') {
    throw new Error(`${kernelName} on the wasm backend takes NHWC data only, got dataFormat 'NCHW' (tfjs layers pass NHWC: use channelsLast)`);
  }
  if (inputShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(`${kernelName} expects a rank-4 input and filter, got shapes [${inputShape.join(', ')}] and [${filterShape.join(', ')}]`);
  }
  if (inputShape[3] !== filterShape[2]) {
    throw new Error(`${kernelName}: the input has ${inputShape[3]} channels where the filter [${filterShape.join(', ')}] takes ${filterShape[2]}`);
  }
  const dilations = attrs.dilations ?? 1;
  return tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
    'channelsLast',
  );
}

/**
 * The forward convolution behind gradient kernel `kernelName` (see convGeometry), with its call
 * checked: every tensor in `tensors` float32, and `tensors.dy` of the convolution's output shape.
 */
export function gradientGeometry(
  kernelName: string,
  tensors: Readonly<Record<string, tf.TensorInfo>> & { readonly dy: tf.TensorInfo },
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvGradientAttrs,
  depthwise: boolean,
): ConvGeometry {
  requireFloat32(kernelName, tensors);
  const geometry = convGeometry(kernelName, inputShape, filterShape, attrs, depthwise);
  checkGradientShape(kernelName, tensors.dy.shape, geometry.outShape);
  return geometry;
}

/** Throws unless every tensor in `infos` is float32 (the kernels compute in float32 only). */
function requireFloat32(kernelName: string, infos: Readonly<Record<string, tf.TensorInfo>>): void {
  for (const [name, info] of Object.entries(infos)) {
    if (info.dtype !== 'float32') throw new Error(`${kernelName} on the wasm backend takes float32 tensors, got ${name} of dtype ${info.dtype}`);
  }
}

/** Throws, naming the kernel, unless dy has the forward convolution's output shape. */
function checkGradientShape(kernelName: string, dyShape: readonly number[], outShape: readonly number[]): void {
  if (dyShape.length !== outShape.length || dyShape.some((size, i) => size !== outShape[i])) {
    throw new Error(`${kernelName}: the output gradient has shape [${dyShape.join(', ')}] where the convolution outputs [${outShape.join(', ')}]`);
  }
}

/** An explicit NHWC pad attr: `top`/`bottom` rows and `left`/`right` columns (each ≥ 0). */
export function explicitPad(top: number, bottom: number, left: number, right: number): tf.backend_util.ExplicitPadding {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}
