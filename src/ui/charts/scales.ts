/**
 * Scales, ticks and number formatting for the SVG/canvas charts: linear and log scales on
 * d3-scale behind one small interface (non-finite values map to NaN, a log scale shows zeros on its
 * floor), with this project's tick choice (1, 2, 5 steps; decades on log axes).
 *
 * Notation
 *   [d0, d1]   a scale's domain (data units); d0 may exceed d1 for a reversed axis
 *   [r0, r1]   its range (pixels, or any output units)
 *   floor      the smallest value a log scale shows; values ≤ floor (zeros included) sit on it
 *   step       distance between neighbouring nice ticks: 1, 2 or 5 × 10^k
 */

import { scaleLinear, scaleLog } from 'd3-scale';

export interface Scale {
  readonly kind: 'linear' | 'log';
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Data value → range position. Non-finite values map to NaN; a log scale clamps to its floor. */
  map(value: number): number;
  /** Range position → data value. */
  invert(position: number): number;
  /** About `count` readable tick values inside the domain. */
  ticks(count?: number): number[];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  // A flat domain maps its one value to r0, as if it were [d0, d0 + 1].
  const scale = scaleLinear().domain([d0, d1 === d0 ? d0 + 1 : d1]).range([range[0], range[1]]);
  const flatRange = range[0] === range[1];
  return {
    kind: 'linear',
    domain,
    range,
    map: (v) => (Number.isFinite(v) ? scale(v) : NaN),
    invert: (p) => (flatRange ? d0 : scale.invert(p)),
    ticks: (count = 5) => niceTicks(Math.min(d0, d1), Math.max(d0, d1), count),
  };
}

/** A log10 scale; the domain is raised to `floor` (default: 1e-12 of its top) so zeros can be shown. */
export function logScale(domain: readonly [number, number], range: readonly [number, number], floor?: number): Scale {
  const top = Math.max(domain[0], domain[1]);
  const lowest = floor ?? (top > 0 ? top * 1e-12 : 1e-12);
  const d0 = Math.max(domain[0], lowest);
  const d1 = Math.max(domain[1], lowest);
  const scale = scaleLog().domain([d0, d1 === d0 ? d0 * 10 : d1]).range([range[0], range[1]]);
  const flatRange = range[0] === range[1];
  return {
    kind: 'log',
    domain: [d0, d1],
    range,
    map: (v) => (Number.isNaN(v) ? NaN : scale(Math.max(v, lowest))),
    invert: (p) => (flatRange ? d0 : scale.invert(p)),
    ticks: (count = 5) => logTicks(Math.min(d0, d1), Math.max(d0, d1), count),
  };
}

/** The nice step (1, 2 or 5 × 10^k) that cuts [lo, hi] into about `count` pieces. */
export function niceStep(lo: number, hi: number, count = 5): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  const mult = ratio >= 7.5 ? 10 : ratio >= 3.5 ? 5 : ratio >= 1.5 ? 2 : 1;
  return mult * power;
}

/** Multiples of the nice step inside [lo, hi], ascending; [lo] when lo = hi. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const a = Math.min(lo, hi);
  const b = Math.max(lo, hi);
  const step = niceStep(a, b, count);
  const first = Math.ceil(a / step - 1e-9);
  const last = Math.floor(b / step + 1e-9);
  const out: number[] = [];
  for (let k = first; k <= last; k++) out.push(roundToStep(k * step, step));
  return out;
}

/**
 * Ticks for a log axis on [lo, hi] (lo > 0): powers of ten, every other one when there are too many;
 * 2× and 5× multiples added when the axis spans under two decades.
 */
export function logTicks(lo: number, hi: number, count = 5): number[] {
  if (!(lo > 0) || !(hi > 0)) return [];
  const a = Math.min(lo, hi);
  const b = Math.max(lo, hi);
  const k0 = Math.ceil(Math.log10(a) - 1e-9);
  const k1 = Math.floor(Math.log10(b) + 1e-9);
  const decades = k1 - k0 + 1;
  if (Math.log10(b / a) < 2) {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(a)); k <= k1; k++) {
      for (const m of [1, 2, 5]) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (v >= a * (1 - 1e-9) && v <= b * (1 + 1e-9)) out.push(v);
      }
    }
    return out.length >= 2 ? out : niceTicks(a, b, count);
  }
  const every = Math.max(1, Math.ceil(decades / Math.max(1, count + 1)));
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) if ((k - k0) % every === 0) out.push(Number((10 ** k).toPrecision(12)));
  return out;
}

function roundToStep(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(20, decimals)));
}

/** [min, max] of the finite values, or null when there are none. */
export function extent(values: Iterable<number | null | undefined>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Widens [lo, hi] by `fraction` of its span on each side (a flat extent gets ±|lo|·fraction, or ±1). */
export function padExtent([lo, hi]: readonly [number, number], fraction = 0.05): [number, number] {
  const span = hi - lo;
  if (span > 0) return [lo - span * fraction, hi + span * fraction];
  const pad = Math.abs(lo) * fraction || 1;
  return [lo - pad, hi + pad];
}

/**
 * A number in about `digits` significant digits, without trailing zeros: 0.0123, 1.235, 1235,
 * 1.2e+5 (scientific when |v| ≥ 1e5 or |v| < 1e-3). "–" for null and non-finite values.
 */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return formatScientific(value, digits);
  if (abs >= 10 ** digits) return String(Math.round(value));
  return trimZeros(value.toPrecision(digits));
}

/** Scientific notation in `digits` significant digits: 3.2e-4, 1e-3, −2.5e+6. */
export function formatScientific(value: number | null | undefined, digits = 3): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  const [mantissa, exponent] = value.toExponential(Math.max(0, digits - 1)).split('e') as [string, string];
  return `${trimZeros(mantissa)}e${exponent}`;
}

/** A tick label: short, exact enough to tell neighbours apart, powers of ten as 1e-3 on log axes. */
export function formatTick(value: number, log = false): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (log && (abs >= 1e4 || abs < 1e-2)) return formatScientific(value, 2);
  if (abs >= 1e5 || abs < 1e-4) return formatScientific(value, 2);
  return Number(value.toPrecision(6)).toString();
}

/** Seconds as "850 ms", "12.3 s", "4 min 05 s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${trimZeros(seconds.toPrecision(3))} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

/** "1.2300" → "1.23", "2.000" → "2"; text without a decimal point is left alone. */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** The margins, in viewBox units, of the one-plot charts: room for the value axis' ticks and title on the left and the step axis' below. */
export const PLOT_MARGIN = { left: 62, right: 18, top: 12, bottom: 44 } as const;
