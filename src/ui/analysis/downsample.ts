/**
 * Fewer marks than data: what the charts draw when a study has more trials than a chart has
 * pixels. Each function is O(n) (or O(n log n) for one sort) and is meant to run once per change of
 * the data, never per rendered mark.
 *
 * Notation
 *   n          number of items (trials, curve points)
 *   cap        most items a chart draws one by one
 *   keep       items that are always drawn (the best trials), in addition to an even sample
 *   step       a learning curve's x (epoch); values at one step are summarised by quantiles
 *   q10, q90   10th and 90th percentiles (type-7, as analysis/curves.ts quantileSorted)
 */
import { lossOf, type Direction, type Trial } from '../../tuner';
import { quantileSorted, type CurvePoint } from './curves';

/**
 * At most `cap` items, in their original order: every index in `keep` (up to `cap`), then an even
 * stride through the others. With n ≤ cap, the items themselves.
 */
export function strideSample<T>(items: readonly T[], cap: number, keep: ReadonlySet<number> = new Set()): T[] {
  if (!(cap >= 1)) throw new RangeError(`strideSample: cap must be at least 1, got ${cap}`);
  if (items.length <= cap) return items.slice();
  const chosen = new Uint8Array(items.length);
  let count = 0;
  for (const i of keep) {
    if (count >= cap) break;
    if (i >= 0 && i < items.length && chosen[i] === 0) {
      chosen[i] = 1;
      count++;
    }
  }
  const left = cap - count;
  const others = items.length - count;
  if (left > 0 && others > 0) {
    // Walk the unchosen items and take every (others / left)-th one.
    const stride = others / left;
    let next = 0;
    let seen = 0;
    for (let i = 0; i < items.length && count < cap; i++) {
      if (chosen[i] === 1) continue;
      if (seen >= next) {
        chosen[i] = 1;
        count++;
        next += stride;
      }
      seen++;
    }
  }
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) if (chosen[i] === 1) out.push(items[i] as T);
  return out;
}

/** Indices of the `k` best complete trials (by value in `direction`), best first; O(n·k), for small k. */
export function bestIndices(trials: readonly Trial[], direction: Direction, k: number): number[] {
  const best: number[] = [];
  const losses: number[] = [];
  if (k <= 0) return best;
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i] as Trial;
    if (t.state !== 'complete' || t.value === null) continue;
    const loss = lossOf(t.value, direction);
    if (best.length === k && !(loss < (losses[k - 1] as number))) continue;
    // Insert keeping `losses` ascending (ties: earlier trial first).
    let at = best.length;
    while (at > 0 && loss < (losses[at - 1] as number)) at--;
    best.splice(at, 0, i);
    losses.splice(at, 0, loss);
    if (best.length > k) {
      best.pop();
      losses.pop();
    }
  }
  return best;
}

/** A stratified sample of trials for drawing: the `best` best complete ones always, an even stride through the rest. */
export function sampleTrials(trials: readonly Trial[], direction: Direction, cap: number, best: number): Trial[] {
  if (trials.length <= cap) return trials.slice();
  return strideSample(trials, cap, new Set(bestIndices(trials, direction, Math.min(best, cap))));
}

/**
 * A sample of trials (in their order) that stays put as a study grows: the `best` best complete
 * ones, and every trial whose id is a multiple of `stride`, the smallest power of two that keeps
 * the sample within `cap` (so it holds between cap/2 and cap trials of a dense study). Until the
 * stride doubles, a growing study's sample only gains trials (and swaps its best ones): a chart
 * redrawn as trials arrive keeps nearly all its marks, where an even stride through all of them
 * would pick different trials at every size.
 */
export function steadySample(trials: readonly Trial[], direction: Direction, cap: number, best: number): Trial[] {
  if (!(cap >= 1)) throw new RangeError(`steadySample: cap must be at least 1, got ${cap}`);
  if (trials.length <= cap) return trials.slice();
  const keep = new Set(bestIndices(trials, direction, Math.min(best, cap)));
  const room = cap - keep.size;
  let lastId = 0;
  for (const t of trials) if (t.id > lastId) lastId = t.id;
  let stride = 1;
  // Multiples of `stride` in [0, lastId]: an upper bound on the trials it picks (ids are distinct, ≥ 0).
  while (Math.floor(lastId / stride) + 1 > room) stride *= 2;
  const out: Trial[] = [];
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i] as Trial;
    if (keep.has(i) || (room > 0 && t.id % stride === 0)) out.push(t);
  }
  return out;
}

/**
 * A step curve (y of the last point with x ≤ query) reduced to the points where y changes, plus
 * the last point so the curve still ends where it did. Draws identically.
 */
export function changePoints(curve: readonly CurvePoint[]): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (let i = 0; i < curve.length; i++) {
    const p = curve[i] as CurvePoint;
    if (i === 0 || i === curve.length - 1 || p.y !== (curve[i - 1] as CurvePoint).y) out.push(p);
  }
  return out;
}

export interface StepSummary {
  readonly step: number;
  readonly min: number;
  readonly q10: number;
  readonly median: number;
  readonly q90: number;
  readonly max: number;
  /** Curves with a finite value at this step. */
  readonly count: number;
}

/**
 * Every curve's values summarised per step (epoch): range, 10–90 % band and median, over all
 * trials. With more distinct steps than `columns`, steps are pooled into `columns` equal-width
 * buckets (each reported at its mean step).
 */
export function summariseByStep(trials: readonly Trial[], columns = 300): StepSummary[] {
  let lo = Infinity;
  let hi = -Infinity;
  const distinct = new Set<number>();
  for (const t of trials)
    for (const p of t.intermediate)
      if (p.value !== null) {
        lo = Math.min(lo, p.step);
        hi = Math.max(hi, p.step);
        if (distinct.size <= columns) distinct.add(p.step);
      }
  if (!(hi >= lo)) return [];
  const pooled = distinct.size > columns;
  const bucketOf = (step: number) => (pooled ? Math.min(columns - 1, Math.floor(((step - lo) / (hi - lo)) * columns)) : step);
  const buckets = new Map<number, { values: number[]; stepSum: number }>();
  for (const t of trials)
    for (const p of t.intermediate) {
      if (p.value === null) continue;
      const key = bucketOf(p.step);
      let b = buckets.get(key);
      if (b === undefined) buckets.set(key, (b = { values: [], stepSum: 0 }));
      b.values.push(p.value);
      b.stepSum += p.step;
    }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, { values: list, stepSum }]) => {
      // A typed array sorts numerically without a comparator call per pair.
      const values = Float64Array.from(list).sort();
      return {
        step: pooled ? stepSum / values.length : key,
        min: values[0] as number,
        q10: quantileSorted(values as unknown as readonly number[], 0.1),
        median: quantileSorted(values as unknown as readonly number[], 0.5),
        q90: quantileSorted(values as unknown as readonly number[], 0.9),
        max: values[values.length - 1] as number,
        count: values.length,
      };
    });
}

/** A banded step curve (centre, low, high) reduced to the points where any of the three changes, plus the last. Draws identically. */
export function bandChangePoints<P extends { readonly centre: number; readonly low: number; readonly high: number }>(band: readonly P[]): P[] {
  const out: P[] = [];
  for (let i = 0; i < band.length; i++) {
    const p = band[i] as P;
    const before = band[i - 1];
    if (before === undefined || i === band.length - 1 || p.centre !== before.centre || p.low !== before.low || p.high !== before.high) out.push(p);
  }
  return out;
}

/** How many of the ascending `sorted` values are below `value` (its 0-based rank); O(log n). */
export function rankOf(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
