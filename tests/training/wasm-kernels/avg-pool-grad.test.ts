import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compareKernel, inputMaker } from './wasm-test-env';

type Pad = 'valid' | 'same' | number;
const CASES: readonly { input: [number, number, number, number]; filterSize: number | [number, number]; strides: number | [number, number]; pad: Pad }[] = [
  { input: [2, 8, 8, 3], filterSize: 2, strides: 2, pad: 'valid' },
  { input: [2, 7, 7, 3], filterSize: 2, strides: 2, pad: 'same' },
  { input: [1, 9, 6, 4], filterSize: 3, strides: 1, pad: 'same' },
  { input: [1, 9, 6, 4], filterSize: 3, strides: 2, pad: 'valid' },
  { input: [2, 6, 9, 2], filterSize: [2, 3], strides: [1, 2], pad: 'same' },
  { input: [2, 12, 1, 3], filterSize: [3, 1], strides: [2, 1], pad: 'valid' },
  { input: [1, 8, 8, 2], filterSize: 3, strides: 2, pad: 1 },
];

describe('AvgPoolGrad on wasm matches the cpu backend', () => {
  for (const [i, c] of CASES.entries()) {
    const label = `x[${c.input.join(',')}] f${c.filterSize} s${c.strides} pad ${c.pad}`;
    it(label, async () => {
      const make = inputMaker(300 + i);
      const x = make.normal(c.input);
      const dy = make.normal(tf.backend_util.computePool2DInfo(c.input, c.filterSize, c.strides, 1, c.pad).outShape);
      const diff = await compareKernel(label, 'AvgPoolGrad', { dy, input: x }, { filterSize: c.filterSize, strides: c.strides, pad: c.pad });
      expect(diff.relative).toBeLessThan(1e-6);
    });
  }
});
