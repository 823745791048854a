/**
 * Marker shapes as d3-shape symbols: one marker drawn alone (a legend entry, the end of a line) or
 * many drawn into one SVG path (a map or a scatter of thousands of trials), the same outline both
 * ways. Every shape covers the same area, so that no series looks heavier than another.
 *
 * Notation
 *   r        a marker's nominal radius, SVG units: its area is that of a circle of radius r
 *   (x, y)   a marker's centre, SVG units
 */
import { pathRound, type Path } from 'd3-path';
import { symbol, symbolCircle, symbolCross, symbolDiamond2, symbolSquare, symbolStar, symbolTriangle, type SymbolType } from 'd3-shape';
import type { MarkerShape } from './series-style';

/** The d3 symbol drawing each shape. */
const SYMBOLS: Readonly<Record<MarkerShape, SymbolType>> = {
  circle: symbolCircle,
  square: symbolSquare,
  diamond: symbolDiamond2,
  triangle: symbolTriangle,
  cross: symbolCross,
  star: symbolStar,
};

/**
 * The symbol size (d3's area) that gives each shape the area of a circle of radius 1: d3 sizes every
 * shape by its area except the rotated square, whose outline covers 2 · 0.62625² of its size.
 */
const SIZE_PER_AREA: Readonly<Record<MarkerShape, number>> = {
  circle: 1,
  square: 1,
  diamond: 1 / (2 * 0.62625 ** 2),
  triangle: 1,
  cross: 1,
  star: 1,
};

/** Decimals kept in marker paths. */
const DIGITS = 2;

/** The d3 symbol size of a `shape` marker of radius r. */
function symbolSize(shape: MarkerShape, r: number): number {
  if (!(r > 0 && Number.isFinite(r))) throw new RangeError(`marker radius must be a positive number, got ${r}`);
  return Math.PI * r * r * SIZE_PER_AREA[shape];
}

/** An SVG path for a marker of radius r centred on (0, 0); translate it into place. */
export function markerPath(shape: MarkerShape, r: number): string {
  return symbol(SYMBOLS[shape], symbolSize(shape, r)).digits(DIGITS)() ?? '';
}

/** A drawing context that moves everything drawn into it by (at.x, at.y) before it reaches `out`. */
function movedContext(out: Path, at: { x: number; y: number }) {
  return {
    moveTo: (x: number, y: number) => out.moveTo(x + at.x, y + at.y),
    lineTo: (x: number, y: number) => out.lineTo(x + at.x, y + at.y),
    closePath: () => out.closePath(),
    arc: (x: number, y: number, radius: number, a0: number, a1: number, ccw?: boolean) => out.arc(x + at.x, y + at.y, radius, a0, a1, ccw),
    arcTo: (x1: number, y1: number, x2: number, y2: number, radius: number) => out.arcTo(x1 + at.x, y1 + at.y, x2 + at.x, y2 + at.y, radius),
    bezierCurveTo: (c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number) =>
      out.bezierCurveTo(c1x + at.x, c1y + at.y, c2x + at.x, c2y + at.y, x + at.x, y + at.y),
    quadraticCurveTo: (cx: number, cy: number, x: number, y: number) => out.quadraticCurveTo(cx + at.x, cy + at.y, x + at.x, y + at.y),
    rect: (x: number, y: number, w: number, h: number) => out.rect(x + at.x, y + at.y, w, h),
    ellipse: () => {
      throw new Error('marker symbols never draw ellipses');
    },
  };
}

/** One path drawing a marker of `shape` and radius r centred on each of `centres`. */
export function markersPath(shape: MarkerShape, r: number, centres: readonly { readonly x: number; readonly y: number }[]): string {
  const type = SYMBOLS[shape];
  const size = symbolSize(shape, r);
  const out = pathRound(DIGITS);
  const at = { x: 0, y: 0 };
  const context = movedContext(out, at);
  for (const c of centres) {
    at.x = c.x;
    at.y = c.y;
    type.draw(context, size);
  }
  return out.toString();
}
