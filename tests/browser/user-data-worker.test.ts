/**
 * The user-data worker (workers/user-data.worker.ts: `serveTrials(createUserDataTask())`) in
 * headless Chromium, started as the page starts it (`userDataWorkerOptions` + the runner's
 * `createWorkerExecutorFactory`) with a dataset on SharedArrayBuffers: one tiny 1-epoch MLP trial
 * on the cpu backend (which reads the shared arrays as they are), on WebGL (which gets a copy) and on
 * WebAssembly (its binaries from the page's origin); and a 3-fold trial on wasm (three models in
 * lockstep, no checkpoints). tests/training/user-data covers the task itself in Node.
 */
import { describe, expect, it } from 'vitest';
import { userDataMetricNames } from '../../src/training/user-data/spaces';
import { useHarnessPage } from './harness-page';

const SLOW = 240_000;
const env = useHarnessPage('tests/browser/user-data-harness.html', 'window.userDataHarness !== undefined', SLOW);

describe('the user-data worker in Chromium', () => {
  it.each(['cpu', 'webgl', 'wasm'] as const)('trains one epoch on %s from a shared dataset and reports every classification metric', async (backend) =>
    env.withLog(async () => {
      const report = await env.page.evaluate((b) => window.userDataHarness.runOneTrial(b, { layers: 1, units: 8, batchSize: 16 }), backend);
      expect(report.shared).toBe(true);
      expect(report.backend).toBe(backend);
      expect(report.checkpoints).toBe(true);
      expect(report.outcome).toMatchObject({ kind: 'complete', epochs: 1 });
      expect(report.epochs).toHaveLength(1);
      const metrics = report.epochs[0] ?? {};
      expect(Object.keys(metrics).sort()).toEqual([...userDataMetricNames('classification')].sort());
      for (const value of Object.values(metrics)) expect(Number.isFinite(value)).toBe(true);
    }),
  SLOW);

  it('trains a 3-fold trial on wasm: one report per epoch, the last epoch’s metrics as the outcome', async () =>
    env.withLog(async () => {
      const report = await env.page.evaluate(() => window.userDataHarness.runOneTrial('wasm', { layers: 1, units: 8, batchSize: 16 }, 3, 2));
      expect(report.backend).toBe('wasm');
      expect(report.checkpoints).toBe(false);
      expect(report.outcome).toMatchObject({ kind: 'complete', epochs: 2 });
      expect(report.epochs).toHaveLength(2);
      for (const metrics of report.epochs) {
        expect(Object.keys(metrics).sort()).toEqual([...userDataMetricNames('classification')].sort());
        for (const value of Object.values(metrics)) expect(Number.isFinite(value)).toBe(true);
      }
      expect(report.outcome.kind === 'complete' && report.outcome.metrics).toMatchObject(report.epochs[1] ?? {});
    }),
  SLOW);
});
