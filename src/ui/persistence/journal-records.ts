/**
 * The saved-study journal (IndexedDB schema 2), after Optuna's journal storage: a study is never
 * rewritten while it runs; each change to a trial is appended as its own record, and loading
 * replays them. Three object stores:
 *
 *   studies  keyPath id               StudyHeader: name, setup, status, times, the summary tally, next seq,
 *                                      the study's queue of enqueued params
 *   states   keyPath id               StudyState: the study without its trials (sampler state), scheduler state, extra
 *   journal  keyPath [studyId, seq]   JournalEntry: one trial's whole JSON as of one event (asked,
 *                                      reported, told, paused), so the last entry of a trial is its state
 *
 * A header stays the same size as its study grows (its tally is kept incrementally), so writing one
 * with each batch of entries costs the same at trial 10 and at trial 10,000.
 *
 * The queue (`study.enqueued`: params the next asks hand out first, such as the interrupted trials
 * a resume re-queued) lives in the header, not in the state: it is written in the same transaction
 * as the entries of the trials that took params from it, so a reload at any moment finds each
 * queued point either still queued or in a stored trial, never neither.
 */
import { STUDY_FORMAT, STUDY_VERSION, type Params, type Study, type StudyJSON, type TrialJSON } from '../../tuner';
import type { SavedSchedulerState } from '../setup/scheduler-resume';
import type { SetupConfig } from '../setup/setup-config';
import { objectiveOf } from '../setup/objective';
import type { SavedStudyRecord, StudyStatus } from './saved-study';
import { studyOriginOf, type StudyOrigin } from './study-origin';
import { tallyTrials, type StudyTally } from './study-summary';
import type { JSONValue } from './untrusted-json';

/** One trial as plain JSON: the engine's own conversion, the one `Study.toJSON` writes with. */
export { trialJSON } from '../../tuner';

export const JOURNAL_STORE = 'journal';
export const STATES_STORE = 'states';

/** The study as JSON without its trials and its queue (which the header keeps). */
export type StudyBase = Omit<StudyJSON, 'trials' | 'enqueued'>;

/** A study's queue of enqueued params as stored (`StudyJSON['enqueued']`). */
export type StoredQueue = NonNullable<StudyJSON['enqueued']>;

export interface StudyHeader {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly setup: SetupConfig;
  readonly status: StudyStatus;
  readonly tally: StudyTally;
  /** The seq the next journal entry of this study gets. */
  readonly nextSeq: number;
  /** The study's enqueued params as of the last append; absent when none were ever stored (older headers). */
  readonly enqueued?: StoredQueue;
  /** Where a snapshot came from (a copy of the one its `extra` keeps, study-origin.ts), so the list can show it; absent for other studies. */
  readonly origin?: StudyOrigin;
}

export interface StudyState {
  readonly id: string;
  /** Older states may still carry `enqueued`; a header's queue wins over it. */
  readonly base: StudyBase & { readonly enqueued?: StoredQueue };
  readonly scheduler?: SavedSchedulerState;
  readonly extra?: JSONValue;
}

/** A trial that a scheduler paused: the epoch its checkpoint is after, and whether one was kept. */
export interface PausedMark {
  readonly epoch: number;
  readonly checkpoint: boolean;
}

export interface JournalEntry {
  readonly studyId: string;
  readonly seq: number;
  readonly trial: TrialJSON;
  readonly paused?: PausedMark;
}

/** A journal entry before it is given its place (seq). */
export interface TrialChange {
  readonly trial: TrialJSON;
  readonly paused?: PausedMark;
}

/** A copy of the study's queue as stored (what goes into a header with a batch). */
export function storedQueue(enqueued: readonly Params[]): StoredQueue {
  return enqueued.map((params) => ({ ...params }));
}

/** The study without its trials and its queue, read without serialising them (constant cost per call). */
export function studyBaseOf(study: Study): StudyBase {
  const state = study.sampler.saveState?.();
  const sampler: StudyBase['sampler'] = { name: study.sampler.name, options: structuredClone({ ...study.sampler.options }) };
  if (state !== undefined) sampler.state = structuredClone(state);
  const base: StudyBase = { format: STUDY_FORMAT, version: STUDY_VERSION, name: study.name, space: structuredClone(study.space), direction: study.direction, seed: study.seed, sampler };
  return study.constraints.length > 0 ? { ...base, constraints: study.constraints.slice() } : base;
}

/** A whole record as the three kinds of journal records (new study, import, migration). */
export function splitRecord(record: SavedStudyRecord): { header: StudyHeader; state: StudyState; entries: JournalEntry[] } {
  const { state, entries } = recordEntries(record);
  return { header: recordHeader(record, entrySizes(entries)), state, entries };
}

/** A whole record's state and one journal entry per trial (seq = trial id order). */
export function recordEntries(record: SavedStudyRecord): { state: StudyState; entries: JournalEntry[] } {
  const trials = Array.isArray(record.study?.trials) ? record.study.trials : [];
  const { trials: _trials, enqueued: _enqueued, ...base } = record.study;
  const entries = trials.map((trial, seq): JournalEntry => ({ studyId: record.id, seq, trial }));
  const state: StudyState = {
    id: record.id,
    base,
    ...(record.scheduler === undefined ? {} : { scheduler: record.scheduler }),
    ...(record.extra === undefined ? {} : { extra: record.extra }),
  };
  return { state, entries };
}

/** A whole record's header, its tally counting `bytes` of journal entries. */
export function recordHeader(record: SavedStudyRecord, bytes: number): StudyHeader {
  const trials = Array.isArray(record.study?.trials) ? record.study.trials : [];
  const origin = studyOriginOf(record.extra);
  return {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    setup: record.setup,
    status: record.status,
    tally: tallyTrials(trials, record.study.direction, bytes),
    nextSeq: trials.length,
    ...(record.study.enqueued === undefined ? {} : { enqueued: storedQueue(record.study.enqueued) }),
    ...(origin === null ? {} : { origin }),
  };
}

/**
 * The record again: entries in seq order, the last one of each trial wins. Trials must run 0, 1, 2, …
 * without a gap (a gap cannot arise from the writer, which commits a trial no later than any trial
 * asked after it); anything after a gap is dropped rather than renumbered.
 */
export function replayRecord(header: StudyHeader, state: StudyState | null, entries: readonly JournalEntry[]): SavedStudyRecord {
  const latest = new Map<number, TrialJSON>();
  for (const entry of entries) latest.set(entry.trial.id, entry.trial);
  const trials: TrialJSON[] = [];
  for (let id = 0; latest.has(id); id++) trials.push(latest.get(id) as TrialJSON);
  const { enqueued: stateQueue, ...base }: StudyState['base'] = state?.base ?? emptyBase(header);
  const enqueued = header.enqueued ?? stateQueue ?? [];
  const record: SavedStudyRecord = {
    id: header.id,
    name: header.name,
    createdAt: header.createdAt,
    updatedAt: header.updatedAt,
    setup: header.setup,
    status: header.status,
    study: { ...base, trials, ...(enqueued.length === 0 ? {} : { enqueued: storedQueue(enqueued) }) },
  };
  return {
    ...record,
    ...(state?.scheduler === undefined ? {} : { scheduler: state.scheduler }),
    ...(state?.extra === undefined ? {} : { extra: state.extra }),
  };
}

/** A header's study when its state record is missing: the setup's space and objective direction, the random sampler. */
function emptyBase(header: StudyHeader): StudyBase {
  return { format: STUDY_FORMAT, version: STUDY_VERSION, name: '', space: header.setup?.space, direction: header.setup === undefined ? 'minimize' : objectiveOf(header.setup).direction, seed: header.setup?.seed ?? 0, sampler: { name: 'random', options: {} } };
}

/** True for a schema-1 record (the whole study in one value), which still loads as it is. */
export function isWholeRecord(value: unknown): value is SavedStudyRecord {
  return value !== null && typeof value === 'object' && 'study' in value && !('tally' in value);
}

/** Stored size of an entry, in bytes of its JSON (what quota messages and the tally count). */
export function entryBytes(entry: JournalEntry | TrialChange): number {
  return jsonBytes(entry);
}

export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

function entrySizes(entries: readonly JournalEntry[]): number {
  let total = 0;
  for (const entry of entries) total += entryBytes(entry);
  return total;
}
