/**
 * What the Run view says about a study's trials (how many finished, how many complete, the best,
 * when the first started and the last ended), kept up to date from each batch's changed trials
 * instead of walking every trial on every refresh: O(changed) per batch at any study size. A batch
 * hands each changed trial with the version it replaces; only when the best trial itself changes
 * (a read-only view replacing it) is the best found again by a full walk, once.
 *
 *   const tally = new TrialTally('minimize');
 *   for (const t of changed) tally.update(before[t.id], t);
 *   tally.summary(trials);   // { finished, complete, best, times }
 */
import { bestTrial, isBetter, isFeasible, type Direction, type Trial } from '../../tuner';
import { isInterrupted } from './session-phase';

/** The tally at one batch, as the page shows it. */
export interface TrialSummary {
  readonly finished: number;
  readonly complete: number;
  readonly best: Trial | null;
  /** Earliest start and latest end (or start, while running) on the study clock; null without trials. */
  readonly times: { readonly firstStartMs: number; readonly lastTimeMs: number } | null;
}

export const NO_TRIALS: TrialSummary = { finished: 0, complete: 0, best: null, times: null };

export class TrialTally {
  /** Trials that ended (complete, pruned, failed), less those a reload interrupted (they run again). */
  finished = 0;
  /** Complete trials. */
  complete = 0;
  /** Earliest start among the trials (ms on the study clock); +∞ without trials. */
  firstStartMs = Infinity;
  /** Latest end among the trials (their start while running); −∞ without trials. */
  lastTimeMs = -Infinity;
  #best: Trial | null = null;
  /** The best trial was replaced: the next `bestOf` walks every trial. */
  #bestStale = false;

  constructor(private readonly direction: Direction) {}

  /** Counts `after` in place of `before` (the version shown until now; undefined for a new trial). */
  update(before: Trial | undefined, after: Trial): void {
    if (before !== undefined) {
      if (counts(before)) this.finished -= 1;
      if (before.state === 'complete') this.complete -= 1;
    }
    if (counts(after)) this.finished += 1;
    if (after.state === 'complete') this.complete += 1;
    if (after.startedAt < this.firstStartMs) this.firstStartMs = after.startedAt;
    const time = after.endedAt ?? after.startedAt;
    if (time > this.lastTimeMs) this.lastTimeMs = time;
    if (this.#bestStale) return;
    const best = this.#best;
    if (best !== null && best.id === after.id) this.#bestStale = true;
    else if (after.state === 'complete' && after.value !== null && isFeasible(after)) {
      const value = after.value;
      if (best === null || isBetter(value, best.value as number, this.direction) || (value === best.value && after.id < best.id)) this.#best = after;
    }
  }

  /** The tally now, for `trials` (the trials shown, with every change counted). */
  summary(trials: readonly Trial[]): TrialSummary {
    const times = trials.length === 0 ? null : { firstStartMs: this.firstStartMs, lastTimeMs: this.lastTimeMs };
    return { finished: this.finished, complete: this.complete, best: this.bestOf(trials), times };
  }

  /** The best feasible complete trial (as `bestTrial` finds it); `trials` are walked only after the best was replaced. */
  bestOf(trials: readonly Trial[]): Trial | null {
    if (this.#bestStale) {
      this.#best = bestTrial(trials, this.direction);
      this.#bestStale = false;
    }
    return this.#best;
  }
}

function counts(t: Trial): boolean {
  return t.state !== 'running' && !isInterrupted(t);
}
