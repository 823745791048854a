/**
 * Colours that stay readable with colour-blindness: a sequential scale (viridis) for values and
 * Okabe–Ito colours for trial states and outcomes.
 *
 * Notation
 *   t ∈ [0, 1]   position on a sequential scale (0 = dark purple, 1 = yellow); clamped
 */

/** Viridis (matplotlib), 9 stops; interpolated linearly in sRGB, which stays monotone in lightness. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** Viridis at t as [r, g, b] bytes. */
export function viridisRgb(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const f = x * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(f));
  const w = f - i;
  const a = VIRIDIS[i] as readonly [number, number, number];
  const b = VIRIDIS[i + 1] as readonly [number, number, number];
  return [Math.round(a[0] + w * (b[0] - a[0])), Math.round(a[1] + w * (b[1] - a[1])), Math.round(a[2] + w * (b[2] - a[2]))];
}

/** Viridis at t as a CSS colour. */
export function viridis(t: number): string {
  const [r, g, b] = viridisRgb(t);
  return `rgb(${r},${g},${b})`;
}

/** A CSS linear-gradient of viridis from left (t = 0) to right (t = 1), for colour legends. */
export function viridisGradient(direction = 'to right'): string {
  const stops = Array.from({ length: 9 }, (_, i) => `${viridis(i / 8)} ${(i / 8) * 100}%`);
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}

/** White to dark blue: shades a share (e.g. a confusion-matrix cell's share of its row), 0 white. */
const BLUE_TOP: readonly [number, number, number] = [8, 69, 148];

/** The blue ramp at t ∈ [0, 1] as a CSS colour, and the text colour readable on it. */
export function blueShade(t: number): { readonly background: string; readonly text: string } {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const [r, g, b] = BLUE_TOP.map((c) => Math.round(255 + x * (c - 255))) as [number, number, number];
  return { background: `rgb(${r},${g},${b})`, text: x > 0.5 ? '#fff' : '#222' };
}

/** Outcomes of a trial attempt, as the timeline and learning curves show them. */
/** `paused`: a scheduler paused the trial; a later segment may resume it from its checkpoint. */
export type Outcome = 'complete' | 'pruned' | 'failed' | 'running' | 'stopped' | 'crashed' | 'paused';

export const OUTCOME_COLOURS: Readonly<Record<Outcome, string>> = {
  complete: '#0072B2',
  pruned: '#E69F00',
  failed: '#D55E00',
  running: '#009E73',
  stopped: '#8C8C8C',
  crashed: '#CC79A7',
  paused: '#F0E442',
};

/** Dash patterns, so states differ by more than colour. */
export const OUTCOME_DASHES: Readonly<Record<Outcome, string>> = {
  complete: '',
  pruned: '6 3',
  failed: '1.5 2.5',
  running: '',
  stopped: '4 2 1 2',
  crashed: '1.5 2.5',
  paused: '2 2',
};

/** Trials that violate a constraint: crosses in this brown (chart.css's .infeasible paints them). */
export const INFEASIBLE_COLOUR = '#8a3b00';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  complete: 'complete',
  pruned: 'pruned',
  failed: 'failed',
  running: 'running',
  stopped: 'stopped',
  crashed: 'crashed (retried)',
  paused: 'paused (checkpoint kept)',
};
