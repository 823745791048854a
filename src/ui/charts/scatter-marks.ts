/**
 * Scatter marks for thousands of points: each point placed by two scales, thinned to one per small
 * cell of the plot (map-marks.ts thinPoints: the latest in each cell), and every kept point's
 * marker drawn as one SVG path, so a plot of 50,000 validation rows costs a few thousand markers.
 *
 * Notation
 *   (x_i, y_i)   point i in data units;  (X_i, Y_i) its position in SVG units
 *   (u, v)       its position across the plot area, [0, 1]² (u left → right, v bottom → top)
 *   cells        cells per side of the thinning grid
 */
import { thinPoints } from './map-marks';
import { markersPath } from './marker-symbols';
import type { Scale } from './scales';

export interface ScatterMarks {
  /** Every kept point's circle, one path. */
  readonly d: string;
  /** Points drawn (after thinning) and points given (finite ones). */
  readonly drawn: number;
  readonly total: number;
}

/** The markers of points (xs[i], ys[i]) on scales x and y; non-finite points are left out. */
export function scatterMarks(xs: ArrayLike<number>, ys: ArrayLike<number>, x: Scale, y: Scale, cells: number, radius: number): ScatterMarks {
  const [x0, x1] = x.range;
  const [y0, y1] = y.range;
  const points: { u: number; v: number; X: number; Y: number }[] = [];
  for (let i = 0; i < xs.length; i++) {
    const X = x.map(xs[i] as number);
    const Y = y.map(ys[i] as number);
    if (!Number.isFinite(X) || !Number.isFinite(Y)) continue;
    points.push({ u: (X - x0) / (x1 - x0 || 1), v: (Y - y0) / (y1 - y0 || 1), X, Y });
  }
  const kept = thinPoints(points, cells);
  return { d: markersPath('circle', radius, kept.map((p) => ({ x: p.X, y: p.Y }))), drawn: kept.length, total: points.length };
}
