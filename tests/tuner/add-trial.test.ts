import { describe, expect, it } from 'vitest';
import { createSampler, createStudy, loadStudy, StudyError, type Params, type Sampler, type SamplerContext, type Trial } from '../../src/tuner';

const space = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  units: { type: 'int', low: 8, high: 64, step: 8 },
  act: { type: 'categorical', choices: ['relu', 'tanh', true, 3] },
} as const;

const first: Params = { lr: 0.01, units: 16, act: 'relu' };
const second: Params = { lr: 0.1, units: 32, act: true };

function clockFrom(start: number) {
  let t = start;
  return () => (t += 10);
}

/** A sampler that records the trials it was shown at each ask. */
function watchingSampler(inner: Sampler = createSampler('random')): Sampler & { seen: (readonly Trial[])[] } {
  const watching = {
    seen: [] as (readonly Trial[])[],
    name: inner.name,
    options: inner.options,
    suggest(ctx: SamplerContext) {
      watching.seen.push(ctx.trials.slice());
      return inner.suggest(ctx);
    },
  };
  return watching;
}

function refused(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof StudyError) return e.message;
    throw e;
  }
  throw new Error('addTrial accepted the trial');
}

describe('study.addTrial', () => {
  it('adds complete, pruned and failed trials with the next ids, their intermediate values, times and reasons', () => {
    const study = createStudy({ space, sampler: 'random', seed: 1, clock: clockFrom(1000) });
    const complete = study.addTrial({ params: first, state: 'complete', value: 0.3, intermediate: [{ step: 2, value: 0.4 }, { step: 1, value: 0.5, metrics: { accuracy: 0.7 } }], startedAt: 100, endedAt: 200, computeMs: 90 });
    const pruned = study.addTrial({ params: second, state: 'pruned', intermediate: [{ step: 1, value: Number.NaN }], reason: 'median rule' });
    const failed = study.addTrial({ params: first, state: 'failed', reason: 'out of memory' });
    expect(study.trials.map((t) => [t.id, t.state, t.value, t.reason])).toEqual([
      [0, 'complete', 0.3, null],
      [1, 'pruned', null, 'median rule'],
      [2, 'failed', null, 'out of memory'],
    ]);
    expect(complete.intermediate).toEqual([{ step: 1, value: 0.5, metrics: { accuracy: 0.7 } }, { step: 2, value: 0.4 }]);
    expect([complete.startedAt, complete.endedAt, complete.computeMs]).toEqual([100, 200, 90]);
    expect(pruned.intermediate).toEqual([{ step: 1, value: null }]);
    // Without times, the trial starts and ends at the study's clock reading when added.
    expect([pruned.startedAt, pruned.endedAt]).toEqual([1020, 1020]);
    expect(failed.params).toEqual(first);
    expect(study.best?.id).toBe(0);
    // Asked trials follow on.
    expect(study.ask().id).toBe(3);
  });

  it('shows added trials to the sampler at the next ask, as history like any other', () => {
    const sampler = watchingSampler();
    const study = createStudy({ space, sampler, seed: 2 });
    study.addTrial({ params: first, state: 'complete', value: 1 });
    study.addTrial({ params: second, state: 'failed' });
    study.ask();
    expect(sampler.seen[0]?.map((t) => [t.id, t.state])).toEqual([
      [0, 'complete'],
      [1, 'failed'],
    ]);
  });

  it('steers the GP sampler: with added history past its startup trials, the GP fits at the first ask', () => {
    const study = createStudy({ space: { x: { type: 'float', low: -2, high: 2 } }, sampler: 'gp', samplerOptions: { startupTrials: 3 }, seed: 5 });
    for (const x of [-1.5, -0.5, 0.5, 1.5]) study.addTrial({ params: { x }, state: 'complete', value: (x - 0.4) ** 2 });
    const { params } = study.ask();
    expect((study.sampler.saveState?.() as { fits: number }).fits).toBeGreaterThan(0);
    expect(Math.abs((params.x as number) - 0.4)).toBeLessThan(1.5);
  });

  it('is saved by toJSON and restored by loadStudy, constraints and all', () => {
    const study = createStudy({ space, sampler: 'gp', seed: 3, constraints: ['size'], clock: clockFrom(0) });
    study.addTrial({ params: first, state: 'complete', value: 0.2, constraints: { size: -1 }, intermediate: [{ step: 1, value: 0.25 }], computeMs: 5, startedAt: 1, endedAt: 9 });
    study.addTrial({ params: second, state: 'pruned', reason: 'asha' });
    const json = study.toJSON();
    const loaded = loadStudy(JSON.parse(JSON.stringify(json)));
    expect(loaded.trials).toEqual(study.trials);
    expect(loaded.toJSON()).toEqual(json);
    expect(loaded.feasibility.feasible).toBe(1);
  });

  it('refuses what does not fit, naming the problem, and changes nothing', () => {
    const study = createStudy({ space, sampler: 'random', seed: 1, constraints: ['size'] });
    const cases: [unknown, RegExp][] = [
      [{ params: { ...first, lr: 2 }, state: 'failed' }, /"lr": 2 is outside/],
      [{ params: { lr: 0.1, units: 16 }, state: 'failed' }, /"act": is missing/],
      [{ params: first, state: 'running' }, /state must be "complete", "pruned" or "failed"/],
      [{ params: first, state: 'complete', constraints: { size: 0 } }, /a complete trial needs a finite value, got undefined/],
      [{ params: first, state: 'complete', value: Number.NaN, constraints: { size: 0 } }, /finite value, got NaN/],
      [{ params: first, state: 'complete', value: Infinity, constraints: { size: 0 } }, /finite value, got Infinity/],
      [{ params: first, state: 'pruned', value: 1 }, /a pruned trial has no value/],
      [{ params: first, state: 'complete', value: 1 }, /tell their values with the objective/],
      [{ params: first, state: 'failed', constraints: { weight: 1 } }, /unknown constraint "weight"/],
      [{ params: first, state: 'failed', intermediate: [{ step: 1, value: 1 }, { step: 1, value: 2 }] }, /two intermediate values at step 1/],
      [{ params: first, state: 'failed', intermediate: [{ step: -1, value: 1 }] }, /step must be a finite number ≥ 0/],
      [{ params: first, state: 'failed', intermediate: [{ step: 1, value: '1' }] }, /must be a number or null/],
      [{ params: first, state: 'failed', startedAt: 10, endedAt: 5 }, /endedAt \(5\) is before startedAt \(10\)/],
      [{ params: first, state: 'failed', computeMs: -1 }, /computeMs must be a finite number ≥ 0/],
      [{ params: first, state: 'failed', reason: 7 }, /reason must be a string/],
    ];
    for (const [init, pattern] of cases) {
      expect(refused(() => study.addTrial(init as never))).toMatch(pattern);
      expect(refused(() => study.addTrial(init as never))).toMatch(/^addTrial: /);
    }
    expect(study.trials).toEqual([]);
  });

  it('is refused while an async ask is in progress, then accepted', async () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, sampler: 'gp', samplerOptions: { startupTrials: 1 }, seed: 4 });
    study.addTrial({ params: { x: 0.5 }, state: 'complete', value: 1 });
    study.addTrial({ params: { x: 0.2 }, state: 'complete', value: 2 });
    const pending = study.askAsync(undefined, { budget: { kind: 'work', ops: 0 } });
    expect(refused(() => study.addTrial({ params: { x: 0.1 }, state: 'failed' }))).toMatch(/async ask is in progress/);
    const { id } = await pending;
    expect(id).toBe(2);
    expect(study.addTrial({ params: { x: 0.1 }, state: 'failed' }).id).toBe(3);
  });
});
