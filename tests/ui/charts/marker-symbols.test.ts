import { describe, expect, it } from 'vitest';
import { markerPath, markersPath } from '../../../src/ui/charts/marker-symbols';
import type { MarkerShape } from '../../../src/ui/charts/series-style';

const SHAPES: MarkerShape[] = ['circle', 'square', 'diamond', 'triangle', 'cross', 'star'];

/** The vertices an SVG path visits, absolute (M, L, H, V and their relative forms; arcs by their end points). */
function vertices(d: string): [number, number][] {
  const out: [number, number][] = [];
  let [x, y] = [0, 0];
  for (const [, cmd, args] of d.matchAll(/([MLHVAZmlhvaz])([^MLHVAZmlhvaz]*)/g)) {
    const n = (args ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number);
    // Relative commands (lower case) count from the current point.
    const [ox, oy] = cmd === cmd?.toUpperCase() ? [0, 0] : [x, y];
    const arg = (i: number) => n[i] as number;
    switch (cmd?.toUpperCase()) {
      case 'M':
      case 'L':
        [x, y] = [ox + arg(0), oy + arg(1)];
        break;
      case 'H':
        x = ox + arg(0);
        break;
      case 'V':
        y = oy + arg(0);
        break;
      case 'A':
        [x, y] = [ox + arg(5), oy + arg(6)];
        break;
      default:
        continue;
    }
    out.push([x, y]);
  }
  return out;
}

/** An outline's vertices without a last one that repeats the first. */
function withoutClosingVertex(outline: readonly [number, number][]): readonly [number, number][] {
  const [first, last] = [outline[0], outline[outline.length - 1]];
  return outline.length > 1 && first && last && first[0] === last[0] && first[1] === last[1] ? outline.slice(0, -1) : outline;
}

/** The area inside a closed polygon (shoelace formula); arcs are not polygons, so circles are left out. */
function polygonArea(outline: readonly [number, number][]): number {
  const points = withoutClosingVertex(outline);
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i] as [number, number];
    const [x1, y1] = points[(i + 1) % points.length] as [number, number];
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2;
}

describe('marker symbols', () => {
  it.each(SHAPES)('a %s placed by markersPath has the outline of markerPath, moved', (shape) => {
    const moved = vertices(markersPath(shape, 4, [{ x: 100, y: 50 }]));
    const expected = vertices(markerPath(shape, 4)).map(([x, y]) => [x + 100, y + 50]);
    expect(moved).toHaveLength(expected.length);
    moved.forEach(([x, y], i) => {
      expect(x).toBeCloseTo((expected[i] as number[])[0] as number, 1);
      expect(y).toBeCloseTo((expected[i] as number[])[1] as number, 1);
    });
  });

  it('every shape is one closed outline centred on the origin', () => {
    for (const shape of SHAPES) {
      const d = markerPath(shape, 4);
      const points = vertices(d);
      // Polygons close with Z; the circle's second arc ends where it began.
      if (shape === 'circle') expect(points.at(-1)).toEqual(points[0]);
      else expect(d).toMatch(/^M[^M]*Z$/);
      const distinct = withoutClosingVertex(points);
      const mean = (k: 0 | 1) => distinct.reduce((sum, p) => sum + p[k], 0) / distinct.length;
      expect(Math.abs(mean(0))).toBeLessThan(0.1);
      expect(Math.abs(mean(1))).toBeLessThan(0.1);
      expect(Math.max(...points.map(([x, y]) => Math.hypot(x, y)))).toBeLessThan(4 * 2);
    }
  });

  it('every polygonal shape covers the area of a circle of radius r, so no series looks heavier', () => {
    for (const shape of SHAPES.filter((s) => s !== 'circle')) expect(polygonArea(vertices(markerPath(shape, 4)))).toBeCloseTo(Math.PI * 16, 0);
  });

  it('markersPath draws one closed outline per centre, in one path, and nothing for no centres', () => {
    const d = markersPath('square', 4, [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
      { x: 20, y: 5 },
    ]);
    expect(d.match(/M/g)).toHaveLength(3);
    expect(d.match(/Z/g)).toHaveLength(3);
    expect(markersPath('star', 3, [])).toBe('');
  });

  it('refuses a radius that is not a positive number', () => {
    expect(() => markerPath('circle', 0)).toThrow(/marker radius must be a positive number, got 0/);
    expect(() => markersPath('cross', Number.NaN, [{ x: 0, y: 0 }])).toThrow(/got NaN/);
  });
});
