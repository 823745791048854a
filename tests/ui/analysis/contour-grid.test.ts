/** The contour's value grid: raw values placed on two parameters and interpolated between them. */
import { describe, expect, it } from 'vitest';
import type { SearchSpace, Trial } from '../../../src/tuner';
import { contourGrid, contourPoints } from '../../../src/ui/analysis/contour-grid';
import { contourBands } from '../../../src/ui/charts/contour-paths';

const SPACE: SearchSpace = { a: { type: 'float', low: 0, high: 10 }, b: { type: 'float', low: 1e-3, high: 1e-1, log: true }, c: { type: 'categorical', choices: ['x', 'y'] } };

function trial(id: number, a: number, b: number, value: number | null, state: Trial['state'] = 'complete', constraints?: Record<string, number>): Trial {
  return { id, params: { a, b, c: 'x' }, state, value, intermediate: [], startedAt: 0, endedAt: 1, reason: null, ...(constraints ? { constraints } : {}) };
}

describe('contourPoints', () => {
  it('places complete trials on the encoded axes, marking infeasible ones', () => {
    const points = contourPoints([trial(0, 5, 1e-2, 1), trial(1, 0, 1e-3, null, 'pruned'), trial(2, 10, 1e-1, 2, 'complete', { size: 1 })], SPACE, 'a', 'b');
    expect(points).toHaveLength(2);
    expect(points[0]!.u).toBeCloseTo(0.5);
    expect(points[0]!.v).toBeCloseTo(0.5);
    expect(points[1]!.feasible).toBe(false);
  });

  it('names a parameter the space lacks', () => {
    expect(() => contourPoints([], SPACE, 'a', 'z')).toThrow(/no parameter "z"/);
  });
});

describe('contourGrid', () => {
  const points = [trial(0, 0, 1e-3, 0), trial(1, 10, 1e-3, 10), trial(2, 0, 1e-1, 0), trial(3, 10, 1e-1, 10)];

  it('interpolates between the observed values without leaving their range', () => {
    const grid = contourGrid(contourPoints(points, SPACE, 'a', 'b'), 10);
    expect(grid).not.toBeNull();
    const values = Array.from(grid!.values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(10);
    // Low on the left (a = 0), high on the right, symmetric about the middle.
    expect(grid!.values[5 * 10 + 0]).toBeLessThan(grid!.values[5 * 10 + 9]!);
    expect(grid!.values[5 * 10 + 4]! + grid!.values[5 * 10 + 5]!).toBeCloseTo(10);
    expect(grid!.range).toEqual([0, 10]);
  });

  it('needs three points at two places at least', () => {
    expect(contourGrid(contourPoints(points.slice(0, 2), SPACE, 'a', 'b'))).toBeNull();
    expect(contourGrid(contourPoints([trial(0, 1, 1e-2, 1), trial(1, 1, 1e-2, 2), trial(2, 1, 1e-2, 3)], SPACE, 'a', 'b'))).toBeNull();
    expect(() => contourGrid([], 1)).toThrow(/n must be an integer ≥ 2/);
  });

  it('outlines one band per threshold', () => {
    const grid = contourGrid(contourPoints(points, SPACE, 'a', 'b'), 10)!;
    const bands = contourBands(grid.values, 10, [0, 5], (x) => x * 10, (y) => 100 - y * 10);
    expect(bands.map((b) => b.threshold)).toEqual([0, 5]);
    for (const band of bands) expect(band.d).toMatch(/^M[\d.]+,[\d.]+L.*Z$/);
  });
});
