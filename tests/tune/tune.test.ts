import { describe, expect, it } from 'vitest';
import { syntheticMlp } from '../../src/runner';
import { createStudy, tune, type TuneEvent } from '../../src/tune';
import { finishedEvent, ofType, simulation } from './harness';

describe('tune() on the simulated backend', () => {
  it('runs `trials` trials to their last epoch and resolves with the study', async () => {
    const sim = simulation();
    const study = await tune({ ...sim.options, sampler: 'random', trials: 6, seed: 1 });
    expect(study.trials).toHaveLength(6);
    for (const trial of study.trials) {
      expect(trial.state).toBe('complete');
      expect(trial.intermediate.map((i) => i.step)).toEqual([1, 2, 3]);
      expect(trial.intermediate[2]?.metrics).toEqual({ valLoss: trial.value });
    }
    expect(study.direction).toBe('minimize');
    expect(finishedEvent(sim.events)).toMatchObject({ reason: 'trial-budget', trialsStarted: 6 });
  });

  it('stops at the time limit, ending running trials, and resolves', async () => {
    const sim = simulation();
    const study = await tune({ ...sim.options, sampler: 'random', epochs: 20, timeLimitMs: 30_000 });
    expect(finishedEvent(sim.events).reason).toBe('time-budget');
    expect(study.trials.length).toBeGreaterThan(0);
    expect(study.trials.every((t) => t.state !== 'running')).toBe(true);
    expect(study.trials.some((t) => t.state === 'failed' && (t.reason ?? '').startsWith('cancelled'))).toBe(true);
  });

  it('ends promptly when its signal is aborted, resolving with what was done', async () => {
    const sim = simulation();
    const controller = new AbortController();
    const onEvent = (event: TuneEvent) => {
      sim.options.onEvent?.(event);
      if (event.type === 'trial-finished' && event.trialId === 2) controller.abort();
    };
    const study = await tune({ ...sim.options, onEvent, sampler: 'random', trials: 50, signal: controller.signal });
    const finished = finishedEvent(sim.events);
    expect(finished).toMatchObject({ reason: 'aborted', message: 'aborted by the signal' });
    expect(finished.trialsStarted).toBeLessThan(50);
    expect(study.trials.every((t) => t.state !== 'running')).toBe(true);
    // Trials running at the abort end failed as cancelled; no trial starts after it.
    const abortAt = sim.events.findIndex((e) => e.type === 'trial-finished' && e.trialId === 2);
    expect(ofType(sim.events.slice(abortAt), 'trial-started')).toEqual([]);
  });

  it('resolves at once, starting nothing, when the signal is already aborted', async () => {
    const sim = simulation();
    const study = await tune({ ...sim.options, trials: 5, signal: AbortSignal.abort() });
    expect(study.trials).toEqual([]);
    expect(sim.events).toEqual([expect.objectContaining({ type: 'finished', reason: 'aborted', trialsStarted: 0 })]);
  });

  it('tells events in order: per trial started, reported per epoch, finished once; finished last of all', async () => {
    const sim = simulation();
    const study = await tune({ ...sim.options, sampler: 'random', trials: 5, seed: 3 });
    const { events } = sim;
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('finished');
    for (const trial of study.trials) {
      const mine = events.filter((e) => 'trialId' in e && e.trialId === trial.id && e.type !== 'worker-crashed');
      expect(mine.map((e) => e.type)).toEqual(['trial-started', 'trial-reported', 'trial-reported', 'trial-reported', 'trial-finished']);
      expect(ofType(mine, 'trial-reported').map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(mine[0]).toMatchObject({ params: trial.params, attempt: 0, from: null });
      expect(mine.at(-1)).toMatchObject({ state: 'complete', value: trial.value, reason: null });
    }
    for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
  });

  it('replaces a crashed worker and retries its trial, telling both as events', async () => {
    const sim = simulation({ faults: { crashes: [{ kind: 'in-trial', trialId: 1, epoch: 2, attempt: 0 }] } });
    const study = await tune({ ...sim.options, sampler: 'random', trials: 4, seed: 2 });
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    const crashed = ofType(sim.events, 'worker-crashed');
    expect(crashed).toEqual([expect.objectContaining({ trialId: 1, retrying: true })]);
    const replaced = ofType(sim.events, 'worker-replaced');
    expect(replaced).toEqual([expect.objectContaining({ worker: crashed[0]!.worker })]);
    const starts = ofType(sim.events, 'trial-started').filter((e) => e.trialId === 1);
    expect(starts.map((e) => e.attempt)).toEqual([0, 1]);
    expect(sim.events.indexOf(replaced[0]!)).toBeLessThan(sim.events.indexOf(starts[1]!));
  });

  it('runs GP-EI with ASHA end to end: trials are paused or stopped early, every one finishes', async () => {
    const sim = simulation();
    const study = await tune({ ...sim.options, sampler: 'gp', scheduler: { name: 'asha', options: { reductionFactor: 3 } }, epochs: 9, trials: 14, seed: 4 });
    expect(finishedEvent(sim.events).reason).toBe('trial-budget');
    expect(study.trials).toHaveLength(14);
    expect(study.trials.every((t) => t.state !== 'running')).toBe(true);
    const epochs = study.trials.map((t) => t.intermediate.length);
    expect(Math.max(...epochs)).toBe(9);
    expect(Math.min(...epochs)).toBeLessThan(9);
    expect(ofType(sim.events, 'trial-paused').length + study.trials.filter((t) => t.state === 'pruned').length).toBeGreaterThan(0);
    expect(study.best).not.toBeNull();
  });

  it('names the parent of each PBT child in its trial-started event', async () => {
    const sim = simulation();
    const scheduler = { name: 'pbt', options: { hyperparameters: ['learningRate', 'dropout'], populationSize: 8, readyEvery: 3 } } as const;
    const study = await tune({ ...sim.options, workers: 8, sampler: 'random', scheduler, epochs: 12, trials: 16, seed: 6 });
    const children = ofType(sim.events, 'trial-started').filter((e) => e.from !== null);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      expect(child.from!.trialId).toBeLessThan(child.trialId);
      expect(study.trials[child.trialId]?.intermediate[0]?.step).toBe(child.from!.epoch + 1);
    }
  });

  it('repeats a study exactly with the same seed, and differs with another', async () => {
    const run = async (seed: number) => {
      const sim = simulation();
      const study = await tune({ ...sim.options, sampler: 'gp', scheduler: 'median', epochs: 4, trials: 8, seed });
      return study.trials.map((t) => ({ params: t.params, state: t.state, value: t.value, endedAt: t.endedAt }));
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
  });

  it('tells constraint values with each complete trial, and maximises when asked', async () => {
    const sim = simulation();
    const study = await tune({
      ...sim.options,
      objective: { metric: 'valLoss', direction: 'maximize' },
      sampler: 'random',
      trials: 4,
      constraints: { units: (params) => Number(params.units) - 128 },
    });
    expect(study.direction).toBe('maximize');
    for (const trial of study.trials) expect(trial.constraints).toEqual({ units: Number(trial.params.units) - 128 });
  });

  it('continues a study it is given', async () => {
    const sim = simulation();
    const study = await tune({ ...sim.options, sampler: 'random', trials: 3, seed: 9 });
    const { space: _space, ...rest } = simulation().options;
    const again = await tune({ ...rest, executors: sim.options.executors, clock: sim.clock, study, trials: 2 });
    expect(again).toBe(study);
    expect(study.trials).toHaveLength(5);
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('runs a continued study\'s enqueued params first, and again the trials it had left running', async () => {
    const sim = simulation();
    const study = createStudy({ space: syntheticMlp.space, sampler: 'random', seed: 2, clock: () => sim.clock.now() });
    const left = study.ask();
    const queued = { learningRate: 0.003, units: 128, dropout: 0.2, batchSize: 32 };
    study.enqueue(queued);
    const { space: _space, ...rest } = sim.options;
    await tune({ ...rest, study, trials: 3 });
    expect(study.trials.map((t) => t.state)).toEqual(['failed', 'complete', 'complete', 'complete']);
    expect(study.trials[0]?.reason).toMatch(/^interrupted/);
    expect(study.trials[1]?.params).toEqual(queued);
    expect(study.trials[2]?.params).toEqual(left.params);
  });
});
