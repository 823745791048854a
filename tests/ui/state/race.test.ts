import { describe, expect, it } from 'vitest';
import { RaceState } from '../../../src/ui/state/race.svelte';
import { distinctValues, runCurveByTime, runCurveByTrial } from '../../../src/ui/state/race-run';
import { instantYield, simulatedSessionDeps } from './fakes';

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
});
