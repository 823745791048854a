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
import type { ConvPadAttr } from '../../../src/training/serve/wasm-kernels/conv-geometry';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from '../../../src/training/serve/wasm-kernels/depthwise-backprop';
import {
  compareKernel,
  inputMaker,
  onBackend,
  printDifference,
  relativeDifference,
  runKernelHere,
  tensorOf,
  useBothBackends,
  type KernelInput,
} from './wasm-test-env';

const TOLERANCE = 1e-4;

interface DepthwiseCase {
  readonly label: string;
  readonly xShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly pad: ConvPadAttr;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Strides and dilations together: tfjs's depthwise op takes one or the other above 1. */
const STEPS: readonly { strides: [number, number]; dilations: [number, number] }[] = [
  { strides: [1, 1], dilations: [1, 1] },
  { strides: [2, 2], dilations: [1, 1] },
  { strides: [2, 1], dilations: [1, 1] },
  { strides: [1, 1], dilations: [2, 2] },
];
const PADS: readonly ConvPadAttr[] = ['same', 'valid', 1, [[0, 0], [1, 2], [2, 0], [0, 0]]];
const KERNELS: readonly [number, number][] = [[1, 1], [3, 3], [5, 5], [3, 2]];
const CHANNELS: readonly [number, number][] = [[1, 1], [3, 2], [8, 1]];
const BATCHES = [1, 5];

function grid(): DepthwiseCase[] {
  const cases: DepthwiseCase[] = [];
  let i = 0;
  for (const { strides, dilations } of STEPS) {
    for (const pad of PADS) {
      for (const [kh, kw] of KERNELS) {
        const [c, q] = CHANNELS[i % CHANNELS.length] as [number, number];
        const n = BATCHES[i % BATCHES.length] as number;
        i++;
        const label = `x ${n}x11x10x${c} w ${kh}x${kw}x${c}x${q} s ${strides.join(',')} d ${dilations.join(',')} pad ${JSON.stringify(pad)}`;
        cases.push({ label, xShape: [n, 11, 10, c], filterShape: [kh, kw, c, q], strides, dilations, pad });
      }
    }
  }
  for (const dimRoundingMode of ['floor', 'round', 'ceil'] as const) {
    cases.push({ label: `pad 1 stride 2 ${dimRoundingMode}`, xShape: [2, 8, 7, 3], filterShape: [3, 3, 3, 2], strides: [2, 2], dilations: [1, 1], pad: 1, dimRoundingMode });
  }
  return cases;
}

function outputShape(testCase: DepthwiseCase): number[] {
  const { xShape, filterShape, strides, dilations, pad, dimRoundingMode } = testCase;
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, dimRoundingMode, true).outShape;
}

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
  const cases = grid();
  it.each(cases.map((c, index) => [c.label, c, index] as const))('%s', async (_label, testCase, index) => {
    const make = inputMaker(300 + index);
    const x = make.normal(testCase.xShape);
    const filter = make.normal(testCase.filterShape);
    const dy = make.normal(outputShape(testCase));
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

describe('the wasm depthwise gradient kernels', () => {
  it('are the ones registered for wasm', async () => {
    await useBothBackends();
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm')?.kernelFunc).toBe(depthwiseBackpropFilter);
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')?.kernelFunc).toBe(depthwiseBackpropInput);
  });

  it('leave no tensor data behind but their output', async () => {
    const make = inputMaker(9);
    const inputs = { x: make.normal([2, 8, 8, 3]), filter: make.normal([3, 3, 3, 2]), dy: make.normal([2, 4, 4, 6]) };
    const attrs = { strides: 2, dilations: 1, pad: 'same' };
    await onBackend('wasm', () => {
      const [x, filter, dy] = [tensorOf(inputs.x), tensorOf(inputs.filter), tensorOf(inputs.dy)];
      const backend = tf.backend();
      for (const [name, kernelInputs, extra] of [
        ['DepthwiseConv2dNativeBackpropFilter', { x, dy }, { filterShape: [3, 3, 3, 2] }],
        ['DepthwiseConv2dNativeBackpropInput', { dy, filter }, { inputShape: [2, 8, 8, 3] }],
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
});
