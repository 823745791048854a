/**
 * Geometry shared by the pooling gradient kernels (MaxPoolGrad, AvgPoolGrad): the pooling's sizes
 * read from a gradient kernel's attrs the way tfjs's own backends read them, dy's shape checked
 * against them, and each window's rows and columns clipped to the input.
 *
 * Notation (NHWC):
 *   x   [B, H, W, C]       the pooling's input (`inputs.input`)
 *   dy  [B, OH, OW, C]     the gradient of the pooled output
 *   FH, FW, SH, SW         window size and strides; padTop, padLeft from tfjs's pooling geometry
 *   window (oh, ow)        rows rowStart[oh] … rowEnd[oh] − 1 and columns colStart[ow] … colEnd[ow] − 1:
 *                          rows oh·SH − padTop … + FH − 1 and columns ow·SW − padLeft … + FW − 1,
 *                          clipped to the input (padding belongs to no window's clipped part)
 */
import * as tf from '@tensorflow/tfjs';

/** The attrs both pooling gradient kernels receive (AvgPoolGrad has no dimRoundingMode). */
export interface PoolGradientAttrs {
  readonly filterSize: [number, number] | number;
  readonly strides: [number, number] | number;
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** A pooling's sizes (see the module notation) and its windows clipped to the input. */
export interface PoolGradientGeometry {
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly OH: number;
  readonly OW: number;
  readonly FH: number;
  readonly FW: number;
  /** Each window row's first input row (OH entries). */
  readonly rowStart: Int32Array;
  /** Each window row's input row end, exclusive (OH entries). */
  readonly rowEnd: Int32Array;
  /** Each window column's first input column (OW entries). */
  readonly colStart: Int32Array;
  /** Each window column's input column end, exclusive (OW entries). */
  readonly colEnd: Int32Array;
}

/**
 * The pooling of `input` under `attrs`, for gradient kernel `kernelName`. Throws, naming the
 * kernel, unless the input is rank-4 NHWC and dy has the pooling's output shape.
 */
export function poolGradientGeometry(kernelName: string, input: tf.TensorInfo, dy: tf.TensorInfo, attrs: PoolGradientAttrs): PoolGradientGeometry {
  if (input.shape.length !== 4) throw new Error(`${kernelName} expects a rank-4 NHWC input, got shape [${input.shape.join(', ')}]`);
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  if (dy.shape.join() !== info.outShape.join()) throw new Error(`${kernelName}: dy has shape [${dy.shape.join(', ')}] where the pooling gives [${info.outShape.join(', ')}]`);
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: SH, strideWidth: SW, filterHeight: FH, filterWidth: FW } = info;
  const [rowStart, rowEnd] = clippedWindows(OH, SH, info.padInfo.top, FH, H);
  const [colStart, colEnd] = clippedWindows(OW, SW, info.padInfo.left, FW, W);
  return { B, H, W, C, OH, OW, FH, FW, rowStart, rowEnd, colStart, colEnd };
}

/** For o = 0 … count − 1, window o's span o·stride − pad … + size − 1 clipped to [0, extent): [starts, ends). */
function clippedWindows(count: number, stride: number, pad: number, size: number, extent: number): [Int32Array, Int32Array] {
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let o = 0; o < count; o++) {
    starts[o] = Math.max(0, o * stride - pad);
    ends[o] = Math.min(extent, o * stride - pad + size);
  }
  return [starts, ends];
}
