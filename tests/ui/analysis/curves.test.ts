import { describe, expect, it } from 'vitest';
import type { Trial } from '../../../src/tuner';
import { aggregateRuns, bestSoFarByTime, bestSoFarByTrial, curveAt, evenXs, quantileSorted, toRegret, unionXs } from '../../../src/ui/analysis/curves';

function trial(id: number, state: Trial['state'], value: number | null, startedAt: number, endedAt: number | null): Trial {
  return { id, params: {}, state, value, intermediate: [], startedAt, endedAt, reason: null };
}

const TRIALS: Trial[] = [
  trial(0, 'failed', null, 0, 1000),
  trial(1, 'complete', 5, 0, 3000),
  trial(2, 'complete', 7, 1000, 2000),
  trial(3, 'pruned', null, 2000, 4000),
  trial(4, 'complete', 2, 3000, 6000),
  trial(5, 'running', null, 4000, null),
];

describe('bestSoFarByTrial', () => {
  it('gives the best complete value after each trial, starting at the first complete one', () => {
    expect(bestSoFarByTrial(TRIALS, 'minimize')).toEqual([
      { x: 2, y: 5 },
      { x: 3, y: 5 },
      { x: 4, y: 5 },
      { x: 5, y: 2 },
      { x: 6, y: 2 },
    ]);
  });
  it('follows the direction', () => {
    expect(bestSoFarByTrial(TRIALS, 'maximize').map((p) => p.y)).toEqual([5, 7, 7, 7, 7]);
  });
  it('is empty when nothing completed', () => {
    expect(bestSoFarByTrial([trial(0, 'failed', null, 0, 1)], 'minimize')).toEqual([]);
  });
});

describe('bestSoFarByTime', () => {
  it('puts a point at each improvement, in seconds of end time since the earliest start', () => {
    expect(bestSoFarByTime(TRIALS, 'minimize')).toEqual([
      { x: 2, y: 7 },
      { x: 3, y: 5 },
      { x: 6, y: 2 },
    ]);
  });
  it('takes an explicit origin', () => {
    expect(bestSoFarByTime(TRIALS, 'maximize', 1000)).toEqual([{ x: 1, y: 7 }]);
  });
});

describe('step curves', () => {
  const curve = [
    { x: 1, y: 4 },
    { x: 3, y: 2 },
    { x: 6, y: 1 },
  ];
  it('curveAt holds the last value at or before x, null before the first point', () => {
    expect([0.5, 1, 2.9, 3, 5, 100].map((x) => curveAt(curve, x))).toEqual([null, 4, 4, 2, 2, 1]);
  });
  it('toRegret is the distance to the optimum', () => {
    expect(toRegret(curve, 1).map((p) => p.y)).toEqual([3, 1, 0]);
  });
  it('unionXs and evenXs give ascending positions', () => {
    expect(unionXs([curve, [{ x: 2, y: 0 }, { x: 3, y: 0 }]])).toEqual([1, 2, 3, 6]);
    expect(evenXs(0, 10, 3)).toEqual([0, 5, 10]);
    expect(evenXs(2, 2, 5)).toEqual([2]);
  });
  it('quantileSorted interpolates linearly (type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([7], 0.9)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('aggregateRuns', () => {
  const runs = [
    [{ x: 1, y: 10 }, { x: 2, y: 6 }],
    [{ x: 1, y: 8 }, { x: 3, y: 2 }],
    [{ x: 2, y: 4 }],
    [{ x: 1, y: 12 }],
  ];
  it('by default starts where every run has a value', () => {
    expect(aggregateRuns(runs, [0, 1, 2, 3]).map((p) => [p.x, p.count])).toEqual([
      [2, 4],
      [3, 4],
    ]);
  });
  it('summarises median and quartiles over the runs that have a value at x', () => {
    const band = aggregateRuns(runs, [0, 1, 2, 3], 'median-iqr', 1);
    expect(band.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(band[0]).toEqual({ x: 1, centre: 10, low: 9, high: 11, count: 3 });
    expect(band[2]).toMatchObject({ x: 3, centre: 5, count: 4 });
    for (const p of band) expect(p.low <= p.centre && p.centre <= p.high).toBe(true);
  });
  it('summarises mean ± population std', () => {
    const band = aggregateRuns([[{ x: 1, y: 1 }], [{ x: 1, y: 3 }]], [1], 'mean-std');
    expect(band).toEqual([{ x: 1, centre: 2, low: 1, high: 3, count: 2 }]);
  });
  it('a single run gives a zero-width band on its own curve', () => {
    const band = aggregateRuns([runs[0] as { x: number; y: number }[]], [1, 2]);
    expect(band.map((p) => [p.low, p.centre, p.high])).toEqual([
      [10, 10, 10],
      [6, 6, 6],
    ]);
  });
});
