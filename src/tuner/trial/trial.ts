/** Trials: one evaluation of one configuration, with explicit states (Optuna-style). */
import type { Params } from '../space/types';

/** Whether the objective is minimised or maximised. */
export type Direction = 'minimize' | 'maximize';

/** `running` is the only unfinished state. */
export type TrialState = 'running' | 'complete' | 'failed' | 'pruned';

/** Numbers by name, as a trial's code reports them at a step (e.g. `{ valLoss: 0.3, accuracy: 0.9 }`). */
export type Metrics = Readonly<Record<string, number>>;

/** A value reported during a trial (`study.report`), e.g. after an epoch. */
export interface IntermediateValue {
  readonly step: number;
  /** The objective's value at this step; null when the reported value was NaN or infinite. */
  readonly value: number | null;
  /** Every metric reported at this step (finite ones only), when the report gave them. */
  readonly metrics?: Metrics;
}

/** One evaluation of one configuration: its params, state, value, intermediate values and times. */
export interface Trial {
  /** 0, 1, 2, … in order of asking; also the index in `study.trials`. */
  readonly id: number;
  readonly params: Params;
  readonly state: TrialState;
  /** The objective; set only when state is `complete`. */
  readonly value: number | null;
  /** Intermediate values by step (e.g. validation loss per epoch), ascending by step. */
  readonly intermediate: readonly IntermediateValue[];
  /** Clock readings (ms) at ask and at tell. */
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** Why a trial failed or was pruned, when known. */
  readonly reason: string | null;
  /**
   * Constraint values told with the trial (`study.tell(id, value, { constraints })`), by name:
   * c ≤ 0 means satisfied, c > 0 violated by c (e.g. paramCount − limit). Absent when none were told.
   */
  readonly constraints?: Readonly<Record<string, number>>;
  /**
   * Milliseconds the trial spent training, when told (`tell(id, value, { computeMs })`): less than
   * endedAt − startedAt for a trial a scheduler paused and later resumed or ended. Absent otherwise.
   */
  readonly computeMs?: number;
}

/** Whether a trial in this state has ended (any state but `running`). */
export function isFinished(state: TrialState): boolean {
  switch (state) {
    case 'running':
      return false;
    case 'complete':
    case 'failed':
    case 'pruned':
      return true;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** The value to minimise: `value` for minimize, −`value` for maximize. */
export function lossOf(value: number, direction: Direction): number {
  switch (direction) {
    case 'minimize':
      return value;
    case 'maximize':
      return -value;
    default: {
      const unreachable: never = direction;
      return unreachable;
    }
  }
}

/** True when `a` is strictly better than `b` in the given direction. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return lossOf(a, direction) < lossOf(b, direction);
}

/** True when every constraint told with the trial is satisfied (c ≤ 0); true when none were told. */
export function isFeasible(trial: Trial): boolean {
  if (trial.constraints === undefined) return true;
  for (const c of Object.values(trial.constraints)) if (!(c <= 0)) return false;
  return true;
}

/** Epochs a trial trained: its highest intermediate step (0 when it reported none). */
export function epochsUsed(trial: Trial): number {
  return trial.intermediate.length === 0 ? 0 : (trial.intermediate[trial.intermediate.length - 1] as IntermediateValue).step;
}

/**
 * Milliseconds the trial cost: its told compute time, else wall-clock from ask to tell; null
 * while unfinished.
 */
export function durationOf(trial: Trial): number | null {
  if (trial.endedAt === null) return null;
  return trial.computeMs ?? trial.endedAt - trial.startedAt;
}

/** The best complete *feasible* trial (see isFeasible), or null; ties go to the earliest. */
export function bestTrial(trials: readonly Trial[], direction: Direction): Trial | null {
  let best: Trial | null = null;
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === null || !isFeasible(t)) continue;
    if (best === null || isBetter(t.value, best.value as number, direction)) best = t;
  }
  return best;
}
