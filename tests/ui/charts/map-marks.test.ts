import { describe, expect, it } from 'vitest';
import type { Path } from 'd3-path';
import { distinctCentres, nearestWithin, rugLevels, seriesMarks, thinPoints } from '../../../src/ui/charts/map-marks';

describe('map marks', () => {
  it('thinPoints keeps the best point of each cell, in the points’ order, and every point when none share a cell', () => {
    const points = [
      { u: 0.01, v: 0.01, id: 0, value: 5 },
      { u: 0.6, v: 0.6, id: 1, value: 9 },
      { u: 0.02, v: 0.02, id: 2, value: 1 },
      { u: 0.03, v: 0.03, id: 3, value: 3 },
      { u: 0.61, v: 0.61, id: 4, value: null },
    ];
    expect(thinPoints(points, 10).map((p) => p.id)).toEqual([1, 2]);
    expect(thinPoints(points, 1000).map((p) => p.id)).toEqual([0, 1, 2, 3, 4]);
    // Without values the latest point of a cell is kept (it is the one drawn on top).
    expect(thinPoints([{ u: 0.5, v: 0.5, id: 0 }, { u: 0.51, v: 0.5, id: 1 }], 10).map((p) => p.id)).toEqual([1]);
  });

  it('thinPoints bounds the drawn points by the cells, whatever their number', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ u: (i * 0.618034) % 1, v: (i * 0.414214) % 1, id: i, value: i % 97 }));
    const kept = thinPoints(many, 50);
    expect(kept.length).toBeLessThanOrEqual(2500);
    expect(kept.some((p) => p.value === 0)).toBe(true);
    expect(() => thinPoints(many, 0)).toThrow(/cells must be a positive integer, got 0/);
  });

  it('rugLevels draws a tick per position, darker where points share one', () => {
    const tick = (d: Path, at: number) => {
      d.moveTo(at, 0);
      d.lineTo(at, 5);
    };
    const levels = rugLevels([10, 10.2, 20, 30, 30, 30, 30, 30], tick);
    expect(levels.map((l) => l.opacity)).toEqual([0.45, 0.7, 0.91]);
    expect(levels[0]?.d).toBe('M20,0L20,5');
    expect(levels[1]?.d).toBe('M10,0L10,5');
    expect(levels[2]?.d).toBe('M30,0L30,5');
    expect(rugLevels([], tick)).toEqual([]);
  });

  it('nearestWithin finds the nearest centre within the radius, the later on a tie', () => {
    const centres = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 0 },
    ];
    expect(nearestWithin(centres, 1, 1, 5)).toBe(0);
    expect(nearestWithin(centres, 9, 0, 5)).toBe(2);
    expect(nearestWithin(centres, 50, 50, 5)).toBe(-1);
  });

  it('seriesMarks thins the markers but keeps every point in the rugs and the counts', () => {
    const points = [
      { u: 0.1, v: 0.1, id: 0, value: 2 },
      { u: 0.1, v: 0.1, id: 1, value: 1 },
      { u: 0.9, v: 0.5, id: 2, value: 3 },
    ];
    const layout = { x: (u: number) => 100 * u, y: (v: number) => 100 - 100 * v, bottomRugAt: 104, leftRugAt: -4, tick: 5, cells: 50, radius: 4 };
    const marks = seriesMarks(points, 'circle', layout);
    expect(marks.kept.map((p) => p.id)).toEqual([1, 2]);
    expect(marks.centres).toEqual([
      { x: 10, y: 90 },
      { x: 90, y: 50 },
    ]);
    expect(marks.markers.match(/M/g)).toHaveLength(2);
    expect(marks.bottomRug).toEqual([
      { opacity: 0.45, d: 'M90,104L90,109' },
      { opacity: 0.7, d: 'M10,104L10,109' },
    ]);
    expect(marks.leftRug.map((l) => l.d)).toEqual(['M-4,50L-9,50', 'M-4,90L-9,90']);
    expect([marks.distinctU, marks.distinctV]).toEqual([2, 2]);
  });
});

describe('distinctCentres', () => {
  it('keeps the latest centre per cell and drops non-finite ones', () => {
    const kept = distinctCentres([{ x: 0.2, y: 0.2, id: 0 }, { x: 5, y: 5, id: 1 }, { x: 0.9, y: 0.4, id: 2 }, { x: Number.NaN, y: 1, id: 3 }], 1);
    expect(kept.map((c) => c.id)).toEqual([1, 2]);
    expect(() => distinctCentres([], 0)).toThrow(/cell must be positive/);
  });
});
