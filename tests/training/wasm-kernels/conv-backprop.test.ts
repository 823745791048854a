/**
 * The wasm backend's Conv2DBackpropFilter and Conv2DBackpropInput against the cpu backend's, on
 * seeded random inputs over strides, pads (same, valid, a number with each rounding mode, explicit
 * asymmetric), square and rectangular kernels, channel counts and batch sizes. Each case prints
 * max |diff| relative to the cpu gradient's largest magnitude and bounds it.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { conv2dBackpropFilter } from '../../../src/training/serve/wasm-kernels/conv-backprop-filter';
import { conv2dBackpropInput } from '../../../src/training/serve/wasm-kernels/conv-backprop-input';
import { convCaseGrid, outputShape, strideSteps, type ConvCase, type ConvGrid } from './conv-cases';
import { describeKernelContract } from './kernel-contract';
import { compareKernel, inputMaker } from './wasm-test-env';

const TOLERANCE = 1e-4;

const GRID: ConvGrid = {
  steps: strideSteps([[1, 1], [2, 2], [2, 1]]),
  pads: ['same', 'valid', 1, [[0, 0], [2, 0], [0, 1], [0, 0]]],
  kernels: [[1, 1], [3, 3], [5, 5], [3, 2]],
  channels: [[1, 8], [3, 4], [8, 3], [8, 12]],
  batches: [1, 5],
  image: [9, 8],
  roundingFilter: [3, 3, 3, 4],
};

const ONE: [number, number] = [1, 1];
const CASES: readonly ConvCase[] = [
  ...convCaseGrid(GRID),
  { label: 'explicit pads wider than the kernel', xShape: [2, 6, 7, 8], filterShape: [3, 3, 8, 12], strides: ONE, dilations: ONE, pad: [[0, 0], [3, 4], [4, 0], [0, 0]] },
  { label: 'default CNN conv 1 (64x28x28x1, 3x3x1x8, same)', xShape: [64, 28, 28, 1], filterShape: [3, 3, 1, 8], strides: ONE, dilations: ONE, pad: 'same' },
  { label: 'default CNN conv 2 (64x14x14x8, 3x3x8x16, same)', xShape: [64, 14, 14, 8], filterShape: [3, 3, 8, 16], strides: ONE, dilations: ONE, pad: 'same' },
];

describe('wasm Conv2DBackpropFilter and Conv2DBackpropInput match the cpu backend', () => {
  it.each(CASES.map((c, index) => [c.label, c, index] as const))('%s', async (_label, testCase, index) => {
    const make = inputMaker(100 + index);
    const x = make.normal(testCase.xShape);
    const filter = make.normal(testCase.filterShape);
    const dy = make.normal(outputShape(testCase, false));
    const common = { strides: testCase.strides, pad: testCase.pad, dataFormat: 'NHWC', dimRoundingMode: testCase.dimRoundingMode };
    const byFilter = await compareKernel(testCase.label, 'Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: testCase.filterShape });
    expect(byFilter.relative).toBeLessThan(TOLERANCE);
    const byInput = await compareKernel(testCase.label, 'Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: testCase.xShape });
    expect(byInput.relative).toBeLessThan(TOLERANCE);
  });
});

const leakInputs = inputMaker(7);
const [leakX, leakFilter, leakDy] = [leakInputs.normal([3, 9, 9, 2]), leakInputs.normal([3, 3, 2, 4]), leakInputs.normal([3, 5, 5, 4])];
const leakAttrs = { strides: 2, pad: 'same', dataFormat: 'NHWC' };
const badInputs = inputMaker(8);

describeKernelContract('the wasm convolution gradient kernels', {
  registered: { Conv2DBackpropFilter: conv2dBackpropFilter, Conv2DBackpropInput: conv2dBackpropInput },
  calls: [
    { kernelName: 'Conv2DBackpropFilter', inputs: { x: leakX, dy: leakDy }, attrs: { ...leakAttrs, filterShape: [3, 3, 2, 4] } },
    { kernelName: 'Conv2DBackpropInput', inputs: { dy: leakDy, filter: leakFilter }, attrs: { ...leakAttrs, inputShape: [3, 9, 9, 2] } },
  ],
  refused: [
    {
      label: 'NCHW data',
      kernelName: 'Conv2DBackpropFilter',
      inputs: { x: badInputs.normal([1, 2, 5, 5]), dy: badInputs.normal([1, 3, 5, 5]) },
      attrs: { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] },
      error: /NHWC data only/,
    },
    {
      label: 'an output gradient of the wrong shape',
      kernelName: 'Conv2DBackpropInput',
      inputs: { dy: badInputs.normal([1, 4, 4, 3]), filter: badInputs.normal([3, 3, 2, 3]) },
      attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 5, 5, 2] },
      error: /Conv2DBackpropInput: the output gradient has shape \[1, 4, 4, 3\] where the convolution outputs \[1, 5, 5, 3\]/,
    },
  ],
});
