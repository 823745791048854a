import { describe, expect, it } from 'vitest';
import { curvesOf, type RaceRun } from '../../../src/ui/race/race-run';
import { runSyntheticRace, type SyntheticRaceOptions } from '../../../src/ui/race/race-synthetic';
import { TASKS } from '../../../src/ui/setup/tasks';

const task = TASKS.branin;
if (task.kind !== 'synthetic') throw new Error('Branin is synthetic');
const branin = task;

/** A race with a fake clock (1 ms per reading), counted yields, and a timer fired by hand. */
function harness(changes: Partial<SyntheticRaceOptions> = {}) {
  let t = 0;
  let yields = 0;
  let tick: (() => void) | null = null;
  const published: (readonly RaceRun[])[] = [];
  const options: SyntheticRaceOptions = {
    entries: ['grid', 'random', 'gp'],
    objective: branin.objective,
    space: branin.defaultSpace,
    structural: [],
    repeats: 2,
    budget: 8,
    seed: 5,
    epochsPerTrial: 10,
    cancelled: () => false,
    now: () => (t += 1),
    yieldToPage: async () => {
      yields += 1;
      if (yields % 4 === 0) tick?.();
    },
    every: (_ms, fn) => {
      tick = fn;
      return () => (tick = null);
    },
    publish: (runs) => published.push(runs),
    publishEveryMs: 200,
    sliceMs: 10,
    ...changes,
  };
  return { options, published, yields: () => yields, timerArmed: () => tick !== null };
}

describe('runSyntheticRace', () => {
  it('yields once per slice, not once per trial, and publishes from its timer and at the end', async () => {
    const h = harness();
    await runSyntheticRace(h.options);
    const trials = 3 * 2 * 8;
    // Each trial reads the clock 3 times (slice check, before and after asking): ~10 ms is 3 trials.
    expect(h.yields()).toBeGreaterThan(trials / 6);
    expect(h.yields()).toBeLessThan(trials / 2);
    expect(h.timerArmed()).toBe(false);
    const last = h.published.at(-1) ?? [];
    expect(last.map((r) => [r.strategy, r.repeat, r.trials.length])).toEqual([
      ['grid', 0, 8],
      ['grid', 1, 8],
      ['random', 0, 8],
      ['random', 1, 8],
      ['gp', 0, 8],
      ['gp', 1, 8],
    ]);
    expect(h.published.length).toBeGreaterThan(1);
    expect(h.published.length).toBeLessThan(trials);
  });

  it('publishes nothing when nothing changed, and keeps the objects of runs that did not change', async () => {
    const h = harness({ entries: ['random', 'gp'], repeats: 1, budget: 12 });
    let ticks = 0;
    const twice = h.options.every;
    await runSyntheticRace({
      ...h.options,
      // The timer fires twice in a row: the second finds nothing new.
      every: (ms, fn) => twice(ms, () => (fn(), fn(), (ticks += 2))),
    });
    expect(ticks).toBeGreaterThan(0);
    expect(h.published.length).toBeLessThanOrEqual(ticks / 2 + 1);
    for (let i = 1; i < h.published.length; i++) {
      const [before, now] = [h.published[i - 1] ?? [], h.published[i] ?? []];
      expect(now.some((r, j) => r !== before[j])).toBe(true);
      // A run keeps its object until it changes: unchanged ones are the very same data.
      for (const [j, r] of now.entries()) if (r.trials.length === before[j]?.trials.length) expect(r).toBe(before[j]);
    }
  });

  it('builds each run’s curves as its trials end, the same as from the finished data', async () => {
    const h = harness({ entries: ['random', 'gp', 'asha-random'], repeats: 2, budget: 6 });
    await runSyntheticRace(h.options);
    const runs = h.published.at(-1) ?? [];
    expect(runs).toHaveLength(6);
    for (const run of runs.filter((r) => r.strategy !== 'asha-random')) expect(run.curves).toEqual(curvesOf(run));
    const asha = runs.filter((r) => r.strategy === 'asha-random');
    for (const run of asha) {
      expect(run.curves.byEpochs.at(-1)?.x).toBeLessThanOrEqual(60 + 1);
      expect(run.curves.byTrial).toEqual(curvesOf(run).byTrial);
    }
  });

  it('stops between trials once cancelled, and publishes what it had', async () => {
    let asked = 0;
    const h = harness();
    await runSyntheticRace({ ...h.options, cancelled: () => ++asked > 10 });
    const total = (h.published.at(-1) ?? []).reduce((n, r) => n + r.trials.length, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(3 * 2 * 8);
  });
});
