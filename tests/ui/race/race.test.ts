import { describe, expect, it } from 'vitest';
import { RaceState } from '../../../src/ui/race/race.svelte';
import { distinctValues, runCurveByTime, runCurveByTrial } from '../../../src/ui/race/race-run';
import type { Analysis } from '../../../src/ui/analysis/analysis-client';
import { entryScheduler } from '../../../src/ui/race/race-entries';
import { TASKS } from '../../../src/ui/setup/tasks';
import { instantYield, simulatedSessionDeps } from '../state/fakes';

function race(): RaceState {
  let t = 0;
  return new RaceState({ session: simulatedSessionDeps(), yieldToPage: instantYield, now: () => (t += 2) });
}

describe('RaceState on a synthetic task', () => {
  it('runs every strategy × repeat for the budget and aggregates curves over repeats', async () => {
    const r = race();
    r.budget = 9;
    r.repeats = 2;
    await r.run();
    expect(r.phase).toEqual({ kind: 'done', message: 'Race finished.' });
    expect(r.runs).toHaveLength(6);
    expect(r.trialsDone).toBe(r.trialsTotal);
    for (const c of r.curves) {
      expect(c.byTrial.map((p) => p.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(c.byTrial.every((p) => p.low <= p.centre && p.centre <= p.high && p.count === 2)).toBe(true);
      expect(c.byTime.length).toBeGreaterThan(0);
      expect(c.final).toBeGreaterThanOrEqual(0);
    }
  });

  it('shows grid search re-testing the same few values per axis', async () => {
    const r = race();
    r.budget = 16;
    r.repeats = 1;
    await r.run();
    const grid = r.runs.find((x) => x.strategy === 'grid');
    const random = r.runs.find((x) => x.strategy === 'random');
    if (!grid || !random) throw new Error('runs missing');
    expect(distinctValues(grid, 'x1')).toBeLessThan(8);
    expect(distinctValues(random, 'x1')).toBe(16);
  });

  it('is deterministic for a seed, and time includes the decision time', async () => {
    const a = race();
    const b = race();
    for (const r of [a, b]) {
      r.budget = 5;
      r.repeats = 1;
      await r.run();
    }
    expect(a.runs.map((r) => r.trials.map((t) => t.value))).toEqual(b.runs.map((r) => r.trials.map((t) => t.value)));
    const run = a.runs[0];
    if (!run) throw new Error('no run');
    // 2 s per epoch × 10 epochs, plus 2 ms of "deciding" per trial.
    expect(run.seconds[0]).toBeCloseTo(20.002, 6);
    expect(runCurveByTime(run, null).map((p) => p.y)).toEqual(runCurveByTrial(run, null).map((p) => p.y));
  });

  it('stops when asked', async () => {
    const r = race();
    r.budget = 50;
    const running = r.run();
    r.stop();
    await running;
    expect(r.phase).toEqual({ kind: 'done', message: 'Stopped.' });
    expect(r.trialsDone).toBeLessThan(r.trialsTotal);
  });

  it('races a real task as one study per strategy, one after another', async () => {
    const r = race();
    r.task = 'mnist-cnn';
    r.budget = 4;
    await r.run();
    expect(r.phase).toEqual({ kind: 'done', message: 'Race finished.' });
    expect(r.runs.map((x) => [x.strategy, x.trials.length])).toEqual([
      ['grid', 4],
      ['random', 4],
      ['gp', 4],
    ]);
    expect(r.optimum).toBeNull();
    expect(r.curves.every((c) => c.byTrial.length === 4 && c.byTime.length > 0)).toBe(true);
    expect(Object.keys(r.space)).toContain('learningRate');
    expect(r.gpBackground?.(0.5, 0.5)).toEqual(expect.any(Number));
  });

  it('chooses map axes from the space', () => {
    const r = race();
    expect(r.axes).toEqual({ x: 'x1', y: 'x2' });
    r.task = 'synthetic-mlp';
    r.mapX = 'dropout';
    expect(r.axes).toEqual({ x: 'dropout', y: 'learningRate' });
  });

  it('gives PBT the race’s compute: a population of the trials each entry gets, trained to the last epoch', async () => {
    const r = race();
    r.task = 'synthetic-mlp';
    r.strategies = ['random', 'pbt'];
    r.budget = 6;
    r.repeats = 1;
    await r.run();
    const [random, pbt] = [r.runs.find((x) => x.strategy === 'random'), r.runs.find((x) => x.strategy === 'pbt')];
    if (!random || !pbt) throw new Error('runs missing');
    expect(random.reach.epochs).toBe(60);
    // Six members of up to 10 epochs (the synthetic MLP may end a member early): not the 4 × 10 of a fixed population.
    expect(pbt.reach.epochs).toBeGreaterThan(40);
    expect(pbt.reach.epochs).toBeLessThanOrEqual(61);
    expect(pbt.trials.length).toBeGreaterThanOrEqual(6);
  });

  it('fits a real task’s map background off the page, keeping the last one until the newest fit is ready', async () => {
    const asked: { resolve: (grid: number[]) => void }[] = [];
    const analysis: Analysis = {
      importance: () => Promise.resolve(null),
      inspect: () => Promise.reject(new Error('not used')),
      meanGrid: () => new Promise((resolve) => asked.push({ resolve })),
    };
    let t = 0;
    const r = new RaceState({ session: simulatedSessionDeps(), yieldToPage: instantYield, now: () => (t += 2), analysis });
    r.task = 'mnist-cnn';
    r.budget = 4;
    r.strategies = ['random'];
    const running = r.run();
    await expect.poll(() => asked.length).toBe(1);
    expect(r.gpBackground).toBeNull();
    asked[0]?.resolve(new Array(48 * 48).fill(0.3));
    await running;
    expect(r.gpBackground?.(0.5, 0.5)).toBeCloseTo(0.3);
    const before = r.gpBackground;
    // Two refits (the axes changed twice): the first answers last and is dropped; the map never goes blank.
    const first = r.fitGpBackground();
    const second = r.fitGpBackground();
    await expect.poll(() => asked.length).toBe(3);
    expect(r.gpBackground).toBe(before);
    asked[2]?.resolve(new Array(48 * 48).fill(0.7));
    await second;
    expect(r.gpBackground?.(0.2, 0.9)).toBeCloseTo(0.7);
    asked[1]?.resolve(new Array(48 * 48).fill(0.1));
    await first;
    expect(r.gpBackground?.(0.2, 0.9)).toBeCloseTo(0.7);
  });

  it('sizes a PBT entry for the race: its population is the trials per entry, and it compares members before the last epoch', () => {
    const space = TASKS['synthetic-mlp'].kind === 'synthetic' ? TASKS['synthetic-mlp'].defaultSpace : {};
    const big = entryScheduler('pbt', space, { workers: 2, structural: ['units'], trials: 200, epochs: 10 });
    expect(big?.options).toMatchObject({ populationSize: 200, readyEvery: 2 });
    const small = entryScheduler('pbt', space, { workers: 2, structural: ['units'], trials: 4, epochs: 2 });
    expect(small?.options).toMatchObject({ populationSize: 4, readyEvery: 1 });
    expect(entryScheduler('random', space, { workers: 2, trials: 4, epochs: 2 })).toBeNull();
  });
});
