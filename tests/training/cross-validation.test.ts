/**
 * k-fold cross-validated trials on tfjs's cpu backend in Node: k tiny models trained in lockstep,
 * each epoch's metrics the mean over the folds, every tensor freed at the end.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/training/config';
import type { EpochMetrics, TrainBudget, TrainProgress } from '../../src/training/protocol';
import { TrialSession } from '../../src/training/session';
import { loadShippedDataset } from './fixtures';

const TINY: TrainConfig = { ...DEFAULT_CONFIG, convBlocks: 1, filters: 2, denseUnits: 0, dropout: 0, batchSize: 16, epochs: 2 };
const BUDGET: TrainBudget = { dataset: 'mnist', trainSamples: 48, validationSamples: 16, splitSeed: 1, seed: 7, folds: 2 };

let session: TrialSession;

beforeAll(async () => {
  await tf.setBackend('cpu');
  session = new TrialSession();
  session.loadDataset(loadShippedDataset('mnist'));
});

const epochReports = (progress: TrainProgress[]) => progress.filter((p): p is Extract<TrainProgress, { kind: 'epoch' }> => p.kind === 'epoch');
const mean = (all: readonly EpochMetrics[], name: keyof EpochMetrics) => all.reduce((sum, m) => sum + m[name], 0) / all.length;

describe('TrialSession.train with budget.folds (cpu backend)', () => {
  it('trains 2 folds, reports per epoch the mean over the folds, and frees every tensor', async () => {
    const baseline = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const result = await session.train(TINY, BUDGET, (p) => {
      progress.push(p);
    });
    expect(result).toMatchObject({ kind: 'complete', epochs: 2 });
    if (result.kind !== 'complete') return;
    const epochs = epochReports(progress);
    expect(epochs.map((p) => p.epoch)).toEqual([1, 2]);
    for (const report of epochs) {
      const folds = report.foldMetrics ?? [];
      expect(folds).toHaveLength(2);
      // The folds validate on different halves of the pool, so their scores differ.
      expect(folds[0].valLoss).not.toBe(folds[1].valLoss);
      for (const name of ['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const) expect(report.metrics[name]).toBeCloseTo(mean(folds, name), 12);
      // Each fold validates on 32 of the 64 pooled samples: accuracy is a multiple of 1/32.
      for (const fold of folds) expect(fold.valAccuracy * 32).toBeCloseTo(Math.round(fold.valAccuracy * 32), 9);
    }
    expect(result.metrics).toEqual(epochs[1].metrics);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('is reproducible, and differs from the single split of the same samples', async () => {
    const a = await session.train(TINY, BUDGET, () => undefined);
    const b = await session.train(TINY, BUDGET, () => undefined);
    const single = await session.train(TINY, { ...BUDGET, folds: 1 }, () => undefined);
    expect(a.metrics).toEqual(b.metrics);
    expect(single.kind).toBe('complete');
    expect(single.metrics?.valLoss).not.toBe(a.metrics?.valLoss);
  });

  it('fails the trial when any fold diverges, leaking nothing', async () => {
    const baseline = tf.memory().numTensors;
    const result = await session.train({ ...TINY, optimizer: 'sgd', learningRate: 1e38 }, BUDGET, () => undefined);
    expect(result).toMatchObject({ kind: 'failed', cause: 'diverged', reason: expect.stringMatching(/in fold 1 of 2/) });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('stops within one batch when asked, leaking nothing', async () => {
    const baseline = tf.memory().numTensors;
    const running = session.train({ ...TINY, batchSize: 2 }, BUDGET, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    session.stop();
    const result = await running;
    expect(result).toMatchObject({ kind: 'stopped', epochs: 0, metrics: null });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('refuses bad fold counts and checkpoints (one model) without throwing', async () => {
    for (const folds of [0, 1.5, 11]) {
      expect(await session.train(TINY, { ...BUDGET, folds }, () => undefined)).toMatchObject({
        kind: 'failed',
        cause: 'error',
        reason: expect.stringMatching(/budget\.folds must be an integer/),
      });
    }
    const baseline = tf.memory().numTensors;
    expect(await session.train(TINY, BUDGET, () => undefined, { saveCheckpoint: 'at-end' })).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/checkpoints hold one model/),
    });
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
