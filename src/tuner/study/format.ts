/** The study file format (JSON), shared by the writer (`Study.toJSON`) and the loader. */
import type { SearchSpace } from '../space/types';
import type { Direction, Trial, TrialState } from './trial';

export const STUDY_FORMAT = 'b31295fb.study';
/** Still 1: constraints and computeMs were added as optional fields, so older files load unchanged. */
export const STUDY_VERSION = 1;

export interface TrialJSON {
  id: number;
  params: Record<string, number | string | boolean>;
  state: TrialState;
  value: number | null;
  intermediate: { step: number; value: number | null }[];
  startedAt: number;
  endedAt: number | null;
  reason: string | null;
  /** Constraint values by name (≤ 0 satisfied); absent when none were told (and in older files). */
  constraints?: Record<string, number>;
  /** Time spent training, ms, when told (a trial a scheduler paused); absent otherwise. */
  computeMs?: number;
}

export interface StudyJSON {
  format: typeof STUDY_FORMAT;
  version: typeof STUDY_VERSION;
  name: string;
  space: SearchSpace;
  direction: Direction;
  seed: number;
  sampler: { name: string; options: Record<string, unknown>; state?: unknown };
  /** Declared constraint names; absent for unconstrained studies (and in older files). */
  constraints?: string[];
  trials: TrialJSON[];
}

/** One trial as plain JSON, as `Study.toJSON` writes it (a copy: nothing is shared with `t`). */
export function trialJSON(t: Trial): TrialJSON {
  return {
    id: t.id,
    params: { ...t.params },
    state: t.state,
    value: t.value,
    intermediate: t.intermediate.map((e) => ({ step: e.step, value: e.value })),
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    reason: t.reason,
    ...(t.constraints === undefined ? {} : { constraints: { ...t.constraints } }),
    ...(t.computeMs === undefined ? {} : { computeMs: t.computeMs }),
  };
}

export class StudyFormatError extends Error {
  override readonly name = 'StudyFormatError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`study file: ${path}: ${problem}`);
  }
}

