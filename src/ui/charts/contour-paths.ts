/**
 * Filled contour bands of a value grid as SVG paths, with d3-contour's marching squares: one path
 * per threshold, holding the area where the value is at or above it (drawn in ascending order,
 * each band paints over the one below).
 *
 * Notation
 *   n            grid nodes per side (analysis/contour-grid.ts); d3-contour's x ∈ [0, n] runs along u,
 *                its y ∈ [0, n] along v, row 0 first (v lowest)
 *   toX, toY     grid coordinate → SVG position
 */
import { contours } from 'd3-contour';
import { pathRound } from 'd3-path';

/** One band: its threshold and its outline. */
export interface ContourBand {
  readonly threshold: number;
  readonly d: string;
}

/** Bands of `values` (n × n, row-major from the bottom) at `thresholds`, placed by toX and toY. */
export function contourBands(values: ArrayLike<number>, n: number, thresholds: readonly number[], toX: (x: number) => number, toY: (y: number) => number): ContourBand[] {
  const generator = contours().size([n, n]).thresholds(thresholds.slice());
  return generator(Array.from(values)).map((shape) => {
    const d = pathRound(1);
    for (const polygon of shape.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([x, y], k) => (k === 0 ? d.moveTo(toX(x), toY(y)) : d.lineTo(toX(x), toY(y))));
        d.closePath();
      }
    }
    return { threshold: shape.value, d: d.toString() };
  });
}
