/**
 * A study as an Optuna journal log: the JSON lines `optuna.storages.JournalStorage` replays (file
 * backend: `JournalFileStorage` in Optuna 3.x, `JournalFileBackend` in 4.x), written for a fresh
 * file. The records are those Optuna itself writes for `create_study`, `set_user_attr` and
 * `add_trial` / `enqueue_trial` (a CREATE_TRIAL record carrying the whole trial), so every
 * version that replays its own logs replays this one:
 *
 *   CREATE_STUDY           study_name, directions [1 = minimize | 2 = maximize]
 *   SET_STUDY_USER_ATTR    exported_from, sampler, seed, constraint_names, search_space,
 *                          then the caller's own (`studyUserAttrs`)
 *   CREATE_TRIAL (each)    state, value, datetimes, distributions, params (internal repr),
 *                          user_attrs (last step's metrics, reason, compute_ms, note),
 *                          system_attrs (constraints: values in constraint_names order),
 *                          intermediate_values
 *   CREATE_TRIAL (queued)  WAITING, system_attrs.fixed_params, as enqueue_trial writes it
 *
 * A pruned trial's value is its last finite intermediate value, as Optuna's tell records it.
 * Float fields (values, intermediate values, float params, constraint values, metrics) are
 * written as Python writes floats (`3.0`, not `3`), so Optuna reads them back as floats.
 * Optuna numbers the trials 0, 1, … in file order: the same ids as here, unless running trials
 * are omitted.
 */
import { Study } from '../study/study';
import type { StudyJSON, TrialJSON } from '../study/format';
import type { ParamDef, SearchSpace } from '../space/types';
import { validateSpace } from '../space/validate';
import { toOptunaDistribution, toOptunaInternal } from './distribution';
import { PythonFloat, pythonJson, type PythonJSONValue } from './python-json';
import {
  EXPORT_STUDY_ATTR,
  EXPORT_TRIAL_ATTR,
  exportedMetrics,
  EXPORTED_FROM_TFJS_TUNER,
  JOURNAL_OP,
  OPTUNA_CONSTRAINTS_KEY,
  OPTUNA_FIXED_PARAMS_KEY,
  OPTUNA_STUDY_DIRECTION,
  OPTUNA_TRIAL_STATE,
  formatOptunaDatetime,
  type CreateTrialRecord,
  type JournalAttrs,
  type JournalJSONValue,
  type JournalRecord,
  type OptunaTrialState,
} from './journal-ops';

/** Options of `studyToOptunaJournal`. */
export interface OptunaExportOptions {
  /**
   * Trials still running: `'failed'` (default) writes each as a FAIL trial, completed at `now`, with
   * a `note` user attr saying so; `'omit'` leaves them out (later trials then get lower numbers).
   */
  readonly running?: 'failed' | 'omit';
  /** Milliseconds now: when a running trial written as failed ended. Default `Date.now()`. */
  readonly now?: number;
  /** The study's name in Optuna. Default the study's own name; "tfjs-tuner-study" when the name is blank. */
  readonly studyName?: string;
  /**
   * More study user attrs, written after the exporter's own (`study.user_attrs` in Optuna): each a
   * JSON value (strings, finite numbers, booleans, null, lists and plain objects of these). A key
   * the exporter writes itself (`EXPORT_STUDY_ATTR`: exported_from, sampler, seed,
   * constraint_names, search_space) or a value that is not JSON throws an `Error` naming the key.
   */
  readonly studyUserAttrs?: Readonly<Record<string, JournalJSONValue>>;
}

/** The `worker_id` of every record we write: no Optuna worker has it (theirs are `<uuid>-<thread>`). */
export const EXPORT_WORKER_ID = 'tfjs-tuner-export';
/** The study name used when a study has none. */
export const DEFAULT_OPTUNA_STUDY_NAME = 'tfjs-tuner-study';

/** What a running trial written as failed carries in its `note` user attr. */
export const RUNNING_AS_FAILED_NOTE = 'running when exported from tfjs-tuner; written as failed';
const FRACTIONAL_STEPS_NOTE = "intermediate values left out at steps that are not whole numbers (Optuna's steps are integers):";

/** The study's name in Optuna: `given`, else the study's own name; "tfjs-tuner-study" when that is blank. */
export function optunaStudyName(own: string, given?: string): string {
  const name = given ?? own;
  return name.trim() === '' ? DEFAULT_OPTUNA_STUDY_NAME : name;
}

/**
 * The study as an Optuna journal file's text: JSON lines, each ending in '\n'. Throws `Error`
 * naming the trial and problem when a trial cannot be written (a param outside the space, a
 * complete trial without a finite value). Intermediate values at fractional steps are left out,
 * with a `note` user attr listing the steps, since Optuna's steps are integers.
 */
export function studyToOptunaJournal(study: Study | StudyJSON, options: OptunaExportOptions = {}): string {
  const json = study instanceof Study ? study.toJSON() : study;
  const space = validateSpace(json.space);
  const now = options.now ?? Date.now();
  const running = options.running ?? 'failed';
  const studyName = optunaStudyName(json.name, options.studyName);
  const constraintNames = json.constraints ?? constraintNamesOfTrials(json.trials);
  const extraAttrs = checkedExtraStudyAttrs(options.studyUserAttrs ?? {});
  const records: JournalRecord[] = [
    {
      op_code: JOURNAL_OP.CREATE_STUDY,
      worker_id: EXPORT_WORKER_ID,
      study_name: studyName,
      directions: [json.direction === 'maximize' ? OPTUNA_STUDY_DIRECTION.MAXIMIZE : OPTUNA_STUDY_DIRECTION.MINIMIZE],
    },
  ];
  const studyAttrs: JournalAttrs = {
    [EXPORT_STUDY_ATTR.EXPORTED_FROM]: EXPORTED_FROM_TFJS_TUNER,
    [EXPORT_STUDY_ATTR.SAMPLER]: { name: json.sampler.name, options: jsonValue(json.sampler.options) },
    [EXPORT_STUDY_ATTR.SEED]: json.seed,
    ...(constraintNames.length > 0 ? { [EXPORT_STUDY_ATTR.CONSTRAINT_NAMES]: constraintNames } : {}),
    [EXPORT_STUDY_ATTR.SEARCH_SPACE]: Object.fromEntries(Object.entries(space).map(([name, def]) => [name, toOptunaDistribution(def)])),
    ...extraAttrs,
  };
  for (const [key, value] of Object.entries(studyAttrs)) {
    records.push({ op_code: JOURNAL_OP.SET_STUDY_USER_ATTR, worker_id: EXPORT_WORKER_ID, study_id: 0, user_attr: { [key]: value } });
  }
  for (const trial of json.trials) {
    if (trial.state === 'running' && running === 'omit') continue;
    records.push(trialRecord(trial, space, constraintNames, now));
  }
  for (const [i, params] of (json.enqueued ?? []).entries()) {
    for (const [name, def] of Object.entries(space)) {
      try {
        toOptunaInternal(def, params[name] as number | string | boolean);
      } catch (e) {
        throw new Error(`queued params #${i + 1}: param "${name}": ${(e as Error).message}`);
      }
    }
    records.push({
      op_code: JOURNAL_OP.CREATE_TRIAL,
      worker_id: EXPORT_WORKER_ID,
      study_id: 0,
      datetime_start: null,
      state: OPTUNA_TRIAL_STATE.WAITING,
      value: null,
      values: null,
      distributions: {},
      params: {},
      user_attrs: {},
      system_attrs: { [OPTUNA_FIXED_PARAMS_KEY]: { ...params } },
      intermediate_values: {},
    });
  }
  return records.map((r) => `${pythonJson(withFloatsMarked(r, space))}\n`).join('');
}

/**
 * The record with the numbers Optuna holds as floats marked so (see python-json.ts): a trial's
 * value, intermediate values, float params (and queued ones), constraint values and metrics.
 */
function withFloatsMarked(record: JournalRecord, space: SearchSpace): PythonJSONValue {
  if (record.op_code !== JOURNAL_OP.CREATE_TRIAL) return record as unknown as PythonJSONValue;
  const float = (v: JournalJSONValue): PythonJSONValue => (typeof v === 'number' ? new PythonFloat(v) : v);
  const floatParams = (params: Readonly<Record<string, JournalJSONValue>>): PythonJSONValue =>
    Object.fromEntries(Object.entries(params).map(([name, v]) => [name, space[name]?.type === 'float' ? float(v) : v]));
  const reserved = new Set<string>(Object.values(EXPORT_TRIAL_ATTR));
  const system = record.system_attrs ?? {};
  const constraints = system[OPTUNA_CONSTRAINTS_KEY];
  const fixed = system[OPTUNA_FIXED_PARAMS_KEY];
  return {
    ...record,
    value: record.value === undefined || record.value === null ? record.value : float(record.value),
    params: floatParams(record.params ?? {}),
    intermediate_values: Object.fromEntries(Object.entries(record.intermediate_values ?? {}).map(([step, v]) => [step, float(v)])),
    user_attrs: Object.fromEntries(Object.entries(record.user_attrs ?? {}).map(([key, v]) => [key, reserved.has(key) ? v : float(v)])),
    system_attrs: {
      ...system,
      ...(Array.isArray(constraints) ? { [OPTUNA_CONSTRAINTS_KEY]: constraints.map(float) } : {}),
      ...(fixed !== null && typeof fixed === 'object' && !Array.isArray(fixed) ? { [OPTUNA_FIXED_PARAMS_KEY]: floatParams(fixed) } : {}),
    },
  };
}

function trialRecord(trial: TrialJSON, space: SearchSpace, constraintNames: readonly string[], now: number): CreateTrialRecord {
  const fail = (problem: string): never => {
    throw new Error(`trial ${trial.id}: ${problem}`);
  };
  const distributions: Record<string, string> = {};
  const params: Record<string, number> = {};
  for (const [name, def] of Object.entries(space) as [string, ParamDef][]) {
    if (!Object.hasOwn(trial.params, name)) fail(`param "${name}" is missing`);
    distributions[name] = toOptunaDistribution(def);
    try {
      params[name] = toOptunaInternal(def, trial.params[name] as number | string | boolean);
    } catch (e) {
      fail(`param "${name}": ${(e as Error).message}`);
    }
  }
  const intermediate: Record<string, number> = {};
  let lastFinite: number | null = null;
  const fractionalSteps: number[] = [];
  for (const entry of trial.intermediate) {
    if (!Number.isInteger(entry.step) || entry.step < 0) {
      fractionalSteps.push(entry.step);
      continue;
    }
    if (entry.value === null || !Number.isFinite(entry.value)) continue;
    intermediate[String(entry.step)] = entry.value;
    lastFinite = entry.value;
  }
  let state: OptunaTrialState;
  let value: number | null = null;
  const userAttrs: JournalAttrs = { ...exportedMetrics(trial.intermediate) };
  const notes: string[] = [];
  switch (trial.state) {
    case 'complete':
      state = OPTUNA_TRIAL_STATE.COMPLETE;
      if (trial.value === null || !Number.isFinite(trial.value)) fail(`a complete trial needs a finite value, got ${trial.value}`);
      value = trial.value;
      break;
    case 'pruned':
      state = OPTUNA_TRIAL_STATE.PRUNED;
      value = lastFinite;
      break;
    case 'failed':
      state = OPTUNA_TRIAL_STATE.FAIL;
      break;
    case 'running':
      state = OPTUNA_TRIAL_STATE.FAIL;
      notes.push(RUNNING_AS_FAILED_NOTE);
      break;
    default: {
      const unreachable: never = trial.state;
      return fail(`unknown state ${JSON.stringify(unreachable)}`);
    }
  }
  if (fractionalSteps.length > 0) notes.push(`${FRACTIONAL_STEPS_NOTE} ${fractionalSteps.join(', ')}`);
  if (notes.length > 0) userAttrs[EXPORT_TRIAL_ATTR.NOTE] = notes.join('; ');
  if (trial.reason !== null) userAttrs[EXPORT_TRIAL_ATTR.REASON] = trial.reason;
  if (trial.computeMs !== undefined) userAttrs[EXPORT_TRIAL_ATTR.COMPUTE_MS] = trial.computeMs;
  const systemAttrs: JournalAttrs = {};
  if (trial.constraints !== undefined) {
    const values = constraintNames.map((name) => trial.constraints?.[name]);
    if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) fail(`constraint values must be finite numbers for every one of ${constraintNames.join(', ')}`);
    systemAttrs[OPTUNA_CONSTRAINTS_KEY] = values as number[];
  }
  const endedAt = trial.state === 'running' ? Math.max(now, trial.startedAt) : trial.endedAt;
  if (endedAt === null) fail('a finished trial has no end time');
  return {
    op_code: JOURNAL_OP.CREATE_TRIAL,
    worker_id: EXPORT_WORKER_ID,
    study_id: 0,
    datetime_start: formatOptunaDatetime(trial.startedAt),
    state,
    value,
    values: null,
    datetime_complete: formatOptunaDatetime(endedAt as number),
    distributions,
    params,
    user_attrs: userAttrs,
    system_attrs: systemAttrs,
    intermediate_values: intermediate,
  };
}

function constraintNamesOfTrials(trials: readonly TrialJSON[]): string[] {
  const names = new Set<string>();
  for (const t of trials) for (const name of Object.keys(t.constraints ?? {})) names.add(name);
  return [...names];
}

/** The caller's study attrs, each checked to be JSON under a key the exporter does not write itself. */
function checkedExtraStudyAttrs(attrs: Readonly<Record<string, JournalJSONValue>>): JournalAttrs {
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) throw new Error('studyUserAttrs must be an object of study user attrs');
  const own = new Set<string>(Object.values(EXPORT_STUDY_ATTR));
  const entries = Object.entries(attrs);
  for (const [key, value] of entries) {
    if (own.has(key)) throw new Error(`studyUserAttrs: "${key}" is a study user attr the export writes itself (${[...own].join(', ')}); give the attr another name`);
    const problem = notJsonProblem(value, new Set());
    if (problem !== null) throw new Error(`studyUserAttrs: "${key}" is not a JSON value: ${problem}`);
  }
  return Object.fromEntries(entries);
}

/** Why `value` is not a JSON value Optuna can store (null when it is one). */
function notJsonProblem(value: unknown, ancestors: Set<object>): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${value} is not a finite number`;
  if (typeof value !== 'object') return `a value of type ${typeof value} is not JSON`;
  if (ancestors.has(value)) return 'it contains itself';
  const proto: unknown = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return 'only plain objects and lists are JSON';
  ancestors.add(value);
  for (const item of Object.values(value)) {
    const problem = notJsonProblem(item, ancestors);
    if (problem !== null) return problem;
  }
  ancestors.delete(value);
  return null;
}

function jsonValue(v: unknown): JournalJSONValue {
  return JSON.parse(JSON.stringify(v ?? null)) as JournalJSONValue;
}
