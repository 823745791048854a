/**
 * serveTrials in headless Chromium: a user's worker module with a custom loop and no tfjs
 * (fixtures/counting-loop.worker.ts), driven over comlink through the task protocol as the runner
 * drives it: every epoch's metrics, stop, pause with a checkpoint and resume from it (the
 * checkpoint crossing by transfer both ways), and user-code errors that fail one trial, name it,
 * and leave the worker usable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskJob } from '../../src/training/serve/protocol';
import { useHarnessPage } from './harness-page';

const JOB: TaskJob = { trialId: 5, attempt: 0, params: { x: 1 }, seed: 3, maxEpochs: 6 };
const SLOW = 120_000;

const env = useHarnessPage('tests/browser/serve-harness.html', 'window.serveHarness !== undefined', SLOW);
let id: number;

beforeAll(async () => {
  const spawned = await env.page.evaluate(() => window.serveHarness.spawn('counting-loop', 'none', null));
  expect(spawned.init).toEqual({ report: null });
  id = spawned.id;
}, SLOW);

describe('serveTrials in Chromium', () => {
  it('beats its heartbeat from the start, as the runner expects of every worker', async () => {
    expect(await env.page.evaluate((w) => window.serveHarness.beats(w), id)).toBeGreaterThan(0);
  });

  it('reports every epoch with all its metrics and completes', async () =>
    env.withLog(async () => {
      const { result, progress } = await env.page.evaluate(([w, job]) => window.serveHarness.run(w, job), [id, JOB] as const);
      expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(progress[1]).toMatchObject({ kind: 'epoch', metrics: { loss: 1.5, valLoss: 1.75 } });
      expect(result).toMatchObject({ kind: 'complete', epochs: 6, metrics: { loss: 1 + 1 / 6 } });
      expect(await env.page.evaluate((w) => window.serveHarness.memory(w), id)).toEqual({ numTensors: 0, numBytes: 0 });
    }), SLOW);

  it("stops: the next report answers 'stop' and the trial resolves stopped with its last epoch", async () =>
    env.withLog(async () => {
      const { result, progress } = await env.page.evaluate(([w, job]) => window.serveHarness.run(w, job, 2), [id, JOB] as const);
      expect(result.kind).toBe('stopped');
      expect(result.epochs).toBeGreaterThanOrEqual(2);
      expect(result.epochs).toBeLessThan(6);
      expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: result.epochs }, (_, i) => i + 1));
      expect(result.kind === 'stopped' && result.checkpoint).toBe(undefined);
    }), SLOW);

  it('pauses with a checkpoint when the job saves them, and a resumed trial continues its epochs', async () =>
    env.withLog(async () => {
      const job: TaskJob = { ...JOB, saveCheckpoint: 'at-end' };
      const paused = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j, 2), [id, job] as const);
      expect(paused.result).toMatchObject({ kind: 'stopped', checkpoint: { format: 'counting/1', epochsDone: paused.result.epochs, manifest: { fields: ['epoch', 'x'] } } });
      const resumed = await env.page.evaluate(([w, j]) => window.serveHarness.resume(w, j, w), [id, job] as const);
      expect(resumed.progress.map((p) => p.epoch)).toEqual(Array.from({ length: 6 - paused.result.epochs }, (_, i) => paused.result.epochs + i + 1));
      expect(resumed.result).toMatchObject({ kind: 'complete', epochs: 6, checkpoint: { epochsDone: 6 } });
    }), SLOW);

  it("sends each epoch's checkpoint with its progress under 'every-epoch'", async () =>
    env.withLog(async () => {
      const { progress } = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j), [id, { ...JOB, maxEpochs: 2, saveCheckpoint: 'every-epoch' as const }] as const);
      expect(progress.map((p) => (p.kind === 'epoch' ? p.checkpoint?.epochsDone : null))).toEqual([1, 2]);
    }), SLOW);

  it.each([
    ['throws', 'trial 5: train() threw: x is not iterable'],
    ['repeat-epoch', 'trial 5: train() reported epoch 1 after epoch 1'],
    ['string-metric', /^trial 5: train\(\) reported metric "valLoss" as the string "2" at epoch 1: metrics must be numbers$/],
  ])('fails a trial whose code %s as user-code, naming it, and stays usable', async (fault, reason) =>
    env.withLog(async () => {
      const { result } = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j), [id, { ...JOB, params: { x: 1, fault } }] as const);
      expect(result).toMatchObject({ kind: 'failed', cause: 'user-code' });
      expect(result.kind === 'failed' ? result.reason : '').toMatch(reason);
      const next = await env.page.evaluate(([w, j]) => window.serveHarness.run(w, j), [id, { ...JOB, maxEpochs: 1 }] as const);
      expect(next.result).toMatchObject({ kind: 'complete', epochs: 1 });
    }), SLOW);

  it('rejects exportModel clearly when the task has none', async () =>
    env.withLog(async () => {
      const outcome = await env.page.evaluate(([w, j]) => window.serveHarness.exportModel(w, j.params, j), [id, JOB] as const);
      expect(outcome).toEqual({ error: expect.stringMatching(/this task cannot export a model/) });
    }), SLOW);

  it("breaks no rule of the page's Content-Security-Policy", () => {
    expect(env.violations).toEqual([]);
  });
});
