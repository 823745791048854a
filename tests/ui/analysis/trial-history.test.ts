/** History, EDF and decade-span helpers behind the history and EDF plots. */
import { describe, expect, it } from 'vitest';
import type { Trial } from '../../../src/tuner';
import { empiricalDistribution, spansDecades, trialHistory } from '../../../src/ui/analysis/trial-history';

function trial(id: number, state: Trial['state'], value: number | null, constraints?: Record<string, number>): Trial {
  return { id, params: {}, state, value, intermediate: [], startedAt: id, endedAt: state === 'running' ? null : id + 1, reason: null, ...(constraints ? { constraints } : {}) };
}

describe('trialHistory', () => {
  it('keeps complete trials in id order and steps the best feasible value down', () => {
    const trials = [trial(2, 'complete', 0.5), trial(0, 'complete', 1), trial(1, 'pruned', null), trial(3, 'complete', 0.2, { size: 3 }), trial(4, 'complete', 0.7), trial(5, 'running', null)];
    const h = trialHistory(trials, 'minimize');
    expect(h.points.map((p) => p.id)).toEqual([0, 2, 3, 4]);
    expect(h.points.find((p) => p.id === 3)?.feasible).toBe(false);
    // The infeasible 0.2 never becomes the best.
    expect(h.best).toEqual([
      { id: 0, value: 1 },
      { id: 2, value: 0.5 },
    ]);
    expect(h.lastId).toBe(5);
  });

  it('follows the direction and leaves out non-finite values', () => {
    const h = trialHistory([trial(0, 'complete', 0.3), trial(1, 'complete', Number.NaN), trial(2, 'complete', 0.9), trial(3, 'complete', 0.6)], 'maximize');
    expect(h.points).toHaveLength(3);
    expect(h.best.map((b) => b.value)).toEqual([0.3, 0.9]);
  });

  it('is empty without trials', () => {
    expect(trialHistory([], 'minimize')).toEqual({ points: [], best: [], lastId: -1 });
  });
});

describe('empiricalDistribution', () => {
  it('rises by 1/n per value, merging ties, up to 1', () => {
    expect(empiricalDistribution([3, 1, 2, 2, Number.POSITIVE_INFINITY])).toEqual([
      { value: 1, fraction: 0.25 },
      { value: 2, fraction: 0.75 },
      { value: 3, fraction: 1 },
    ]);
    expect(empiricalDistribution([])).toEqual([]);
  });
});

describe('spansDecades', () => {
  it('is true only for positive values two or more decades apart', () => {
    expect(spansDecades([0.01, 0.5, 1])).toBe(true);
    expect(spansDecades([0.1, 0.5, 1])).toBe(false);
    expect(spansDecades([0, 0.001, 10])).toBe(false);
    expect(spansDecades([null, 1e-4, undefined, 1], 3)).toBe(true);
    expect(spansDecades([])).toBe(false);
  });
});
