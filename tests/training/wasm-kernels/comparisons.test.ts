import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { COMPARISON_NAMES } from '../../../src/training/serve/wasm-kernels/comparisons';
import { builtinKernel } from '../../../src/training/serve/wasm-kernels/wasm-heap';
import { inputMaker, onBackend, useBothBackends, type KernelInput } from './wasm-test-env';

// Pairs of shapes: broadcast on inner, outer and several axes, a scalar side, equal shapes, rank 0.
const SHAPES: readonly (readonly [number[], number[]])[] = [
  [[4, 6, 5], [4, 1, 5]],
  [[4, 1, 5], [4, 6, 5]],
  [[3, 4], [4]],
  [[2, 1, 3, 1], [1, 5, 1, 4]],
  [[6, 1], [1, 7]],
  [[5, 3], [5, 3]],
  [[5, 3], []],
  [[1, 1], [4, 3]],
  [[], []],
  [[0, 3], [1, 3]],
];

/** Inputs with many ties and NaNs: small integers, every seventh value NaN. */
function tiedInput(shape: number[], seed: number, bool: boolean): KernelInput {
  const ints = inputMaker(seed).ints(shape, -1, 2);
  if (bool) return { shape, values: Int32Array.from(ints.values, (v) => (v > 0 ? 1 : 0)), dtype: 'int32' };
  return { shape, values: Float32Array.from(ints.values, (v, i) => (i % 7 === 3 ? NaN : v)) };
}

function run(name: string, a: KernelInput, b: KernelInput, bool: boolean): { shape: number[]; values: number[] } {
  return tf.tidy(() => {
    const cast = (input: KernelInput) => {
      const t = tf.tensor(input.values, [...input.shape], input.dtype ?? 'float32');
      return bool ? tf.cast(t, 'bool') : t;
    };
    const y = tf.engine().runKernel(name, { a: cast(a), b: cast(b) }) as tf.Tensor;
    return { shape: y.shape, values: Array.from(y.dataSync()) };
  });
}

describe('comparisons and logical ops on wasm match the cpu backend', () => {
  for (const name of COMPARISON_NAMES) {
    const bool = name === 'LogicalAnd' || name === 'LogicalOr';
    it(`${name}, broadcasting every way`, async () => {
      for (const [i, [aShape, bShape]] of SHAPES.entries()) {
        const a = tiedInput(aShape, 700 + i, bool);
        const b = tiedInput(bShape, 800 + i, bool);
        const cpu = await onBackend('cpu', () => run(name, a, b, bool));
        const wasm = await onBackend('wasm', () => run(name, a, b, bool));
        expect(wasm, `${name} [${aShape}] vs [${bShape}]`).toEqual(cpu);
      }
    });
  }

  it('keeps the built-ins for same shapes and scalars', async () => {
    await useBothBackends();
    for (const name of COMPARISON_NAMES) expect(builtinKernel(name), name).toBeDefined();
  });

  it('makes the gradient of a max over an axis the same on wasm as on cpu', async () => {
    const x = inputMaker(900).normal([8, 12, 4]);
    const gradient = () => tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => tf.max(t, 1))(tf.tensor(x.values, [...x.shape])).dataSync()));
    expect(await onBackend('wasm', gradient)).toEqual(await onBackend('cpu', gradient));
  });
});
