/**
 * The copies of a study's trials that the page shows, refreshed incrementally. The engine mutates
 * its trials in place, so the page shows copies; but a finished trial never changes again, so
 * only new trials, running ones and those an event named need looking at. Unchanged copies are
 * reused: a refresh costs O(changed + running), not O(trials), at 10,000 trials as at 10.
 *
 *   const copies = new TrialCopies();
 *   const changed = copies.collect(study.trials, namedByEvents);   // copies of what changed
 *   await journal.commit(changed);                                  // stored first …
 *   session.trials = copies.publish(changed);                       // … then shown
 */
import type { Trial } from '../../tuner';

export class TrialCopies {
  private shown: Trial[] = [];
  /** Ids of shown trials that were running (the only finished-or-not trials that can change). */
  private readonly open = new Set<number>();

  /** What is shown now. */
  get current(): readonly Trial[] {
    return this.shown;
  }

  /**
   * Copies of the trials that differ from what is shown (new ones, changed running ones) plus those
   * in `named` (an event changed something kept beside the trial, e.g. a pause). Ascending by id.
   */
  collect(trials: readonly Trial[], named: ReadonlySet<number> = new Set()): Trial[] {
    const ids = new Set<number>([...this.open, ...named]);
    for (let id = this.shown.length; id < trials.length; id++) ids.add(id);
    const changed: Trial[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const trial = trials[id];
      if (trial === undefined) continue;
      const before = this.shown[id];
      if (before === undefined || named.has(id) || differs(before, trial)) changed.push(copyTrial(trial));
    }
    return changed;
  }

  /** Shows `changed` (from `collect`); returns the new array (the old one is left untouched). */
  publish(changed: readonly Trial[]): readonly Trial[] {
    if (changed.length === 0) return this.shown;
    const next = this.shown.slice();
    for (const trial of changed) {
      next[trial.id] = trial;
      if (trial.state === 'running') this.open.add(trial.id);
      else this.open.delete(trial.id);
    }
    this.shown = next;
    return next;
  }

  /** Shows these trials as they are (a read-only view fed from storage). */
  replace(trials: readonly Trial[]): readonly Trial[] {
    return this.publish(trials.map(copyTrial));
  }
}

export function copyTrial(t: Trial): Trial {
  return { ...t, params: { ...t.params }, intermediate: t.intermediate.slice(), ...(t.constraints === undefined ? {} : { constraints: { ...t.constraints } }) };
}

function differs(shown: Trial, trial: Trial): boolean {
  if (shown.state !== trial.state || shown.endedAt !== trial.endedAt || shown.value !== trial.value || shown.reason !== trial.reason || shown.computeMs !== trial.computeMs) return true;
  if (shown.intermediate.length !== trial.intermediate.length) return true;
  const a = shown.intermediate[shown.intermediate.length - 1];
  const b = trial.intermediate[trial.intermediate.length - 1];
  return a?.step !== b?.step || a?.value !== b?.value;
}
