/**
 * Reading an Optuna journal: every record replayed the way Optuna 3.1's
 * `JournalStorageReplayResult.apply_logs` replays it (storages/_journal/storage.py; 4.x replays the
 * same records the same way), into plain studies and trials.
 *
 * Optuna's rules, kept here: a CREATE_STUDY whose name is taken is ignored; DELETE_STUDY removes the
 * study and its trials from every listing; a record for a deleted study is ignored, and so is an
 * update to a finished trial (journal-trial-updates.ts); trial ids count every CREATE_TRIAL
 * applied, across studies, and a trial's number counts within its study.
 *
 * What Optuna would crash on or silently take is refused with an `OptunaJournalError` naming the
 * line: unknown op codes, a missing or mistyped field, a study or trial id the journal never
 * created, a distribution that does not parse, a param outside its distribution, NaN as a trial's
 * value, a complete trial without one.
 */
import type { ParamDef, ParamValue } from '../space/types';
import { fromOptunaInternal } from './distribution';
import { journalLines, OptunaJournalError } from './journal-lines';
import { JOURNAL_OP, OPTUNA_STUDY_DIRECTION } from './journal-ops';
import { checkedAttrs, checkedValues, datetime, field, quote, readDistribution, stateName, type DistributionCache, type Fields, type OptunaJournalContents, type OptunaStudyRecord, type OptunaTrialRecord } from './journal-fields';
import { applyTrialUpdate, type TrialUpdateOp } from './journal-trial-updates';

export { OPTUNA_JOURNAL_MAX_BYTES, OptunaJournalError } from './journal-lines';
export type { OptunaJournalContents, OptunaStudyRecord, OptunaTrialRecord, OptunaTrialStateName } from './journal-fields';

interface Replay {
  /** Every study ever created, by id (deleted ones too: their trials keep their ids). */
  readonly studies: OptunaStudyRecord[];
  readonly deleted: Set<number>;
  readonly trials: OptunaTrialRecord[];
  /** The study id of each trial, by trial id. */
  readonly trialStudy: number[];
  readonly distributions: DistributionCache;
}

/** Parses and replays a journal; throws `OptunaJournalError` naming the line and problem. */
export function readOptunaJournal(text: string): OptunaJournalContents {
  const replay: Replay = { studies: [], deleted: new Set(), trials: [], trialStudy: [], distributions: new Map() };
  const { lines, unfinishedLastLine } = journalLines(text);
  for (const line of lines) applyRecord(replay, line);
  return { studies: replay.studies.filter((s) => !replay.deleted.has(s.studyId)), unfinishedLastLine };
}

function applyRecord(replay: Replay, f: Fields): void {
  const op = f.record.op_code;
  if (op === undefined) throw new OptunaJournalError(f.line, 'not a journal record: it has no "op_code"');
  switch (op) {
    case JOURNAL_OP.CREATE_STUDY:
      return createStudy(replay, f);
    case JOURNAL_OP.DELETE_STUDY: {
      const study = liveStudy(replay, f);
      if (study !== undefined) replay.deleted.add(study.studyId);
      return;
    }
    case JOURNAL_OP.SET_STUDY_USER_ATTR: {
      const attr = checkedAttrs(f, 'user_attr', true);
      const study = liveStudy(replay, f);
      if (study !== undefined) Object.assign(study.userAttrs, attr);
      return;
    }
    case JOURNAL_OP.SET_STUDY_SYSTEM_ATTR: {
      const attr = checkedAttrs(f, 'system_attr', true);
      const study = liveStudy(replay, f);
      if (study !== undefined) Object.assign(study.systemAttrs, attr);
      return;
    }
    case JOURNAL_OP.CREATE_TRIAL:
      return createTrial(replay, f);
    case JOURNAL_OP.SET_TRIAL_PARAM:
    case JOURNAL_OP.SET_TRIAL_STATE_VALUES:
    case JOURNAL_OP.SET_TRIAL_INTERMEDIATE_VALUE:
    case JOURNAL_OP.SET_TRIAL_USER_ATTR:
    case JOURNAL_OP.SET_TRIAL_SYSTEM_ATTR: {
      const id = field(f, 'trial_id', 'index');
      const trial = replay.trials[id];
      if (trial === undefined) throw new OptunaJournalError(f.line, `trial_id ${id} refers to a trial the journal never created`);
      const study = replay.studies[replay.trialStudy[id] as number] as OptunaStudyRecord;
      applyTrialUpdate(op as TrialUpdateOp, f, trial, study.trials, replay.distributions);
      return;
    }
    default:
      throw new OptunaJournalError(f.line, `unknown op_code ${quote(op)} (Optuna's journal has op codes 0 to 9)`);
  }
}

function createStudy(replay: Replay, f: Fields): void {
  const name = field(f, 'study_name', 'string');
  const raw = field(f, 'directions', 'array');
  if (raw.length === 0) throw new OptunaJournalError(f.line, `study "${name}" has no directions; it needs at least one`);
  const directions = raw.map((d) => {
    switch (d) {
      case OPTUNA_STUDY_DIRECTION.MINIMIZE:
        return 'minimize' as const;
      case OPTUNA_STUDY_DIRECTION.MAXIMIZE:
        return 'maximize' as const;
      case OPTUNA_STUDY_DIRECTION.NOT_SET:
        throw new OptunaJournalError(f.line, `study "${name}" has no direction set (NOT_SET); only minimize (1) and maximize (2) can be read`);
      default:
        throw new OptunaJournalError(f.line, `unknown study direction ${quote(d)} (expected 1 for minimize or 2 for maximize)`);
    }
  });
  if (replay.studies.some((s) => s.name === name && !replay.deleted.has(s.studyId))) return;
  const studyId = replay.studies.length;
  replay.studies.push({ studyId, name, directions, userAttrs: {}, systemAttrs: {}, trials: [], line: f.line });
}

/** The record's study: refused when no study ever had its id; undefined when that study was deleted. */
function liveStudy(replay: Replay, f: Fields): OptunaStudyRecord | undefined {
  const id = field(f, 'study_id', 'index');
  const study = replay.studies[id];
  if (study === undefined) throw new OptunaJournalError(f.line, `study_id ${id} refers to a study the journal never created`);
  return replay.deleted.has(id) ? undefined : study;
}

function createTrial(replay: Replay, f: Fields): void {
  const { line } = f;
  const study = liveStudy(replay, f);
  const distributions: Record<string, ParamDef> = {};
  for (const [name, json] of Object.entries(field(f, 'distributions', 'object', {}))) {
    distributions[name] = readDistribution(f, name, json, replay.distributions);
  }
  const params: Record<string, ParamValue> = {};
  for (const [name, internal] of Object.entries(field(f, 'params', 'object', {}))) {
    const def = distributions[name];
    if (def === undefined) throw new OptunaJournalError(line, `param "${name}" has no distribution`);
    try {
      params[name] = fromOptunaInternal(def, internal as number);
    } catch (e) {
      throw new OptunaJournalError(line, `param "${name}": ${(e as Error).message}`);
    }
  }
  const state = stateName(f, f.record.state ?? 0);
  const value = field(f, 'value', 'number-or-null', null);
  const values = field(f, 'values', 'array-or-null', null);
  if (value !== null && values !== null) throw new OptunaJournalError(line, 'a trial has either "value" or "values", not both');
  if (values !== null && values.length === 0) throw new OptunaJournalError(line, '"values" is an empty list; a told trial has one value per objective');
  const told = values === null ? (value === null ? null : checkedValues(f, [value])) : checkedValues(f, values);
  if (state === 'COMPLETE' && told === null) throw new OptunaJournalError(line, 'a COMPLETE trial needs a value');
  const intermediate = Object.entries(field(f, 'intermediate_values', 'object', {})).map(([step, v]) => {
    if (!/^\d{1,15}$/.test(step)) throw new OptunaJournalError(line, `intermediate value step ${quote(step)} is not an integer ≥ 0`);
    if (typeof v !== 'number') throw new OptunaJournalError(line, `intermediate value at step ${step} must be a number, got ${quote(v)}`);
    return { step: Number(step), value: v };
  });
  intermediate.sort((a, b) => a.step - b.step);
  const start = field(f, 'datetime_start', 'string-or-null');
  const complete = f.record.datetime_complete === undefined ? null : field(f, 'datetime_complete', 'string');
  const userAttrs = checkedAttrs(f, 'user_attrs', false);
  const systemAttrs = checkedAttrs(f, 'system_attrs', false);
  if (study === undefined) return;
  const trial: OptunaTrialRecord = {
    trialId: replay.trials.length,
    number: study.trials.length,
    state,
    values: told,
    params,
    distributions,
    intermediate,
    userAttrs,
    systemAttrs,
    datetimeStart: start === null ? null : datetime(f, start),
    datetimeComplete: complete === null ? null : datetime(f, complete),
    line,
  };
  replay.trials.push(trial);
  replay.trialStudy.push(study.studyId);
  study.trials.push(trial);
}
