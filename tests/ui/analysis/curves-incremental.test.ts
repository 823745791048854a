import { describe, expect, it } from 'vitest';
import type { Trial } from '../../../src/tuner';
import { bestImprovements, bestSoFarByTrial, bestSoFarSteps } from '../../../src/ui/analysis/curves';
import { curvesLayout, CurvesLayouts } from '../../../src/ui/analysis/curves-layout';
import { changePoints, summariseByStep } from '../../../src/ui/analysis/downsample';
import { kthOfUnion, StepColumns } from '../../../src/ui/analysis/step-columns';

const OPTIONS = { maxCurves: 150, bestCurves: 15 };

/** A seeded value in [0, 1). */
function unit(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

/** Trial `id` after `epochs` of its `total`: running until done, then complete (every 11th pruned at 3, every 17th failed). */
function trialAt(id: number, epochs: number, total = 8): Trial {
  const points = id % 11 === 0 ? Math.min(epochs, 3) : epochs;
  const curve = Array.from({ length: points }, (_, k) => ({ step: k + 1, value: k === 2 && id % 5 === 0 ? null : 1 + 5 * unit(id * 31 + k) }));
  const done = id % 11 === 0 ? epochs >= 3 : epochs >= total;
  const state: Trial['state'] = !done ? 'running' : id % 17 === 0 ? 'failed' : id % 11 === 0 ? 'pruned' : 'complete';
  const value = state === 'complete' ? (curve.at(-1)?.value ?? null) : null;
  return { id, params: { x: id }, state, value, intermediate: curve, startedAt: id, endedAt: done ? id + 1 : null, reason: state === 'failed' ? 'diverged' : null };
}

/** A study that grows: four trials run at a time, two epochs per refresh; finished trials keep their object. */
function* growingStudy(total: number): Generator<Trial[]> {
  const shown: Trial[] = [];
  const epochs: number[] = [];
  for (let refresh = 0; shown.length < total || shown.some((t) => t.state === 'running'); refresh++) {
    while (shown.filter((t) => t.state === 'running').length < 4 && shown.length < total) {
      epochs.push(0);
      shown.push(trialAt(shown.length, 0));
    }
    for (const t of shown) if (t.state === 'running') shown[t.id] = trialAt(t.id, (epochs[t.id] = (epochs[t.id] as number) + 2));
    yield shown.slice();
  }
}

describe('CurvesLayouts', () => {
  it('gives the same layout as curvesLayout at every refresh of a growing study', () => {
    const layouts = new CurvesLayouts();
    let refreshes = 0;
    for (const trials of growingStudy(400)) {
      expect(layouts.layout(trials, 'minimize', OPTIONS)).toEqual(curvesLayout(trials, 'minimize', OPTIONS));
      refreshes++;
    }
    expect(refreshes).toBeGreaterThan(100);
  });

  it('starts over when a finished trial is replaced, and follows a change of direction', () => {
    const trials = Array.from({ length: 300 }, (_, id) => trialAt(id, 8));
    const layouts = new CurvesLayouts();
    layouts.layout(trials, 'minimize', OPTIONS);
    const replaced = trials.slice();
    replaced[7] = { ...(trials[7] as Trial), value: -100, intermediate: [{ step: 1, value: -100 }] };
    expect(layouts.layout(replaced, 'minimize', OPTIONS)).toEqual(curvesLayout(replaced, 'minimize', OPTIONS));
    expect(layouts.layout(replaced, 'maximize', OPTIONS)).toEqual(curvesLayout(replaced, 'maximize', OPTIONS));
  });

  it('pools steps into columns like summariseByStep when curves have more steps than columns', () => {
    const long = (id: number): Trial => ({ id, params: {}, state: 'complete', value: 1, intermediate: Array.from({ length: 400 }, (_, k) => ({ step: k + 1, value: unit(id * 1000 + k) })), startedAt: 0, endedAt: 1, reason: null });
    const trials = Array.from({ length: 160 }, (_, id) => long(id));
    expect(new CurvesLayouts().layout(trials, 'minimize', OPTIONS)).toEqual(curvesLayout(trials, 'minimize', OPTIONS));
  });
});

describe('StepColumns', () => {
  it('summarises like summariseByStep, with values added in any order and extras merged on the fly', () => {
    const columns = new StepColumns();
    const trials: Trial[] = [];
    for (let id = 0; id < 200; id++) {
      const t = trialAt(id, 8);
      trials.push(t);
      for (const p of t.intermediate) if (p.value !== null) columns.add(p.step, p.value);
      if (id % 50 === 0) columns.summary();
    }
    const running = [trialAt(900, 4), trialAt(901, 2)];
    const extra = new Map<number, number[]>();
    for (const t of running) for (const p of t.intermediate) if (p.value !== null) extra.set(p.step, [...(extra.get(p.step) ?? []), p.value]);
    expect(columns.summary(extra)).toEqual(summariseByStep([...trials, ...running]));
  });

  it('finds the k-th smallest of two sorted lists', () => {
    const a = [1, 3, 3, 7, 9];
    const b = [0, 3, 8];
    const merged = [...a, ...b].sort((x, y) => x - y);
    for (let k = 0; k < merged.length; k++) expect(kthOfUnion(a, a.length, b, k)).toBe(merged[k]);
    expect(kthOfUnion([], 0, [4], 0)).toBe(4);
    expect(() => kthOfUnion(a, a.length, b, 8)).toThrow(/rank 8/);
  });
});

describe('bestSoFarSteps', () => {
  it('is bestSoFarByTrial reduced to its change points', () => {
    const trials = Array.from({ length: 300 }, (_, id) => trialAt(id, id % 3 === 0 ? 4 : 8));
    expect(bestSoFarSteps(trials, 'minimize')).toEqual(changePoints(bestSoFarByTrial(trials, 'minimize')));
    expect(bestSoFarSteps(trials, 'maximize')).toEqual(changePoints(bestSoFarByTrial(trials, 'maximize')));
    expect(bestSoFarSteps(trials.slice(0, 1), 'minimize')).toEqual(changePoints(bestSoFarByTrial(trials.slice(0, 1), 'minimize')));
    expect(bestSoFarSteps([], 'minimize')).toEqual([]);
  });

  it('has a corner at each improvement, skipping constraint violations and non-finite values', () => {
    const t = (id: number, value: number | null, constraints?: Record<string, number>): Trial => ({ id, params: {}, state: value === null ? 'failed' : 'complete', value, intermediate: [], startedAt: id, endedAt: id + 1, reason: null, ...(constraints ? { constraints } : {}) });
    const trials = [t(0, null), t(1, Number.NaN), t(2, 3), t(3, 1, { c: 1 }), t(4, 2), t(5, 2), t(6, null)];
    expect(bestImprovements(trials, 'minimize')).toEqual([{ id: 2, value: 3 }, { id: 4, value: 2 }]);
    expect(bestSoFarSteps(trials, 'minimize')).toEqual([{ x: 3, y: 3 }, { x: 5, y: 2 }, { x: 7, y: 2 }]);
    expect(bestSoFarByTrial(trials, 'minimize').map((p) => p.y)).toEqual([3, 3, 2, 2, 2]);
  });
});
