/**
 * A grid of raw trial values over two parameters, for the contour plot, as Optuna's plot_contour
 * draws it: complete trials at one place are merged (their values averaged), the places are
 * triangulated (Delaunay, with d3-delaunay), and each grid node inside their convex hull takes the
 * value of the plane through its triangle's three corners (piecewise-linear interpolation). Nodes
 * outside the hull stay NaN: nothing was observed there. The surface passes through every place's
 * value, never leaves the observed range, and reproduces a plane exactly.
 *
 * Fewer than three distinct places, or places all on one line, span no area; the grid then says
 * which of the two it is instead of drawing anything.
 *
 * Notation
 *   (u, v) ∈ [0, 1]²   the two parameters' encoded coordinates (src/tuner/space/encode.ts: log
 *                      parameters on their log scale, categories at their choice's position)
 *   n                  grid nodes per side; node (i, j) sits at q = ((i + ½) / n, (j + ½) / n)
 *   p_k, z_k           a distinct place and the mean value of the trials there
 *   A(p, q, r)         (q − p) × (r − p), twice the signed area of the triangle p, q, r
 *   T = (a, b, c)      a Delaunay triangle of the places
 *   λ_a, λ_b, λ_c      q's barycentric coordinates in T: λ_a = A(q, b, c) / A(a, b, c), λ_b = A(a, q, c) / A(a, b, c),
 *                      λ_c = A(a, b, q) / A(a, b, c); they sum to 1 and are all ≥ 0 exactly when q lies in T
 *   z(q)               λ_a z_a + λ_b z_b + λ_c z_c inside the hull; NaN outside
 *   ε                  1e-12, the slack on λ ≥ 0 (a node on an edge belongs to both triangles)
 */
import { Delaunay } from 'd3-delaunay';
import { encodeValue, isFeasible, type SearchSpace, type Trial } from '../../tuner';

/** One trial placed on the contour. */
export interface ContourPoint {
  readonly id: number;
  readonly u: number;
  readonly v: number;
  readonly value: number;
  readonly feasible: boolean;
}

/** A distinct place: the trials at (u, v) merged, `value` their mean. */
export interface ContourPlace {
  readonly u: number;
  readonly v: number;
  readonly value: number;
}

/** The interpolated surface: `values[j * n + i]` at node (i, j), j counting from the bottom; NaN outside the hull. */
export interface ContourSurface {
  readonly kind: 'surface';
  readonly n: number;
  readonly values: Float64Array;
  /** The places on the convex hull, in order around it; the surface covers its inside. */
  readonly hull: readonly ContourPlace[];
  /** How many distinct places the trials sit at. */
  readonly places: number;
  /** [lowest, highest] observed value. */
  readonly range: readonly [number, number];
}

/** The grid for the contour: a surface, or why there is none (fewer than 3 places, or all on one line). */
export type ContourGrid = ContourSurface | { readonly kind: 'too-few'; readonly places: number } | { readonly kind: 'collinear'; readonly places: number };

/** Places closer than this in both coordinates are one place. */
const SAME_PLACE = 1e-9;
const EPS = 1e-12;

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

/** The points merged by place (within 1e-9), each place at its points' mean position with their mean value. */
export function distinctPlaces(points: readonly ContourPoint[]): ContourPlace[] {
  const groups = new Map<string, { u: number; v: number; z: number; count: number }>();
  for (const p of points) {
    const key = `${Math.round(p.u / SAME_PLACE)},${Math.round(p.v / SAME_PLACE)}`;
    const group = groups.get(key) ?? { u: 0, v: 0, z: 0, count: 0 };
    group.u += p.u;
    group.v += p.v;
    group.z += p.value;
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ u: g.u / g.count, v: g.v / g.count, value: g.z / g.count }));
}

/** The value grid of `n` × `n` nodes from the points, or why there is none. */
export function contourGrid(points: readonly ContourPoint[], n = 40): ContourGrid {
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`contourGrid: n must be an integer ≥ 2, got ${n}`);
  const places = distinctPlaces(points);
  if (places.length < 3) return { kind: 'too-few', places: places.length };
  const mesh = Delaunay.from(
    places,
    (p) => p.u,
    (p) => p.v,
  );
  // d3-delaunay marks (and jitters) a set of places with no triangle of non-zero area.
  if ((mesh as { collinear?: Int32Array }).collinear !== undefined || mesh.triangles.length === 0) return { kind: 'collinear', places: places.length };
  const values = new Float64Array(n * n);
  // Each node starts its walk from its neighbour's triangle: the one before it in the row, or the row below's first.
  let rowStart = 0;
  for (let j = 0; j < n; j++) {
    let triangle = rowStart;
    for (let i = 0; i < n; i++) {
      const found = locate(mesh, (i + 0.5) / n, (j + 0.5) / n, triangle);
      triangle = found.triangle;
      if (i === 0) rowStart = triangle;
      values[j * n + i] = found.inside ? interpolate(mesh, places, triangle, (i + 0.5) / n, (j + 0.5) / n) : NaN;
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.value);
    hi = Math.max(hi, p.value);
  }
  return { kind: 'surface', n, values, hull: Array.from(mesh.hull, (k) => places[k]!), places: places.length, range: [lo, hi] };
}

/**
 * The surface's values with each node outside the hull given the value at its nearest point on the
 * hull's outline (linear along that edge, so it meets the inside without a step). For drawing only:
 * contours of it, masked to the hull, show the surface right up to the hull's edges.
 */
export function extendBeyondHull(surface: ContourSurface): Float64Array {
  const { n, values, hull } = surface;
  const extended = Float64Array.from(values);
  for (let k = 0; k < extended.length; k++) {
    if (!Number.isNaN(extended[k]!)) continue;
    const qu = ((k % n) + 0.5) / n;
    const qv = (Math.floor(k / n) + 0.5) / n;
    let best = Infinity;
    let value = NaN;
    hull.forEach((p, h) => {
      const q = hull[(h + 1) % hull.length]!;
      const du = q.u - p.u;
      const dv = q.v - p.v;
      const length2 = du * du + dv * dv;
      const s = length2 > 0 ? Math.min(1, Math.max(0, ((qu - p.u) * du + (qv - p.v) * dv) / length2)) : 0;
      const d2 = (p.u + s * du - qu) ** 2 + (p.v + s * dv - qv) ** 2;
      if (d2 < best) {
        best = d2;
        value = p.value + s * (q.value - p.value);
      }
    });
    extended[k] = value;
  }
  return extended;
}

/** The triangle holding (qu, qv), found by walking from `start` towards it; outside the hull, the hull triangle the walk left by. */
function locate(mesh: Delaunay<ContourPlace>, qu: number, qv: number, start: number): { triangle: number; inside: boolean } {
  const { triangles, halfedges } = mesh;
  const count = triangles.length / 3;
  let t = start;
  // A walk that always crosses an edge facing the node ends in a Delaunay triangulation; the cap only guards rounding.
  for (let step = 0; step <= count + 2; step++) {
    const [la, lb, lc] = barycentric(mesh, t, qu, qv);
    // Cross the edge opposite the most negative coordinate: halfedge 3t runs a→b, 3t + 1 b→c, 3t + 2 c→a.
    let worst = -EPS;
    let edge = -1;
    if (la < worst) [worst, edge] = [la, 3 * t + 1];
    if (lb < worst) [worst, edge] = [lb, 3 * t + 2];
    if (lc < worst) edge = 3 * t;
    if (edge < 0) return { triangle: t, inside: true };
    const across = halfedges[edge]!;
    // Beyond a hull edge: the hull is convex, so the node is outside it.
    if (across < 0) return { triangle: t, inside: false };
    t = Math.floor(across / 3);
  }
  for (let s = 0; s < count; s++) if (barycentric(mesh, s, qu, qv).every((l) => l >= -EPS)) return { triangle: s, inside: true };
  return { triangle: t, inside: false };
}

/** (λ_a, λ_b, λ_c) of (qu, qv) in triangle t. */
function barycentric(mesh: Delaunay<ContourPlace>, t: number, qu: number, qv: number): [number, number, number] {
  const { points: xy, triangles } = mesh;
  const a = 2 * triangles[3 * t]!;
  const b = 2 * triangles[3 * t + 1]!;
  const c = 2 * triangles[3 * t + 2]!;
  const area = (xy[b]! - xy[a]!) * (xy[c + 1]! - xy[a + 1]!) - (xy[b + 1]! - xy[a + 1]!) * (xy[c]! - xy[a]!);
  const la = ((xy[b]! - qu) * (xy[c + 1]! - qv) - (xy[b + 1]! - qv) * (xy[c]! - qu)) / area;
  const lb = ((qu - xy[a]!) * (xy[c + 1]! - xy[a + 1]!) - (qv - xy[a + 1]!) * (xy[c]! - xy[a]!)) / area;
  return [la, lb, 1 - la - lb];
}

/** z(q) = λ_a z_a + λ_b z_b + λ_c z_c in triangle t. */
function interpolate(mesh: Delaunay<ContourPlace>, places: readonly ContourPlace[], t: number, qu: number, qv: number): number {
  const [la, lb, lc] = barycentric(mesh, t, qu, qv);
  const { triangles } = mesh;
  return la * places[triangles[3 * t]!]!.value + lb * places[triangles[3 * t + 1]!]!.value + lc * places[triangles[3 * t + 2]!]!.value;
}
