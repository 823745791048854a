/**
 * The wasm backend's DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput
 * against the cpu backend's, on seeded random inputs over strides, dilations, pads (same, valid, a
 * number with each rounding mode, explicit asymmetric), square and rectangular kernels, channel
 * counts, channel multipliers and batch sizes. Each case prints max |diff| relative to the cpu
 * gradient's largest magnitude and bounds it. Dilated cases are checked against cpu's gradient for
 * the same filter dilated by hand, since cpu's depthwise gradients ignore dilations.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from '../../../src/training/serve/wasm-kernels/depthwise-backprop';
import { convCaseGrid, outputShape, strideSteps, type ConvGrid } from './conv-cases';
import { describeKernelContract } from './kernel-contract';
import { compareKernel, inputMaker, onBackend, printDifference, relativeDifference, runKernelHere, type KernelInput } from './wasm-test-env';

const TOLERANCE = 1e-4;

/** Strides and dilations together: tfjs's depthwise op takes one or the other above 1. */
const GRID: ConvGrid = {
  steps: [...strideSteps([[1, 1], [2, 2], [2, 1]]), { strides: [1, 1], dilations: [2, 2] }],
  pads: ['same', 'valid', 1, [[0, 0], [1, 2], [2, 0], [0, 0]]],
  kernels: [[1, 1], [3, 3], [5, 5], [3, 2]],
  channels: [[1, 1], [3, 2], [8, 1]],
  batches: [1, 5],
  image: [11, 10],
  roundingFilter: [3, 3, 3, 2],
};

/** w dilated to [(KH−1)·dh+1, (KW−1)·dw+1, C, Q] with zeros between the taps. */
function dilatedFilter(filter: KernelInput, [dh, dw]: [number, number]): KernelInput {
  const [kh, kw, c, q] = filter.shape as [number, number, number, number];
  const [dkh, dkw] = [(kh - 1) * dh + 1, (kw - 1) * dw + 1];
  const values = new Float32Array(dkh * dkw * c * q);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) values.set(filter.values.subarray((i * kw + j) * c * q, (i * kw + j + 1) * c * q), (i * dh * dkw + j * dw) * c * q);
  }
  return { shape: [dkh, dkw, c, q], values };
}

/** Entries [kh·dh, kw·dw, c, q] of a dilated filter's gradient: the undilated filter's gradient. */
function undilate(dilated: Float32Array, dilatedShape: readonly number[], [dh, dw]: [number, number], [kh, kw]: readonly number[]): Float32Array {
  const [, dkw, c, q] = dilatedShape as [number, number, number, number];
  const out = new Float32Array((kh as number) * (kw as number) * c * q);
  for (let i = 0; i < (kh as number); i++) {
    for (let j = 0; j < (kw as number); j++) out.set(dilated.subarray((i * dh * dkw + j * dw) * c * q, (i * dh * dkw + j * dw + 1) * c * q), (i * (kw as number) + j) * c * q);
  }
  return out;
}

describe('wasm depthwise convolution gradients match the cpu backend', () => {
  it.each(convCaseGrid(GRID).map((c, index) => [c.label, c, index] as const))('%s', async (_label, testCase, index) => {
    const make = inputMaker(300 + index);
    const x = make.normal(testCase.xShape);
    const filter = make.normal(testCase.filterShape);
    const dy = make.normal(outputShape(testCase, true));
    const common = { strides: testCase.strides, dilations: testCase.dilations, pad: testCase.pad, dimRoundingMode: testCase.dimRoundingMode };
    if (testCase.dilations.every((d) => d === 1)) {
      const byFilter = await compareKernel(testCase.label, 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: testCase.filterShape });
      expect(byFilter.relative).toBeLessThan(TOLERANCE);
      const byInput = await compareKernel(testCase.label, 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...common, inputShape: testCase.xShape });
      expect(byInput.relative).toBeLessThan(TOLERANCE);
      return;
    }
    // cpu's depthwise gradients ignore dilations (tfjs refuses dilated depthwise gradients), so the
    // reference is cpu's gradient for the same filter dilated by hand (zeros between the taps).
    const wide = dilatedFilter(filter, testCase.dilations);
    const undilated = { ...common, dilations: [1, 1] };
    const refFilter = await onBackend('cpu', () => runKernelHere('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...undilated, filterShape: wide.shape }));
    const gotFilter = await onBackend('wasm', () => runKernelHere('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape: testCase.filterShape }));
    const byFilter = relativeDifference(undilate(refFilter, wide.shape, testCase.dilations, testCase.filterShape), gotFilter);
    printDifference(`DepthwiseConv2dNativeBackpropFilter ${testCase.label}`, byFilter);
    expect(byFilter.relative).toBeLessThan(TOLERANCE);
    const refInput = await onBackend('cpu', () => runKernelHere('DepthwiseConv2dNativeBackpropInput', { dy, filter: wide }, { ...undilated, inputShape: testCase.xShape }));
    const gotInput = await onBackend('wasm', () => runKernelHere('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...common, inputShape: testCase.xShape }));
    const byInput = relativeDifference(refInput, gotInput);
    printDifference(`DepthwiseConv2dNativeBackpropInput ${testCase.label}`, byInput);
    expect(byInput.relative).toBeLessThan(TOLERANCE);
  });
});

const leakInputs = inputMaker(9);
const [leakX, leakFilter, leakDy] = [leakInputs.normal([2, 8, 8, 3]), leakInputs.normal([3, 3, 3, 2]), leakInputs.normal([2, 4, 4, 6])];
const leakAttrs = { strides: 2, dilations: 1, pad: 'same' };

describeKernelContract('the wasm depthwise gradient kernels', {
  registered: { DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter, DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput },
  calls: [
    { kernelName: 'DepthwiseConv2dNativeBackpropFilter', inputs: { x: leakX, dy: leakDy }, attrs: { ...leakAttrs, filterShape: [3, 3, 3, 2] } },
    { kernelName: 'DepthwiseConv2dNativeBackpropInput', inputs: { dy: leakDy, filter: leakFilter }, attrs: { ...leakAttrs, inputShape: [2, 8, 8, 3] } },
  ],
});
