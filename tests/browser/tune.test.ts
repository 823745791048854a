/**
 * `tune()` in headless Chromium over real task workers (tune-objective.worker.ts, a plain
 * JavaScript objective served with `serveTrials`): parallel workers with GP-EI and ASHA, a metric
 * that is never reported, a worker that crashes mid-trial, and an abort. Tiny: 3 epochs of 10 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';
import type { HarnessOptions, HarnessResult } from './tune-harness';

const SLOW = 120_000;
let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv('tests/browser/tune-harness.html', 'window.tuneHarness !== undefined');
}, SLOW);

afterAll(async () => {
  await env?.close();
});

const BASE: HarnessOptions = { metric: 'loss', epochs: 3, trials: 4, workers: 2, sampler: 'random', seed: 1, setup: { target: 2, epochMs: 10 } };

async function run(options: Partial<HarnessOptions>): Promise<HarnessResult> {
  const result = await env.page.evaluate((o) => window.tuneHarness.run(o), { ...BASE, ...options });
  expect(env.violations).toEqual([]);
  return result;
}

describe('tune() over task workers in the browser', () => {
  it(
    'runs GP-EI with ASHA in two workers, keeping every metric of every epoch',
    async () => {
      const result = await run({ sampler: 'gp', scheduler: { name: 'asha', options: { reductionFactor: 3 } }, trials: 6 });
      expect(result.error, env.log.join('\n')).toBeNull();
      expect(result.events.at(-1)).toMatchObject({ type: 'finished', reason: 'trial-budget', trialsStarted: 6 });
      expect(result.trials).toHaveLength(6);
      expect(result.trials.every((t) => t.state !== 'running')).toBe(true);
      expect(result.trials.some((t) => t.state === 'complete')).toBe(true);
      const workers = new Set(result.events.flatMap((e) => (e.type === 'trial-started' ? [e.worker] : [])));
      expect([...workers].sort()).toEqual([0, 1]);
      for (const trial of result.trials) for (const metrics of trial.metrics) expect(Object.keys(metrics ?? {}).sort()).toEqual(['loss', 'valLoss']);
    },
    SLOW,
  );

  it(
    'fails trials that never report the objective metric, naming the metrics they did, and gives up',
    async () => {
      const result = await run({ metric: 'accuracy', trials: 10 });
      expect(result.error).toMatchObject({ name: 'TuneError', reason: 'metric-missing' });
      expect(result.error?.message).toContain('objective metric "accuracy" was never reported');
      const reason = 'metric "accuracy" was not reported at epoch 1 (metrics: loss, valLoss)';
      // It stops after the third; a trial in the other worker may reach its first epoch meanwhile.
      expect(result.trials.filter((t) => t.reason === reason).length).toBeGreaterThanOrEqual(3);
      expect(result.events.some((e) => e.type === 'trial-finished' && e.state === 'failed' && e.reason === reason)).toBe(true);
      expect(result.trials.length).toBeLessThan(10);
    },
    SLOW,
  );

  it(
    'replaces a worker that crashes under a trial and retries the trial there',
    async () => {
      const result = await run({ setup: { crashTrials: [1], epochMs: 10 } });
      expect(result.error, env.log.join('\n')).toBeNull();
      expect(result.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
      expect(result.events).toContainEqual(expect.objectContaining({ type: 'worker-crashed', trialId: 1, retrying: true }));
      expect(result.events).toContainEqual(expect.objectContaining({ type: 'worker-replaced' }));
      expect(result.events).toContainEqual(expect.objectContaining({ type: 'trial-started', trialId: 1, attempt: 1 }));
    },
    SLOW,
  );

  it(
    'resolves with what was done when the signal is aborted',
    async () => {
      const result = await run({ trials: 40, abortAfter: 2, setup: { epochMs: 30 } });
      expect(result.error).toBeNull();
      expect(result.events.at(-1)).toMatchObject({ type: 'finished', reason: 'aborted' });
      expect(result.trials.length).toBeLessThan(40);
      expect(result.trials.every((t) => t.state !== 'running')).toBe(true);
    },
    SLOW,
  );
});
