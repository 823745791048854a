import { describe, expect, it } from 'vitest';
import type { Trial } from '../../../src/tuner';
import { CURVE_STATES, curvesLayout } from '../../../src/ui/analysis/curves-layout';
import { parallelLayout } from '../../../src/ui/analysis/parallel-layout';

function trial(id: number, state: Trial['state'], value: number | null, curve: (number | null)[]): Trial {
  return { id, params: { x: id % 7, y: id / 10 }, state, value, intermediate: curve.map((v, i) => ({ step: i + 1, value: v })), startedAt: id, endedAt: id + 1, reason: null };
}

/** n trials: every 9th pruned after 2 epochs, every 13th failed without a curve, the rest complete after 5. */
function study(n: number): Trial[] {
  return Array.from({ length: n }, (_, i) => {
    const value = 1 + ((i * 7919) % 1000) / 100;
    if (i % 13 === 0) return trial(i, 'failed', null, []);
    if (i % 9 === 0) return trial(i, 'pruned', null, [value * 3, value * 2]);
    return trial(i, 'complete', value, [value * 3, value * 2, null, value * 1.2, value]);
  });
}

describe('curvesLayout', () => {
  it('draws every curve of a small study, complete first, with no bands', () => {
    const trials = study(40);
    const layout = curvesLayout(trials, 'minimize', { maxCurves: 150, bestCurves: 15 });
    expect(layout.sampled).toBe(false);
    expect(layout.bands).toEqual([]);
    expect(layout.withCurves).toBe(trials.filter((t) => t.intermediate.length > 0).length);
    expect(layout.drawn).toHaveLength(layout.withCurves);
    const ranks = layout.drawn.map((t) => CURVE_STATES.indexOf(t.state));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(layout.steps).toEqual([1, 5]);
    expect(layout.counts).toEqual(CURVE_STATES.map((s) => trials.filter((t) => t.state === s).length));
  });

  it('samples a large study: at most maxCurves, the best among them, bands over all curves', () => {
    const trials = study(10_000);
    const layout = curvesLayout(trials, 'minimize', { maxCurves: 150, bestCurves: 15 });
    expect(layout.sampled).toBe(true);
    expect(layout.drawn.length).toBeGreaterThanOrEqual(75);
    expect(layout.drawn.length).toBeLessThanOrEqual(150);
    expect(layout.drawn).toContain(layout.best);
    expect(layout.bands.map((b) => b.step)).toEqual([1, 2, 4, 5]);
    expect(layout.bands[0]?.count).toBe(layout.withCurves);
    const values = trials.flatMap((t) => t.intermediate.flatMap((p) => (p.value === null ? [] : [p.value])));
    expect(layout.values).toEqual([Math.min(...values), Math.max(...values)]);
  });

  it('has no value extent and a default step span without curves', () => {
    const layout = curvesLayout([trial(0, 'failed', null, [])], 'minimize', { maxCurves: 150, bestCurves: 15 });
    expect(layout.values).toBeNull();
    expect(layout.steps).toEqual([1, 2]);
    expect(layout.best).toBeNull();
  });
});

describe('parallelLayout', () => {
  it('ranks every complete trial (0 = worst) and draws the best last', () => {
    const trials = study(60);
    const layout = parallelLayout(trials, 'minimize', { maxLines: 300, bestLines: 30 });
    const complete = trials.filter((t) => t.state === 'complete');
    expect(layout.complete).toBe(complete.length);
    expect(layout.sampled).toBe(false);
    expect(layout.lines).toHaveLength(complete.length);
    const best = Math.min(...complete.map((t) => t.value as number));
    expect(layout.lines.at(-1)?.t.value).toBe(best);
    expect(layout.lines.at(-1)?.rank).toBe(complete.length - 1);
    expect(layout.span).toEqual([best, Math.max(...complete.map((t) => t.value as number))]);
  });

  it('samples a large study, keeping ranks among all complete trials', () => {
    const trials = study(10_000);
    const layout = parallelLayout(trials, 'maximize', { maxLines: 300, bestLines: 30 });
    expect(layout.sampled).toBe(true);
    expect(layout.lines).toHaveLength(300);
    const ranks = layout.lines.map((l) => l.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(layout.lines.at(-1)?.rank).toBe(layout.complete - 1);
    expect(layout.lines.at(-1)?.t.value).toBe(layout.span?.[1]);
  });
});
