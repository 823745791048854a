/**
 * Replaying the journal records that change an existing trial (SET_TRIAL_PARAM,
 * SET_TRIAL_STATE_VALUES, SET_TRIAL_INTERMEDIATE_VALUE, SET_TRIAL_USER_ATTR,
 * SET_TRIAL_SYSTEM_ATTR) as Optuna 3.1's `JournalStorageReplayResult` does: an update to a
 * finished trial is ignored (another worker finished it first), as is a param whose distribution
 * is incompatible with the first one its study recorded for that name. Each record's fields are
 * checked first, so a malformed one is refused even where Optuna would ignore it.
 */
import type { ParamDef } from '../space/types';
import { fromOptunaInternal } from './distribution';
import { OptunaJournalError } from './journal-lines';
import { JOURNAL_OP } from './journal-ops';
import { checkedAttrs, checkedValues, datetime, field, readDistribution, stateName, type DistributionCache, type Fields, type OptunaTrialRecord } from './journal-fields';

/** The op codes that update a trial. */
export type TrialUpdateOp =
  | typeof JOURNAL_OP.SET_TRIAL_PARAM
  | typeof JOURNAL_OP.SET_TRIAL_STATE_VALUES
  | typeof JOURNAL_OP.SET_TRIAL_INTERMEDIATE_VALUE
  | typeof JOURNAL_OP.SET_TRIAL_USER_ATTR
  | typeof JOURNAL_OP.SET_TRIAL_SYSTEM_ATTR;

/** Applies one trial update to `trial`; `studyTrials` are its study's trials by number; `cache` the distributions read so far. */
export function applyTrialUpdate(op: TrialUpdateOp, f: Fields, trial: OptunaTrialRecord, studyTrials: readonly OptunaTrialRecord[], cache: DistributionCache): void {
  const updatable = trial.state === 'RUNNING' || trial.state === 'WAITING';
  switch (op) {
    case JOURNAL_OP.SET_TRIAL_PARAM:
      return setParam(f, trial, studyTrials, updatable, cache);
    case JOURNAL_OP.SET_TRIAL_STATE_VALUES:
      return setStateValues(f, trial, updatable);
    case JOURNAL_OP.SET_TRIAL_INTERMEDIATE_VALUE: {
      const step = field(f, 'step', 'index');
      const value = field(f, 'intermediate_value', 'number');
      if (!updatable) return;
      const at = trial.intermediate.findIndex((e) => e.step >= step);
      const entry = { step, value };
      if (at < 0) trial.intermediate.push(entry);
      else if (trial.intermediate[at]?.step === step) trial.intermediate[at] = entry;
      else trial.intermediate.splice(at, 0, entry);
      return;
    }
    case JOURNAL_OP.SET_TRIAL_USER_ATTR: {
      const attr = checkedAttrs(f, 'user_attr', true);
      if (updatable) Object.assign(trial.userAttrs, attr);
      return;
    }
    case JOURNAL_OP.SET_TRIAL_SYSTEM_ATTR: {
      const attr = checkedAttrs(f, 'system_attr', true);
      if (updatable) Object.assign(trial.systemAttrs, attr);
      return;
    }
    default: {
      const unreachable: never = op;
      return unreachable;
    }
  }
}

function setParam(f: Fields, trial: OptunaTrialRecord, studyTrials: readonly OptunaTrialRecord[], updatable: boolean, cache: DistributionCache): void {
  const name = field(f, 'param_name', 'string');
  const internal = field(f, 'param_value_internal', 'number');
  const json = field(f, 'distribution', 'string');
  const def = readDistribution(f, name, json, cache);
  if (!updatable) return;
  const earlier = studyTrials.find((t) => Object.hasOwn(t.params, name));
  const first = earlier?.distributions[name];
  if (first !== undefined && !compatible(first, def)) return;
  try {
    trial.params[name] = fromOptunaInternal(def, internal);
  } catch (e) {
    throw new OptunaJournalError(f.line, `param "${name}": ${(e as Error).message}`);
  }
  trial.distributions[name] = def;
}

/** Optuna's check_distribution_compatibility: the same kind and log flag; categoricals the same choices. */
function compatible(a: ParamDef, b: ParamDef): boolean {
  switch (a.type) {
    case 'float':
    case 'int':
      return b.type === a.type && (a.log === true) === (b.log === true);
    case 'categorical':
      return b.type === 'categorical' && a.choices.length === b.choices.length && a.choices.every((c, i) => c === b.choices[i]);
    default: {
      const unreachable: never = a;
      return unreachable;
    }
  }
}

function setStateValues(f: Fields, trial: OptunaTrialRecord, updatable: boolean): void {
  const state = stateName(f, f.record.state);
  const raw = field(f, 'values', 'array-or-null');
  if (raw !== null && raw.length === 0) throw new OptunaJournalError(f.line, '"values" is an empty list; a told trial has one value per objective');
  const values = raw === null ? null : checkedValues(f, raw);
  const finished = state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
  const start = state === 'RUNNING' ? datetime(f, field(f, 'datetime_start', 'string')) : null;
  const complete = finished ? datetime(f, field(f, 'datetime_complete', 'string')) : null;
  if (!updatable || (state === 'RUNNING' && trial.state === 'RUNNING')) return;
  if (start !== null) trial.datetimeStart = start;
  if (complete !== null) trial.datetimeComplete = complete;
  trial.state = state;
  if (values !== null) trial.values = values;
  if (state === 'COMPLETE' && trial.values === null) throw new OptunaJournalError(f.line, `trial ${trial.number} is set COMPLETE without a value`);
}
