/**
 * The data behind the history and EDF plots: every finished trial's objective in the order it was
 * asked, whether it satisfied the constraints, and the best feasible value so far; and the
 * empirical distribution function of the complete trials' values.
 *
 * Notation
 *   i          a trial's id (the order it was asked in)
 *   v_i        its objective (complete trials only)
 *   best(i)    the best v_j over feasible complete trials j ≤ i (min or max by direction; the
 *              staircase rule is curves.ts's, shared with the anytime charts)
 *   F(v)       the EDF: the fraction of complete trials with value ≤ v
 */
import { isFeasible, type Direction, type Trial } from '../../tuner';
import { bestImprovements, type BestStep } from './curves';

/** One complete trial on the history plot. */
export interface HistoryPoint {
  readonly id: number;
  readonly value: number;
  /** Every told constraint satisfied (true for an unconstrained study). */
  readonly feasible: boolean;
}

/** Every complete trial's value, and the best-so-far steps over the feasible ones. */
export interface TrialHistory {
  readonly points: readonly HistoryPoint[];
  readonly best: readonly BestStep[];
  /** The last trial id asked (where the best-so-far line ends); −1 when there are no trials. */
  readonly lastId: number;
}

/** Complete trials with a finite value, in the order they were asked, with the best-so-far line. */
export function trialHistory(trials: readonly Trial[], direction: Direction): TrialHistory {
  const sorted = [...trials].sort((a, b) => a.id - b.id);
  const points: HistoryPoint[] = [];
  for (const t of sorted) {
    if (t.state !== 'complete' || t.value === null || !Number.isFinite(t.value)) continue;
    points.push({ id: t.id, value: t.value, feasible: isFeasible(t) });
  }
  return { points, best: bestImprovements(sorted, direction), lastId: sorted.at(-1)?.id ?? -1 };
}

/** One step of the EDF: F jumps to `fraction` at `value`. */
export interface EdfStep {
  readonly value: number;
  readonly fraction: number;
}

/** The EDF of the values (non-finite ones left out): ascending values, each with F at it (ties merged). */
export function empiricalDistribution(values: readonly number[]): EdfStep[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const steps: EdfStep[] = [];
  sorted.forEach((value, i) => {
    const fraction = (i + 1) / sorted.length;
    if (steps.length > 0 && steps[steps.length - 1]!.value === value) steps[steps.length - 1] = { value, fraction };
    else steps.push({ value, fraction });
  });
  return steps;
}

/** Whether positive values span at least `decades` powers of ten (a log axis then reads better). */
export function spansDecades(values: Iterable<number | null | undefined>, decades = 2): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v <= 0) return false;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi && Math.log10(hi / lo) >= decades;
}
