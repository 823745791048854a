/**
 * The CNN task worker (workers/trial.worker.ts: `serveTrials(createCnnTask())`) in headless
 * Chromium, spoken to over the task protocol: real Web Workers, real backends (WebGPU and WebGL on
 * SwiftShader, WebAssembly, CPU), the shipped MNIST binaries shared with every worker through the
 * task's setup. Tests that are not about one backend train on wasm, what a machine without a
 * hardware GPU gets.
 * Workloads are tiny (128 samples, one epoch, a one-block net); the timeouts are generous because CI
 * has 2 cores. Also: a 2-fold cross-validated trial on wasm (two models in lockstep; tests/training
 * checks that each epoch's metrics are the mean over the folds).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName, TaskJob } from '../../src/training/serve/protocol';
import type { Params } from '../../src/tuner';
import type { HarnessSetup } from './harness';
import { useHarnessPage } from './harness-page';

const TINY: Params = { convBlocks: 1, filters: 4, denseUnits: 0, dropout: 0, batchSize: 32 };
const SETUP: HarnessSetup = { dataset: 'mnist', trainSamples: 128, validationSamples: 64, splitSeed: 1 };
const job = (params: Params, maxEpochs = 1): TaskJob => ({ trialId: 1, attempt: 0, params, seed: 11, maxEpochs });
const SLOW = 240_000;

const env = useHarnessPage('tests/browser/harness.html', 'window.harness !== undefined', SLOW);

beforeAll(async () => {
  await env.page.evaluate(() => window.harness.loadDataset('mnist'));
}, SLOW);

describe('trial worker in Chromium', () => {
  it('runs in a cross-origin isolated page whose dataset bytes sit on a SharedArrayBuffer', async () => {
    expect(await env.page.evaluate(() => window.harness.crossOriginIsolated())).toBe(true);
    expect(await env.page.evaluate(() => window.harness.loadDataset('mnist'))).toEqual({ count: 10_000, shared: true });
  });

  it.each(['webgpu', 'webgl', 'wasm', 'cpu'] as const)(
    'trains a tiny CNN for one epoch on %s, reporting progress and its backend',
    async (backend: BackendName) =>
      env.withLog(async () => {
        const { id, report } = await env.page.evaluate(([b, s]) => window.harness.spawn(b, s), [backend, SETUP] as const);
        expect(report?.backend).toBe(backend);
        expect(report?.skipped).toEqual([]);
        expect(report?.detail.length).toBeGreaterThan(0);
        const { result, progress } = await env.page.evaluate(([w, j]) => window.harness.train(w, j), [id, job(TINY)] as const);
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
    env.withLog(async () => {
      const { id } = await env.page.evaluate((s) => window.harness.spawn('wasm', s), SETUP);
      // 64 batches in the first epoch: on wasm a batch of this net takes about a millisecond, and
      // the stop must arrive before the epoch ends.
      const long = job({ ...TINY, batchSize: 2 }, 3);
      const { result, progress } = await env.page.evaluate(
        async ([w, j]) => {
          window.harness.start(w, j);
          await window.harness.waitForBatches(w, 1);
          await window.harness.stop(w);
          return window.harness.finish(w);
        },
        [id, long] as const,
      );
      expect(result).toMatchObject({ kind: 'stopped', epochs: 0, metrics: null });
      expect(progress.some((p) => p.kind === 'epoch')).toBe(false);
      expect(await env.page.evaluate((w) => window.harness.memory(w), id)).toMatchObject({ numTensors: 0 });
      // The worker stays usable after a stop.
      const again = await env.page.evaluate(([w, j]) => window.harness.train(w, j), [id, job(TINY)] as const);
      expect(again.result.kind).toBe('complete');
      await env.page.evaluate((w) => window.harness.terminate(w), id);
    }),
  SLOW);

  it('leaks no tensor across three trials, one of which diverges (NaN) and fails with a reason', async () =>
    env.withLog(async () => {
      const { id, report } = await env.page.evaluate((s) => window.harness.spawn('wasm', s), SETUP);
      expect(report?.backend).toBe('wasm');
      const before = await env.page.evaluate((w) => window.harness.memory(w), id);
      const configs: Params[] = [
        { ...TINY, batchNorm: true, dropout: 0.2, denseUnits: 8, weightDecay: 1e-4 },
        { ...TINY, optimizer: 'sgd', learningRate: 1e38 },
        { ...TINY, optimizer: 'momentum', convBlocks: 2, kernelSize: 5 },
      ];
      const kinds: string[] = [];
      for (const config of configs) {
        const { result } = await env.page.evaluate(([w, j]) => window.harness.train(w, j), [id, job(config)] as const);
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
    env.withLog(async () => {
      const { id, report } = await env.page.evaluate(([b, s]) => window.harness.spawn(b, s, 'lossy-trial'), [backend, SETUP] as const);
      expect(report?.backend).toBe(backend);
      const long = job({ ...TINY, batchSize: 8 }, 3);
      const { result } = await env.page.evaluate(
        async ([w, j]) => {
          window.harness.start(w, j);
          await window.harness.waitForBatches(w, 1);
          await window.harness.destroyDevice(w);
          return window.harness.finish(w);
        },
        [id, long] as const,
      );
      expect(result).toMatchObject({ kind: 'failed', cause: 'backend-lost' });
      if (result.kind === 'failed') expect(result.reason).toMatch(reason);
      const later = await env.page.evaluate(([w, j]) => window.harness.train(w, j), [id, job(TINY)] as const);
      expect(later.result).toMatchObject({ kind: 'failed', cause: 'backend-lost' });
      await env.page.evaluate((w) => window.harness.terminate(w), id);
    }),
  SLOW);

  it('trains 2 folds in lockstep, reports each epoch once, and frees every tensor', async () =>
    env.withLog(async () => {
      const folds: HarnessSetup = { ...SETUP, trainSamples: 96, validationSamples: 32, folds: 2 };
      const { id, report } = await env.page.evaluate((s) => window.harness.spawn('wasm', s), folds);
      expect(report?.backend).toBe('wasm');
      const { result, progress } = await env.page.evaluate(([w, j]) => window.harness.train(w, j), [id, job(TINY, 2)] as const);
      expect(result).toMatchObject({ kind: 'complete', epochs: 2 });
      const epochs = progress.flatMap((p) => (p.kind === 'epoch' ? [p] : []));
      expect(epochs.map((p) => p.epoch)).toEqual([1, 2]);
      for (const { metrics } of epochs) expect(Number.isFinite(metrics.valLoss) && Number.isFinite(metrics.valAccuracy)).toBe(true);
      expect(result.kind === 'complete' && result.metrics).toEqual(epochs[1]?.metrics);
      expect(await env.page.evaluate((w) => window.harness.memory(w), id)).toEqual({ numTensors: 0, numBytes: 0 });
      await env.page.evaluate((w) => window.harness.terminate(w), id);
    }),
  SLOW);
});
