/**
 * Adding a finished trial to a study without asking for it (Optuna's `study.add_trial`): a trial
 * run elsewhere (another tool, a notebook, an imported Optuna study) joins the history, and the
 * sampler learns from it at the next ask like any trial it suggested itself.
 *
 *   study.addTrial({ params: { lr: 0.01, units: 64 }, state: 'complete', value: 0.31 });
 *   study.addTrial({ params, state: 'pruned', intermediate: [{ step: 1, value: 0.9 }], reason: 'median rule' });
 *
 * Everything is checked before anything changes: params against the space, a finite value for a
 * complete trial (none for a failed or pruned one), intermediate steps, constraint values against
 * the declared names, and the times. A refusal is a StudyError naming the problem.
 */
import { validateParams } from '../space/validate';
import type { Params, SearchSpace } from '../space/types';
import type { IntermediateValue, Metrics, TrialState } from '../trial/trial';
import { StudyError } from './ask';
import { checkToldConstraints } from './feasibility';
import { intermediateEntry } from './intermediate';

/** A finished trial to add with `study.addTrial`. */
export interface FinishedTrialInit {
  /** A value for every parameter of the space. */
  readonly params: Params;
  readonly state: 'complete' | 'pruned' | 'failed';
  /** The objective: required (finite) for a complete trial, absent for a pruned or failed one. */
  readonly value?: number | null;
  /** Values reported during the trial, any order, distinct steps; a null or NaN value is stored as null. */
  readonly intermediate?: readonly { readonly step: number; readonly value: number | null; readonly metrics?: Metrics }[];
  /** A value per declared constraint (≤ 0 satisfied); all of them for a complete trial of a constrained study. */
  readonly constraints?: Readonly<Record<string, number>>;
  /** Clock readings (ms). Default: `endedAt` for the start, the study's clock now for the end. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** Why it failed or was pruned (or a note on where it came from). */
  readonly reason?: string | null;
  /** Milliseconds spent training, when it differs from endedAt − startedAt. */
  readonly computeMs?: number;
}

/** A trial as the study stores and updates it (`Trial` is its read-only view). */
export interface MutableTrial {
  id: number;
  params: Params;
  state: TrialState;
  value: number | null;
  intermediate: IntermediateValue[];
  startedAt: number;
  endedAt: number | null;
  reason: string | null;
  constraints?: Record<string, number>;
  computeMs?: number;
}

/** A checked finished trial, as the study stores it. */
export type FinishedTrialRecord = MutableTrial & { state: 'complete' | 'pruned' | 'failed' };

/** What a trial is checked against: the study's space, its declared constraints and its clock reading now. */
export interface AddTrialContext {
  readonly space: SearchSpace;
  readonly constraints: readonly string[];
  readonly now: number;
}

/** Checks `init` and returns the trial to store with this id; a StudyError names the first problem. */
export function finishedTrial(id: number, init: FinishedTrialInit, context: AddTrialContext): FinishedTrialRecord {
  const refuse = (problem: string): never => {
    throw new StudyError(`addTrial: ${problem}`);
  };
  if (init === null || typeof init !== 'object') return refuse(`needs a trial object, got ${JSON.stringify(init)}`);
  const { state } = init;
  if (state !== 'complete' && state !== 'pruned' && state !== 'failed') {
    return refuse(`state must be "complete", "pruned" or "failed", got ${JSON.stringify(state)}`);
  }
  let params: Params;
  try {
    params = validateParams(context.space, init.params);
  } catch (e) {
    return refuse((e as Error).message);
  }
  const value = checkedValue(state, init.value, refuse);
  const checked = checkToldConstraints(context.constraints, init.constraints, state === 'complete');
  if (checked.kind === 'refused') return refuse(checked.problem);
  const intermediate = checkedIntermediate(id, init.intermediate, refuse);
  const endedAt = init.endedAt ?? context.now;
  const startedAt = init.startedAt ?? endedAt;
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) return refuse(`startedAt must be a finite number, got ${String(startedAt)}`);
  if (typeof endedAt !== 'number' || !Number.isFinite(endedAt)) return refuse(`endedAt must be a finite number, got ${String(endedAt)}`);
  if (endedAt < startedAt) return refuse(`endedAt (${endedAt}) is before startedAt (${startedAt})`);
  const reason = init.reason ?? null;
  if (reason !== null && typeof reason !== 'string') return refuse(`reason must be a string, got ${JSON.stringify(reason)}`);
  const trial: FinishedTrialRecord = { id, params: Object.freeze({ ...params }), state, value, intermediate, startedAt, endedAt, reason };
  if (checked.values !== undefined) trial.constraints = checked.values;
  const { computeMs } = init;
  if (computeMs !== undefined) {
    if (typeof computeMs !== 'number' || !Number.isFinite(computeMs) || computeMs < 0) return refuse(`computeMs must be a finite number ≥ 0, got ${String(computeMs)}`);
    trial.computeMs = computeMs;
  }
  return trial;
}

function checkedValue(state: FinishedTrialInit['state'], value: unknown, refuse: (problem: string) => never): number | null {
  switch (state) {
    case 'complete':
      if (typeof value !== 'number' || !Number.isFinite(value)) return refuse(`a complete trial needs a finite value, got ${String(value)}`);
      return value;
    case 'pruned':
    case 'failed':
      if (value !== undefined && value !== null) return refuse(`a ${state} trial has no value, got ${String(value)}`);
      return null;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function checkedIntermediate(id: number, given: FinishedTrialInit['intermediate'], refuse: (problem: string) => never): IntermediateValue[] {
  if (given === undefined) return [];
  if (!Array.isArray(given)) return refuse('intermediate must be an array of { step, value }');
  const entries = given.map((e: unknown) => {
    if (e === null || typeof e !== 'object') return refuse(`each intermediate value must be { step, value }, got ${JSON.stringify(e)}`);
    const { step, value, metrics } = e as { step: unknown; value: unknown; metrics?: Metrics };
    if (value !== null && typeof value !== 'number') return refuse(`intermediate value at step ${String(step)} must be a number or null, got ${JSON.stringify(value)}`);
    try {
      return intermediateEntry(id, step as number, value ?? Number.NaN, metrics);
    } catch (err) {
      return refuse((err as Error).message);
    }
  });
  entries.sort((a, b) => a.step - b.step);
  for (let i = 1; i < entries.length; i++) {
    const step = (entries[i] as IntermediateValue).step;
    if (step === (entries[i - 1] as IntermediateValue).step) refuse(`two intermediate values at step ${step}`);
  }
  return entries;
}
