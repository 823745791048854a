import { describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { XNNPACK_MIN_MULTIPLY_ADDS } from '../../../src/training/serve/wasm-kernels/batch-mat-mul';
import { builtinKernel, type BackendWasm } from '../../../src/training/serve/wasm-kernels/wasm-heap';
import { compareKernel, inputMaker, onBackend, printDifference, relativeDifference, useBothBackends } from './wasm-test-env';

/** a's and b's shapes as stored (already transposed where a flag says so). */
interface ProductCase {
  readonly a: number[];
  readonly b: number[];
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/** [batchA…, m, k] · [batchB…, k, n] laid out for the flags. */
function productCase(batchA: number[], batchB: number[], m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): ProductCase {
  return {
    a: [...batchA, ...(transposeA ? [k, m] : [m, k])],
    b: [...batchB, ...(transposeB ? [n, k] : [k, n])],
    transposeA,
    transposeB,
  };
}

const FLAGS: readonly [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

/** Batch layouts: none, batch 1, both batched, each side broadcast, several batch axes. */
const BATCHES: readonly { label: string; a: number[]; b: number[] }[] = [
  { label: 'rank 2', a: [], b: [] },
  { label: 'batch 1', a: [1], b: [1] },
  { label: 'batch 3 both', a: [3], b: [3] },
  { label: 'a batch 4, b broadcast', a: [4], b: [1] },
  { label: 'a broadcast, b batch 4', a: [1], b: [4] },
  { label: 'a [2,3], b [3]', a: [2, 3], b: [3] },
  { label: 'a rank 2, b [2,1]', a: [], b: [2, 1] },
  { label: 'a [2,3], b rank 2', a: [2, 3], b: [] },
];

const TOLERANCE = 1e-5;

/** The shapes and flags the built-in BatchMatMul received while `body` ran on wasm. */
async function builtinCalls(body: () => void): Promise<{ a?: number[]; b?: number[]; attrs: unknown }[]> {
  await useBothBackends();
  const kept = builtinKernel(tf.BatchMatMul);
  if (kept === undefined) throw new Error('the built-in BatchMatMul was not kept');
  const spy = vi.spyOn(kept, 'kernelFunc');
  try {
    await onBackend('wasm', () => tf.tidy(body));
    return spy.mock.calls.map(([args]) => ({ a: args.inputs['a']?.shape, b: args.inputs['b']?.shape, attrs: args.attrs }));
  } finally {
    spy.mockRestore();
  }
}

function label(c: ProductCase): string {
  return `[${c.a.join(',')}]${c.transposeA ? 'ᵀ' : ''} · [${c.b.join(',')}]${c.transposeB ? 'ᵀ' : ''}`;
}

describe('BatchMatMul on wasm matches the cpu backend', () => {
  let seed = 900;
  // 7·13·5 multiply-adds stay on the built-in's loop, 17·23·29 take XNNPACK's path where they can.
  for (const [m, k, n] of [[7, 13, 5], [17, 23, 29]] as const) {
    for (const batch of BATCHES) {
      for (const [transposeA, transposeB] of FLAGS) {
        const c = productCase(batch.a, batch.b, m, k, n, transposeA, transposeB);
        const caseSeed = seed++;
        it(`${batch.label}: ${label(c)}`, async () => {
          const make = inputMaker(caseSeed);
          const diff = await compareKernel(label(c), tf.BatchMatMul, { a: make.normal(c.a), b: make.normal(c.b) }, { transposeA, transposeB });
          expect(diff.relative).toBeLessThan(TOLERANCE);
        });
      }
    }
  }

  for (const [transposeA, transposeB] of FLAGS) {
    const c = productCase([1], [1], 64, 97, 33, transposeA, transposeB);
    it(`a dense layer's shapes, odd sizes: ${label(c)}`, async () => {
      const make = inputMaker(950 + Number(transposeA) * 2 + Number(transposeB));
      const diff = await compareKernel(label(c), tf.BatchMatMul, { a: make.normal(c.a), b: make.normal(c.b) }, { transposeA, transposeB });
      expect(diff.relative).toBeLessThan(TOLERANCE);
    });
  }

  it('gives the gradients of a matrix product that the cpu backend gives', async () => {
    const make = inputMaker(970);
    const x = make.normal([6, 11]);
    const w = make.normal([11, 4]);
    const grads = () => tf.tidy(() => {
      const [dx, dw] = tf.grads((xs: tf.Tensor, ws: tf.Tensor) => tf.matMul(xs, ws).square().sum())([tf.tensor(x.values, [...x.shape]), tf.tensor(w.values, [...w.shape])]);
      return [Float32Array.from((dx as tf.Tensor).dataSync()), Float32Array.from((dw as tf.Tensor).dataSync())];
    });
    const cpu = await onBackend('cpu', grads);
    const wasm = await onBackend('wasm', grads);
    for (const [i, name] of ['dx', 'dw'].entries()) {
      const diff = relativeDifference(cpu[i] as Float32Array, wasm[i] as Float32Array);
      printDifference(`matMul gradient ${name}`, diff);
      expect(diff.relative).toBeLessThan(TOLERANCE);
    }
  });

  it('hands the built-in untransposed operands with a batch of 1 (XNNPACK\'s path) when b is not batched', async () => {
    const calls = await builtinCalls(() => {
      tf.matMul(tf.ones([3, 16, 32]), tf.ones([32, 24]), false, false).dataSync();
      tf.matMul(tf.ones([32, 16]), tf.ones([24, 32]), true, true).dataSync();
    });
    expect(calls).toEqual([
      { a: [1, 48, 32], b: [1, 32, 24], attrs: { transposeA: false, transposeB: false } },
      { a: [1, 16, 32], b: [1, 32, 24], attrs: { transposeA: false, transposeB: false } },
    ]);
  });

  it('leaves small products and batched b to the built-in as they came', async () => {
    const calls = await builtinCalls(() => {
      tf.matMul(tf.ones([4, 5]), tf.ones([6, 5]), false, true).dataSync();
      tf.matMul(tf.ones([2, 32, 16]), tf.ones([2, 24, 32]), true, true).dataSync();
    });
    expect(calls).toEqual([
      { a: [4, 5], b: [6, 5], attrs: { transposeA: false, transposeB: true } },
      { a: [2, 32, 16], b: [2, 24, 32], attrs: { transposeA: true, transposeB: true } },
    ]);
    expect(4 * 5 * 6).toBeLessThan(XNNPACK_MIN_MULTIPLY_ADDS);
  });

  it('gives empty and all-zero products as the cpu backend does', async () => {
    const products = () => tf.tidy(() => [
      tf.matMul(tf.ones([0, 4]), tf.ones([3, 4]), false, true),
      tf.matMul(tf.ones([2, 0]), tf.ones([0, 3])),
      tf.fused.matMul({ a: tf.ones([0, 4]), b: tf.ones([4, 3]), bias: tf.ones([3]), activation: 'relu' }),
      tf.fused.matMul({ a: tf.ones([0, 2]), b: tf.ones([0, 3]), transposeA: true, bias: tf.ones([3]) }),
    ].map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })));
    const cpu = await onBackend('cpu', products);
    expect(await onBackend('wasm', products)).toEqual(cpu);
    expect(cpu.map((p) => p.shape)).toEqual([[0, 3], [2, 3], [0, 3], [2, 3]]);
  });

  it('refuses operands whose inner sizes differ, naming both shapes', async () => {
    await expect(onBackend('wasm', () => tf.tidy(() => tf.engine().runKernel(tf.BatchMatMul, { a: tf.ones([2, 3]), b: tf.ones([2, 4]) }, { transposeA: true, transposeB: true }))))
      .rejects.toThrow(/inner sizes differ: a \[2, 3\] \(transposeA true\) has 2, b \[2, 4\] \(transposeB true\) has 4/);
  });
});

type Activation = tf.fused.Activation;
const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'];

describe('_FusedMatMul on wasm matches the cpu backend', () => {
  /** Runs one fused product from seeded inputs; `bias` and `weights` are shapes, or undefined for none. */
  async function compareFused(c: ProductCase, activation: Activation, bias: number[] | undefined, weights: number[] | undefined, seed: number): Promise<number> {
    const make = inputMaker(seed);
    const inputs = {
      a: make.normal(c.a),
      b: make.normal(c.b),
      ...(bias === undefined ? {} : { bias: make.normal(bias) }),
      ...(weights === undefined ? {} : { preluActivationWeights: make.uniform(weights, 0, 0.5) }),
    };
    const attrs = { transposeA: c.transposeA, transposeB: c.transposeB, activation, leakyreluAlpha: 0.3 };
    const tag = `${label(c)} ${activation} bias [${bias?.join(',') ?? '-'}] weights [${weights?.join(',') ?? '-'}]`;
    return (await compareKernel(tag, tf._FusedMatMul, inputs, attrs)).relative;
  }

  let seed = 1000;
  for (const activation of ACTIVATIONS) {
    for (const [transposeA, transposeB] of FLAGS) {
      const c = productCase([1], [1], 9, 6, 5, transposeA, transposeB);
      const caseSeed = seed++;
      it(`${activation}, bias [n]: ${label(c)}`, async () => {
        const weights = activation === 'prelu' ? [5] : undefined;
        expect(await compareFused(c, activation, [5], weights, caseSeed)).toBeLessThan(TOLERANCE);
      });
    }
  }

  const LAYOUTS: readonly { label: string; c: ProductCase; bias?: number[]; weights?: number[] }[] = [
    { label: 'no bias', c: productCase([1], [1], 9, 6, 5, true, false) },
    { label: 'a batched, b broadcast, bias [n]', c: productCase([4], [1], 3, 6, 5, true, false), bias: [5] },
    { label: 'both batched, bias [n]', c: productCase([3], [3], 4, 6, 5, false, true), bias: [5] },
    { label: 'bias [m, n]', c: productCase([1], [1], 9, 6, 5, false, false), bias: [9, 5] },
    { label: 'bias [1]', c: productCase([1], [1], 9, 6, 5, false, true), bias: [1] },
    { label: 'bias scalar', c: productCase([1], [1], 9, 6, 5, false, false), bias: [] },
    { label: 'prelu weights [m, 1]', c: productCase([1], [1], 9, 6, 5, true, true), bias: [5], weights: [9, 1] },
    { label: 'prelu weights [m, n], a batched', c: productCase([2], [1], 9, 6, 5, false, false), bias: [5], weights: [9, 5] },
  ];
  for (const layout of LAYOUTS) {
    const caseSeed = seed++;
    it(layout.label, async () => {
      const activation = layout.weights === undefined ? 'relu' : 'prelu';
      expect(await compareFused(layout.c, activation, layout.bias, layout.weights, caseSeed)).toBeLessThan(TOLERANCE);
    });
  }
});

describe('the wasm matrix products free what they allocate', () => {
  it('leaves the backend holding the same data after every kind of product', async () => {
    const count = await onBackend('wasm', () => {
      const backend = tf.backend() as BackendWasm;
      const a = tf.randomNormal([2, 6, 4]);
      const b = tf.randomNormal([2, 4, 3]);
      const w = tf.randomNormal([3, 4]);
      const bias = tf.randomNormal([3]);
      const alpha = tf.randomUniform([6, 1]);
      const before = backend.numDataIds();
      const products = () => [
        tf.matMul(a, w, false, true),
        tf.matMul(a.reshape([12, 4]), w, false, true),
        tf.matMul(a, b),
        tf.matMul(a, b, false, false),
        tf.fused.matMul({ a, b: w, transposeB: true, bias, activation: 'relu' }),
        tf.fused.matMul({ a, b, bias, activation: 'elu' }),
        tf.fused.matMul({ a, b: w, transposeB: true, bias, activation: 'prelu', preluActivationWeights: alpha }),
        tf.fused.matMul({ a, b: w, transposeB: true, bias: bias.reshape([1, 3]), activation: 'sigmoid' }),
      ];
      for (let round = 0; round < 3; round++) tf.dispose(tf.tidy(products));
      const after = backend.numDataIds();
      tf.dispose([a, b, w, bias, alpha]);
      return { before, after };
    });
    expect(count.after).toBe(count.before);
  });
});
