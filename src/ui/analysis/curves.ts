/**
 * Best-so-far ("anytime") curves of studies, and their aggregation over repeated runs.
 *
 * Notation
 *   run            one study's trials
 *   (x, y)         a curve point: x = trial number (1-based id + 1) or seconds since the run began;
 *                  y = the best objective value among complete trials up to x, in the study's own
 *                  units and direction
 *   curve(x)       a step function: y of the last point with point.x ≤ x; undefined before the first
 *   xs             common x positions at which runs are compared
 *   centre/low/high  median and quartiles (type-7 interpolation), or mean ∓ std (population std)
 */
import { isBetter, isFeasible, type Direction, type Trial } from '../../tuner';

export interface CurvePoint {
  readonly x: number;
  readonly y: number;
}

export interface BandPoint {
  readonly x: number;
  readonly centre: number;
  readonly low: number;
  readonly high: number;
  /** How many runs had a value at x. */
  readonly count: number;
}

export type Aggregate = 'median-iqr' | 'mean-std';

/** A corner of the best-so-far staircase: from trial `id` on, the best feasible value is `value`. */
export interface BestStep {
  readonly id: number;
  readonly value: number;
}

/**
 * Whether trial t sets a new best: complete, with a finite value, every constraint satisfied, and
 * strictly better than `best` (any such trial when there is no best yet). The one rule behind every
 * best-so-far line.
 */
function improves(t: Trial, best: number | null, direction: Direction): t is Trial & { value: number } {
  return t.state === 'complete' && t.value !== null && Number.isFinite(t.value) && isFeasible(t) && (best === null || isBetter(t.value, best, direction));
}

/** Best value after each trial in id order; trials before the first complete one give no point. */
export function bestSoFarByTrial(trials: readonly Trial[], direction: Direction): CurvePoint[] {
  const out: CurvePoint[] = [];
  let best: number | null = null;
  for (const t of trials) {
    if (improves(t, best, direction)) best = t.value;
    if (best !== null) out.push({ x: t.id + 1, y: best });
  }
  return out;
}

/** The trials that set a new best feasible value, in the order given: the staircase's corners. */
export function bestImprovements(trials: readonly Trial[], direction: Direction): BestStep[] {
  const out: BestStep[] = [];
  let best: number | null = null;
  for (const t of trials) {
    if (!improves(t, best, direction)) continue;
    best = t.value;
    out.push({ id: t.id, value: t.value });
  }
  return out;
}

/**
 * The same step curve as `bestSoFarByTrial`, reduced to its change points (the improvements, at
 * x = id + 1) and its end at the last trial given: what a chart draws, without a point per trial (a
 * study's curve has as many points as improvements, plus its end).
 */
export function bestSoFarSteps(trials: readonly Trial[], direction: Direction): CurvePoint[] {
  const out: CurvePoint[] = bestImprovements(trials, direction).map((s) => ({ x: s.id + 1, y: s.value }));
  const last = out.at(-1);
  const endX = (trials.at(-1)?.id ?? -1) + 1;
  if (last !== undefined && endX !== last.x) out.push({ x: endX, y: last.y });
  return out;
}

/**
 * Best value against elapsed seconds: one point per complete trial that improved on the best, at
 * its end time. `originMs` defaults to the earliest start among the trials.
 */
export function bestSoFarByTime(trials: readonly Trial[], direction: Direction, originMs?: number): CurvePoint[] {
  if (trials.length === 0) return [];
  const origin = originMs ?? Math.min(...trials.map((t) => t.startedAt));
  const done = trials
    .filter((t) => t.state === 'complete' && t.value !== null && t.endedAt !== null)
    .sort((a, b) => (a.endedAt as number) - (b.endedAt as number) || a.id - b.id);
  const out: CurvePoint[] = [];
  let best: number | null = null;
  for (const t of done) {
    const value = t.value as number;
    if (best === null || isBetter(value, best, direction)) {
      best = value;
      out.push({ x: ((t.endedAt as number) - origin) / 1000, y: best });
    }
  }
  return out;
}

/** |y − optimum|: the gap to a known optimum (regret), for log-scale anytime plots. */
export function toRegret(curve: readonly CurvePoint[], optimum: number): CurvePoint[] {
  return curve.map((p) => ({ x: p.x, y: Math.abs(p.y - optimum) }));
}

/** The step curve's value at x, or null before its first point. Points must be ascending in x. */
export function curveAt(curve: readonly CurvePoint[], x: number): number | null {
  let lo = 0;
  let hi = curve.length - 1;
  let found: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = curve[mid] as CurvePoint;
    if (p.x <= x) {
      found = p.y;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Every distinct x of the runs, ascending: exact positions for step curves. */
export function unionXs(runs: readonly (readonly CurvePoint[])[]): number[] {
  const all = new Set<number>();
  for (const run of runs) for (const p of run) all.add(p.x);
  return [...all].sort((a, b) => a - b);
}

/** `count` evenly spaced positions from lo to hi inclusive. */
export function evenXs(lo: number, hi: number, count: number): number[] {
  if (count <= 1 || hi === lo) return [lo];
  return Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** Type-7 quantile (linear interpolation, as numpy's default) of ascending values; q ∈ [0, 1]. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const i = Math.floor(h);
  const a = sorted[i] as number;
  const b = sorted[Math.min(sorted.length - 1, i + 1)] as number;
  return a + (h - i) * (b - a);
}

/**
 * Runs summarised at each x in `xs`: median with interquartile band, or mean ± std. Runs without a
 * value yet at x are left out there, and an x where fewer than `minRuns` runs (default: all of them)
 * have a value gives no point, so the centre line does not jump as late-starting runs join.
 */
export function aggregateRuns(
  runs: readonly (readonly CurvePoint[])[],
  xs: readonly number[],
  aggregate: Aggregate = 'median-iqr',
  minRuns: number = runs.length,
): BandPoint[] {
  const out: BandPoint[] = [];
  for (const x of xs) {
    const values: number[] = [];
    for (const run of runs) {
      const y = curveAt(run, x);
      if (y !== null && Number.isFinite(y)) values.push(y);
    }
    if (values.length === 0 || values.length < minRuns) continue;
    switch (aggregate) {
      case 'median-iqr': {
        values.sort((a, b) => a - b);
        out.push({ x, centre: quantileSorted(values, 0.5), low: quantileSorted(values, 0.25), high: quantileSorted(values, 0.75), count: values.length });
        break;
      }
      case 'mean-std': {
        const mean = values.reduce((s, v) => s + v, 0) / values.length;
        const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
        out.push({ x, centre: mean, low: mean - std, high: mean + std, count: values.length });
        break;
      }
      default: {
        const unreachable: never = aggregate;
        return unreachable;
      }
    }
  }
  return out;
}
