/** Splits a study's history into what model-based samplers learn from. */
import type { Params } from '../space/types';
import { lossOf, type Direction, type Trial } from '../study/trial';

export interface Observation {
  readonly params: Params;
  /** The objective turned into a loss to minimise (negated for maximize). Always finite. */
  readonly loss: number;
}

export interface History {
  /** Complete trials with finite values, as losses. */
  readonly observed: readonly Observation[];
  /** Running trials: suggestions not yet evaluated. */
  readonly pending: readonly Params[];
  /** Failed trials (diverged, crashed, NaN): informative of a bad region, never of a value. */
  readonly failed: readonly Params[];
  /** Pruned trials: stopped early, so their final value is unknown. */
  readonly pruned: readonly Params[];
}

export function splitHistory(trials: readonly Trial[], direction: Direction): History {
  const observed: Observation[] = [];
  const pending: Params[] = [];
  const failed: Params[] = [];
  const pruned: Params[] = [];
  for (const t of trials) {
    switch (t.state) {
      case 'complete':
        if (t.value !== null && Number.isFinite(t.value)) observed.push({ params: t.params, loss: lossOf(t.value, direction) });
        else failed.push(t.params);
        break;
      case 'running':
        pending.push(t.params);
        break;
      case 'failed':
        failed.push(t.params);
        break;
      case 'pruned':
        pruned.push(t.params);
        break;
      default: {
        const unreachable: never = t.state;
        throw new Error(`unknown trial state ${String(unreachable)}`);
      }
    }
  }
  return { observed, pending, failed, pruned };
}
