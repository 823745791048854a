import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compareKernel, inputMaker, onBackend, runKernelHere } from './wasm-test-env';

// Batch 1 only against cpu: cpu's own gradient reads dy at the images' batch stride, so it is
// wrong for a batch > 1 whenever the size changes; larger batches are checked as adjoints below.
const CASES = [
  { images: [1, 3, 3, 2], size: [6, 6], alignCorners: false },
  { images: [1, 4, 5, 3], size: [8, 15], alignCorners: false },
  { images: [1, 5, 5, 2], size: [3, 4], alignCorners: false },
  { images: [1, 3, 4, 2], size: [7, 9], alignCorners: true },
  { images: [1, 6, 6, 1], size: [4, 4], alignCorners: true },
] as const;

const ADJOINT_CASES = [
  { images: [3, 3, 3, 2], size: [6, 6], alignCorners: false, halfPixelCenters: false },
  { images: [2, 3, 4, 2], size: [7, 9], alignCorners: true, halfPixelCenters: false },
  { images: [2, 5, 4, 2], size: [7, 9], alignCorners: false, halfPixelCenters: true },
  { images: [2, 6, 5, 1], size: [4, 3], alignCorners: false, halfPixelCenters: true },
] as const;

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * (b[i] as number), 0);

describe('ResizeNearestNeighborGrad on wasm matches the cpu backend', () => {
  for (const [i, c] of CASES.entries()) {
    const label = `images [${c.images.join(',')}] → ${c.size.join('×')}${c.alignCorners ? ' alignCorners' : ''}`;
    it(label, async () => {
      const make = inputMaker(500 + i);
      const images = make.normal(c.images);
      const dy = make.normal([c.images[0], c.size[0], c.size[1], c.images[3]]);
      const diff = await compareKernel(label, 'ResizeNearestNeighborGrad', { images, dy }, { alignCorners: c.alignCorners, halfPixelCenters: false, size: c.size });
      expect(diff.relative).toBeLessThan(1e-6);
    });
  }

  // The wasm gradient is the adjoint of the wasm forward resize: ⟨resize(x), dy⟩ = ⟨x, grad(dy)⟩.
  // (cpu's gradient also ignores halfPixelCenters, which its forward pass honours.)
  for (const [i, c] of ADJOINT_CASES.entries()) {
    const label = `images [${c.images.join(',')}] → ${c.size.join('×')}${c.alignCorners ? ' alignCorners' : ''}${c.halfPixelCenters ? ' halfPixelCenters' : ''}`;
    it(`is the adjoint of the forward resize, ${label}`, async () => {
      const make = inputMaker(520 + i);
      const x = make.normal(c.images);
      const dy = make.normal([c.images[0], c.size[0], c.size[1], c.images[3]]);
      const attrs = { alignCorners: c.alignCorners, halfPixelCenters: c.halfPixelCenters, size: c.size };
      const [forward, backward] = await onBackend('wasm', () => [
        runKernelHere('ResizeNearestNeighbor', { images: x }, attrs),
        runKernelHere('ResizeNearestNeighborGrad', { images: x, dy }, attrs),
      ]);
      const lhs = dot(forward as Float32Array, dy.values);
      const rhs = dot(x.values, backward as Float32Array);
      console.log(`ResizeNearestNeighborGrad adjoint ${label}: ${lhs.toFixed(5)} vs ${rhs.toFixed(5)}`);
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-5 * Math.max(1, Math.abs(lhs)));
    });
  }

  it('makes upSampling2d train on wasm as on cpu', async () => {
    const x = inputMaker(511).normal([2, 3, 3, 2]);
    const gradient = () => tf.tidy(() => {
      const input = tf.tensor(x.values, [...x.shape]);
      return Array.from(tf.grad((t: tf.Tensor) => tf.layers.upSampling2d({ size: [2, 3] }).apply(t) as tf.Tensor)(input, tf.onesLike(tf.zeros([2, 6, 9, 2]))).dataSync());
    });
    const cpu = await onBackend('cpu', gradient);
    const wasm = await onBackend('wasm', gradient);
    expect(wasm).toEqual(cpu);
    expect(new Set(wasm)).toEqual(new Set([6]));
  });
});
