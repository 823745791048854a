/**
 * A grid of raw trial values over two parameters, for the contour plot: complete trials' values
 * averaged per cell, then every grid node filled by inverse-distance weighting from the occupied
 * cells, so the surface passes near each observed value and never invents one outside their range.
 *
 * Notation
 *   (u, v) ∈ [0, 1]²   the two parameters' encoded coordinates (src/tuner/space/encode.ts)
 *   n                  grid nodes per side; node (i, j) sits at ((i + ½) / n, (j + ½) / n)
 *   c_k, z_k           an occupied cell's centre of mass and its mean value
 *   w_k = 1 / d²       the weight of cell k at a node at distance d (d = 0: the cell's value)
 */
import { encodeValue, isFeasible, type SearchSpace, type Trial } from '../../tuner';

/** One trial placed on the contour. */
export interface ContourPoint {
  readonly id: number;
  readonly u: number;
  readonly v: number;
  readonly value: number;
  readonly feasible: boolean;
}

/** The interpolated grid: `values[j * n + i]` at node (i, j), j counting from the bottom. */
export interface ContourGrid {
  readonly n: number;
  readonly values: Float64Array;
  readonly points: readonly ContourPoint[];
  /** [lowest, highest] observed value. */
  readonly range: readonly [number, number];
}

/** Complete trials with a finite value, placed on parameters x and y. */
export function contourPoints(trials: readonly Trial[], space: SearchSpace, x: string, y: string): ContourPoint[] {
  const dx = space[x];
  const dy = space[y];
  if (dx === undefined || dy === undefined) throw new Error(`contourPoints: the space has no parameter "${dx === undefined ? x : y}"`);
  const points: ContourPoint[] = [];
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === null || !Number.isFinite(t.value)) continue;
    const px = t.params[x];
    const py = t.params[y];
    if (px === undefined || py === undefined) continue;
    points.push({ id: t.id, u: encodeValue(dx, px), v: encodeValue(dy, py), value: t.value, feasible: isFeasible(t) });
  }
  return points;
}

/** The value grid of `n` × `n` nodes from the points; null with fewer than 3 points or fewer than 2 distinct places. */
export function contourGrid(points: readonly ContourPoint[], n = 40): ContourGrid | null {
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`contourGrid: n must be an integer ≥ 2, got ${n}`);
  if (points.length < 3) return null;
  // Average per cell first, so the cost is bounded by n² cells, not the number of trials.
  const sums = new Map<number, { u: number; v: number; z: number; count: number }>();
  const cellOf = (t: number) => Math.min(n - 1, Math.max(0, Math.floor(t * n)));
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    const key = cellOf(p.v) * n + cellOf(p.u);
    const cell = sums.get(key) ?? { u: 0, v: 0, z: 0, count: 0 };
    cell.u += p.u;
    cell.v += p.v;
    cell.z += p.value;
    cell.count += 1;
    sums.set(key, cell);
    lo = Math.min(lo, p.value);
    hi = Math.max(hi, p.value);
  }
  if (sums.size < 2) return null;
  const cells = [...sums.values()].map((c) => ({ u: c.u / c.count, v: c.v / c.count, z: c.z / c.count }));
  const values = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const nv = (j + 0.5) / n;
    for (let i = 0; i < n; i++) {
      const nu = (i + 0.5) / n;
      let weights = 0;
      let total = 0;
      let exact: number | null = null;
      for (const c of cells) {
        const d2 = (c.u - nu) ** 2 + (c.v - nv) ** 2;
        if (d2 < 1e-12) {
          exact = c.z;
          break;
        }
        weights += 1 / d2;
        total += c.z / d2;
      }
      values[j * n + i] = exact ?? total / weights;
    }
  }
  return { n, values, points, range: [lo, hi] };
}
