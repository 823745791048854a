/** The contour's value grid: raw values placed on two parameters, interpolated linearly over their Delaunay triangles. */
import { Delaunay } from 'd3-delaunay';
import { describe, expect, it } from 'vitest';
import { createRng, type SearchSpace, type Trial } from '../../../src/tuner';
import { contourGrid, contourPoints, distinctPlaces, extendBeyondHull, type ContourPoint, type ContourSurface } from '../../../src/ui/analysis/contour-grid';
import { contourBands } from '../../../src/ui/charts/contour-paths';

const SPACE: SearchSpace = { a: { type: 'float', low: 0, high: 10 }, b: { type: 'float', low: 1e-3, high: 1e-1, log: true }, c: { type: 'categorical', choices: ['x', 'y', 'z'] } };

function trial(id: number, a: number, b: number, value: number | null, state: Trial['state'] = 'complete', constraints?: Record<string, number>, c = 'x'): Trial {
  return { id, params: { a, b, c }, state, value, intermediate: [], startedAt: 0, endedAt: 1, reason: null, ...(constraints ? { constraints } : {}) };
}

const at = (u: number, v: number, value: number, id = 0): ContourPoint => ({ id, u, v, value, feasible: true });

function surface(points: readonly ContourPoint[], n: number): ContourSurface {
  const grid = contourGrid(points, n);
  if (grid.kind !== 'surface') throw new Error(`expected a surface, got ${grid.kind}`);
  return grid;
}

/** Is (u, v) inside the convex polygon (either orientation), with a little slack? */
function insidePolygon(polygon: readonly { u: number; v: number }[], u: number, v: number, slack: number): boolean {
  let sign = 0;
  for (let k = 0; k < polygon.length; k++) {
    const p = polygon[k]!;
    const q = polygon[(k + 1) % polygon.length]!;
    const length = Math.hypot(q.u - p.u, q.v - p.v);
    const cross = ((q.u - p.u) * (v - p.v) - (q.v - p.v) * (u - p.u)) / length;
    if (Math.abs(cross) <= slack) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
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
  it('reproduces a plane exactly inside the hull, on a log axis too', () => {
    const rng = createRng(7);
    const plane = (u: number, v: number) => 3 * u - 2 * v + 0.5;
    const trials = Array.from({ length: 40 }, (_, id) => {
      const a = 10 * rng.next();
      const b = Math.exp(Math.log(1e-3) + rng.next() * Math.log(100));
      return trial(id, a, b, 0);
    });
    const points = contourPoints(trials, SPACE, 'a', 'b').map((p) => ({ ...p, value: plane(p.u, p.v) }));
    const grid = surface(points, 30);
    let inside = 0;
    for (let j = 0; j < 30; j++) {
      for (let i = 0; i < 30; i++) {
        const value = grid.values[j * 30 + i]!;
        if (Number.isNaN(value)) continue;
        inside++;
        expect(value).toBeCloseTo(plane((i + 0.5) / 30, (j + 0.5) / 30), 10);
      }
    }
    expect(inside).toBeGreaterThan(400);
  });

  it('finds each node’s own triangle, as a scan over every triangle does', () => {
    const rng = createRng(11);
    const points = Array.from({ length: 300 }, (_, id) => at(rng.next(), rng.next(), Math.sin(9 * rng.next()) + rng.normal(), id));
    const grid = surface(points, 40);
    const mesh = Delaunay.from(
      points,
      (p) => p.u,
      (p) => p.v,
    );
    const xy = mesh.points;
    for (let j = 0; j < 40; j++) {
      for (let i = 0; i < 40; i++) {
        const [qu, qv] = [(i + 0.5) / 40, (j + 0.5) / 40];
        let expected = NaN;
        for (let t = 0; t < mesh.triangles.length / 3 && Number.isNaN(expected); t++) {
          const [a, b, c] = [0, 1, 2].map((k) => mesh.triangles[3 * t + k]!) as [number, number, number];
          const area = (xy[2 * b]! - xy[2 * a]!) * (xy[2 * c + 1]! - xy[2 * a + 1]!) - (xy[2 * b + 1]! - xy[2 * a + 1]!) * (xy[2 * c]! - xy[2 * a]!);
          const la = ((xy[2 * b]! - qu) * (xy[2 * c + 1]! - qv) - (xy[2 * b + 1]! - qv) * (xy[2 * c]! - qu)) / area;
          const lb = ((xy[2 * c]! - qu) * (xy[2 * a + 1]! - qv) - (xy[2 * c + 1]! - qv) * (xy[2 * a]! - qu)) / area;
          const lc = 1 - la - lb;
          if (Math.min(la, lb, lc) >= -1e-12) expected = la * points[a]!.value + lb * points[b]!.value + lc * points[c]!.value;
        }
        if (Number.isNaN(expected)) expect(grid.values[j * 40 + i]).toBeNaN();
        else expect(grid.values[j * 40 + i]).toBeCloseTo(expected, 9);
      }
    }
  });

  it('passes through every place’s value and never leaves the observed range', () => {
    // Places on grid nodes of a 5 × 5 grid, so the nodes there must carry their values exactly.
    const node = (i: number) => (i + 0.5) / 5;
    const points = [at(node(0), node(0), 4), at(node(4), node(0), -1), at(node(4), node(4), 9), at(node(0), node(4), 2), at(node(2), node(1), 7), at(node(1), node(3), 0)];
    const grid = surface(points, 5);
    for (const p of points) expect(grid.values[Math.round(p.v * 5 - 0.5) * 5 + Math.round(p.u * 5 - 0.5)]).toBeCloseTo(p.value, 12);
    for (const value of grid.values) {
      expect(value).toBeGreaterThanOrEqual(-1 - 1e-12);
      expect(value).toBeLessThanOrEqual(9 + 1e-12);
    }
    expect(grid.range).toEqual([-1, 9]);
    expect(grid.places).toBe(6);
  });

  it('leaves every node outside the hull empty and fills every node inside', () => {
    const points = [at(0.2, 0.1, 1), at(0.9, 0.3, 2), at(0.6, 0.9, 3), at(0.1, 0.7, 4), at(0.5, 0.5, 5)];
    const grid = surface(points, 40);
    expect(grid.hull).toHaveLength(4);
    let empty = 0;
    for (let j = 0; j < 40; j++) {
      for (let i = 0; i < 40; i++) {
        const [u, v] = [(i + 0.5) / 40, (j + 0.5) / 40];
        const value = grid.values[j * 40 + i]!;
        if (Number.isNaN(value)) empty++;
        if (insidePolygon(grid.hull, u, v, 1e-9)) expect(value).not.toBeNaN();
        else expect(value).toBeNaN();
      }
    }
    expect(empty).toBeGreaterThan(100);
    // The corners of the square lie outside this hull.
    expect(grid.values[0]).toBeNaN();
    expect(grid.values[40 * 40 - 1]).toBeNaN();
  });

  it('extends the surface beyond the hull from the nearest point on its outline, for drawing', () => {
    const points = [at(0.25, 0.25, 0), at(0.75, 0.25, 10), at(0.75, 0.75, 10), at(0.25, 0.75, 0)];
    const grid = surface(points, 8);
    const extended = extendBeyondHull(grid);
    for (const value of extended) expect(Number.isFinite(value)).toBe(true);
    for (let k = 0; k < 64; k++) if (!Number.isNaN(grid.values[k]!)) expect(extended[k]).toBe(grid.values[k]);
    // Left of the hull: the left edge's value 0; right of it: 10; below its middle: halfway along the bottom edge.
    expect(extended[4 * 8 + 0]).toBeCloseTo(0, 12);
    expect(extended[4 * 8 + 7]).toBeCloseTo(10, 12);
    expect(extended[0 * 8 + 3]).toBeCloseTo(((3.5 / 8 - 0.25) / 0.5) * 10, 12);
  });

  it('averages trials at one place', () => {
    const points = [at(0.05, 0.05, 2, 0), at(0.05, 0.05, 4, 1), at(0.95, 0.05, 0, 2), at(0.05, 0.95, 0, 3), at(0.05 + 1e-12, 0.05, 6, 4)];
    expect(distinctPlaces(points)).toHaveLength(3);
    const grid = surface(points, 10);
    expect(grid.places).toBe(3);
    // Node (0, 0) sits on the merged place: the mean of 2, 4 and 6.
    expect(grid.values[0]).toBeCloseTo(4, 9);
    expect(grid.range).toEqual([0, 6]);
  });

  it('says there are too few places below three, counting repeated places once', () => {
    expect(contourGrid([at(0.1, 0.1, 1), at(0.9, 0.9, 2)])).toEqual({ kind: 'too-few', places: 2 });
    expect(contourGrid([at(0.1, 0.1, 1), at(0.1, 0.1, 2), at(0.1, 0.1, 3)])).toEqual({ kind: 'too-few', places: 1 });
    expect(contourGrid([])).toEqual({ kind: 'too-few', places: 0 });
    expect(() => contourGrid([], 1)).toThrow(/n must be an integer ≥ 2/);
  });

  it('says the places are collinear when they all lie on one line, as trials of one category do', () => {
    expect(contourGrid([at(0.1, 0.1, 1), at(0.5, 0.5, 2), at(0.9, 0.9, 3), at(0.3, 0.3, 4)])).toEqual({ kind: 'collinear', places: 4 });
    const oneCategory = contourPoints([trial(0, 1, 1e-2, 1), trial(1, 5, 1e-2, 2), trial(2, 9, 1e-2, 3)], SPACE, 'a', 'c');
    expect(contourGrid(oneCategory)).toEqual({ kind: 'collinear', places: 3 });
    const twoCategories = contourPoints([trial(0, 1, 1e-2, 1), trial(1, 5, 1e-2, 2, 'complete', undefined, 'z'), trial(2, 9, 1e-2, 3)], SPACE, 'a', 'c');
    expect(contourGrid(twoCategories, 10).kind).toBe('surface');
  });

  it('outlines one band per threshold', () => {
    const points = [at(0.05, 0.05, 0), at(0.95, 0.05, 10), at(0.05, 0.95, 0), at(0.95, 0.95, 10)];
    const grid = surface(points, 10);
    const bands = contourBands(extendBeyondHull(grid), 10, [0, 5], (x) => x * 10, (y) => 100 - y * 10);
    expect(bands.map((b) => b.threshold)).toEqual([0, 5]);
    for (const band of bands) expect(band.d).toMatch(/^M[\d.]+,[\d.]+L.*Z$/);
  });
});
