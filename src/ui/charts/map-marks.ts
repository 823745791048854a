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
import { path, type Path } from 'd3-path';
import { markersPath } from './marker-symbols';
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

const r2 = (v: number) => Number(v.toFixed(2));

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
 * `tick(d, at)` draws one tick at `at` into the level's path `d`.
 */
export function rugLevels(positions: readonly number[], tick: (d: Path, at: number) => void): RugLevel[] {
  const counts = new Map<number, number>();
  for (const p of positions) {
    const at = Math.round(p);
    counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  const byLevel: Path[] = Array.from({ length: RUG_LEVELS }, () => path());
  const used = new Array<boolean>(RUG_LEVELS).fill(false);
  for (const [at, n] of counts) {
    const level = Math.min(n, RUG_LEVELS) - 1;
    tick(byLevel[level] as Path, at);
    used[level] = true;
  }
  return byLevel.flatMap((d, i) => (used[i] ? [{ opacity: r2(1 - (1 - TICK_OPACITY) ** (i + 1)), d: d.toString() }] : []));
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
    bottomRug: rugLevels(points.map((p) => layout.x(p.u)), (d, at) => {
      d.moveTo(at, layout.bottomRugAt);
      d.lineTo(at, layout.bottomRugAt + layout.tick);
    }),
    leftRug: rugLevels(points.map((p) => layout.y(p.v)), (d, at) => {
      d.moveTo(layout.leftRugAt, at);
      d.lineTo(layout.leftRugAt - layout.tick, at);
    }),
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
