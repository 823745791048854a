/**
 * Regret curves as a hand-written SVG: one panel per function, one line per sampler (median over
 * seeds) with its interquartile band, log-scale y axis.
 *
 * Notation
 *   t ∈ 1 … E        evaluations (x axis, linear)
 *   r                median simple regret (y axis, log10); r < FLOOR (including 0) is drawn at FLOOR
 *   [q1, q3]         25th–75th percentile band
 *   (px, py)         SVG user units, origin top-left; each panel's plot box is PLOT_W × PLOT_H
 */
import type { SamplerName } from '../../src/tuner';
import type { BenchFunction } from './functions';
import type { CellSummary } from './summary';

/** Okabe–Ito colours (colour-blind safe), with a dash pattern per sampler as a second cue. */
const STYLE: Record<SamplerName, { colour: string; dash: string; width: number }> = {
  grid: { colour: '#E69F00', dash: '2 3', width: 2 },
  random: { colour: '#000000', dash: '7 4', width: 1.75 },
  sobol: { colour: '#CC79A7', dash: '9 3 2 3', width: 2 },
  evolution: { colour: '#009E73', dash: '', width: 2 },
  gp: { colour: '#0072B2', dash: '', width: 2.75 },
};

export const REGRET_FLOOR = 1e-6;

const COLS = 3;
const PANEL_W = 360;
const PANEL_H = 290;
const PLOT = { left: 62, right: 16, top: 34, bottom: 46 };
const PLOT_W = PANEL_W - PLOT.left - PLOT.right;
const PLOT_H = PANEL_H - PLOT.top - PLOT.bottom;
const HEADER_H = 96;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

export interface CurvesInput {
  readonly fns: readonly BenchFunction[];
  readonly samplers: readonly SamplerName[];
  readonly cells: readonly CellSummary[];
  readonly evals: number;
  readonly seeds: number;
}

export function curvesSvg(input: CurvesInput): string {
  const rows = Math.ceil(input.fns.length / COLS);
  const width = COLS * PANEL_W + 20;
  const height = HEADER_H + rows * PANEL_H + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="30" font-size="18" font-weight="600" fill="#222">Median best-so-far simple regret vs evaluations</text>`,
    `<text x="20" y="52" font-size="12.5" fill="#555">Line: median over ${input.seeds} seeds; band: interquartile range. ` +
      `Log scale; regret below ${REGRET_FLOOR.toExponential(0)} (including 0) is drawn at ${REGRET_FLOOR.toExponential(0)}.</text>`,
    legend(input.samplers, 20, 76),
  ];
  input.fns.forEach((fn, i) => {
    const x = 10 + (i % COLS) * PANEL_W;
    const y = HEADER_H + Math.floor(i / COLS) * PANEL_H;
    const cells = input.samplers.map((s) => input.cells.find((c) => c.sampler === s && c.fn === fn.name));
    out.push(panel(fn, input.samplers, cells, input.evals, x, y));
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function legend(samplers: readonly SamplerName[], x: number, y: number): string {
  const items = samplers.map((s, i) => {
    const st = STYLE[s];
    const lx = x + i * 118;
    return (
      `<line x1="${lx}" y1="${y}" x2="${lx + 34}" y2="${y}" stroke="${st.colour}" stroke-width="${st.width + 0.5}"` +
      `${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>` +
      `<text x="${lx + 42}" y="${y + 4.5}" font-size="13.5" fill="#222">${s}</text>`
    );
  });
  return `<g>${items.join('')}</g>`;
}

/** Decade range [lo, hi] (powers of ten) covering every band in the panel. */
function decades(cells: readonly (CellSummary | undefined)[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const c of cells) {
    for (const q of c?.curve ?? []) {
      for (const v of [q.q1, q.median, q.q3]) {
        if (!Number.isFinite(v)) continue;
        const f = Math.max(v, REGRET_FLOOR);
        min = Math.min(min, f);
        max = Math.max(max, f);
      }
    }
  }
  if (!Number.isFinite(min)) return [-1, 1];
  let lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi <= lo) hi = lo + 1;
  if (hi - lo < 2) lo -= 1;
  return [lo, hi];
}

function panel(
  fn: BenchFunction,
  samplers: readonly SamplerName[],
  cells: readonly (CellSummary | undefined)[],
  evals: number,
  x0: number,
  y0: number,
): string {
  const [lo, hi] = decades(cells);
  const left = x0 + PLOT.left;
  const top = y0 + PLOT.top;
  const px = (t: number): number => left + ((t - 1) / Math.max(1, evals - 1)) * PLOT_W;
  const py = (r: number): number => {
    const l = Math.log10(Math.max(r, REGRET_FLOOR));
    return top + PLOT_H - ((l - lo) / (hi - lo)) * PLOT_H;
  };
  const g: string[] = [`<g>`];
  g.push(`<text x="${left}" y="${y0 + 20}" font-size="14.5" font-weight="600" fill="#222">${title(fn)}</text>`);
  g.push(`<rect x="${left}" y="${top}" width="${PLOT_W}" height="${PLOT_H}" fill="#fafafa" stroke="#bbb" stroke-width="1"/>`);
  // y: a grid line and label per decade (every other one when crowded), faint minor ticks at 2…9.
  const every = hi - lo > 7 ? 2 : 1;
  for (let e = lo; e <= hi; e++) {
    const y = py(10 ** e).toFixed(1);
    if ((e - lo) % every === 0) {
      g.push(`<line x1="${left}" y1="${y}" x2="${left + PLOT_W}" y2="${y}" stroke="#e2e2e2" stroke-width="1"/>`);
      g.push(`<text x="${left - 7}" y="${Number(y) + 4}" font-size="11.5" text-anchor="end" fill="#444">${decadeLabel(e)}</text>`);
    }
    if (e < hi && hi - lo <= 5) {
      for (let m = 2; m <= 9; m++) {
        const ym = py(m * 10 ** e).toFixed(1);
        g.push(`<line x1="${left}" y1="${ym}" x2="${left + 4}" y2="${ym}" stroke="#aaa" stroke-width="0.75"/>`);
      }
    }
  }
  // x: ticks at round steps.
  const step = evals <= 30 ? 5 : evals <= 80 ? 10 : evals <= 200 ? 25 : 50;
  for (let t = step; t <= evals; t += step) {
    const x = px(t).toFixed(1);
    g.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + PLOT_H}" stroke="#eeeeee" stroke-width="1"/>`);
    g.push(`<text x="${x}" y="${top + PLOT_H + 16}" font-size="11.5" text-anchor="middle" fill="#444">${t}</text>`);
  }
  g.push(`<text x="${left + PLOT_W / 2}" y="${top + PLOT_H + 36}" font-size="12.5" text-anchor="middle" fill="#333">evaluations</text>`);
  const yl = top + PLOT_H / 2;
  g.push(`<text x="${x0 + 14}" y="${yl}" font-size="12.5" text-anchor="middle" fill="#333" transform="rotate(-90 ${x0 + 14} ${yl})">simple regret</text>`);
  g.push(`<clipPath id="clip-${fn.name}"><rect x="${left}" y="${top}" width="${PLOT_W}" height="${PLOT_H}"/></clipPath>`);
  g.push(`<g clip-path="url(#clip-${fn.name})">`);
  samplers.forEach((s, i) => {
    const cell = cells[i];
    if (cell === undefined || cell.error !== null) return;
    const upper = cell.curve.map((q, t) => `${px(t + 1).toFixed(1)},${py(q.q3).toFixed(1)}`);
    const lower = cell.curve.map((q, t) => `${px(t + 1).toFixed(1)},${py(q.q1).toFixed(1)}`).reverse();
    g.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${STYLE[s].colour}" fill-opacity="0.13" stroke="none"/>`);
  });
  samplers.forEach((s, i) => {
    const cell = cells[i];
    if (cell === undefined || cell.error !== null) return;
    const st = STYLE[s];
    const pts = cell.curve.map((q, t) => `${px(t + 1).toFixed(1)},${py(q.median).toFixed(1)}`).join(' ');
    g.push(
      `<polyline points="${pts}" fill="none" stroke="${st.colour}" stroke-width="${st.width}" stroke-linejoin="round"` +
        `${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`,
    );
  });
  g.push('</g></g>');
  return g.join('\n');
}

function title(fn: BenchFunction): string {
  const d = Object.keys(fn.space).length;
  const noise = fn.noiseSigma > 0 ? `, σ = ${fn.noiseSigma}` : '';
  return `${fn.name} (d = ${d}${noise})`;
}

/** 10^e as "1", "10", "0.1" near 1, else as 10 with a superscript exponent. */
function decadeLabel(e: number): string {
  if (e >= -2 && e <= 2) return String(10 ** e >= 1 ? 10 ** e : Number((10 ** e).toFixed(-e)));
  return `10<tspan dy="-6" font-size="9">${e}</tspan>`;
}
