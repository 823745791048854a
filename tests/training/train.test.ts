/**
 * The training loop on tfjs's cpu backend in Node: tiny nets, 64 samples, so each trial takes a
 * second or so. The browser suite (tests/browser) runs the same code in real workers on each backend.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/training/config';
import { buildModel } from '../../src/training/models';
import type { TrainBudget, TrainProgress } from '../../src/training/protocol';
import { TrialSession } from '../../src/training/session';
import { loadShippedDataset } from './fixtures';

const TINY: TrainConfig = { ...DEFAULT_CONFIG, convBlocks: 1, filters: 2, denseUnits: 0, dropout: 0, batchSize: 16, epochs: 1 };
const BUDGET: TrainBudget = { dataset: 'mnist', trainSamples: 64, validationSamples: 32, splitSeed: 1, seed: 7 };

let session: TrialSession;

beforeAll(async () => {
  await tf.setBackend('cpu');
  session = new TrialSession();
  session.loadDataset(loadShippedDataset('mnist'));
});

describe('buildModel', () => {
  it('counts parameters: conv 3·3·1·4 + 4, then dense 14·14·4·10 + 10', () => {
    const { model, paramCount } = buildModel({ ...DEFAULT_CONFIG, convBlocks: 1, filters: 4, denseUnits: 0 }, { shape: [28, 28, 1], classCount: 10 }, 1);
    expect(paramCount).toBe(40 + 7850);
    model.dispose();
  });

  it('doubles the filters per block and adds batch norm and a hidden dense layer when asked', () => {
    const config = { ...DEFAULT_CONFIG, convBlocks: 2, filters: 4, kernelSize: 3, denseUnits: 16, batchNorm: true };
    const { model, paramCount } = buildModel(config, { shape: [28, 28, 1], classCount: 10 }, 1);
    // conv1 (no bias) 36 + bn 16; conv2 3·3·4·8 = 288 + bn 32; dense 7·7·8·16 + 16 = 6288; out 16·10 + 10 = 170
    expect(paramCount).toBe(36 + 16 + 288 + 32 + 6288 + 170);
    model.dispose();
  });

  it('draws the same initial weights for the same seed', () => {
    const weights = (seed: number) => {
      const { model } = buildModel(TINY, { shape: [28, 28, 1], classCount: 10 }, seed);
      const values = Array.from(model.getWeights()[0].dataSync());
      model.dispose();
      return values;
    };
    expect(weights(3)).toEqual(weights(3));
    expect(weights(3)).not.toEqual(weights(4));
  });
});

describe('TrialSession.train (cpu backend)', () => {
  it('trains one epoch, reports validation metrics after it, and frees every tensor', async () => {
    const baseline = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const result = await session.train(TINY, BUDGET, (p) => {
      progress.push(p);
    });
    expect(result.kind).toBe('complete');
    if (result.kind !== 'complete') return;
    expect(result.epochs).toBe(1);
    expect(result.paramCount).toBeGreaterThan(0);
    expect(result.metrics.valLoss).toBeGreaterThan(0);
    expect(result.metrics.valAccuracy).toBeGreaterThanOrEqual(0);
    const epochs = progress.filter((p) => p.kind === 'epoch');
    expect(epochs.map((p) => p.epoch)).toEqual([1]);
    expect(epochs[0]).toMatchObject({ metrics: result.metrics });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it.each(['sgd', 'momentum', 'adam'] as const)('frees the %s optimiser and all its state', async (optimizer) => {
    const baseline = tf.memory().numTensors;
    const result = await session.train({ ...TINY, optimizer, batchNorm: true, dropout: 0.2, denseUnits: 4, weightDecay: 1e-4 }, BUDGET, () => undefined);
    expect(result.kind).toBe('complete');
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('is reproducible: the same seed gives the same metrics', async () => {
    const config = { ...TINY, dropout: 0.3 };
    const a = await session.train(config, BUDGET, () => undefined);
    const b = await session.train(config, BUDGET, () => undefined);
    expect(a.kind).toBe('complete');
    expect(b.metrics).toEqual(a.metrics);
  });

  it('ends a diverging run (absurd learning rate) as failed with a reason, leaking nothing', async () => {
    const baseline = tf.memory().numTensors;
    const result = await session.train({ ...TINY, optimizer: 'sgd', learningRate: 1e38 }, BUDGET, () => undefined);
    expect(result).toMatchObject({ kind: 'failed', cause: 'diverged' });
    if (result.kind === 'failed') expect(result.reason).toMatch(/became (NaN|-?Infinity|non-finite)/);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('stops within one batch when asked', async () => {
    const baseline = tf.memory().numTensors;
    const running = session.train({ ...TINY, batchSize: 4 }, BUDGET, () => undefined);
    // Ask for the stop from a timer, as a worker's message would arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    session.stop();
    const result = await running;
    expect(result.kind).toBe('stopped');
    expect(result.epochs).toBe(0); // 16 batches of 4 in an epoch: it stopped inside the first one
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('fails, without throwing, on a bad config, an unloaded dataset or an oversized budget', async () => {
    const bad = await session.train({ ...TINY, convBlocks: 9 }, BUDGET, () => undefined);
    expect(bad).toMatchObject({ kind: 'failed', cause: 'error' });
    if (bad.kind === 'failed') expect(bad.reason).toMatch(/convBlocks/);
    expect(await session.train(TINY, { ...BUDGET, dataset: 'fashion-mnist' }, () => undefined)).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/not loaded/),
    });
    expect(await session.train(TINY, { ...BUDGET, trainSamples: 1e6 }, () => undefined)).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/trainSamples/),
    });
    expect(await session.train({ ...TINY, epochs: 0 }, BUDGET, () => undefined)).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/epochs.*must be an integer/),
    });
  });

  it('fails every trial with the reason once the backend is lost', async () => {
    const lost = new TrialSession();
    lost.loadDataset(loadShippedDataset('mnist'));
    let loseBackend: (reason: string) => void = () => undefined;
    lost.watchBackend(new Promise((resolve) => (loseBackend = resolve)));
    const running = lost.train({ ...TINY, batchSize: 4 }, BUDGET, () => undefined);
    setTimeout(() => loseBackend('WebGPU device lost (destroyed): test'), 30);
    expect(await running).toMatchObject({ kind: 'failed', cause: 'backend-lost', reason: expect.stringMatching(/device lost/) });
    expect(await lost.train(TINY, BUDGET, () => undefined)).toMatchObject({ kind: 'failed', cause: 'backend-lost' });
  });

  it('trains on Fashion-MNIST too', async () => {
    session.loadDataset(loadShippedDataset('fashion-mnist'));
    const result = await session.train(TINY, { ...BUDGET, dataset: 'fashion-mnist' }, () => undefined);
    expect(result).toMatchObject({ kind: 'complete', epochs: 1 });
  });

  it('survives a progress listener that throws', async () => {
    const result = await session.train(TINY, BUDGET, () => {
      throw new Error('listener bug');
    });
    expect(result.kind).toBe('complete');
  });
});
