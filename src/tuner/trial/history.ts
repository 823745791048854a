/** Splits a study's history into what model-based samplers learn from. */
import type { Params } from '../space/types';
import { lossOf, type Direction, type Trial } from './trial';

/** A complete trial as model-based samplers see it. */
export interface Observation {
  readonly params: Params;
  /** The objective turned into a loss to minimise (negated for maximize). Always finite. */
  readonly loss: number;
}

/** A study's trials split by what a sampler can learn from each (`splitHistory`). */
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

/** Where a trial belongs in a history; a complete trial without a finite value counts as failed. */
export type HistoryKind = 'observed' | 'pending' | 'failed' | 'pruned';

export function historyKindOf(t: Trial): HistoryKind {
  switch (t.state) {
    case 'complete':
      return t.value !== null && Number.isFinite(t.value) ? 'observed' : 'failed';
    case 'running':
      return 'pending';
    case 'failed':
      return 'failed';
    case 'pruned':
      return 'pruned';
    default: {
      const unreachable: never = t.state;
      throw new Error(`unknown trial state ${String(unreachable)}`);
    }
  }
}

/** Splits trials into observed (as losses), pending, failed and pruned. */
export function splitHistory(trials: readonly Trial[], direction: Direction): History {
  const observed: Observation[] = [];
  const unobserved: Record<Exclude<HistoryKind, 'observed'>, Params[]> = { pending: [], failed: [], pruned: [] };
  for (const t of trials) {
    const kind = historyKindOf(t);
    if (kind === 'observed') observed.push({ params: t.params, loss: lossOf(t.value as number, direction) });
    else unobserved[kind].push(t.params);
  }
  return { observed, ...unobserved };
}
