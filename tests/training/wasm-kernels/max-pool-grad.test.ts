import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compareKernel, inputMaker, onBackend, runKernelHere, type KernelInput } from './wasm-test-env';

type Pad = 'valid' | 'same' | number;
interface PoolCase {
  readonly input: readonly [number, number, number, number];
  readonly filterSize: number | [number, number];
  readonly strides: number | [number, number];
  readonly pad: Pad;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const CASES: readonly PoolCase[] = [
  { input: [2, 8, 8, 3], filterSize: 2, strides: 2, pad: 'valid' },
  { input: [2, 7, 7, 3], filterSize: 2, strides: 2, pad: 'valid' },
  { input: [2, 7, 7, 3], filterSize: 2, strides: 2, pad: 'same' },
  { input: [1, 9, 6, 4], filterSize: 3, strides: 1, pad: 'same' },
  { input: [1, 9, 6, 4], filterSize: 3, strides: 2, pad: 'valid' },
  { input: [2, 6, 9, 2], filterSize: [2, 3], strides: [1, 2], pad: 'same' },
  { input: [1, 5, 5, 1], filterSize: 1, strides: 1, pad: 'valid' },
  { input: [1, 10, 10, 5], filterSize: 3, strides: 3, pad: 'same' },
  { input: [2, 12, 1, 3], filterSize: [2, 1], strides: [2, 1], pad: 'valid' },
  { input: [1, 8, 8, 2], filterSize: 3, strides: 2, pad: 1, dimRoundingMode: 'floor' },
  { input: [1, 8, 8, 2], filterSize: 3, strides: 2, pad: 1, dimRoundingMode: 'round' },
  { input: [1, 8, 8, 2], filterSize: 3, strides: 2, pad: 1, dimRoundingMode: 'ceil' },
  { input: [1, 7, 7, 2], filterSize: 4, strides: 3, pad: 2, dimRoundingMode: 'ceil' },
];

const label = (c: PoolCase) => `x[${c.input.join(',')}] f${c.filterSize} s${c.strides} pad ${c.pad}${c.dimRoundingMode ? ` ${c.dimRoundingMode}` : ''}`;
const attrsOf = (c: PoolCase) => ({ filterSize: c.filterSize, strides: c.strides, pad: c.pad, dimRoundingMode: c.dimRoundingMode });
const outShape = (c: PoolCase) => tf.backend_util.computePool2DInfo([...c.input], c.filterSize, c.strides, 1, c.pad, c.dimRoundingMode).outShape;

function poolingInputs(c: PoolCase, x: KernelInput, seed: number): Record<string, KernelInput> {
  const dy = inputMaker(seed).normal(outShape(c));
  return { dy, input: x, output: dy };
}

describe('MaxPoolGrad on wasm matches the cpu backend', () => {
  for (const [i, c] of CASES.entries()) {
    it(`random inputs, ${label(c)}`, async () => {
      const x = inputMaker(100 + i).normal(c.input);
      const diff = await compareKernel(label(c), 'MaxPoolGrad', poolingInputs(c, x, 200 + i), attrsOf(c));
      expect(diff.relative).toBeLessThan(1e-6);
    });
  }

  it('passes the gradient of windows whose maximum is negative or zero (the built-in drops it)', async () => {
    const c = CASES[0] as PoolCase;
    const x = inputMaker(7).uniform(c.input, -3, 0);
    x.values[0] = 0;
    const diff = await compareKernel(`all ≤ 0, ${label(c)}`, 'MaxPoolGrad', poolingInputs(c, x, 8), attrsOf(c));
    expect(diff.relative).toBeLessThan(1e-6);
  });

  it('breaks ties at the first maximum of the window, as cpu does', async () => {
    for (const c of [CASES[3], CASES[5], CASES[11]] as PoolCase[]) {
      const x = inputMaker(9).ints(c.input, -1, 2);
      const tied = { shape: x.shape, values: Float32Array.from(x.values) };
      const diff = await compareKernel(`ties, ${label(c)}`, 'MaxPoolGrad', poolingInputs(c, tied, 10), attrsOf(c));
      expect(diff.maxAbsDiff).toBeLessThan(1e-5);
    }
  });

  it('gives the whole gradient of a 2×2 window to its first maximum', async () => {
    const input = { shape: [1, 2, 2, 1], values: Float32Array.of(-1, -1, -1, -2) };
    const dy = { shape: [1, 1, 1, 1], values: Float32Array.of(5) };
    const dx = await onBackend('wasm', () => runKernelHere('MaxPoolGrad', { dy, input, output: dy }, { filterSize: 2, strides: 2, pad: 'valid' }));
    expect(Array.from(dx)).toEqual([5, 0, 0, 0]);
  });

  it('refuses a dy whose shape is not the pooling output', async () => {
    const input = inputMaker(1).normal([1, 4, 4, 1]);
    const dy = inputMaker(2).normal([1, 3, 3, 1]);
    await expect(onBackend('wasm', () => runKernelHere('MaxPoolGrad', { dy, input, output: dy }, { filterSize: 2, strides: 2, pad: 'valid' }))).rejects.toThrow(/dy has shape \[1, 3, 3, 1\] where the pooling gives \[1, 2, 2, 1\]/);
  });
});
