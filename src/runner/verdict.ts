/**
 * What the study is told about a trial whose run has settled: the objective for a complete run,
 * `failed` with the reason for a failed one, and for a stopped one whatever the stop was for.
 */
import type { TellOutcome } from '../tuner';
import { readObjective, type Objective, type TrialOutcome } from './executor';

/** Why the loop asked a running trial to stop, which decides its final state. */
export type StopIntent =
  /** The scheduler stopped it early: the trial becomes `pruned`. */
  | { readonly kind: 'prune'; readonly reason: string }
  /** The run is ending (cancel, time budget, error): the trial becomes `failed`. */
  | { readonly kind: 'cancel'; readonly reason: string };

/**
 * A complete run gives its objective metric (a NaN/∞ value makes the study mark the trial failed);
 * a missing metric fails the trial. A stop nobody asked for counts as a failure. A run that
 * completed while its scheduler's stop was on the way is pruned all the same: the scheduler decided
 * on the epochs the study was told, and the ones after its decision were not told.
 */
export function verdictOf(outcome: TrialOutcome, intent: StopIntent | null, objective: Objective): TellOutcome {
  switch (outcome.kind) {
    case 'complete': {
      if (intent?.kind === 'prune') return { state: 'pruned', reason: intent.reason };
      const read = readObjective(outcome.metrics, objective);
      return read.kind === 'value' ? read.value : { state: 'failed', reason: read.reason };
    }
    case 'failed':
      return { state: 'failed', reason: outcome.reason };
    case 'stopped': {
      if (intent === null) return { state: 'failed', reason: 'stopped by its executor' };
      return { state: intent.kind === 'prune' ? 'pruned' : 'failed', reason: intent.reason };
    }
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
