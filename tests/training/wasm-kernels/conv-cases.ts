/**
 * The case tables of the convolution gradient tests (Conv2D and depthwise): a grid over steps
 * (strides and dilations), pads and kernel sizes, with channel counts and batch sizes cycled
 * through it, plus the three rounding modes of a numeric pad.
 *
 * Notation: x [N, H, W, C], w [KH, KW, C, M] (depthwise: M is the channel multiplier Q), dy the
 * forward convolution's output gradient.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvPadAttr } from '../../../src/training/serve/wasm-kernels/conv-geometry';

/** One convolution configuration a gradient is compared on. */
export interface ConvCase {
  readonly label: string;
  readonly xShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly pad: ConvPadAttr;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** A stride and a dilation used together. */
export interface ConvStep {
  readonly strides: [number, number];
  readonly dilations: [number, number];
}

/** What the grid spans. */
export interface ConvGrid {
  readonly steps: readonly ConvStep[];
  readonly pads: readonly ConvPadAttr[];
  readonly kernels: readonly [number, number][];
  /** [C, M] pairs, cycled through the grid. */
  readonly channels: readonly [number, number][];
  /** N values, cycled through the grid. */
  readonly batches: readonly number[];
  /** x's [H, W]. */
  readonly image: readonly [number, number];
  /** The filter of the rounding-mode cases (over x [2, 8, 7, 3], pad 1, stride 2). */
  readonly roundingFilter: [number, number, number, number];
}

/** Undilated steps with these strides. */
export function strideSteps(strides: readonly [number, number][]): ConvStep[] {
  return strides.map((s) => ({ strides: s, dilations: [1, 1] }));
}

/** Every step × pad × kernel (channels and batch cycled), then pad 1 stride 2 in each rounding mode. */
export function convCaseGrid(grid: ConvGrid): ConvCase[] {
  const cases: ConvCase[] = [];
  const [h, w] = grid.image;
  let i = 0;
  for (const { strides, dilations } of grid.steps) {
    for (const pad of grid.pads) {
      for (const [kh, kw] of grid.kernels) {
        const [c, m] = grid.channels[i % grid.channels.length] as [number, number];
        const n = grid.batches[i % grid.batches.length] as number;
        i++;
        const dilated = dilations.some((d) => d !== 1) ? ` d ${dilations.join(',')}` : '';
        const label = `x ${n}x${h}x${w}x${c} w ${kh}x${kw}x${c}x${m} s ${strides.join(',')}${dilated} pad ${JSON.stringify(pad)}`;
        cases.push({ label, xShape: [n, h, w, c], filterShape: [kh, kw, c, m], strides, dilations, pad });
      }
    }
  }
  for (const dimRoundingMode of ['floor', 'round', 'ceil'] as const) {
    cases.push({ label: `pad 1 stride 2 ${dimRoundingMode}`, xShape: [2, 8, 7, 3], filterShape: grid.roundingFilter, strides: [2, 2], dilations: [1, 1], pad: 1, dimRoundingMode });
  }
  return cases;
}

/** The forward convolution's output shape for `testCase` (what dy must have). */
export function outputShape(testCase: ConvCase, depthwise: boolean): number[] {
  const { xShape, filterShape, strides, dilations, pad, dimRoundingMode } = testCase;
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, dimRoundingMode, depthwise).outShape;
}
