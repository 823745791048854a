/**
 * The marks of a sample map, built for thousands of points: points thinned to one per small cell
 * of the plot (the best one where points carry values), each series' markers as one SVG path, and
 * its rug strips as a few paths, one per level of darkness, so that a value tried many times still
 * shows as a darker tick without one element per trial.
 *
 * Notation
 *   (u, v) ∈ [0, 1]²   a point's encoded coordinates (src/tuner/space/encode.ts)
 *   (x, y)             its position in the map's SVG units
 *   cells              cells per side of the thinning grid
 *   value              a point's objective (lower is better); null or absent: unknown
 */
import type { MarkerShape } from './series-style';

export interface MarkPoint {
  readonly u: number;
  readonly v: number;
  readonly id?: number;
  readonly value?: number | null;
}

/**
 * The points to draw: per cell of a cells × cells grid over [0, 1]², the one with the lowest value
 * (without values, or on a tie, the latest), in the points' own order (later ones on top). Every
 * point that is best in its cell is kept, so the best trials always are.
 */
export function thinPoints<P extends MarkPoint>(points: readonly P[], cells: number): P[] {
  if (!(Number.isInteger(cells) && cells >= 1)) throw new RangeError(`thinPoints: cells must be a positive integer, got ${cells}`);
  const keptIn = new Map<number, number>();
  const cellOf = (t: number) => Math.min(cells - 1, Math.max(0, Math.floor(t * cells)));
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as P;
    const cell = cellOf(p.v) * cells + cellOf(p.u);
    const held = keptIn.get(cell);
    if (held === undefined || !(valueOf(points[held] as P) < valueOf(p))) keptIn.set(cell, i);
  }
  if (keptIn.size === points.length) return points.slice();
  return [...keptIn.values()].sort((a, b) => a - b).map((i) => points[i] as P);
}

function valueOf(p: MarkPoint): number {
  return p.value === null || p.value === undefined || !Number.isFinite(p.value) ? Infinity : p.value;
}

/** A marker outline as a start offset from its centre and path commands relative to that start. */
interface RelativeMarker {
  readonly dx: number;
  readonly dy: number;
  readonly rel: string;
}

const r2 = (v: number) => Number(v.toFixed(2));

/** The outline of `markerPath(shape, r)` (series-style.ts), as relative commands that can be placed anywhere. */
export function relativeMarker(shape: MarkerShape, r: number): RelativeMarker {
  switch (shape) {
    case 'circle':
      return { dx: -r, dy: 0, rel: `a${r2(r)},${r2(r)} 0 1,0 ${r2(2 * r)},0a${r2(r)},${r2(r)} 0 1,0 ${r2(-2 * r)},0z` };
    case 'square': {
      const s = r * 0.85;
      return { dx: -s, dy: -s, rel: `h${r2(2 * s)}v${r2(2 * s)}h${r2(-2 * s)}z` };
    }
    case 'diamond':
      return polygon([
        [0, -r * 1.2],
        [r * 1.2, 0],
        [0, r * 1.2],
        [-r * 1.2, 0],
      ]);
    case 'triangle':
      return polygon([
        [0, -r * 1.15],
        [r * 1.1, r * 0.85],
        [-r * 1.1, r * 0.85],
      ]);
    case 'cross': {
      const a = r * 0.38;
      return polygon([
        [-a, -r],
        [a, -r],
        [a, -a],
        [r, -a],
        [r, a],
        [a, a],
        [a, r],
        [-a, r],
        [-a, a],
        [-r, a],
        [-r, -a],
        [-a, -a],
      ]);
    }
    case 'star': {
      const vertices: [number, number][] = [];
      for (let k = 0; k < 10; k++) {
        const radius = k % 2 === 0 ? r * 1.3 : r * 0.55;
        const angle = -Math.PI / 2 + (k * Math.PI) / 5;
        vertices.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      }
      return polygon(vertices);
    }
    default: {
      const unreachable: never = shape;
      return unreachable;
    }
  }
}

/** A closed polygon through `vertices` (rounded as markerPath rounds them), relative to the first. */
function polygon(vertices: readonly (readonly [number, number])[]): RelativeMarker {
  const rounded = vertices.map(([x, y]) => [r2(x), r2(y)] as const);
  const [x0, y0] = rounded[0] as readonly [number, number];
  let rel = '';
  for (let k = 1; k < rounded.length; k++) {
    const [x, y] = rounded[k] as readonly [number, number];
    const [px, py] = rounded[k - 1] as readonly [number, number];
    rel += `l${r2(x - px)},${r2(y - py)}`;
  }
  return { dx: x0, dy: y0, rel: `${rel}z` };
}

/** One path drawing a marker of `shape` and radius r centred on each of `centres`. */
export function markersPath(shape: MarkerShape, r: number, centres: readonly { readonly x: number; readonly y: number }[]): string {
  const { dx, dy, rel } = relativeMarker(shape, r);
  const parts: string[] = new Array(centres.length);
  for (let i = 0; i < centres.length; i++) {
    const c = centres[i] as { x: number; y: number };
    parts[i] = `M${r2(c.x + dx)},${r2(c.y + dy)}${rel}`;
  }
  return parts.join('');
}

/** One level of a rug strip: ticks drawn with this opacity. */
export interface RugLevel {
  readonly opacity: number;
  readonly d: string;
}

/** Opacity of one tick; n stacked ticks show as 1 − (1 − TICK_OPACITY)ⁿ, up to RUG_LEVELS of them. */
const TICK_OPACITY = 0.45;
const RUG_LEVELS = 4;

/**
 * A rug strip: a tick at each position (SVG units, rounded to whole units), drawn darker where
 * several points share a position, as they would if each tick were drawn on its own.
 * `tick(at)` gives the path of one tick at `at`.
 */
export function rugLevels(positions: readonly number[], tick: (at: number) => string): RugLevel[] {
  const counts = new Map<number, number>();
  for (const p of positions) {
    const at = Math.round(p);
    counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  const byLevel: string[][] = Array.from({ length: RUG_LEVELS }, () => []);
  for (const [at, n] of counts) (byLevel[Math.min(n, RUG_LEVELS) - 1] as string[]).push(tick(at));
  return byLevel.flatMap((ticks, i) => (ticks.length === 0 ? [] : [{ opacity: r2(1 - (1 - TICK_OPACITY) ** (i + 1)), d: ticks.join('') }]));
}

/** The index of the point nearest (x, y) within `radius`, or −1. */
export function nearestWithin(centres: readonly { readonly x: number; readonly y: number }[], x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < centres.length; i++) {
    const c = centres[i] as { x: number; y: number };
    const d = (c.x - x) ** 2 + (c.y - y) ** 2;
    if (d <= bestD) [best, bestD] = [i, d];
  }
  return best;
}

/** A series' marks on a map, ready to draw. */
export interface SeriesMarks {
  /** The points drawn (thinned), and their positions. */
  readonly kept: readonly MarkPoint[];
  readonly centres: readonly { readonly x: number; readonly y: number }[];
  /** Every kept point's marker, in one path. */
  readonly markers: string;
  /** Rug strips of every point (not only the kept ones) along the bottom and the left. */
  readonly bottomRug: readonly RugLevel[];
  readonly leftRug: readonly RugLevel[];
  /** Distinct u and v among all the points (to 6 decimals). */
  readonly distinctU: number;
  readonly distinctV: number;
}

/** Where a map puts things: (u, v) → SVG units, and its rug ticks' rows and length. */
export interface MarksLayout {
  readonly x: (u: number) => number;
  readonly y: (v: number) => number;
  /** Top of the bottom rug's ticks and right end of the left rug's, SVG units. */
  readonly bottomRugAt: number;
  readonly leftRugAt: number;
  readonly tick: number;
  /** Cells per side of the thinning grid; marker radius. */
  readonly cells: number;
  readonly radius: number;
}

/** The marks of one series' points with marker `shape`. */
export function seriesMarks(points: readonly MarkPoint[], shape: MarkerShape, layout: MarksLayout): SeriesMarks {
  const kept = thinPoints(points, layout.cells);
  const centres = kept.map((p) => ({ x: layout.x(p.u), y: layout.y(p.v) }));
  const distinct = (values: readonly number[]) => new Set(values.map((v) => v.toFixed(6))).size;
  return {
    kept,
    centres,
    markers: markersPath(shape, layout.radius, centres),
    bottomRug: rugLevels(points.map((p) => layout.x(p.u)), (at) => `M${at},${layout.bottomRugAt}v${layout.tick}`),
    leftRug: rugLevels(points.map((p) => layout.y(p.v)), (at) => `M${layout.leftRugAt},${at}h${-layout.tick}`),
    distinctU: distinct(points.map((p) => p.u)),
    distinctV: distinct(points.map((p) => p.v)),
  };
}

/**
 * Centres for markersPath without overdraw: one per `cell` × `cell` square of SVG units (the
 * latest given), so a plot of 10,000 trials draws only the markers that can be told apart.
 */
export function distinctCentres<C extends { readonly x: number; readonly y: number }>(centres: readonly C[], cell = 1.5): C[] {
  if (!(cell > 0)) throw new RangeError(`distinctCentres: cell must be positive, got ${cell}`);
  const kept = new Map<string, C>();
  for (const c of centres) {
    if (!Number.isFinite(c.x) || !Number.isFinite(c.y)) continue;
    const key = `${Math.floor(c.x / cell)},${Math.floor(c.y / cell)}`;
    kept.delete(key);
    kept.set(key, c);
  }
  return [...kept.values()];
}
