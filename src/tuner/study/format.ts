/** The study file format (JSON), shared by the writer (`Study.toJSON`) and the loader. */
import type { Params, SearchSpace } from '../space/types';
import type { Sampler } from '../samplers/types';
import type { Direction, Trial, TrialState } from '../trial/trial';

/** The `format` field of a study's JSON (`study.toJSON()`), which `loadStudy` checks. */
export const STUDY_FORMAT = 'tfjs-tuner.study';
/** Earlier names of the same format: files and saved studies that carry one still load. */
export const EARLIER_STUDY_FORMATS: readonly string[] = ['b31295fb.study'];
/**
 * Still 1: constraints, computeMs, per-step metrics and the enqueued params were added as optional
 * fields, so older files load unchanged.
 */
export const STUDY_VERSION = 1;

/** One trial in a study's JSON. */
export interface TrialJSON {
  id: number;
  params: Record<string, number | string | boolean>;
  state: TrialState;
  value: number | null;
  /** `metrics`: every metric reported at the step; absent when none were given (and in older files). */
  intermediate: { step: number; value: number | null; metrics?: Record<string, number> }[];
  startedAt: number;
  endedAt: number | null;
  reason: string | null;
  /** Constraint values by name (≤ 0 satisfied); absent when none were told (and in older files). */
  constraints?: Record<string, number>;
  /** Time spent training, ms, when told (a trial a scheduler paused); absent otherwise. */
  computeMs?: number;
}

/** A study as plain JSON (`study.toJSON()`): everything `loadStudy` needs to continue it exactly. */
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
  /** Params queued for the next asks (`Study.enqueue`), in order; absent when none (and in older files). */
  enqueued?: Record<string, number | string | boolean>[];
}

/** One trial as plain JSON, as `Study.toJSON` writes it (a copy: nothing is shared with `t`). */
export function trialJSON(t: Trial): TrialJSON {
  return {
    id: t.id,
    params: { ...t.params },
    state: t.state,
    value: t.value,
    intermediate: t.intermediate.map((e) => (e.metrics === undefined ? { step: e.step, value: e.value } : { step: e.step, value: e.value, metrics: { ...e.metrics } })),
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    reason: t.reason,
    ...(t.constraints === undefined ? {} : { constraints: { ...t.constraints } }),
    ...(t.computeMs === undefined ? {} : { computeMs: t.computeMs }),
  };
}

/** What `studyJSON` writes: a study's settings, sampler, trials and queue. */
export interface StudyParts {
  readonly name: string;
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly seed: number;
  readonly sampler: Sampler;
  readonly constraints: readonly string[];
  readonly trials: readonly Trial[];
  readonly enqueued: readonly Params[];
}

/** A whole study as plain JSON, as `Study.toJSON` writes it (copies: nothing is shared with the study). */
export function studyJSON(study: StudyParts): StudyJSON {
  const state = study.sampler.saveState?.();
  const sampler: StudyJSON['sampler'] = { name: study.sampler.name, options: cloneJSON(study.sampler.options) };
  if (state !== undefined) sampler.state = cloneJSON(state);
  const json: StudyJSON = {
    format: STUDY_FORMAT,
    version: STUDY_VERSION,
    name: study.name,
    space: cloneJSON(study.space),
    direction: study.direction,
    seed: study.seed,
    sampler,
    trials: study.trials.map((t) => trialJSON(t)),
  };
  if (study.constraints.length > 0) json.constraints = study.constraints.slice();
  if (study.enqueued.length > 0) json.enqueued = study.enqueued.map((params) => ({ ...params }));
  return json;
}

function cloneJSON<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** `loadStudy` refused its input: `path` names the field at fault, `problem` what is wrong with it. */
export class StudyFormatError extends Error {
  override readonly name = 'StudyFormatError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`study file: ${path}: ${problem}`);
  }
}

