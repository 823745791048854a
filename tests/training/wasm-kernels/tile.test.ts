import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compareKernel, inputMaker, onBackend } from './wasm-test-env';

const CASES: readonly { shape: number[]; reps: number[] }[] = [
  { shape: [1, 1, 1, 8], reps: [16, 7, 7, 1] },
  { shape: [3], reps: [4] },
  { shape: [1], reps: [9] },
  { shape: [2, 3], reps: [1, 1] },
  { shape: [2, 3], reps: [3, 2] },
  { shape: [2, 1, 3], reps: [2, 5, 1] },
  { shape: [1, 4, 1, 2], reps: [3, 1, 4, 2] },
  { shape: [2, 2, 2, 2, 2], reps: [1, 2, 1, 3, 1] },
];

describe('Tile on wasm matches the cpu backend', () => {
  for (const [i, c] of CASES.entries()) {
    const label = `[${c.shape.join(',')}] × [${c.reps.join(',')}]`;
    it(label, async () => {
      const x = inputMaker(600 + i).normal(c.shape);
      const diff = await compareKernel(label, 'Tile', { x }, { reps: c.reps });
      expect(diff.maxAbsDiff).toBe(0);
    });
  }

  it('tiles int32 and bool tensors, and gives an empty result for a zero repetition', async () => {
    const tiled = () => tf.tidy(() => [
      Array.from(tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 3]).dataSync()),
      Array.from(tf.tile(tf.tensor1d([true, false], 'bool'), [3]).dataSync()),
      tf.tile(tf.ones([2, 2]), [0, 2]).shape,
      Array.from(tf.tile(tf.scalar(5).reshape([]), []).dataSync()),
    ]);
    const cpu = await onBackend('cpu', tiled);
    const wasm = await onBackend('wasm', tiled);
    expect(wasm).toEqual(cpu);
    expect(wasm[2]).toEqual([0, 4]);
  });

  it('refuses reps that do not match x', async () => {
    await expect(onBackend('wasm', () => tf.engine().runKernel('Tile', { x: tf.ones([2, 2]) }, { reps: [2] }))).rejects.toThrow(/reps \[2\] must have one entry per axis of x \[2, 2\]/);
  });
});
