/** The tuner loop under its default FIFO scheduler: budgets, crashes, cancelling, pausing, errors. */
import { describe, expect, it } from 'vitest';
import { createScheduler, FifoScheduler, type Sampler, type SchedulerContext, type TrialDecision } from '../../src/tuner';
import { TunerLoop } from '../../src/runner/tuner-loop';
import { TunerLoopError } from '../../src/runner/tuner-events';
import { eventsOf, expectValidEventOrder, maxConcurrency, setUp } from './harness';

/** FIFO that stops a trial whose last value is above `threshold` (what a pruner does, as a scheduler). */
class ThresholdScheduler extends FifoScheduler {
  constructor(
    maxEpochs: number,
    private readonly threshold: number,
  ) {
    super({ maxEpochs });
  }

  override onResult(ctx: SchedulerContext, trialId: number, epoch: number): TrialDecision {
    const decision = super.onResult(ctx, trialId, epoch);
    const value = ctx.trials[trialId]?.intermediate.find((v) => v.step === epoch)?.value ?? 0;
    return decision.kind === 'continue' && value > this.threshold ? { kind: 'stop', reason: `pruned by threshold after epoch ${epoch}` } : decision;
  }
}

describe('tuner loop on the simulated backend', () => {
  it('runs trials in parallel and stops at the trial budget', async () => {
    const s = await setUp({ workers: 4, loop: { maxTrials: 12 } });
    const result = await s.run();
    expect(result.finish.reason).toBe('trial-budget');
    expect(result.trialsStarted).toBe(12);
    expect(s.study.trials).toHaveLength(12);
    expect(s.study.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(maxConcurrency(s.events)).toBe(4);
    expect(s.study.trials[0]?.intermediate.map((v) => v.step)).toEqual([1, 2, 3, 4, 5]);
    expectValidEventOrder(s.events);
  });

  it('runs 50 trials on 4 simulated workers with realistic simulated durations', async () => {
    const s = await setUp({ workers: 4, loop: { maxTrials: 50, budget: { maxEpochs: 20 } } });
    const result = await s.run();
    expect(s.study.trials.filter((t) => t.state === 'complete')).toHaveLength(50);
    // 50 trials × 20 epochs × 2 s on 4 workers: 13 waves of 40 s, after the pool's 0.8 s start-up.
    expect(result.elapsedMs).toBe(520_000);
    expect(s.clock.now()).toBe(520_800);
    expectValidEventOrder(s.events);
  });

  it('replaces a crashed slot, retries the trial once, then fails it and carries on to the budget', async () => {
    const s = await setUp({ backend: { faults: { crashes: [{ kind: 'in-trial', trialId: 2, epoch: 3 }] } } });
    const result = await s.run();
    expect(result.finish.reason).toBe('trial-budget');
    expect(s.study.trials).toHaveLength(12);
    const crashed = s.study.trials[2];
    expect(crashed?.state).toBe('failed');
    expect(crashed?.reason).toMatch(/executor crashed 2 times; last crash: slot \d: crashed during epoch 3 of trial 2/);
    expect(s.study.trials.filter((t) => t.state === 'complete')).toHaveLength(11);
    expect(eventsOf(s.events, 'slot-crashed').map((e) => [e.trialId, e.retrying])).toEqual([
      [2, true],
      [2, false],
    ]);
    expect(eventsOf(s.events, 'slot-replaced')).toHaveLength(2);
    expect(eventsOf(s.events, 'trial-started').filter((e) => e.trialId === 2).map((e) => e.attempt)).toEqual([0, 1]);
    expectValidEventOrder(s.events);
  });

  it('completes a trial whose retry succeeds', async () => {
    const s = await setUp({ backend: { faults: { crashes: [{ kind: 'in-trial', trialId: 1, epoch: 2, attempt: 0 }] } } });
    await s.run();
    expect(s.study.trials[1]?.state).toBe('complete');
    expect(eventsOf(s.events, 'slot-crashed')).toHaveLength(1);
    expectValidEventOrder(s.events);
  });

  it('fails a crashed trial at once when retries are off', async () => {
    const s = await setUp({ maxRetries: 0, backend: { faults: { crashes: [{ kind: 'at-time', slot: 1, atMs: 5_000 }] } } });
    await s.run();
    const failed = s.study.trials.filter((t) => t.state === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toMatch(/executor crashed once; last crash: slot 1: scripted crash at 5000 ms/);
    expect(s.study.trials).toHaveLength(12);
    expectValidEventOrder(s.events);
  });

  it('marks a diverging (NaN) trial failed with the reason', async () => {
    const s = await setUp({ backend: { faults: { divergingTrials: [3] } } });
    await s.run();
    const diverged = s.study.trials[3];
    expect(diverged?.state).toBe('failed');
    expect(diverged?.reason).toMatch(/diverged: valLoss was NaN after epoch \d/);
    expect(diverged?.intermediate.at(-1)?.value).toBeNull();
    const progress = eventsOf(s.events, 'trial-progress').filter((e) => e.trialId === 3);
    expect(progress.at(-1)?.value).toBeNull();
    expectValidEventOrder(s.events);
  });

  it('cancel-all stops every running trial and leaves none running in the study', async () => {
    const s = await setUp({ loop: { maxTrials: 100 } });
    s.at(7_000, () => s.loop.stop());
    const result = await s.run();
    expect(result.finish.reason).toBe('cancelled');
    expect(s.clock.now()).toBe(7_000);
    expect(s.events.at(-1)?.at).toBe(7_000);
    expect(s.study.trials.some((t) => t.state === 'running')).toBe(false);
    const cancelled = s.study.trials.filter((t) => t.reason === 'cancelled: tuning was stopped');
    expect(cancelled).toHaveLength(4);
    expect(cancelled.every((t) => t.state === 'failed')).toBe(true);
    expect(result.trialsStarted).toBeLessThan(100);
    expectValidEventOrder(s.events);
  });

  it('an aborted signal cancels like stop()', async () => {
    const controller = new AbortController();
    const s = await setUp({ loop: { maxTrials: 100, signal: controller.signal } });
    s.at(3_000, () => controller.abort());
    const result = await s.run();
    expect(result.finish.reason).toBe('cancelled');
    expect(s.study.trials.some((t) => t.state === 'running')).toBe(false);
  });

  it('pause stops asking for trials while running ones finish; resume carries on', async () => {
    const s = await setUp({ loop: { maxTrials: 12 } });
    s.at(3_000, () => s.loop.pause());
    s.at(60_000, () => s.loop.resume());
    const result = await s.run();
    expect(result.finish.reason).toBe('trial-budget');
    const paused = eventsOf(s.events, 'paused')[0];
    const resumed = eventsOf(s.events, 'resumed')[0];
    expect(paused?.at).toBe(3_000);
    expect(resumed?.at).toBe(60_000);
    const startedWhilePaused = eventsOf(s.events, 'trial-started').filter((e) => e.at > 3_000 && e.at < 60_000);
    expect(startedWhilePaused).toEqual([]);
    const finishedWhilePaused = eventsOf(s.events, 'trial-finished').filter((e) => e.at > 3_000 && e.at < 60_000);
    expect(finishedWhilePaused).toHaveLength(4);
    expect(s.study.trials.every((t) => t.state === 'complete')).toBe(true);
    expectValidEventOrder(s.events);
  });

  it('stops at the wall-clock budget on the simulated clock, stopping running trials', async () => {
    const s = await setUp({ loop: { maxTrials: undefined, maxDurationMs: 30_000 } });
    const result = await s.run();
    expect(result.finish.reason).toBe('time-budget');
    expect(result.elapsedMs).toBe(30_000);
    expect(s.clock.now()).toBe(30_800);
    expect(s.study.trials.some((t) => t.state === 'running')).toBe(false);
    expect(s.study.trials.filter((t) => t.reason === 'cancelled: time budget reached').length).toBeGreaterThan(0);
    expectValidEventOrder(s.events);
  });

  it('does not count paused time against the wall-clock budget', async () => {
    const s = await setUp({ loop: { maxTrials: undefined, maxDurationMs: 30_000 } });
    s.at(10_000, () => s.loop.pause());
    s.at(100_000, () => s.loop.resume());
    const result = await s.run();
    expect(result.finish.reason).toBe('time-budget');
    // Started at 0.8 s (pool start-up); 9.2 s active, 90 s paused, 20.8 s active.
    expect(s.clock.now()).toBe(120_800);
  });

  it('finishes cleanly when the grid is exhausted', async () => {
    const space = { a: { type: 'categorical', choices: [1, 2, 3] }, b: { type: 'categorical', choices: ['x', 'y'] } };
    const objective = { name: 'table', space: space as never, value: (p: Record<string, unknown>) => Number(p.a) + (p.b === 'x' ? 0 : 0.5) };
    const s = await setUp({ sampler: 'grid', space, objective, loop: { maxTrials: undefined } });
    const result = await s.run();
    expect(result.finish.reason).toBe('exhausted');
    expect(s.study.trials).toHaveLength(6);
    expect(s.study.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(s.study.best?.params).toEqual({ a: 1, b: 'x' });
    expectValidEventOrder(s.events);
  });

  it('is deterministic by seed, crashes and noise included', async () => {
    const faults = { crashProbabilityPerEpoch: 0.05, divergeProbability: 0.1, slowProbability: 0.2 };
    const runOnce = async (seed: number) => {
      const s = await setUp({ seed, backend: { faults }, loop: { maxTrials: 20 } });
      await s.run();
      return { events: s.events, json: JSON.stringify({ events: s.events, study: s.study.toJSON() }) };
    };
    const a = await runOnce(11);
    expect(eventsOf(a.events, 'slot-crashed').length).toBeGreaterThan(0);
    expect(eventsOf(a.events, 'trial-finished').filter((e) => e.reason?.startsWith('diverged')).length).toBeGreaterThan(0);
    expect((await runOnce(11)).json).toBe(a.json);
    expect((await runOnce(12)).json).not.toBe(a.json);
  });

  it('surfaces a throwing sampler as an error and leaves no trial running', async () => {
    let calls = 0;
    const sampler: Sampler = {
      name: 'flaky',
      options: {},
      suggest: (ctx) => {
        calls += 1;
        if (calls === 6) throw new Error('covariance matrix is not positive definite');
        return { kind: 'params', params: { x1: ctx.rng.next() * 15 - 5, x2: ctx.rng.next() * 15 } };
      },
    };
    const s = await setUp({ sampler });
    const result = await s.run();
    expect(result.finish.reason).toBe('error');
    if (result.finish.reason !== 'error') return;
    expect(result.finish.error).toBeInstanceOf(TunerLoopError);
    expect(result.finish.error.source).toBe('sampler');
    expect(result.finish.error.message).toBe('sampler "flaky" failed to suggest trial 5: covariance matrix is not positive definite');
    expect(s.study.trials).toHaveLength(5);
    expect(s.study.trials.some((t) => t.state === 'running')).toBe(false);
    // Trials 0 and 1 completed (their slots asked for trials 4 and 5); 2, 3 and 4 were running.
    expect(s.study.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'failed', 'failed', 'failed']);
    expect(s.study.trials[4]?.reason).toBe('cancelled: error: sampler "flaky" failed to suggest trial 5: covariance matrix is not positive definite');
    expectValidEventOrder(s.events);
  });

  it('prunes the trials its scheduler stops, as pruned with the scheduler\'s reason', async () => {
    const s = await setUp({ loop: { scheduler: new ThresholdScheduler(5, 60), maxTrials: 16 } });
    await s.run();
    const pruned = s.study.trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(pruned.every((t) => /^pruned by threshold after epoch \d$/.test(t.reason ?? ''))).toBe(true);
    expect(pruned.every((t) => t.intermediate.length < 5)).toBe(true);
    expectValidEventOrder(s.events);
  });

  it('ends with an error when a listener throws, and stops running trials', async () => {
    const s = await setUp();
    s.loop.on((e) => {
      if (e.type === 'trial-progress' && e.trialId === 2 && e.epoch === 2) throw new Error('chart broke');
    });
    const result = await s.run();
    expect(result.finish.reason).toBe('error');
    if (result.finish.reason === 'error') expect(result.finish.error.source).toBe('listener');
    expect(s.study.trials.some((t) => t.state === 'running')).toBe(false);
  });

  it('with a budget of zero trials finishes at once', async () => {
    const s = await setUp({ loop: { maxTrials: 0 } });
    const result = await s.run();
    expect(result.finish.reason).toBe('trial-budget');
    expect(s.study.trials).toHaveLength(0);
    expect(s.events.map((e) => e.type)).toEqual(['loop-finished']);
  });

  it('runs only once', async () => {
    const s = await setUp({ loop: { maxTrials: 1 } });
    await s.run();
    await expect(s.loop.run()).rejects.toThrow(/runs once/);
  });
});

describe('tuner loop: FIFO by default', () => {
  it('runs FIFO over budget.maxEpochs when no scheduler is given, and refuses a budget that contradicts the scheduler', async () => {
    const s = await setUp({ loop: { budget: { maxEpochs: 3 }, maxTrials: 2 } });
    expect(s.scheduler).toBeInstanceOf(FifoScheduler);
    expect(s.scheduler.maxEpochs).toBe(3);
    await s.run();
    expect(s.study.trials.map((t) => t.intermediate.length)).toEqual([3, 3]);
    const { study, pool } = s;
    expect(() => new TunerLoop({ study, pool })).toThrow(/needs a scheduler or budget\.maxEpochs/);
    expect(() => new TunerLoop({ study, pool, budget: { maxEpochs: 0 } })).toThrow(/budget\.maxEpochs must be an integer ≥ 1, got 0/);
    expect(() => new TunerLoop({ study, pool, budget: { maxEpochs: 5 }, scheduler: createScheduler('asha', { maxEpochs: 9 }) })).toThrow(
      /budget\.maxEpochs is 5 but the asha scheduler trains up to 9 epochs/,
    );
    expect(() => new TunerLoop({ study, pool, budget: { maxEpochs: 5 }, maxTrials: -1 })).toThrow(/maxTrials must be an integer ≥ 0, got -1/);
  });

  it('tells the study every metric of every epoch, as the progress events carry them', async () => {
    const s = await setUp({ loop: { maxTrials: 4 } });
    await s.run();
    for (const p of eventsOf(s.events, 'trial-progress')) {
      const told = s.study.trials[p.trialId]?.intermediate.find((v) => v.step === p.epoch);
      expect(told?.metrics).toEqual(p.metrics);
      expect(told?.value).toBe(p.value);
    }
  });

  it('fails a trial whose objective metric was never reported, naming the metric', async () => {
    const s = await setUp({ loop: { maxTrials: 2, objective: { metric: 'accuracy' } } });
    await s.run();
    expect(s.study.trials.map((t) => [t.state, t.reason])).toEqual([
      ['failed', 'metric "accuracy" was not reported (metrics: valLoss)'],
      ['failed', 'metric "accuracy" was not reported (metrics: valLoss)'],
    ]);
    expect(s.study.trials[0]?.intermediate.map((v) => v.value)).toEqual([null, null, null, null, null]);
    expect(s.study.trials[0]?.intermediate[0]?.metrics).toHaveProperty('valLoss');
  });

  it('asks for no checkpoints under FIFO unless told to', async () => {
    const plain = await setUp({ loop: { maxTrials: 3 } });
    await plain.run();
    expect(plain.loop.checkpointsHeld.count).toBe(0);
    const kept = await setUp({ loop: { maxTrials: 3, checkpointEveryEpoch: true } });
    await kept.run();
    expect(kept.loop.checkpointsHeld.count).toBe(3);
  });

  it('paused with the trial budget started, finishes once the running trials end', async () => {
    const s = await setUp({ loop: { maxTrials: 4 } });
    s.at(1_000, () => s.loop.pause());
    const result = await s.run();
    expect(result.finish.reason).toBe('trial-budget');
    expect(s.loop.paused).toBe(true);
    expect(s.study.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(eventsOf(s.events, 'resumed')).toEqual([]);
    expectValidEventOrder(s.events);
  });
});
