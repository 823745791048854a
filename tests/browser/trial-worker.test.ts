/**
 * The trial worker in headless Chromium: real Web Workers, real backends (WebGPU and WebGL on
 * SwiftShader, CPU), the shipped MNIST binaries shared with every worker. Workloads are tiny
 * (128 samples, one epoch, a one-block net); the timeouts are generous because CI has 2 cores.
 * Also: a 2-fold cross-validated trial (two models in lockstep, metrics the mean over the folds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/training/config';
import type { BackendName, TrainBudget, TrainProgress } from '../../src/training/protocol';

const TINY: TrainConfig = { ...DEFAULT_CONFIG, convBlocks: 1, filters: 4, denseUnits: 0, dropout: 0, batchSize: 32, epochs: 1 };
const BUDGET: TrainBudget = { dataset: 'mnist', trainSamples: 128, validationSamples: 64, splitSeed: 1, seed: 11 };
const SLOW = 240_000;

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv('tests/browser/harness.html', 'window.harness !== undefined');
  await env.page.evaluate(() => window.harness.loadDataset('mnist'));
}, SLOW);

afterAll(async () => {
  await env?.close();
});

/** Runs `body`; on failure, appends the page's console to the error. */
async function withLog<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const log = env.log.slice(-30).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- page console ---\n${log}`);
  }
}

describe('trial worker in Chromium', () => {
  it('runs in a cross-origin isolated page whose dataset bytes sit on a SharedArrayBuffer', async () => {
    expect(await env.page.evaluate(() => window.harness.crossOriginIsolated())).toBe(true);
    expect(await env.page.evaluate(() => window.harness.loadDataset('mnist'))).toEqual({ count: 10_000, shared: true });
  });

  it.each(['webgpu', 'webgl', 'cpu'] as const)(
    'trains a tiny CNN for one epoch on %s, reporting progress and its backend',
    async (backend: BackendName) =>
      withLog(async () => {
        const { id, report } = await env.page.evaluate((b) => window.harness.spawn(b), backend);
        expect(report.backend).toBe(backend);
        expect(report.skipped).toEqual([]);
        expect(report.detail.length).toBeGreaterThan(0);
        const { result, progress } = await env.page.evaluate(([w, c, b]) => window.harness.train(w, c, b), [id, TINY, BUDGET] as const);
        expect(result).toMatchObject({ kind: 'complete', epochs: 1 });
        if (result.kind !== 'complete') return;
        expect(Number.isFinite(result.metrics.valLoss)).toBe(true);
        expect(result.samplesPerSecond).toBeGreaterThan(0);
        expect(progress.some((p) => p.kind === 'batch')).toBe(true);
        expect(progress.filter((p) => p.kind === 'epoch')).toEqual([expect.objectContaining({ epoch: 1, metrics: result.metrics })]);
        expect(await env.page.evaluate((w) => window.harness.memory(w), id)).toEqual({ numTensors: 0, numBytes: 0 });
        await env.page.evaluate((w) => window.harness.terminate(w), id);
      }),
    SLOW,
  );

  it('stops mid-epoch within one batch and reports the trial as stopped', async () =>
    withLog(async () => {
      const { id } = await env.page.evaluate(() => window.harness.spawn('webgl'));
      const long = { ...TINY, batchSize: 8, epochs: 3 };
      const { result, progress } = await env.page.evaluate(
        async ([w, c, b]) => {
          window.harness.start(w, c, b);
          await window.harness.waitForBatches(w, 1);
          await window.harness.stop(w);
          return window.harness.finish(w);
        },
        [id, long, BUDGET] as const,
      );
      expect(result).toMatchObject({ kind: 'stopped', epochs: 0, metrics: null });
      expect(progress.some((p) => p.kind === 'epoch')).toBe(false);
      expect(await env.page.evaluate((w) => window.harness.memory(w), id)).toMatchObject({ numTensors: 0 });
      // The worker stays usable after a stop.
      const again = await env.page.evaluate(([w, c, b]) => window.harness.train(w, c, b), [id, TINY, BUDGET] as const);
      expect(again.result.kind).toBe('complete');
      await env.page.evaluate((w) => window.harness.terminate(w), id);
    }),
  SLOW);

  it('leaks no tensor across three trials, one of which diverges (NaN) and fails with a reason', async () =>
    withLog(async () => {
      const { id } = await env.page.evaluate(() => window.harness.spawn('webgl'));
      const before = await env.page.evaluate((w) => window.harness.memory(w), id);
      const configs: TrainConfig[] = [
        { ...TINY, batchNorm: true, dropout: 0.2, denseUnits: 8, weightDecay: 1e-4 },
        { ...TINY, optimizer: 'sgd', learningRate: 1e38 },
        { ...TINY, optimizer: 'momentum', convBlocks: 2, kernelSize: 5 },
      ];
      const kinds: string[] = [];
      for (const config of configs) {
        const { result } = await env.page.evaluate(([w, c, b]) => window.harness.train(w, c, b), [id, config, BUDGET] as const);
        kinds.push(result.kind);
        if (result.kind === 'failed') {
          expect(result.cause).toBe('diverged');
          expect(result.reason).toMatch(/became (NaN|-?Infinity|non-finite)/);
        }
        expect(await env.page.evaluate((w) => window.harness.memory(w), id)).toEqual(before);
      }
      expect(kinds).toEqual(['complete', 'failed', 'complete']);
      await env.page.evaluate((w) => window.harness.terminate(w), id);
    }),
  SLOW);

  it.each([
    ['WebGPU device', 'webgpu', /WebGPU device lost \(destroyed\)/],
    ['WebGL context', 'webgl', /WebGL context lost/],
  ] as const)('turns a lost %s into a failed trial with the reason, and refuses later trials', async (_, backend, reason) =>
    withLog(async () => {
      const { id, report } = await env.page.evaluate((b) => window.harness.spawn(b, 'lossy-trial'), backend);
      expect(report.backend).toBe(backend);
      const long = { ...TINY, batchSize: 8, epochs: 3 };
      const { result } = await env.page.evaluate(
        async ([w, c, b]) => {
          window.harness.start(w, c, b);
          await window.harness.waitForBatches(w, 1);
          await window.harness.destroyDevice(w);
          return window.harness.finish(w);
        },
        [id, long, BUDGET] as const,
      );
      expect(result).toMatchObject({ kind: 'failed', cause: 'backend-lost' });
      if (result.kind === 'failed') expect(result.reason).toMatch(reason);
      const later = await env.page.evaluate(([w, c, b]) => window.harness.train(w, c, b), [id, TINY, BUDGET] as const);
      expect(later.result).toMatchObject({ kind: 'failed', cause: 'backend-lost' });
      await env.page.evaluate((w) => window.harness.terminate(w), id);
    }),
  SLOW);

  it('trains 2 folds in lockstep, reports each epoch as the mean over the folds, and frees every tensor', async () =>
    withLog(async () => {
      const folds: TrainBudget = { ...BUDGET, trainSamples: 96, validationSamples: 32, folds: 2 };
      const { id } = await env.page.evaluate(() => window.harness.spawn('cpu'));
      const { result, progress } = await env.page.evaluate(([w, c, b]) => window.harness.train(w, c, b), [id, { ...TINY, epochs: 2 }, folds] as const);
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
    }),
  SLOW);
});
