/**
 * Checkpoints between real trial workers in headless Chromium (src/runner/worker-executor.ts over
 * workers/trial.worker.ts): a PBT hand-over from one worker to another, a pause and resume, a
 * checkpoint of another network refused, no tensor left behind, and a tiny PBT study through the
 * tuner loop. The checkpoints stay in the page, so their transfers are real. Tiny nets on the
 * wasm backend (one XNNPACK thread on a small machine: deterministic), 128–256 samples, one epoch
 * per step; one hand-over between WebGL workers (GPU read-back and upload).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';
import type { TrialJob } from '../../src/runner/executor';
import type { ExecutorSetup, KeepingOptions, KeepingReply, PbtSetup } from './runner-harness';

const SLOW = 300_000;
const NET = { convBlocks: 1, filters: 2, denseUnits: 0, dropout: 0, batchSize: 16, optimizer: 'adam' };
const SETUP: ExecutorSetup = { backend: 'wasm', trainSamples: 256, validationSamples: 128, splitSeed: 1 };

let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv('tests/browser/runner-harness.html', 'window.runnerHarness !== undefined');
  await env.page.evaluate(() => window.runnerHarness.loadDataset());
}, SLOW);

afterAll(async () => {
  await env?.close();
});

const create = (setup: ExecutorSetup = SETUP) => env.page.evaluate((s) => window.runnerHarness.create(s), setup);
const run = (executorId: number, job: TrialJob, options: KeepingOptions = {}): Promise<KeepingReply> =>
  env.page.evaluate(([id, j, o]) => window.runnerHarness.runKeeping(id, j, o), [executorId, job, options] as const);
const backendOf = (executorId: number) => env.page.evaluate((id) => window.runnerHarness.backend(id), executorId);
const tensors = async (executorId: number) => (await env.page.evaluate((id) => window.runnerHarness.memory(id), executorId)).numTensors;
const job = (trialId: number, learningRate: number, maxEpochs: number, extra: Partial<TrialJob> = {}): TrialJob => ({
  trialId,
  attempt: 0,
  params: { ...NET, learningRate },
  maxEpochs,
  seed: 100 + trialId,
  ...extra,
});

function outcomeOf(reply: KeepingReply) {
  if (!reply.reply.ok) throw new Error(`run rejected: ${reply.reply.name}: ${reply.reply.message}`);
  return reply.reply.outcome;
}

/** Runs `body`; on failure, appends the page's console to the error. */
async function withLog<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Error) error.message += `\n--- page console ---\n${env.log.slice(-40).join('\n')}`;
    throw error;
  }
}

describe('checkpoints between real trial workers (Chromium)', { timeout: SLOW }, () => {
  let workerA: number;
  let workerB: number;

  beforeAll(async () => {
    [workerA, workerB] = [await create(), await create()];
  }, SLOW);

  afterAll(async () => {
    for (const id of [workerA, workerB]) await env.page.evaluate((w) => window.runnerHarness.terminate(w), id);
  });

  it('a PBT checkpoint handed over in real wasm workers in headless Chromium', () =>
    withLog(async () => {
      expect([await backendOf(workerA), await backendOf(workerB)]).toEqual(['wasm', 'wasm']);
      // Trial A: one epoch on worker A, its state kept at the end.
      const a = await run(workerA, job(1, 1e-2, 1, { saveCheckpoint: 'at-end' }), { keepAs: 'a' });
      expect(outcomeOf(a)).toMatchObject({ kind: 'complete', epochs: 1 });
      expect(a.checkpoint).toMatchObject({ format: 'tfjs-weights/1', epochsDone: 1 });
      expect(a.checkpoint?.bytes).toBeGreaterThan(0);
      const aLoss = a.progress[0]?.valLoss as number;

      // Trial B (a PBT child, new learning rate) on a *different* worker, from A's state: epoch 2.
      const b = await run(workerB, job(2, 5e-3, 2, { saveCheckpoint: 'at-end' }), { startFrom: 'a', keepAs: 'b' });
      expect(b.progress.map((p) => p.epoch)).toEqual([2]);
      expect(outcomeOf(b)).toMatchObject({ kind: 'complete', epochs: 2 });
      expect(b.checkpoint?.epochsDone).toBe(2);
      // Transferred, not copied: the page's buffers of A's checkpoint are detached once run() was called.
      expect(b.startFromBytes).toEqual({ before: a.checkpoint?.bytes, afterRunCalled: 0 });
      expect(await env.page.evaluate(() => window.runnerHarness.kept('a').bytes)).toBe(0);

      // The same child from scratch (same seed and params) after its first epoch.
      const scratch = await run(workerB, job(2, 5e-3, 1));
      const scratchLoss = scratch.progress[0]?.valLoss as number;
      const bLoss = b.progress[0]?.valLoss as number;
      console.info(`valLoss: A epoch 1 ${aLoss.toFixed(4)}, B epoch 2 (from A) ${bLoss.toFixed(4)}, B epoch 1 from scratch ${scratchLoss.toFixed(4)}`);
      expect(bLoss).toBeLessThan(aLoss * 1.05);
      expect(bLoss).toBeLessThan(scratchLoss * 0.9);

      // Handing the same (now detached) checkpoint over again fails the trial and says why.
      const twice = await run(workerB, job(3, 5e-3, 2), { startFrom: 'a' });
      expect(outcomeOf(twice)).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/detached buffers: the checkpoint was handed over already/) });

      expect([await tensors(workerA), await tensors(workerB)]).toEqual([0, 0]);
    }));

  it('pauses a trial after epoch 1 (stop with a checkpoint) and resumes it on another worker to epoch 2, as if never paused', () =>
    withLog(async () => {
      const paused = await run(workerA, job(4, 1e-2, 3, { saveCheckpoint: 'every-epoch' }), { keepAs: 'paused', stopAfterEpoch: 1 });
      expect(outcomeOf(paused)).toMatchObject({ kind: 'stopped', epochs: 1 });
      expect(paused.progress.map((p) => p.checkpoint?.epochsDone)).toEqual([1]);
      expect(paused.checkpoint?.epochsDone).toBe(1);

      const resumed = await run(workerB, job(4, 1e-2, 2, { saveCheckpoint: 'at-end' }), { startFrom: 'paused' });
      expect(resumed.progress.map((p) => p.epoch)).toEqual([2]);
      expect(outcomeOf(resumed)).toMatchObject({ kind: 'complete', epochs: 2 });

      // The same trial straight through: the resumed epoch 2 matches (weights and adam state carried over).
      const straight = await run(workerA, job(4, 1e-2, 2));
      expect(straight.progress.map((p) => p.epoch)).toEqual([1, 2]);
      expect(resumed.progress[0]?.valLoss).toBeCloseTo(straight.progress[1]?.valLoss as number, 4);

      expect([await tensors(workerA), await tensors(workerB)]).toEqual([0, 0]);
    }));

  it('fails a trial whose network does not match the checkpoint, naming the weight and shapes', () =>
    withLog(async () => {
      await run(workerA, job(5, 1e-2, 1, { saveCheckpoint: 'at-end' }), { keepAs: 'narrow' });
      const wider = job(6, 1e-2, 2, { params: { ...NET, learningRate: 1e-2, filters: 4 } });
      const refused = await run(workerB, wider, { startFrom: 'narrow' });
      expect(outcomeOf(refused)).toMatchObject({
        kind: 'failed',
        reason: 'checkpoint does not fit this model: weight 1 is Conv2D[0]/kernel [3, 3, 1, 2] in the checkpoint but Conv2D[0]/kernel [3, 3, 1, 4] in this config',
      });
      expect(refused.progress).toEqual([]);
      // The worker is fine afterwards.
      expect(outcomeOf(await run(workerB, job(7, 1e-2, 1))).kind).toBe('complete');
      expect([await tensors(workerA), await tensors(workerB)]).toEqual([0, 0]);
    }));

  it('hands a momentum checkpoint between two webgl workers (GPU read-back and upload), leaking nothing', () =>
    withLog(async () => {
      const webgl = { ...SETUP, backend: 'webgl' as const, trainSamples: 128, validationSamples: 64 };
      const [x, y] = [await create(webgl), await create(webgl)];
      expect([await backendOf(x), await backendOf(y)]).toEqual(['webgl', 'webgl']);
      const before = [await tensors(x), await tensors(y)];
      const momentum = (trialId: number, maxEpochs: number, extra: Partial<TrialJob> = {}) =>
        job(trialId, 3e-2, maxEpochs, { params: { ...NET, optimizer: 'momentum', learningRate: 3e-2 }, ...extra });
      const parent = await run(x, momentum(8, 1, { saveCheckpoint: 'at-end' }), { keepAs: 'gl' });
      expect(parent.checkpoint).toMatchObject({ format: 'tfjs-weights/1', epochsDone: 1 });
      const child = await run(y, momentum(9, 2, { saveCheckpoint: 'at-end' }), { startFrom: 'gl' });
      expect(child.progress.map((p) => p.epoch)).toEqual([2]);
      expect(outcomeOf(child)).toMatchObject({ kind: 'complete', epochs: 2 });
      expect(child.startFromBytes?.afterRunCalled).toBe(0);
      expect([await tensors(x), await tensors(y)]).toEqual(before);
      for (const id of [x, y]) await env.page.evaluate((w) => window.runnerHarness.terminate(w), id);
    }));

  it('runs a tiny PBT study (population 2, 3 epochs) through the tuner loop on real wasm workers', () =>
    withLog(async () => {
      const setup: PbtSetup = {
        executor: { ...SETUP, trainSamples: 128, validationSamples: 64 },
        space: { learningRate: { type: 'float', low: 1e-3, high: 3e-2, log: true } },
        schedulerOptions: { maxEpochs: 3, readyEvery: 1, populationSize: 2, quantile: 0.5, hyperparameters: ['learningRate'] },
        maxTrials: 4,
      };
      // PBT judges a trial when *it* reports a ready epoch, against the trials that already reported
      // that epoch (asynchronous PBT). With two real workers, which one reports first is up to timing,
      // so a run may legitimately end without an exploit. Up to three studies, each from another
      // seed (with one seed the better trial may always be the later one, which is never exploited):
      // at least one must hand a checkpoint over, and every study must end cleanly.
      let report = await env.page.evaluate((s) => window.runnerHarness.runPbtStudy(s), setup);
      for (let attempt = 1; ; attempt++) {
        console.info(`PBT run ${attempt}: ${JSON.stringify({ trials: report.trials.map((t) => [t.id, t.state, t.steps]), exploited: report.exploited })}`);
        expect(['trial-budget', 'exhausted']).toContain(report.finish);
        expect(report.trials.every((t) => t.state !== 'running')).toBe(true);
        expect(report.tensorsAfter).toEqual([0, 0]);
        if (report.exploited.length > 0 || attempt === 3) break;
        report = await env.page.evaluate((s) => window.runnerHarness.runPbtStudy(s), { ...setup, seed: 5 + attempt });
      }
      expect(report.exploited.length).toBeGreaterThan(0);
      for (const child of report.exploited) {
        expect(child.fromCheckpoint).toBe(true);
        const trial = report.trials.find((t) => t.id === child.trialId);
        // A child continues its parent's epochs: its first reported epoch is the parent's + 1.
        expect(trial?.steps[0]).toBe(child.fromEpoch + 1);
      }
      expect(report.trials.some((t) => t.state === 'complete' && t.steps.at(-1) === 3)).toBe(true);
      expect(report.workersStarted).toBe(2);
      expect(report.backends).toEqual(['wasm', 'wasm']);
      expect(report.tensorsAfter).toEqual([0, 0]);
    }));
});
