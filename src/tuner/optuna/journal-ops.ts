/**
 * Optuna's journal log, record by record: the JSON-lines format of
 * `optuna.storages.JournalStorage` with a file backend (`JournalFileStorage` in Optuna 3.x,
 * `JournalFileBackend` in 4.x). Each line is one operation; replaying them in order rebuilds
 * every study. The op codes, field names and enum numbers below are Optuna's own
 * (`optuna/storages/_journal/storage.py` in 3.1, `optuna/storages/journal/_storage.py` in 4.x,
 * `optuna.trial.TrialState`, `optuna.study.StudyDirection`); both versions write and replay the
 * same records.
 *
 * Ids: `study_id` counts CREATE_STUDY records from 0 (a study name seen before makes no new id);
 * `trial_id` counts CREATE_TRIAL records from 0 across all studies; a trial's `number` counts
 * within its study.
 */
import type { IntermediateValue } from '../trial/trial';

/** The `op_code` of each journal record (Optuna's `JournalOperation`). */
export const JOURNAL_OP = {
  CREATE_STUDY: 0,
  DELETE_STUDY: 1,
  SET_STUDY_USER_ATTR: 2,
  SET_STUDY_SYSTEM_ATTR: 3,
  CREATE_TRIAL: 4,
  SET_TRIAL_PARAM: 5,
  SET_TRIAL_STATE_VALUES: 6,
  SET_TRIAL_INTERMEDIATE_VALUE: 7,
  SET_TRIAL_USER_ATTR: 8,
  SET_TRIAL_SYSTEM_ATTR: 9,
} as const;
/** One of the ten op codes. */
export type JournalOpCode = (typeof JOURNAL_OP)[keyof typeof JOURNAL_OP];

/** Optuna's `TrialState` numbers. */
export const OPTUNA_TRIAL_STATE = {
  RUNNING: 0,
  COMPLETE: 1,
  PRUNED: 2,
  FAIL: 3,
  WAITING: 4,
} as const;
/** One of Optuna's trial state numbers. */
export type OptunaTrialState = (typeof OPTUNA_TRIAL_STATE)[keyof typeof OPTUNA_TRIAL_STATE];
/** Optuna's trial state names (as `trials_dataframe()` prints them), by number. */
export const OPTUNA_TRIAL_STATE_NAMES: Readonly<Record<OptunaTrialState, keyof typeof OPTUNA_TRIAL_STATE>> = {
  0: 'RUNNING',
  1: 'COMPLETE',
  2: 'PRUNED',
  3: 'FAIL',
  4: 'WAITING',
};

/** Optuna's `StudyDirection` numbers (NOT_SET appears only in studies made without a direction). */
export const OPTUNA_STUDY_DIRECTION = {
  NOT_SET: 0,
  MINIMIZE: 1,
  MAXIMIZE: 2,
} as const;
/** One of Optuna's study direction numbers. */
export type OptunaStudyDirection = (typeof OPTUNA_STUDY_DIRECTION)[keyof typeof OPTUNA_STUDY_DIRECTION];

/** A value Python's `json` module writes: attrs may hold any of these. */
export type JournalJSONValue = string | number | boolean | null | JournalJSONValue[] | { [key: string]: JournalJSONValue };
/** Attributes by key (user or system attrs). */
export type JournalAttrs = Record<string, JournalJSONValue>;

/**
 * The system attr where Optuna keeps a trial's constraint values (≤ 0 feasible) as a list, written
 * by a sampler's `constraints_func` (Optuna 3.x and 4.x; 5.0 still reads it). Our export writes this form.
 */
export const OPTUNA_CONSTRAINTS_KEY = 'constraints';
/**
 * Optuna ≥ 5.0's `trial.set_constraint(name, value)` writes one system attr per constraint,
 * `constraints:<name>`, instead (and deprecates `constraints_func`).
 */
export const OPTUNA_NAMED_CONSTRAINT_PREFIX = 'constraints:';
/** The system attr where `study.enqueue_trial` puts a WAITING trial's params (external repr). */
export const OPTUNA_FIXED_PARAMS_KEY = 'fixed_params';

/** Fields every record has: the op code and the writer (`<uuid>-<thread id>` in Optuna). */
interface RecordBase {
  readonly op_code: JournalOpCode;
  readonly worker_id: string;
}

/** CREATE_STUDY: a new study (ignored when a study of that name exists). */
export interface CreateStudyRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.CREATE_STUDY;
  readonly study_name: string;
  readonly directions: readonly OptunaStudyDirection[];
}

/** DELETE_STUDY: the study and its trials disappear from every listing. */
export interface DeleteStudyRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.DELETE_STUDY;
  readonly study_id: number;
}

/** SET_STUDY_USER_ATTR: exactly one key. */
export interface SetStudyUserAttrRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.SET_STUDY_USER_ATTR;
  readonly study_id: number;
  readonly user_attr: JournalAttrs;
}

/** SET_STUDY_SYSTEM_ATTR: exactly one key. */
export interface SetStudySystemAttrRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.SET_STUDY_SYSTEM_ATTR;
  readonly study_id: number;
  readonly system_attr: JournalAttrs;
}

/**
 * CREATE_TRIAL: a new trial, RUNNING with only `datetime_start` when asked; or, from a template
 * (`study.add_trial`, `enqueue_trial`), with every field at once. `distributions` holds
 * distribution JSON *strings* (see distribution.ts), `params` internal values (categorical: the
 * index), `intermediate_values` keys are steps as strings. `datetime_complete` is absent, never
 * null, for an unfinished trial (Optuna parses it whenever the key is there).
 */
export interface CreateTrialRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.CREATE_TRIAL;
  readonly study_id: number;
  readonly datetime_start: string | null;
  readonly state?: OptunaTrialState;
  readonly value?: number | null;
  readonly values?: readonly number[] | null;
  readonly datetime_complete?: string;
  readonly distributions?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, number>>;
  readonly user_attrs?: JournalAttrs;
  readonly system_attrs?: JournalAttrs;
  readonly intermediate_values?: Readonly<Record<string, number>>;
}

/** SET_TRIAL_PARAM: one suggested param of a running trial, in internal repr. */
export interface SetTrialParamRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.SET_TRIAL_PARAM;
  readonly trial_id: number;
  readonly param_name: string;
  readonly param_value_internal: number;
  readonly distribution: string;
}

/**
 * SET_TRIAL_STATE_VALUES: a state change. RUNNING carries `datetime_start` (a WAITING trial
 * picked up), a finished state carries `datetime_complete`; `values` is null unless told.
 */
export interface SetTrialStateValuesRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.SET_TRIAL_STATE_VALUES;
  readonly trial_id: number;
  readonly state: OptunaTrialState;
  readonly values: readonly number[] | null;
  readonly datetime_start?: string;
  readonly datetime_complete?: string;
}

/** SET_TRIAL_INTERMEDIATE_VALUE: `trial.report(value, step)` (Optuna writes NaN as a bare `NaN`). */
export interface SetTrialIntermediateValueRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.SET_TRIAL_INTERMEDIATE_VALUE;
  readonly trial_id: number;
  readonly step: number;
  readonly intermediate_value: number;
}

/** SET_TRIAL_USER_ATTR: exactly one key. */
export interface SetTrialUserAttrRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.SET_TRIAL_USER_ATTR;
  readonly trial_id: number;
  readonly user_attr: JournalAttrs;
}

/** SET_TRIAL_SYSTEM_ATTR: exactly one key (e.g. `constraints`). */
export interface SetTrialSystemAttrRecord extends RecordBase {
  readonly op_code: typeof JOURNAL_OP.SET_TRIAL_SYSTEM_ATTR;
  readonly trial_id: number;
  readonly system_attr: JournalAttrs;
}

/** Any journal record; switch on `op_code`. */
export type JournalRecord =
  | CreateStudyRecord
  | DeleteStudyRecord
  | SetStudyUserAttrRecord
  | SetStudySystemAttrRecord
  | CreateTrialRecord
  | SetTrialParamRecord
  | SetTrialStateValuesRecord
  | SetTrialIntermediateValueRecord
  | SetTrialUserAttrRecord
  | SetTrialSystemAttrRecord;

/**
 * A time (ms since the epoch) as Optuna writes datetimes: `datetime.isoformat(timespec=
 * "microseconds")` of a naive datetime, e.g. `2024-05-01T12:00:00.250000`. Written in UTC (Optuna
 * itself writes the machine's local time; the file does not say which).
 */
export function formatOptunaDatetime(ms: number): string {
  if (!Number.isFinite(ms)) throw new Error(`a trial time must be a finite number of milliseconds, got ${ms}`);
  const iso = new Date(Math.round(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  if (!/^\d{4}-/.test(iso)) throw new Error(`time ${ms} ms is outside the years 0000–9999 that Optuna's datetimes hold`);
  return `${iso.slice(0, 23)}000`;
}

const OPTUNA_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

/**
 * Parses a datetime as Optuna writes it (naive ISO 8601, read as UTC) into ms since the epoch;
 * throws naming the text when it is not one.
 */
export function parseOptunaDatetime(text: string): number {
  const m = OPTUNA_DATETIME.exec(text);
  if (m === null) throw new Error(`${JSON.stringify(text)} is not a datetime like 2024-05-01T12:00:00.000000`);
  const [year, month, day, hour, minute, second, fraction] = m.slice(1).map((s) => s ?? '');
  const micros = Number((fraction ?? '').padEnd(6, '0') || '0');
  const fields = [Number(month), Number(day), Number(hour), Number(minute), Number(second || '0')];
  const limits = [[1, 12], [1, 31], [0, 23], [0, 59], [0, 59]] as const;
  if (fields.some((v, i) => v < (limits[i] as readonly [number, number])[0] || v > (limits[i] as readonly [number, number])[1])) {
    throw new Error(`${JSON.stringify(text)} is not a valid datetime`);
  }
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second || '0')) + micros / 1000;
  if (!Number.isFinite(ms)) throw new Error(`${JSON.stringify(text)} is not a valid datetime`);
  return ms;
}

/**
 * Study user attrs our export writes (Optuna ignores them; an import reads them back):
 * `exported_from` is "tfjs-tuner"; `sampler` ({ name, options }) and `seed` say how the study was
 * tuned here; `constraint_names` lists the names behind the values of each trial's `constraints`
 * system attr, in order; `search_space` maps each param name to its distribution JSON string, so a
 * study with no trials keeps its space.
 */
export const EXPORT_STUDY_ATTR = {
  EXPORTED_FROM: 'exported_from',
  SAMPLER: 'sampler',
  SEED: 'seed',
  CONSTRAINT_NAMES: 'constraint_names',
  SEARCH_SPACE: 'search_space',
} as const;
/** The value of the `exported_from` study user attr. */
export const EXPORTED_FROM_TFJS_TUNER = 'tfjs-tuner';

/**
 * Trial user attrs our export writes besides the trial's metrics (each metric of the last
 * reported step under its own name; a metric that shares one of these names is left out):
 * `reason` why a trial failed or was pruned, `compute_ms` its told training time, `note` what the
 * export changed (e.g. a running trial written as failed).
 */
export const EXPORT_TRIAL_ATTR = {
  REASON: 'reason',
  COMPUTE_MS: 'compute_ms',
  NOTE: 'note',
} as const;

/**
 * The metrics a trial's export carries as user attrs: those of the last step that reported any,
 * finite, minus those named like the export's own trial attrs (EXPORT_TRIAL_ATTR).
 */
export function exportedMetrics(intermediate: readonly IntermediateValue[]): Record<string, number> {
  const reserved = new Set<string>(Object.values(EXPORT_TRIAL_ATTR));
  for (let i = intermediate.length - 1; i >= 0; i--) {
    const metrics = intermediate[i]?.metrics;
    if (metrics === undefined) continue;
    return Object.fromEntries(Object.entries(metrics).filter(([name, v]) => !reserved.has(name) && Number.isFinite(v)));
  }
  return {};
}
