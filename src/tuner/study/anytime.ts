/**
 * Anytime performance: the best feasible objective found so far against wall-clock time, for
 * comparing searchers and schedulers by what they reach within a time budget.
 */
import { isBetter, isFeasible, type Direction, type Trial } from '../trial/trial';

/** A step of the best-so-far curve over time. */
export interface AnytimePoint {
  /** Clock reading (ms) at which the best-so-far changed: the `endedAt` of `trialId`. */
  readonly time: number;
  /** The best feasible objective among trials complete by `time`. */
  readonly value: number;
  readonly trialId: number;
}

/**
 * The step function of the best feasible complete value over time, one point per improvement,
 * ascending by time (ties in time go by trial id). Unfinished, failed, pruned and infeasible trials
 * never count.
 */
export function bestSoFarByTime(trials: readonly Trial[], direction: Direction): AnytimePoint[] {
  const done = trials
    .filter((t) => t.state === 'complete' && t.value !== null && t.endedAt !== null && isFeasible(t))
    .sort((a, b) => (a.endedAt as number) - (b.endedAt as number) || a.id - b.id);
  const out: AnytimePoint[] = [];
  for (const t of done) {
    const last = out[out.length - 1];
    if (last === undefined || isBetter(t.value as number, last.value, direction)) out.push({ time: t.endedAt as number, value: t.value as number, trialId: t.id });
  }
  return out;
}
