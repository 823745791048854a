/**
 * How one series (a strategy) is drawn: colour, line dash and marker shape, so that series stay
 * apart without colour. Marker paths are centred on (0, 0) with radius about r.
 */
import type { SamplerName } from '../../tuner';
import { SAMPLER_COLOURS, SAMPLER_LABELS } from '../palette';

export type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle' | 'cross' | 'star';

export interface SeriesStyle {
  readonly label: string;
  readonly colour: string;
  /** SVG stroke-dasharray; '' for solid. */
  readonly dash: string;
  readonly marker: MarkerShape;
}

const SAMPLER_DASHES: Readonly<Record<SamplerName, string>> = {
  gp: '',
  random: '7 3',
  sobol: '2 2.5',
  grid: '10 3 2 3',
  evolution: '4 2 1 2 1 2',
};

const SAMPLER_MARKERS: Readonly<Record<SamplerName, MarkerShape>> = {
  gp: 'star',
  random: 'circle',
  sobol: 'diamond',
  grid: 'square',
  evolution: 'triangle',
};

/** One entry of a chart's legend. */
export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly dash?: string;
  readonly marker?: MarkerShape;
  /** Draw the line (default true); false for marker-only entries. */
  readonly line?: boolean;
  /** Show a shaded band behind the line. */
  readonly band?: boolean;
  /** Extra text after the label. */
  readonly detail?: string;
}

/** The house style of a built-in sampler's series. */
export function samplerStyle(name: SamplerName): SeriesStyle {
  return { label: SAMPLER_LABELS[name], colour: SAMPLER_COLOURS[name], dash: SAMPLER_DASHES[name], marker: SAMPLER_MARKERS[name] };
}

/** An SVG path for a marker of radius r centred on (0, 0); translate it into place. */
export function markerPath(shape: MarkerShape, r: number): string {
  const f = (v: number) => Number(v.toFixed(2));
  switch (shape) {
    case 'circle':
      return `M${f(-r)},0A${f(r)},${f(r)} 0 1,0 ${f(r)},0A${f(r)},${f(r)} 0 1,0 ${f(-r)},0Z`;
    case 'square': {
      const s = r * 0.85;
      return `M${f(-s)},${f(-s)}H${f(s)}V${f(s)}H${f(-s)}Z`;
    }
    case 'diamond':
      return `M0,${f(-r * 1.2)}L${f(r * 1.2)},0L0,${f(r * 1.2)}L${f(-r * 1.2)},0Z`;
    case 'triangle':
      return `M0,${f(-r * 1.15)}L${f(r * 1.1)},${f(r * 0.85)}L${f(-r * 1.1)},${f(r * 0.85)}Z`;
    case 'cross': {
      const a = r * 0.38;
      return `M${f(-a)},${f(-r)}H${f(a)}V${f(-a)}H${f(r)}V${f(a)}H${f(a)}V${f(r)}H${f(-a)}V${f(a)}H${f(-r)}V${f(-a)}H${f(-a)}Z`;
    }
    case 'star': {
      const points: string[] = [];
      for (let k = 0; k < 10; k++) {
        const radius = k % 2 === 0 ? r * 1.3 : r * 0.55;
        const angle = -Math.PI / 2 + (k * Math.PI) / 5;
        points.push(`${f(radius * Math.cos(angle))},${f(radius * Math.sin(angle))}`);
      }
      return `M${points.join('L')}Z`;
    }
    default: {
      const unreachable: never = shape;
      return unreachable;
    }
  }
}

/** Draws a marker on a canvas at (x, y): filled, with a white outline. */
export function drawMarker(ctx: CanvasRenderingContext2D, shape: MarkerShape, x: number, y: number, r: number, fill: string): void {
  ctx.save();
  ctx.translate(x, y);
  const path = new Path2D(markerPath(shape, r));
  ctx.fillStyle = fill;
  ctx.fill(path);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1;
  ctx.stroke(path);
  ctx.restore();
}
