/**
 * The record the page keeps per study (one per IndexedDB entry), and resuming one.
 *
 * Resuming: a trial that was `running` when the page went away (closed tab, crash, reload)
 * cannot simply continue. `resumeStudy` re-queues each such trial with the engine's
 * `study.requeueRunning(INTERRUPTED_REASON)`: it is marked failed with that reason (so the history
 * stays truthful) and its params are enqueued, so the next asks run them again first, before new
 * suggestions, and no point the sampler chose is lost:
 *
 *   const { study, setup } = resumeStudy(record);
 *   study.ask();   // the first interrupted trial's params, as a new trial; then the sampler's
 */
import { createRng, deriveSeed, loadStudy, type LoadOptions, type Rng, type Study, type StudyJSON } from '../../tuner';
import { validateSetup, type SetupConfig } from '../setup/setup-config';
import type { SavedSchedulerState } from '../setup/scheduler-resume';
import type { JSONValue } from './untrusted-json';

export const STUDY_STATUSES = ['running', 'paused', 'finished', 'interrupted'] as const;
/** `interrupted`: it was running when the page went away (set by the page on load). */
export type StudyStatus = (typeof STUDY_STATUSES)[number];

export interface SavedStudyRecord {
  /** A UUID; the IndexedDB key. */
  readonly id: string;
  readonly name: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly setup: SetupConfig;
  readonly study: StudyJSON;
  readonly status: StudyStatus;
  /** Page data kept with the study (e.g. a race's per-strategy results); must be JSON. */
  readonly extra?: JSONValue;
  /** A scheduled study's scheduler state (scheduler-resume.ts), so a resumed run keeps its rungs. */
  readonly scheduler?: SavedSchedulerState;
}

export const INTERRUPTED_REASON = 'interrupted: the page was closed while it ran';

export function isStudyStatus(v: unknown): v is StudyStatus {
  return typeof v === 'string' && (STUDY_STATUSES as readonly string[]).includes(v);
}

/** A new record; `id` defaults to `newStudyId()`. */
export function createSavedStudy(init: {
  readonly name: string;
  readonly setup: SetupConfig;
  readonly study: StudyJSON;
  readonly status: StudyStatus;
  readonly now: number;
  readonly id?: string;
  readonly extra?: JSONValue;
  readonly scheduler?: SavedSchedulerState;
}): SavedStudyRecord {
  const record: SavedStudyRecord = {
    id: init.id ?? newStudyId(),
    name: init.name,
    createdAt: init.now,
    updatedAt: init.now,
    setup: init.setup,
    study: init.study,
    status: init.status,
  };
  return { ...record, ...(init.extra === undefined ? {} : { extra: init.extra }), ...(init.scheduler === undefined ? {} : { scheduler: init.scheduler }) };
}

/** The record with new contents and `updatedAt = now`; id and createdAt are kept. */
export function updateSavedStudy(
  record: SavedStudyRecord,
  changes: Partial<Pick<SavedStudyRecord, 'name' | 'setup' | 'study' | 'status' | 'extra' | 'scheduler'>>,
  now: number,
): SavedStudyRecord {
  return { ...record, ...changes, id: record.id, createdAt: record.createdAt, updatedAt: now };
}

let fallbackRng: Rng | null = null;

/**
 * A random UUID: `crypto.randomUUID()` when the page has it (secure contexts), else (or when
 * given null) a v4-shaped id from a seeded generator, seeded once from the time and `Math.random`.
 */
export function newStudyId(randomUUID: (() => string) | null = cryptoRandomUUID()): string {
  if (randomUUID !== null) return randomUUID();
  fallbackRng ??= createRng(deriveSeed(Date.now(), Math.floor(Math.random() * 2 ** 32)));
  return uuidFromRng(fallbackRng);
}

/** A version-4-shaped UUID drawn from `rng` (deterministic for a seeded rng). */
export function uuidFromRng(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 16).toString(16));
  hex[12] = '4';
  hex[16] = ((rng.int(0, 4) | 8) >>> 0).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The platform's `crypto.randomUUID`, or null (insecure contexts, old browsers). */
function cryptoRandomUUID(): (() => string) | null {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return typeof c?.randomUUID === 'function' ? () => (c.randomUUID as () => string).call(c) : null;
}

export interface ResumedStudy {
  readonly study: Study;
  /** The record's setup, re-validated. */
  readonly setup: SetupConfig;
  /** Ids of the trials just marked failed with `INTERRUPTED_REASON`; their params are `study.enqueued`. */
  readonly interruptedTrialIds: readonly number[];
}

/**
 * Restores a saved study so it can go on. Throws `SetupError` or `StudyFormatError` (naming the
 * field) when the stored record is damaged; the record itself is never changed.
 */
export function resumeStudy(record: SavedStudyRecord, options: LoadOptions = {}): ResumedStudy {
  const setup = validateSetup(record.setup);
  const study = loadStudy(record.study, options);
  const interruptedTrialIds = study.requeueRunning(INTERRUPTED_REASON);
  return { study, setup, interruptedTrialIds };
}
