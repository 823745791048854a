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
import type { ConvPadAttr } from '../../../src/training/serve/wasm-kernels/conv-geometry';
import { compareKernel, inputMaker, onBackend, tensorOf, useBothBackends } from './wasm-test-env';

const TOLERANCE = 1e-4;

interface ConvCase {
  readonly label: string;
  readonly xShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly strides: [number, number];
  readonly pad: ConvPadAttr;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const STRIDES: readonly [number, number][] = [[1, 1], [2, 2], [2, 1]];
const PADS: readonly ConvPadAttr[] = ['same', 'valid', 1, [[0, 0], [2, 0], [0, 1], [0, 0]]];
const KERNELS: readonly [number, number][] = [[1, 1], [3, 3], [5, 5], [3, 2]];
const CHANNELS: readonly [number, number][] = [[1, 8], [3, 4], [8, 3], [8, 12]];
const BATCHES = [1, 5];

function grid(): ConvCase[] {
  const cases: ConvCase[] = [];
  let i = 0;
  for (const strides of STRIDES) {
    for (const pad of PADS) {
      for (const [kh, kw] of KERNELS) {
        const [c, m] = CHANNELS[i % CHANNELS.length] as [number, number];
        const n = BATCHES[i % BATCHES.length] as number;
        i++;
        const label = `x ${n}x9x8x${c} w ${kh}x${kw}x${c}x${m} s ${strides.join(',')} pad ${JSON.stringify(pad)}`;
        cases.push({ label, xShape: [n, 9, 8, c], filterShape: [kh, kw, c, m], strides, pad });
      }
    }
  }
  for (const dimRoundingMode of ['floor', 'round', 'ceil'] as const) {
    cases.push({ label: `pad 1 stride 2 ${dimRoundingMode}`, xShape: [2, 8, 7, 3], filterShape: [3, 3, 3, 4], strides: [2, 2], pad: 1, dimRoundingMode });
  }
  cases.push({ label: 'explicit pads wider than the kernel', xShape: [2, 6, 7, 8], filterShape: [3, 3, 8, 12], strides: [1, 1], pad: [[0, 0], [3, 4], [4, 0], [0, 0]] });
  cases.push({ label: 'default CNN conv 1 (64x28x28x1, 3x3x1x8, same)', xShape: [64, 28, 28, 1], filterShape: [3, 3, 1, 8], strides: [1, 1], pad: 'same' });
  cases.push({ label: 'default CNN conv 2 (64x14x14x8, 3x3x8x16, same)', xShape: [64, 14, 14, 8], filterShape: [3, 3, 8, 16], strides: [1, 1], pad: 'same' });
  return cases;
}

/** The forward convolution's output shape for `testCase` (what dy must have). */
function outputShape(testCase: ConvCase): number[] {
  return tf.backend_util.computeConv2DInfo(testCase.xShape, testCase.filterShape, testCase.strides, 1, testCase.pad, testCase.dimRoundingMode).outShape;
}

describe('wasm Conv2DBackpropFilter and Conv2DBackpropInput match the cpu backend', () => {
  const cases = grid();
  it.each(cases.map((c, index) => [c.label, c, index] as const))('%s', async (_label, testCase, index) => {
    const make = inputMaker(100 + index);
    const x = make.normal(testCase.xShape);
    const filter = make.normal(testCase.filterShape);
    const dy = make.normal(outputShape(testCase));
    const common = { strides: testCase.strides, pad: testCase.pad, dataFormat: 'NHWC', dimRoundingMode: testCase.dimRoundingMode };
    const byFilter = await compareKernel(testCase.label, 'Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: testCase.filterShape });
    expect(byFilter.relative).toBeLessThan(TOLERANCE);
    const byInput = await compareKernel(testCase.label, 'Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: testCase.xShape });
    expect(byInput.relative).toBeLessThan(TOLERANCE);
  });
});

describe('the wasm convolution gradient kernels', () => {
  it('are the ones registered for wasm', async () => {
    await useBothBackends();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(conv2dBackpropFilter);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(conv2dBackpropInput);
  });

  it('leave no tensor data behind but their output', async () => {
    const make = inputMaker(7);
    const inputs = { x: make.normal([3, 9, 9, 2]), filter: make.normal([3, 3, 2, 4]), dy: make.normal([3, 5, 5, 4]) };
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC' };
    await onBackend('wasm', () => {
      const [x, filter, dy] = [tensorOf(inputs.x), tensorOf(inputs.filter), tensorOf(inputs.dy)];
      const backend = tf.backend();
      for (const [name, kernelInputs, extra] of [
        ['Conv2DBackpropFilter', { x, dy }, { filterShape: [3, 3, 2, 4] }],
        ['Conv2DBackpropInput', { dy, filter }, { inputShape: [3, 9, 9, 2] }],
      ] as const) {
        const before = backend.numDataIds();
        const out = tf.engine().runKernel(name, kernelInputs, { ...attrs, ...extra }) as tf.Tensor;
        expect(backend.numDataIds()).toBe(before + 1);
        out.dispose();
        expect(backend.numDataIds()).toBe(before);
      }
      tf.dispose([x, filter, dy]);
    });
  });

  it('refuse NCHW data by name', async () => {
    const make = inputMaker(8);
    const x = make.normal([1, 2, 5, 5]);
    const dy = make.normal([1, 3, 5, 5]);
    await onBackend('wasm', () => {
      const run = () => tf.tidy(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: tensorOf(x), dy: tensorOf(dy) }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] }));
      expect(run).toThrow(/NHWC data only/);
    });
  });

  it('refuse an output gradient of the wrong shape by name', async () => {
    const make = inputMaker(10);
    const dy = make.normal([1, 4, 4, 3]);
    const filter = make.normal([3, 3, 2, 3]);
    await onBackend('wasm', () => {
      const run = () => tf.tidy(() => tf.engine().runKernel('Conv2DBackpropInput', { dy: tensorOf(dy), filter: tensorOf(filter) }, { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 5, 5, 2] }));
      expect(run).toThrow(/Conv2DBackpropInput: the output gradient has shape \[1, 4, 4, 3\] where the convolution outputs \[1, 5, 5, 3\]/);
    });
  });
});
