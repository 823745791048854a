import { describe, expect, it } from 'vitest';
import type { Trial } from '../../../src/tuner';
import { bandChangePoints, bestIndices, changePoints, sampleTrials, steadySample, strideSample, summariseByStep } from '../../../src/ui/analysis/downsample';

function trial(id: number, value: number | null, state: Trial['state'] = value === null ? 'failed' : 'complete', curve: (number | null)[] = []): Trial {
  return { id, params: { x: id }, state, value, intermediate: curve.map((v, i) => ({ step: i + 1, value: v })), startedAt: id, endedAt: id + 1, reason: null };
}

describe('strideSample', () => {
  it('returns everything when there are at most cap items', () => {
    expect(strideSample([1, 2, 3], 3)).toEqual([1, 2, 3]);
  });

  it('keeps the given indices and fills up to cap with an even stride, in the original order', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const sample = strideSample(items, 100, new Set([999, 500, 3]));
    expect(sample).toHaveLength(100);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
    expect(sample).toEqual(expect.arrayContaining([3, 500, 999]));
    // Even: no gap much wider than 1000 / 100.
    const gaps = sample.slice(1).map((v, i) => v - (sample[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(12);
  });

  it('refuses a cap below 1', () => {
    expect(() => strideSample([1], 0)).toThrow(/cap must be at least 1/);
  });
});

describe('sampleTrials and bestIndices', () => {
  const trials = Array.from({ length: 5000 }, (_, i) => trial(i, i % 7 === 0 ? null : Math.sin(i) + 2));

  it('always includes the best complete trials', () => {
    const best = bestIndices(trials, 'minimize', 10);
    expect(best).toHaveLength(10);
    const values = best.map((i) => trials[i]?.value as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const sample = sampleTrials(trials, 'minimize', 200, 10);
    expect(sample).toHaveLength(200);
    for (const i of best) expect(sample).toContain(trials[i]);
  });

  it('picks the largest values for maximize', () => {
    const best = bestIndices(trials, 'maximize', 1)[0] as number;
    expect(trials[best]?.value).toBe(Math.max(...trials.filter((t) => t.value !== null).map((t) => t.value as number)));
  });
});

describe('changePoints and bandChangePoints', () => {
  it('keep only where a step curve changes, and its last point', () => {
    const curve = [1, 1, 1, 0.5, 0.5, 0.2, 0.2].map((y, i) => ({ x: i + 1, y }));
    expect(changePoints(curve)).toEqual([{ x: 1, y: 1 }, { x: 4, y: 0.5 }, { x: 6, y: 0.2 }, { x: 7, y: 0.2 }]);
    expect(changePoints([])).toEqual([]);
  });

  it('keep a band point when any of centre, low and high changes', () => {
    const band = [
      { x: 1, centre: 2, low: 1, high: 3, count: 3 },
      { x: 2, centre: 2, low: 1, high: 3, count: 3 },
      { x: 3, centre: 2, low: 0.5, high: 3, count: 3 },
      { x: 4, centre: 2, low: 0.5, high: 3, count: 3 },
      { x: 5, centre: 2, low: 0.5, high: 3, count: 3 },
    ];
    expect(bandChangePoints(band).map((p) => p.x)).toEqual([1, 3, 5]);
  });
});

describe('summariseByStep', () => {
  it('gives the range, 10–90 % band and median of every curve at each step, ignoring nulls', () => {
    const trials = Array.from({ length: 11 }, (_, i) => trial(i, i, 'complete', [i, i / 2, null]));
    const summary = summariseByStep(trials);
    expect(summary.map((s) => s.step)).toEqual([1, 2]);
    expect(summary[0]).toEqual({ step: 1, min: 0, q10: 1, median: 5, q90: 9, max: 10, count: 11 });
    expect(summary[1]?.median).toBe(2.5);
  });

  it('pools steps into columns when there are more steps than columns', () => {
    const trials = [trial(0, 1, 'complete', Array.from({ length: 1000 }, (_, i) => i))];
    const summary = summariseByStep(trials, 100);
    expect(summary).toHaveLength(100);
    expect(summary[0]?.count).toBe(10);
    expect(summary.at(-1)?.max).toBe(999);
  });

  it('is empty without curves', () => {
    expect(summariseByStep([trial(0, 1)])).toEqual([]);
  });
});

describe('steadySample', () => {
  const study = (n: number) => Array.from({ length: n }, (_, id) => trial(id, id % 13 === 0 ? null : 1 + ((id * 7919) % 1000) / 100));

  it('keeps the best and an even sample, between half of cap and cap', () => {
    const trials = study(10_000);
    const sample = steadySample(trials, 'minimize', 150, 15);
    expect(sample.length).toBeGreaterThanOrEqual(75);
    expect(sample.length).toBeLessThanOrEqual(150);
    expect(sample).toEqual(expect.arrayContaining(bestIndices(trials, 'minimize', 15).map((i) => trials[i])));
    const ids = sample.map((t) => t.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(Math.max(...ids.slice(1).map((id, i) => id - (ids[i] as number)))).toBeLessThanOrEqual(2 * (10_000 / 75));
  });

  it('only gains trials as a study grows, until its stride doubles', () => {
    let before = steadySample(study(600), 'minimize', 150, 15);
    let kept = 0;
    let dropped = 0;
    for (let n = 601; n <= 1100; n++) {
      const now = steadySample(study(n), 'minimize', 150, 15);
      const ids = new Set(now.map((t) => t.id));
      const gone = before.filter((t) => !ids.has(t.id)).length;
      if (gone > 15) dropped++;
      else kept++;
      before = now;
    }
    // The stride doubles once between 600 and 1,100 trials (at 1,080): every other size keeps the sample but for the best.
    expect(dropped).toBe(1);
    expect(kept).toBe(499);
  });

  it('returns everything up to cap, and refuses a cap below one', () => {
    expect(steadySample(study(10), 'minimize', 10, 3)).toHaveLength(10);
    expect(() => steadySample(study(10), 'minimize', 0, 3)).toThrow(/cap/);
  });
});
