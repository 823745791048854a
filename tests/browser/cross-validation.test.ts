/**
 * A 2-fold cross-validated trial in a real trial worker (headless Chromium, cpu backend): two tiny
 * models in lockstep, each epoch's metrics the mean over the folds, no tensor left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/training/config';
import type { TrainBudget, TrainProgress } from '../../src/training/protocol';

const TINY: TrainConfig = { ...DEFAULT_CONFIG, convBlocks: 1, filters: 4, denseUnits: 0, dropout: 0, batchSize: 32, epochs: 2 };
const BUDGET: TrainBudget = { dataset: 'mnist', trainSamples: 96, validationSamples: 32, splitSeed: 1, seed: 11, folds: 2 };
const SLOW = 240_000;

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv('tests/browser/harness.html', 'window.harness !== undefined');
  await env.page.evaluate(() => window.harness.loadDataset('mnist'));
}, SLOW);

afterAll(async () => {
  await env?.close();
});

describe('cross-validated trial in a worker', () => {
  it(
    'trains 2 folds, reports each epoch as the mean over the folds, and frees every tensor',
    async () => {
      try {
        const { id } = await env.page.evaluate(() => window.harness.spawn('cpu'));
        const { result, progress } = await env.page.evaluate(([w, c, b]) => window.harness.train(w, c, b), [id, TINY, BUDGET] as const);
        expect(result).toMatchObject({ kind: 'complete', epochs: 2 });
        const epochs = progress.filter((p): p is Extract<TrainProgress, { kind: 'epoch' }> => p.kind === 'epoch');
        expect(epochs.map((p) => p.epoch)).toEqual([1, 2]);
        for (const { metrics, foldMetrics = [] } of epochs) {
          expect(foldMetrics).toHaveLength(2);
          expect(metrics.valLoss).toBeCloseTo((foldMetrics[0].valLoss + foldMetrics[1].valLoss) / 2, 9);
          expect(metrics.valAccuracy).toBeCloseTo((foldMetrics[0].valAccuracy + foldMetrics[1].valAccuracy) / 2, 9);
        }
        expect(result.metrics).toEqual(epochs[1].metrics);
        expect(await env.page.evaluate((w) => window.harness.memory(w), id)).toEqual({ numTensors: 0, numBytes: 0 });
        await env.page.evaluate((w) => window.harness.terminate(w), id);
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- page console ---\n${env.log.slice(-30).join('\n')}`);
      }
    },
    SLOW,
  );
});
