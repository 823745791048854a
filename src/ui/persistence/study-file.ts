/**
 * Study files: exporting a saved study as JSON, and importing one. The imported text is treated
 * as hostile: size, nesting and the number of trials (the page's limit per study) are checked in
 * one scan before the text is parsed, prototype-polluting keys right after, then the file's
 * envelope (a valibot schema), the setup (`validateSetup`, which also checks the space against its
 * task) and the study (the engine's `loadStudy`) are validated, and the two must agree on the search space. Every refusal is a `StudyFileError`
 * whose message says what to do; parsing is pure, so a refused import changes nothing.
 *
 * A bare study (the engine's own `study.toJSON()`, format "tfjs-tuner.study") is accepted too, with
 * a setup inferred from its parameters, or refused when no task fits (see bare-study-setup.ts).
 * A study on the user's data may be exported with its data (study-file-data.ts): such a file has a
 * larger size limit, and its sources are checked, fingerprints included, before anything is stored.
 */
import * as v from 'valibot';
import { EARLIER_STUDY_FORMATS, loadStudy, restoreScheduler, shortValue, STUDY_FORMAT, STUDY_VERSION, StudyFormatError, type StudyJSON } from '../../tuner';
import { SetupError, validateSetup, type SetupConfig } from '../setup/setup-config';
import { describeObjective, objectiveOf } from '../setup/objective';
import type { SavedSchedulerState } from '../setup/scheduler-resume';
import { setupForBareStudy, type BareStudySetup } from './bare-study-setup';
import { isStudyStatus, STUDY_STATUSES, type SavedStudyRecord, type StudyStatus } from './saved-study';
import { parseUntrustedJSON, UntrustedJSONError, type JSONValue, type UntrustedJSONProblem } from './untrusted-json';
import { MAX_STUDY_FILE_BYTES, MAX_TRIALS_PER_STUDY } from '../limits';
import { fingerprintFiles, type PickedSourceFile } from '../../training';
import type { DataSource } from './data-source';
import { StudyFileError } from './study-file-error';
import { checkSourceFingerprints, declaresData, MAX_STUDY_FILE_WITH_DATA_BYTES, readSources, STUDY_FILE_WITH_DATA_FORMAT, studyFileWithDataBlob } from './study-file-data';

export { MAX_STUDY_FILE_BYTES, MAX_STUDY_FILE_WITH_DATA_BYTES, STUDY_FILE_WITH_DATA_FORMAT, StudyFileError };

export const STUDY_FILE_FORMAT = 'tfjs-tuner.saved-study';
/** Earlier names of the file format, still read. */
const EARLIER_STUDY_FILE_FORMATS: readonly unknown[] = ['b31295fb.saved-study'];
export const STUDY_FILE_VERSION = 1;
export const MAX_STUDY_FILE_DEPTH = 64;
export const MAX_STUDY_NAME_CHARS = 200;

export interface StudyFileJSON {
  readonly format: typeof STUDY_FILE_FORMAT;
  readonly version: typeof STUDY_FILE_VERSION;
  readonly name: string;
  /** ISO 8601; informational. */
  readonly exportedAt: string;
  readonly status: StudyStatus;
  readonly setup: SetupConfig;
  readonly study: StudyJSON;
  readonly extra?: JSONValue;
  /** A scheduled study's scheduler state (saved-study.ts). */
  readonly scheduler?: SavedSchedulerState;
}

/** What an import yields: a record without id or timestamps (the page assigns those). */
export interface ImportedStudy {
  readonly name: string;
  readonly status: StudyStatus;
  readonly setup: SetupConfig;
  /** Re-serialised by the engine after validation. */
  readonly study: StudyJSON;
  readonly extra?: JSONValue;
  readonly scheduler?: SavedSchedulerState;
  /** Assumptions made while importing, to show the user (empty for a complete file). */
  readonly notes: readonly string[];
  /** The data the file carried (a study file with data), its fingerprints checked; absent for a file without. */
  readonly sources?: readonly DataSource[];
}


export function studyFileJSON(record: SavedStudyRecord, now: number): StudyFileJSON {
  const file: StudyFileJSON = {
    format: STUDY_FILE_FORMAT,
    version: STUDY_FILE_VERSION,
    name: record.name,
    exportedAt: new Date(now).toISOString(),
    status: record.status,
    setup: record.setup,
    study: record.study,
  };
  return { ...file, ...(record.extra === undefined ? {} : { extra: record.extra }), ...(record.scheduler === undefined ? {} : { scheduler: record.scheduler }) };
}

/** Compact JSON (a long study is large enough already). */
export function studyFileText(record: SavedStudyRecord, now: number): string {
  return JSON.stringify(studyFileJSON(record, now));
}

export function studyFileBlob(record: SavedStudyRecord, now: number): Blob {
  return new Blob([studyFileText(record, now)], { type: 'application/json' });
}

/** The study file with `sources` (the data its setup names) in it; refuses data too large for a study file. */
export function studyFileWithData(record: SavedStudyRecord, sources: readonly DataSource[], now: number): Promise<Blob> {
  return studyFileWithDataBlob({ ...studyFileJSON(record, now) }, sources);
}

/** `<name>-<YYYY-MM-DD>.json` (local date), with the name made safe for every file system. */
export function studyFileName(name: string, now: number): string {
  const safe = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .replace(/[-.]+$/, '');
  const d = new Date(now);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${safe === '' ? 'study' : safe}-${date}.json`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Reads a picked or dropped file, refusing one over the size limit before reading it (the larger
 * limit when its first bytes declare a study file with data), and checks the fingerprints of the
 * data it carries (`fingerprint`: SHA-256 of a source's files).
 */
export async function readStudyFile(file: Blob, fingerprint: (files: readonly PickedSourceFile[]) => Promise<string> = fingerprintFiles): Promise<ImportedStudy> {
  if (file.size > MAX_STUDY_FILE_BYTES) {
    if (file.size > MAX_STUDY_FILE_WITH_DATA_BYTES || !declaresData(await file.slice(0, 200).text())) throw tooLarge(file.size);
  }
  const imported = parseStudyFile(await file.text());
  if (imported.sources !== undefined) await checkSourceFingerprints(imported.sources, fingerprint);
  return imported;
}

/** Validates a study file's text; throws `StudyFileError` (only) when it is refused. */
export function parseStudyFile(text: string): ImportedStudy {
  let raw: JSONValue;
  try {
    raw = parseUntrustedJSON(text, {
      maxChars: declaresData(text) ? MAX_STUDY_FILE_WITH_DATA_BYTES : MAX_STUDY_FILE_BYTES,
      maxDepth: MAX_STUDY_FILE_DEPTH,
      maxListItems: { key: 'trials', max: MAX_TRIALS_PER_STUDY },
    });
  } catch (e) {
    throw e instanceof UntrustedJSONError ? untrusted(e.problem) : new StudyFileError(`not a study file: ${String(e)}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new StudyFileError(`not a study file: it holds ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`}, not a study`);
  }
  const format = EARLIER_STUDY_FILE_FORMATS.includes(raw.format) ? STUDY_FILE_FORMAT : EARLIER_STUDY_FORMATS.includes(raw.format as string) ? STUDY_FORMAT : raw.format;
  // Only a file that carries data may be over the plain limit (its first bytes alone do not decide).
  if (format !== STUDY_FILE_WITH_DATA_FORMAT && text.length > MAX_STUDY_FILE_BYTES) throw tooLarge(text.length);
  switch (format) {
    case STUDY_FILE_FORMAT:
      return readSavedStudyFile(raw);
    case STUDY_FILE_WITH_DATA_FORMAT: {
      const imported = readSavedStudyFile(raw);
      const sources = readSources(raw.sources, imported.setup);
      if (sources.length === 0 && text.length > MAX_STUDY_FILE_BYTES) throw tooLarge(text.length);
      return sources.length === 0 ? imported : { ...imported, sources };
    }
    case STUDY_FORMAT:
      return readBareStudy(raw);
    default:
      throw new StudyFileError(
        `not a study file: expected format "${STUDY_FILE_FORMAT}" (or a bare "${STUDY_FORMAT}"), found ${raw.format === undefined ? 'none' : shortValue(raw.format)}`,
      );
  }
}

/** A saved-study file's envelope; the setup and the study inside are checked by their own validators. */
const SavedStudyFileSchema = v.object(
  {
    name: v.optional(v.string((issue) => `its name must be text, found ${shortValue(issue.input)}`)),
    status: v.optional(v.picklist(STUDY_STATUSES, (issue) => `unknown status ${shortValue(issue.input)}`)),
    setup: v.unknown(),
    study: v.unknown(),
    extra: v.optional(v.unknown()),
    scheduler: v.optional(v.unknown()),
  },
  (issue) => `it has no ${String(issue.path?.[issue.path.length - 1]?.key ?? 'content')}`,
);

function readSavedStudyFile(raw: { readonly [key: string]: JSONValue }): ImportedStudy {
  checkVersion(raw.version, STUDY_FILE_VERSION, 'study file');
  const parsed = v.safeParse(SavedStudyFileSchema, raw);
  if (!parsed.success) throw new StudyFileError(`not a study file: ${parsed.issues[0].message}`);
  const file = parsed.output;
  const name = (file.name ?? '').trim().slice(0, MAX_STUDY_NAME_CHARS);
  let setup: SetupConfig;
  try {
    setup = validateSetup(file.setup);
  } catch (e) {
    throw new StudyFileError(`the file's setup is invalid: ${e instanceof SetupError ? `${e.path}: ${e.problem}` : String(e)}`);
  }
  const study = checkedStudy(file.study as JSONValue);
  if (JSON.stringify(study.space) !== JSON.stringify(setup.space)) {
    throw new StudyFileError(
      `the file's setup and study disagree: the study's search space (${Object.keys(study.space).join(', ')}) ` +
        `is not the setup's (${Object.keys(setup.space).join(', ')})`,
    );
  }
  const objective = objectiveOf(setup);
  if (objective.direction !== study.direction) {
    throw new StudyFileError(`the file's setup and study disagree: the setup's objective is ${describeObjective(objective)}, the study ${study.direction === 'minimize' ? 'minimises' : 'maximises'}`);
  }
  const scheduler = readSchedulerState(file.scheduler as JSONValue | undefined, setup);
  const imported = { name: name === '' ? study.name || 'Imported study' : name, status: importedStatus(file.status), setup, study, notes: scheduler.notes };
  return { ...imported, ...(file.extra === undefined ? {} : { extra: file.extra as JSONValue }), ...(scheduler.state === undefined ? {} : { scheduler: scheduler.state }) };
}

/**
 * The file's scheduler state when it is one this setup's scheduler can load; otherwise it is left
 * out with a note (the study itself imports: a resumed run starts its scheduler afresh).
 */
function readSchedulerState(raw: JSONValue | undefined, setup: SetupConfig): { state?: SavedSchedulerState; notes: string[] } {
  if (raw === undefined) return { notes: [] };
  const leftOut = (why: string) => ({ notes: [`Its scheduler state was left out (${why}); resuming starts the scheduler afresh.`] });
  if (setup.scheduler === undefined) {
    // FIFO keeps nothing worth restoring, and a setup saved with FIFO now reads as no scheduler (the loop's FIFO).
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && raw.name === 'fifo' ? { notes: [] } : leftOut('the setup has no scheduler');
  }
  try {
    const scheduler = restoreScheduler(raw);
    if (scheduler.name !== setup.scheduler.name) return leftOut(`it is for ${scheduler.name}, the setup runs ${setup.scheduler.name}`);
  } catch (e) {
    return leftOut(e instanceof Error ? e.message : String(e));
  }
  return { state: raw as unknown as SavedSchedulerState, notes: [] };
}

function readBareStudy(raw: { readonly [key: string]: JSONValue }): ImportedStudy {
  const study = checkedStudy(raw);
  let inferred: BareStudySetup;
  try {
    inferred = setupForBareStudy(study);
  } catch (e) {
    throw new StudyFileError(`the file's study has no setup, and none could be made for it: ${e instanceof SetupError ? `${e.path}: ${e.problem}` : String(e)}`);
  }
  switch (inferred.kind) {
    case 'setup':
      return { name: study.name || 'Imported study', status: 'paused', setup: inferred.setup, study, notes: inferred.notes };
    case 'no-task':
      throw new StudyFileError(inferred.message);
    default: {
      const unreachable: never = inferred;
      return unreachable;
    }
  }
}

/** Validates with `loadStudy` and returns the engine's own re-serialisation. */
function checkedStudy(raw: JSONValue): StudyJSON {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && (raw.format === STUDY_FORMAT || EARLIER_STUDY_FORMATS.includes(raw.format as string))) {
    checkVersion(raw.version, STUDY_VERSION, 'study');
  }
  try {
    return loadStudy(raw, { clock: () => 0 }).toJSON();
  } catch (e) {
    if (e instanceof StudyFormatError) throw new StudyFileError(describeStudyProblem(e.path, e.problem));
    throw new StudyFileError(`the file's study could not be read: ${String(e)}`);
  }
}

function describeStudyProblem(path: string, problem: string): string {
  const trial = /^trials\[(\d+)\](?:\.(.*))?$/.exec(path);
  if (trial !== null) {
    const [, index, field] = trial;
    if (field === 'params') return `the file's trial ${index} has params outside the search space: ${problem}`;
    return `the file's trial ${index} is damaged: ${field ?? 'the trial'} ${problem}`;
  }
  if (path === 'space') return `the file's search space is invalid: ${problem.replace(/^search space: /, '')}`;
  if (path === 'sampler.name') return `the file's study cannot be restored: ${problem}`;
  return `the file's study is damaged: ${path} ${problem}`;
}

function checkVersion(version: JSONValue | undefined, supported: number, what: string): void {
  if (version === supported) return;
  if (typeof version === 'number' && Number.isInteger(version) && version > supported) {
    throw new StudyFileError(
      `this file is from a newer version of the page (${what} version ${version}; this page reads version ${supported}): reload or update the page and try again`,
    );
  }
  throw new StudyFileError(`not a study file: unsupported ${what} version ${version === undefined ? '(missing)' : shortValue(version)}`);
}

/** A study is never running right after an import. */
function importedStatus(status: StudyStatus | undefined): StudyStatus {
  if (!isStudyStatus(status)) return 'paused';
  switch (status) {
    case 'running':
    case 'interrupted':
      return 'interrupted';
    case 'paused':
    case 'finished':
      return status;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

function untrusted(problem: UntrustedJSONProblem): StudyFileError {
  switch (problem.kind) {
    case 'too-large':
      return tooLarge(problem.chars);
    case 'too-deep':
      return new StudyFileError(`not a study file: its data is nested more than ${problem.maxDepth} levels deep`);
    case 'too-many-items':
      return new StudyFileError(
        `the file's study has ${problem.items.toLocaleString('en-US')} trials, more than the ${problem.max.toLocaleString('en-US')} a study may hold on this page, so it was not imported`,
      );
    case 'syntax':
      return new StudyFileError(`not a study file: it is not valid JSON (${problem.detail})`);
    case 'forbidden-key':
      return new StudyFileError(
        `the file was refused for safety: it contains the key "${problem.key}" (at ${problem.path}), which study files never use`,
      );
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

function tooLarge(size: number): StudyFileError {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  const withData = size > MAX_STUDY_FILE_WITH_DATA_BYTES ? `, or up to ${mb(MAX_STUDY_FILE_WITH_DATA_BYTES)} for one that carries its data` : '';
  return new StudyFileError(`the file is too large (${mb(size)}); study files up to ${mb(MAX_STUDY_FILE_BYTES)} can be imported${withData}`);
}
