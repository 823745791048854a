/**
 * Constraint values told with a trial's objective (feasibility.ts in the tuner): a loop option
 * `constraints(params, metrics)` returns a value per declared constraint name (c ≤ 0 satisfied),
 * computed when a trial completes, e.g. `({ paramCount }) => ({ paramCount: paramCount - 50_000 })`.
 */
import type { Params, Study, TellExtras, TellOutcome, Trial } from '../tuner';
import type { Metrics } from './executor';

/** Constraint values of a finished trial from its params and its last metrics. */
export type ConstraintFn = (params: Params, metrics: Metrics) => Record<string, number>;

/**
 * Tells the study how a trial ended, with constraint values when it completes. A constraint
 * function that throws or gives a non-finite value fails the trial (the reason names the value).
 */
export function tellWithConstraints(
  study: Study,
  trialId: number,
  outcome: TellOutcome,
  metrics: Metrics | null,
  constraints: ConstraintFn | undefined,
  /** Told as well (e.g. computeMs); constraint values are added to it. */
  extras: Omit<TellExtras, 'constraints'> = {},
): Trial {
  if (constraints === undefined || typeof outcome !== 'number' || !Number.isFinite(outcome)) return study.tell(trialId, outcome, extras);
  const params = study.trials[trialId]?.params ?? {};
  let values: Record<string, number>;
  try {
    values = constraints(params, metrics ?? {});
  } catch (error) {
    return study.tell(trialId, { state: 'failed', reason: `constraints: ${error instanceof Error ? error.message : String(error)}` }, extras);
  }
  const bad = Object.entries(values).find(([, c]) => typeof c !== 'number' || !Number.isFinite(c));
  if (bad !== undefined) return study.tell(trialId, { state: 'failed', reason: `constraint "${bad[0]}" was ${String(bad[1])}` }, extras);
  return study.tell(trialId, outcome, { ...extras, constraints: values });
}
