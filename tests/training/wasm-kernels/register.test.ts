import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../../../src/training/serve/wasm-kernels/register';
import { useBothBackends } from './wasm-test-env';

describe('registerWasmTrainingKernels', () => {
  it('registers every training kernel for wasm, in place of a built-in of the same name', async () => {
    await useBothBackends();
    for (const config of WASM_TRAINING_KERNELS) {
      expect(config.backendName).toBe('wasm');
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc, config.kernelName).toBe(config.kernelFunc);
    }
  });

  it('covers the kernels the wasm backend lacks or gets wrong for training', () => {
    const names = WASM_TRAINING_KERNELS.map((k) => k.kernelName);
    for (const name of ['MaxPoolGrad', 'AvgPoolGrad', 'ResizeNearestNeighborGrad', 'UnsortedSegmentSum', 'Conv2DBackpropFilter', 'Conv2DBackpropInput']) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('does nothing when called again', async () => {
    await useBothBackends();
    const before = WASM_TRAINING_KERNELS.map((k) => tf.getKernel(k.kernelName, 'wasm'));
    expect(() => registerWasmTrainingKernels()).not.toThrow();
    expect(WASM_TRAINING_KERNELS.map((k) => tf.getKernel(k.kernelName, 'wasm'))).toEqual(before);
  });
});
