/**
 * Painting value grids onto a canvas with the viridis scale; the canvas is res × res pixels and CSS
 * stretches it (with the browser's smoothing) over the plot area.
 *
 * Notation
 *   res        cells per side
 *   values     res² numbers, row-major, row 0 at the bottom (v = lowest), column 0 at u = lowest
 *   [lo, hi]   colour domain; t = (value − lo)/(hi − lo), or on log10 when `log`
 */
import { viridisRgb } from './colour';
import { extent } from './scales';

export interface ColourDomain {
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
}

/** The colour domain of a grid: its finite extent (positive part when log). */
export function colourDomain(values: readonly number[], log = false): ColourDomain {
  const span = extent(log ? values.filter((v) => v > 0) : values) ?? [0, 1];
  return { lo: span[0], hi: span[1] === span[0] ? span[0] + (Math.abs(span[0]) || 1) : span[1], log };
}

/** t ∈ [0, 1] of a value in the domain. */
export function colourPosition(domain: ColourDomain, value: number): number {
  if (!Number.isFinite(value)) return 0;
  if (domain.log) {
    const v = Math.max(value, domain.lo);
    return Math.log(v / domain.lo) / Math.log(domain.hi / domain.lo || Math.E);
  }
  return (value - domain.lo) / (domain.hi - domain.lo);
}

/** Values of f at the centres of a res × res grid over [0, 1]², in `values` order. */
export function sampleGrid(f: (u: number, v: number) => number, res: number): number[] {
  const out: number[] = new Array(res * res);
  for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) out[r * res + c] = f((c + 0.5) / res, (r + 0.5) / res);
  return out;
}

/** Draws the grid on the canvas (resizing it to res × res). */
export function paintHeatmap(canvas: HTMLCanvasElement, values: readonly number[], res: number, domain: ColourDomain): void {
  canvas.width = res;
  canvas.height = res;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(res, res);
  for (let r = 0; r < res; r++) {
    const py = res - 1 - r;
    for (let c = 0; c < res; c++) {
      const [red, green, blue] = viridisRgb(colourPosition(domain, values[r * res + c] as number));
      const i = 4 * (py * res + c);
      img.data[i] = red;
      img.data[i + 1] = green;
      img.data[i + 2] = blue;
      img.data[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}
