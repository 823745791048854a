/**
 * The scheduler contract: every built-in scheduler, driven by the same small synchronous simulation
 * (tests/tuner/schedulers/driver.ts, which also checks every protocol rule as it happens), must
 * satisfy these.
 */
import { describe, expect, it } from 'vitest';
import { createScheduler, isFinished, SCHEDULER_NAMES, SchedulerError, type SchedulerName } from '../../src/tuner';
import { drive } from '../tuner/schedulers/driver';

const R = 9;

const OPTIONS: Record<SchedulerName, Record<string, unknown>> = {
  fifo: { maxEpochs: R },
  median: { maxEpochs: R, graceEpochs: 1, minTrials: 2 },
  asha: { maxEpochs: R, reductionFactor: 3 },
  hyperband: { maxEpochs: R, reductionFactor: 3 },
  bohb: { maxEpochs: R, reductionFactor: 3, minObservations: 4 },
  pbt: { maxEpochs: R - 1, readyEvery: 2, populationSize: 4, hyperparameters: ['x', 'y'] },
};

const CASES: Array<[string, SchedulerName, Record<string, unknown>]> = [
  ...SCHEDULER_NAMES.map((n): [string, SchedulerName, Record<string, unknown>] => [n, n, OPTIONS[n]]),
  ['asha (stopping)', 'asha', { ...OPTIONS.asha, mode: 'stopping' }],
  ['hyperband (stopping)', 'hyperband', { ...OPTIONS.hyperband, mode: 'stopping' }],
];

describe.each(CASES)('scheduler contract: %s', (_label, name, options) => {
  const make = () => createScheduler(name, options);
  const run = (extra: Parameters<typeof drive>[1] = {}) => drive(make, { slots: 3, maxTrials: 16, ...extra });

  it('runs to the end under the protocol, and every trial ends in a final state', () => {
    const { study, scheduler } = run();
    expect(study.trials.length).toBeGreaterThan(0);
    for (const t of study.trials) expect(isFinished(t.state), `trial ${t.id} is ${t.state}`).toBe(true);
    expect(scheduler.pausedTrials()).toEqual([]);
    for (const t of study.trials) expect(scheduler.statusOf(t.id)).toBe('finished');
  });

  it('respects budgets: no trial trains past R, complete trials reached R', () => {
    const { study, scheduler, budgets } = run();
    for (const t of study.trials) {
      const last = t.intermediate.at(-1)?.step ?? 0;
      expect(last).toBeLessThanOrEqual(scheduler.maxEpochs);
      expect(last).toBeLessThanOrEqual(budgets.get(t.id) ?? 0);
      if (t.state === 'complete') expect(last).toBe(scheduler.maxEpochs);
    }
  });

  it('is deterministic by seed', () => {
    expect(run({ seed: 3 }).trace).toEqual(run({ seed: 3 }).trace);
  });

  it('decides identically through nextSliced, and a sliced decision abandoned half-way changes nothing', () => {
    expect(run({ seed: 4, sliced: true }).trace).toEqual(run({ seed: 4 }).trace);
  });

  it('continues identically after a JSON round trip of its state mid-run', () => {
    const plain = run({ seed: 5 });
    for (const at of [4, 11, 23]) expect(run({ seed: 5, roundTripAt: at }).trace).toEqual(plain.trace);
  });

  it('copes with failing trials', () => {
    const { study } = run({ failIds: [1, 4] });
    expect(study.trials[1]?.state).toBe('failed');
    for (const t of study.trials) expect(isFinished(t.state)).toBe(true);
  });

  it('works for maximize studies', () => {
    const { study } = run({ direction: 'maximize' });
    for (const t of study.trials) expect(isFinished(t.state)).toBe(true);
  });

  it('stops asking the sampler once it is exhausted, and still ends every trial', () => {
    const { study } = run({ gridResolution: 2, maxTrials: 50 });
    // The study's sampler has 4 grid points; BOHB's proposals and PBT's clones bring their own params.
    if (name !== 'bohb' && name !== 'pbt') expect(study.trials.length).toBe(4);
    for (const t of study.trials) expect(isFinished(t.state)).toBe(true);
  });

  it('never starts more trials than allowed', () => {
    const { study } = run({ maxTrials: 5 });
    expect(study.trials.length).toBeLessThanOrEqual(5);
  });

  it('refuses unknown options and a missing maxEpochs with a SchedulerError naming them', () => {
    expect(() => createScheduler(name, { ...options, bogus: 1 })).toThrow(SchedulerError);
    expect(() => createScheduler(name, { ...options, bogus: 1 })).toThrow(/"bogus"/);
    const { maxEpochs: _omit, ...rest } = options;
    expect(() => createScheduler(name, rest)).toThrow(/"maxEpochs"/);
  });

  it('refuses results for trials it did not start', () => {
    const s = make();
    const { study } = run({ maxTrials: 1 });
    expect(() => s.onResult({ space: study.space, direction: 'minimize', trials: study.trials, nextTrialId: 1, studySeed: 0, allowNewTrials: true }, 0, 1)).toThrow(SchedulerError);
  });
});
