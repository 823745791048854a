/**
 * `tune()` end to end over a user's tfjs model in headless Chromium: fixtures/tune-model.worker.ts
 * serves a small dense classifier with `serveModelTrials` (240 samples, cpu backend) in two
 * workers. GP-EI with ASHA keeps every metric of every epoch and maximises valAccuracy, paused
 * trials continuing their epochs; PBT children continue from their parent's 'tfjs-weights/1'
 * checkpoint, handed from one worker to another; mistakes in the user's code fail the trials they
 * touch with a reason naming the trial and the problem while the study goes on; an objective
 * metric that is never reported is named; a data loader that throws or returns mismatched shapes
 * ends the run at once with reason 'setup-failed', naming the problem, and no worker is started
 * again for it (a replacement's loader that throws mid-run loses only its slot).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserEnv, type BrowserEnv } from '../../scripts/browser-env';
import type { ModelHarnessOptions, ModelHarnessResult, ModelHarnessTrial } from './tune-model-harness';

const SLOW = 120_000;
const ALL_METRICS = ['accuracy', 'loss', 'valAccuracy', 'valLoss'];
let env: BrowserEnv;

beforeAll(async () => {
  env = await startBrowserEnv('tests/browser/tune-model-harness.html', 'window.tuneModelHarness !== undefined');
}, SLOW);

afterAll(async () => {
  await env?.close();
});

const SPACE = {
  units: { type: 'int', low: 4, high: 16 },
  learningRate: { type: 'float', low: 0.005, high: 0.1, log: true },
} as const;

const BASE: ModelHarnessOptions = {
  space: SPACE,
  objective: { metric: 'valAccuracy', direction: 'maximize' },
  sampler: 'random',
  epochs: 2,
  trials: 4,
  workers: 2,
  seed: 3,
};

async function run(options: Partial<ModelHarnessOptions>): Promise<ModelHarnessResult> {
  const result = await env.page.evaluate((o) => window.tuneModelHarness.run(o), { ...BASE, ...options });
  expect(env.violations).toEqual([]);
  return result;
}

const steps = (trial: ModelHarnessTrial | undefined) => trial?.intermediate.map((i) => i.step) ?? [];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('tune() over a tfjs model served with serveModelTrials', () => {
  it(
    'runs GP-EI with ASHA in two workers, keeping every metric of every epoch, resuming paused trials from their weights, and maximising valAccuracy',
    async () => {
      const result = await run({ spy: true, sampler: 'gp', scheduler: { name: 'asha', options: { reductionFactor: 2 } }, epochs: 3, trials: 5 });
      expect(result.error, env.log.join('\n')).toBeNull();
      expect(result.events.at(-1)).toMatchObject({ type: 'finished', reason: 'trial-budget', trialsStarted: 5 });
      expect(result.trials).toHaveLength(5);
      expect(result.trials.every((t) => t.state !== 'running')).toBe(true);
      for (const trial of result.trials) {
        // Paused and promoted trials continue their epochs: 1, 2, … with no gap and no restart.
        expect(steps(trial)).toEqual(range(1, trial.intermediate.length));
        for (const { value, metrics } of trial.intermediate) {
          expect(Object.keys(metrics ?? {}).sort()).toEqual(ALL_METRICS);
          expect(value).toBe(metrics?.valAccuracy);
        }
      }
      const complete = result.trials.filter((t) => t.state === 'complete');
      expect(complete.length).toBeGreaterThan(0);
      for (const trial of complete) expect(steps(trial)).toEqual([1, 2, 3]);
      const resumes = result.events.flatMap((e) => (e.type === 'trial-resumed' ? [e] : []));
      expect(resumes.length).toBeGreaterThan(0);
      for (const resume of resumes) {
        // A promoted trial continues from the weights and optimiser state it was paused with.
        const job = result.jobs.find((j) => j.trialId === resume.trialId && j.startFrom?.epochsDone === resume.fromEpoch);
        expect(job).toMatchObject({ maxEpochs: resume.untilEpoch, startFrom: { format: 'tfjs-weights/1' } });
      }
      // Maximised: the best trial has the highest value of the complete ones.
      expect(result.best?.value).toBe(Math.max(...complete.map((t) => t.value as number)));
      const workers = new Set(result.events.flatMap((e) => (e.type === 'trial-started' ? [e.worker] : [])));
      expect([...workers].sort()).toEqual([0, 1]);
    },
    SLOW,
  );

  it(
    "starts PBT children from their parent's tfjs-weights checkpoint, handed to the other worker, continuing its epochs",
    async () => {
      const pbtRun = () =>
        run({
          space: { ...SPACE, learningRate: { type: 'float', low: 1e-4, high: 0.1, log: true } },
          // A good root and one that barely learns, reporting in turns: PBT replaces the second with a copy of the first.
          enqueue: [
            { units: 12, learningRate: 0.05 },
            { units: 4, learningRate: 1e-4 },
          ],
          spy: true,
          lockstep: [0, 1],
          scheduler: { name: 'pbt', options: { populationSize: 4, readyEvery: 1, hyperparameters: ['learningRate'] } },
          epochs: 4,
          trials: 8,
          objective: { metric: 'valLoss', direction: 'minimize' },
        });
      // The scenario needs the good root ahead after its first epoch. The weights start from tfjs's
      // unseeded random initialisers, so now and then it is not; PBT then rightly copies nobody, and
      // the run is made again (at most three times in all).
      const leads = (r: ModelHarnessResult) => (r.trials[0]?.intermediate[0]?.value ?? Infinity) < (r.trials[1]?.intermediate[0]?.value ?? -Infinity);
      let result = await pbtRun();
      for (let again = 0; again < 2 && result.error === null && !leads(result); again++) result = await pbtRun();
      expect(result.error, env.log.join('\n')).toBeNull();
      const byId = new Map(result.trials.map((t) => [t.id, t]));
      const children = result.events.flatMap((e) => (e.type === 'trial-started' && e.from !== null ? [{ id: e.trialId, from: e.from, worker: e.worker }] : []));
      const firstEpochs = result.trials.map((t) => `trial ${t.id} (${t.state}): ${t.intermediate.map((i) => i.value?.toFixed(4)).join(', ')}`).join('; ');
      expect(children.length, `no PBT child started; valLoss per epoch: ${firstEpochs}`).toBeGreaterThan(0);
      for (const child of children) {
        const trial = byId.get(child.id);
        const parent = byId.get(child.from.trialId);
        // Its epochs continue from the parent's: from.epoch + 1, … (to 4 unless it was replaced in turn), none retrained.
        expect(steps(trial)).toEqual(range(child.from.epoch + 1, child.from.epoch + (trial?.intermediate.length ?? 0)));
        if (trial?.state === 'complete') expect(steps(trial).at(-1)).toBe(4);
        // The network's shape is the parent's (only the algorithm hyperparameter may change).
        expect(trial?.params.units).toBe(parent?.params.units);
        for (const { metrics } of trial?.intermediate ?? []) expect(Object.keys(metrics ?? {}).sort()).toEqual(ALL_METRICS);
        const job = result.jobs.find((j) => j.trialId === child.id && j.attempt === 0);
        expect(job?.startFrom).toMatchObject({ format: 'tfjs-weights/1', epochsDone: child.from.epoch });
        expect(job?.startFrom?.bytes).toBeGreaterThan(0);
      }
      // Trial 1 is replaced in its worker by a copy of trial 0, which trains on in the other.
      expect(result.trials[1]).toMatchObject({ state: 'pruned', reason: expect.stringMatching(/^bottom 25% at epoch \d: replaced by a copy of a top trial$/) });
      const first = children[0];
      expect(first?.from.trialId).toBe(0);
      expect(result.jobs.find((j) => j.trialId === 0)?.slot).not.toBe(first?.worker);
      expect(byId.get(first?.id ?? -1)?.params.units).toBe(12);
      expect(byId.get(first?.id ?? -1)?.params.learningRate).not.toBe(0.05);
      // Its weights are the parent's: its first epoch already beats the parent's first.
      const firstLoss = byId.get(first?.id ?? -1)?.intermediate[0]?.metrics?.valLoss ?? Number.NaN;
      expect(firstLoss).toBeLessThan(byId.get(0)?.intermediate[0]?.metrics?.valLoss ?? Number.NaN);
      expect(result.jobs.every((j) => j.checkpointBack === 'tfjs-weights/1' || j.checkpointBack === null)).toBe(true);
    },
    SLOW,
  );

  it(
    'fails trials whose build throws or whose output does not fit the labels, naming the trial and the problem, and completes the others',
    async () => {
      const result = await run({
        space: { units: { type: 'int', low: 4, high: 32 }, learningRate: SPACE.learningRate, head: { type: 'categorical', choices: ['three', 'five'] } },
        enqueue: [
          { units: 30, learningRate: 0.02, head: 'three' },
          { units: 8, learningRate: 0.02, head: 'five' },
          { units: 8, learningRate: 0.02, head: 'three' },
        ],
        trials: 5,
      });
      expect(result.error, env.log.join('\n')).toBeNull();
      expect(result.events.at(-1)).toMatchObject({ type: 'finished', reason: 'trial-budget', trialsStarted: 5 });
      const [built, misfit, fine] = result.trials;
      expect(built).toMatchObject({ state: 'failed', reason: "trial 0: build(params) threw: units > 24 does not fit in this worker's memory (got 30)" });
      expect(misfit?.state).toBe('failed');
      expect(misfit?.reason).toMatch(/^trial 1: the model's output shape \[null, 5\] does not fit the labels' shape \[240, 3\]/);
      expect(fine).toMatchObject({ state: 'complete' });
      expect(steps(fine)).toEqual([1, 2]);
      for (const trial of result.trials) {
        if (trial.state === 'failed') expect(trial.reason).toMatch(new RegExp(`^trial ${trial.id}: (build\\(params\\) threw|the model's output shape)`));
        else expect(trial.state).toBe('complete');
        const finished = result.events.find((e) => e.type === 'trial-finished' && e.trialId === trial.id);
        expect(finished).toMatchObject({ state: trial.state, reason: trial.reason });
      }
      expect(result.workerStarts).toBe(2);
    },
    SLOW,
  );

  it(
    'fails trials that never report the objective metric, naming the metrics they did, and gives up',
    async () => {
      const result = await run({ objective: { metric: 'val_accuracy', direction: 'maximize' }, trials: 10 });
      expect(result.error).toMatchObject({ name: 'TuneError', reason: 'metric-missing' });
      expect(result.error?.message).toContain('objective metric "val_accuracy" was never reported');
      const failed = result.trials.filter((t) => t.state === 'failed');
      expect(failed.length).toBeGreaterThanOrEqual(3);
      for (const trial of failed) expect(trial.reason).toMatch(/^metric "val_accuracy" was not reported at epoch 1 \(metrics: (valLoss|valAccuracy|loss|accuracy)(, (valLoss|valAccuracy|loss|accuracy)){3}\)$/);
      expect(result.trials.length).toBeLessThan(10);
    },
    SLOW,
  );

  it.each([
    ['throws', 'data-throws', 'setup failed: data() threw: the dataset server is down'],
    ['returns labels that do not match the samples', 'short-labels', 'setup failed: data(): train.xs has 240 samples (shape [240, 4]) but train.ys has 239 (shape [239, 3])'],
  ])(
    "ends at once with reason 'setup-failed', naming the problem, when the data loader %s",
    async (_what, fault, problem) => {
      const result = await run({ setup: { fault }, trials: 20 });
      expect(result.error).toMatchObject({ name: 'TuneError', reason: 'setup-failed' });
      expect(result.error?.message).toBe(`tune: tune-model.worker.ts could not start: ${problem}`);
      expect(result.events).toEqual([expect.objectContaining({ type: 'finished', reason: 'setup-failed', trialsStarted: 0 })]);
      expect(result.trials).toEqual([]);
      // One start per slot, none again.
      expect(result.workerStarts).toBe(2);
    },
    SLOW,
  );

  it('loses only the slot whose replacement cannot load its data, and the study goes on in the other', async () => {
    const result = await run({ space: { ...SPACE, units: { type: 'int', low: 4, high: 23 } }, breakDataFromStart: 3, enqueue: [{ units: 23, learningRate: 0.02 }] });
    expect(result.error, env.log.join('\n')).toBeNull();
    expect(result.events.at(-1)).toMatchObject({ type: 'finished', reason: 'trial-budget', trialsStarted: 4 });
    expect(result.trials[0]?.state).toBe('failed');
    expect(result.trials[0]?.reason).toMatch(/trial with 23 units kills its worker.*could not be restarted: tune-model\.worker\.ts could not start: setup failed: data\(\) threw: the dataset server went down$/);
    expect(result.trials.slice(1).map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'worker-lost', worker: 0, reason: expect.stringContaining('the dataset server went down') }));
    // Two workers, one replacement that failed its setup, and no further start.
    expect(result.workerStarts).toBe(3);
  }, SLOW);

  it("rejects with reason 'setup-failed' when the last worker's replacement cannot load its data, keeping what was told", async () => {
    const result = await run({
      space: { ...SPACE, units: { type: 'int', low: 4, high: 23 } },
      workers: 1,
      breakDataFromStart: 2,
      enqueue: [
        { units: 8, learningRate: 0.02 },
        { units: 23, learningRate: 0.02 },
      ],
    });
    expect(result.error).toMatchObject({ name: 'TuneError', reason: 'setup-failed' });
    expect(result.error?.message).toContain("every worker is lost, and a replacement's setup failed: tune-model.worker.ts could not start: setup failed: data() threw: the dataset server went down");
    expect(result.trials.map((t) => t.state)).toEqual(['complete', 'failed']);
    expect(steps(result.trials[0])).toEqual([1, 2]);
    for (const { metrics } of result.trials[0]?.intermediate ?? []) expect(Object.keys(metrics ?? {}).sort()).toEqual(ALL_METRICS);
    expect(result.events.at(-1)).toMatchObject({ type: 'finished', reason: 'setup-failed', trialsStarted: 2 });
    expect(result.workerStarts).toBe(2);
  }, SLOW);
});
