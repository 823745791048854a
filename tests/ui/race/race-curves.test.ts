import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../../../src/ui/analysis/curves';
import type { RaceEntry } from '../../../src/ui/race/race-entries';
import { RaceCurves, type CurvesInput } from '../../../src/ui/race/race-curves';
import { raceCurves, type RaceRun, type StrategyCurves } from '../../../src/ui/race/race-run';

/** A run whose best-so-far curve is `ys` at trials 1, 2, … (the same against seconds and epochs ×10). */
function run(strategy: RaceEntry, repeat: number, ys: readonly number[]): RaceRun {
  const byTrial: CurvePoint[] = ys.map((y, i) => ({ x: i + 1, y }));
  return {
    strategy,
    repeat,
    seed: repeat,
    trials: [],
    seconds: ys.map((_, i) => i + 1),
    epochs: ys.map((_, i) => 10 * (i + 1)),
    note: null,
    curves: { byTrial, byTime: byTrial, byEpochs: byTrial.map((p) => ({ x: 10 * p.x, y: p.y })) },
    reach: { seconds: ys.length, epochs: 10 * ys.length },
  };
}

function input(runs: readonly RaceRun[]): CurvesInput {
  return { runs, strategies: ['grid', 'random', 'gp'], optimum: 0.5, budget: 4 };
}

/** An aggregator on a fake clock (each reading 3 ms later) that counts its yields and keeps what it hands over. */
function harness() {
  let t = 0;
  const handed: StrategyCurves[][] = [];
  let yields = 0;
  const curves = new RaceCurves({
    now: () => (t += 3),
    yieldToPage: async () => {
      yields += 1;
    },
    sliceMs: 4,
    onCurves: (c) => handed.push(c),
  });
  return { curves, handed, yields: () => yields };
}

const first = [run('grid', 0, [3, 2, 2, 1]), run('grid', 1, [4, 4, 1, 1]), run('random', 0, [2, 2, 2, 2]), run('random', 1, [5, 3, 1, 0.6]), run('gp', 0, [1, 0.7, 0.6, 0.55])];

describe('RaceCurves', () => {
  it('hands over the same curves as aggregating at once, yielding between strategies as slices fill', async () => {
    const h = harness();
    await h.curves.update(input(first));
    expect(h.handed).toHaveLength(1);
    expect(h.handed[0]).toEqual(raceCurves(first, ['grid', 'random', 'gp'], 0.5, 4));
    expect(h.yields()).toBeGreaterThanOrEqual(1);
    expect(h.handed[0]?.map((c) => c.strategy)).toEqual(['grid', 'random', 'gp']);
  });

  it('aggregates only the latest of the updates that came while it worked', async () => {
    const h = harness();
    const second = [...first.slice(0, 4), run('gp', 0, [1, 0.7, 0.6, 0.5])];
    const third = [...second, run('gp', 1, [2, 1, 0.9, 0.8])];
    const a = h.curves.update(input(first));
    void h.curves.update(input(second));
    const c = h.curves.update(input(third));
    await Promise.all([a, c, h.curves.settled()]);
    expect(h.handed).toHaveLength(2);
    expect(h.handed[1]).toEqual(raceCurves(third, ['grid', 'random', 'gp'], 0.5, 4));
  });

  it('keeps a strategy’s curves while its runs and the grids are unchanged', async () => {
    const h = harness();
    await h.curves.update(input(first));
    const changed = [...first.slice(0, 4), run('gp', 0, [1, 0.7, 0.6, 0.52])];
    await h.curves.update(input(changed));
    const [before, after] = h.handed;
    expect(after?.[0]).toBe(before?.[0]);
    expect(after?.[1]).toBe(before?.[1]);
    expect(after?.[2]).not.toBe(before?.[2]);
    expect(after?.[2]?.final).toBeCloseTo(0.02);
  });

  it('settles at once when nothing is pending', async () => {
    const h = harness();
    await h.curves.settled();
    expect(h.handed).toEqual([]);
  });
});
