/**
 * Optuna journal files in the Saved view's import: telling one from a study file by its content,
 * listing the studies it holds (the user picks one when there are several), and reading the one
 * picked into an `ImportedStudy` that the library stores like any imported study file. The engine
 * replays the log (`studyFromOptunaJournal`); a file it refuses becomes a `StudyFileError` whose
 * message names the line and the problem, so nothing is stored.
 *
 * The study picked keeps the sampler and seed our export recorded in it (else the GP, seed 0), and
 * trials Optuna could not give whole (one that failed before its parameters were all suggested)
 * are left out with a note, and so is an unfinished last line (a write in progress). The page keeps every study with a setup. When the study's parameters fit one of the page's tasks
 * (a synthetic landscape, a CNN task), it gets that task's setup (bare-study-setup.ts), with a trial
 * budget that runs `RESUME_TRIALS` more, and can be resumed; when they fit none, it gets a setup
 * made only to show its results, which the page never runs (continue-problem.ts says why in its
 * Saved row), and it can go on in Optuna instead. A journal our export wrote of a Manual duel's
 * player or a race run carries its origin (study-origin.ts) in the study user attr
 * `tfjs_tuner_origin`: the study is then kept as the finished snapshot it was, its origin in `extra`,
 * so Saved and Results name it and continuing it is refused as for the original (an attr that is not
 * a valid origin is ignored, with a note).
 *
 *   if (await isOptunaJournal(file)) {
 *     const read = await readOptunaFile(file, null);   // { kind: 'pick', studies } when several
 *   }
 */
import { importOptunaJournal, listOptunaStudies, OPTUNA_JOURNAL_MAX_BYTES, OptunaJournalError, type OptunaSamplerHint, type StudyJSON } from '../../tuner';
import { MAX_TRIALS_PER_STUDY } from '../limits';
import { defaultSetup, SetupError, validateSetup, type SetupConfig } from '../setup/setup-config';
import { setupForBareStudy } from './bare-study-setup';
import { fitsSomeTask, noTaskMessage } from './continue-problem';
import { StudyFileError } from './study-file-error';
import type { ImportedStudy } from './study-file';
import { checkedOrigin, OPTUNA_ORIGIN_ATTR, originContinueMessage, originExtra, type StudyOrigin } from './study-origin';

/** What a listed study in a journal looks like to the picker. */
export type OptunaStudyChoice = ReturnType<typeof listOptunaStudies>[number];

export type OptunaFileRead =
  /** The file holds several studies: the user picks one by name. */
  | { readonly kind: 'pick'; readonly studies: readonly OptunaStudyChoice[] }
  | { readonly kind: 'study'; readonly imported: ImportedStudy }
  | { readonly kind: 'refused'; readonly error: StudyFileError };

/** File name endings Optuna journals are usually given. */
export const OPTUNA_JOURNAL_EXTENSIONS = ['.jsonl', '.log', '.journal'] as const;

/** More trials a resumed imported study runs (its budget is its trials plus these). */
export const RESUME_TRIALS = 20;

/** The objective's name in a study that fits no task: Optuna calls a trial's result its value. */
export const OPTUNA_VALUE_METRIC = 'value';

const HEAD_BYTES = 4096;

/** Where a study that cannot continue here can go on. */
const ELSEWHERE = 'Its results can be viewed here, and it can go on in Optuna (Export for Optuna) or through the library API with your own task.';

/**
 * Whether a picked file is an Optuna journal: its first line is a JSON record with an `op_code`, or
 * its name ends like a journal's and it does not start like a study file. Decided from its first
 * bytes, without reading the rest.
 */
export async function isOptunaJournal(file: Blob): Promise<boolean> {
  const head = (await file.slice(0, HEAD_BYTES).text()).replace(/^\uFEFF/, '').trimStart();
  if (/^\{\s*"op_code"\s*:/.test(head)) return true;
  const firstLine = head.split('\n', 1)[0] ?? '';
  if (firstLine.length < head.length || head.length < HEAD_BYTES) {
    try {
      const record: unknown = JSON.parse(firstLine);
      if (record !== null && typeof record === 'object' && !Array.isArray(record) && 'op_code' in record) return true;
    } catch {
      // Not one JSON line: decided by its name below.
    }
  }
  const name = 'name' in file && typeof file.name === 'string' ? file.name.toLowerCase() : '';
  return OPTUNA_JOURNAL_EXTENSIONS.some((ext) => name.endsWith(ext)) && !/^\{\s*"format"\s*:/.test(head);
}

/**
 * Reads an Optuna journal: the study named `studyName`, or its one study; `pick` when it holds
 * several and none was named. Never throws: a refused file is `refused`, its message naming the
 * line and the problem.
 */
export async function readOptunaFile(file: Blob, studyName: string | null, now: () => number = Date.now): Promise<OptunaFileRead> {
  try {
    if (file.size > OPTUNA_JOURNAL_MAX_BYTES) throw new StudyFileError(`the Optuna journal is too large (${mb(file.size)}); journals up to ${mb(OPTUNA_JOURNAL_MAX_BYTES)} can be imported`);
    const text = await file.text();
    const studies = listOptunaStudies(text);
    if (studyName === null && studies.length > 1) return { kind: 'pick', studies };
    const name = studyName ?? studies[0]?.name ?? null;
    const listed = studies.find((s) => s.name === name);
    if (name === null || listed === undefined) throw new StudyFileError(name === null ? 'the Optuna journal holds no study' : `the Optuna journal holds no study named “${name}”`);
    if (listed.trials > MAX_TRIALS_PER_STUDY) {
      throw new StudyFileError(`the Optuna study “${name}” has ${listed.trials.toLocaleString('en-US')} trials, more than the ${MAX_TRIALS_PER_STUDY.toLocaleString('en-US')} a study may hold on this page, so it was not imported`);
    }
    const { study, skipped, unfinishedLastLine, madeBy, studyUserAttrs } = importOptunaJournal(text, { studyName: name, clock: now });
    const imported = importedOptunaStudy(study.toJSON(), madeBy, studyUserAttrs);
    const notes: string[] = [];
    if (unfinishedLastLine !== null) notes.push(`The journal's last line (line ${unfinishedLastLine}) was left out: it is not whole JSON and has no newline after it, as when Optuna was still writing it, and Optuna leaves it out too.`);
    if (skipped.length > 0) {
      const why = skipped.slice(0, 3).map((s) => `#${s.number}: ${s.reason}`).join('; ');
      notes.push(`${skipped.length} of its Optuna trials could not be added (${why}${skipped.length > 3 ? '; …' : ''}).`);
    }
    return { kind: 'study', imported: { ...imported, notes: [...imported.notes, ...notes] } };
  } catch (error) {
    return { kind: 'refused', error: refusal(error) };
  }
}

/** Where a study imported from Optuna that cannot run here came from, kept in its record's `extra`. */
export interface OptunaOrigin {
  /** The sampler its journal shows made it (null when the journal does not tell). */
  readonly sampler: OptunaSamplerHint | null;
}

/** The record `extra` key under which a view-only imported study keeps its `OptunaOrigin`. */
const ORIGIN_KEY = 'optunaOrigin';

/** The `OptunaOrigin` a record's `extra` holds, or null when it holds none. */
export function optunaOriginOf(extra: unknown): OptunaOrigin | null {
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return null;
  const origin = (extra as Record<string, unknown>)[ORIGIN_KEY];
  if (origin === null || typeof origin !== 'object') return null;
  const sampler = (origin as { sampler?: unknown }).sampler;
  const known = sampler !== null && typeof sampler === 'object' && ((sampler as { from?: unknown }).from === 'optuna' || (sampler as { from?: unknown }).from === 'tfjs-tuner') && typeof (sampler as { name?: unknown }).name === 'string';
  return { sampler: known ? (sampler as OptunaSamplerHint) : null };
}

/**
 * The study as the page imports it: with its task's setup when its parameters fit one, else a
 * setup to view it by (and, in `extra`, the sampler `madeBy` that its journal shows made it). When
 * its study user attrs (`studyAttrs`) hold a valid origin, it is that finished snapshot instead.
 */
export function importedOptunaStudy(study: StudyJSON, madeBy: OptunaSamplerHint | null = null, studyAttrs: Readonly<Record<string, unknown>> = {}): ImportedStudy {
  const name = study.name.trim() === '' ? 'Optuna study' : study.name;
  const base = { name, status: 'paused' as const, study };
  const madeByExtra = { [ORIGIN_KEY]: { sampler: madeBy === null ? null : { from: madeBy.from, name: madeBy.name } } };
  const viewOnly = (why: string): ImportedStudy => ({
    ...base,
    setup: viewOnlySetup(study),
    extra: madeByExtra,
    notes: [`It cannot continue in this page: ${why}. ${ELSEWHERE}`],
  });
  const origin = originOfAttrs(studyAttrs);
  if (origin !== null && origin !== 'invalid') {
    const taskSetup = snapshotTaskSetup(study);
    return {
      ...base,
      status: 'finished',
      setup: taskSetup ?? viewOnlySetup(study),
      extra: { ...(taskSetup === null ? madeByExtra : {}), ...originExtra(origin) },
      notes: [`It cannot continue in this page: ${originContinueMessage(origin)}. ${ELSEWHERE}`],
    };
  }
  const originNotes = origin === 'invalid' ? [`Its journal's study attr “${OPTUNA_ORIGIN_ATTR}” is not a Manual duel player or race run this page knows, so it was ignored and the study imported as a plain one.`] : [];
  const plain = plainImport(study, base, viewOnly);
  return { ...plain, notes: [...originNotes, ...plain.notes] };
}

/** A study without an origin: on its task, resumable, when its parameters fit one; else `viewOnly`. */
function plainImport(study: StudyJSON, base: Pick<ImportedStudy, 'name' | 'status' | 'study'>, viewOnly: (why: string) => ImportedStudy): ImportedStudy {
  if (!fitsSomeTask(study.space)) return viewOnly(noTaskMessage(study.space));
  try {
    const matched = setupForBareStudy(study);
    if (matched.kind === 'no-task') return viewOnly(matched.message);
    const trials = Math.min(MAX_TRIALS_PER_STUDY, Math.max(1, study.trials.length + RESUME_TRIALS));
    const setup = validateSetup({ ...matched.setup, budget: { ...matched.setup.budget, trials } });
    const notes = matched.notes.map((note) => note.replace(/^The file holds a bare study with no setup: it/, 'It'));
    return { ...base, setup, notes: [...notes, `Resuming it runs ${trials - study.trials.length} more trials.`] };
  } catch (error) {
    const why = error instanceof SetupError ? `${error.path}: ${error.problem}` : error instanceof Error ? error.message : String(error);
    return viewOnly(`its setup does not fit a task here (${why})`);
  }
}

/** The origin the study attrs hold: null when they hold none, 'invalid' when the attr is there but is not a valid origin. */
function originOfAttrs(studyAttrs: Readonly<Record<string, unknown>>): StudyOrigin | 'invalid' | null {
  if (!Object.hasOwn(studyAttrs, OPTUNA_ORIGIN_ATTR)) return null;
  return checkedOrigin(studyAttrs[OPTUNA_ORIGIN_ATTR]) ?? 'invalid';
}

/** A snapshot's setup on the task its parameters fit, with a budget of the trials it has (nothing left to run); null when none fits. */
function snapshotTaskSetup(study: StudyJSON): SetupConfig | null {
  if (!fitsSomeTask(study.space)) return null;
  try {
    const matched = setupForBareStudy(study);
    if (matched.kind === 'no-task') return null;
    return validateSetup({ ...matched.setup, budget: { ...matched.setup.budget, trials: Math.min(MAX_TRIALS_PER_STUDY, Math.max(1, study.trials.length)) } });
  } catch {
    return null;
  }
}

/**
 * A setup that only shows a study's results: its space and direction, the value as its objective,
 * and a budget of the trials it has (nothing left to run). It is not a valid setup for any task
 * (`validateSetup` refuses it), so the page never runs it; the synthetic task under it only keeps
 * the results views from offering a trained model.
 */
function viewOnlySetup(study: StudyJSON): SetupConfig {
  const base = defaultSetup('synthetic-mlp');
  return Object.freeze({
    ...base,
    space: study.space,
    strategy: base.strategy,
    budget: Object.freeze({ ...base.budget, trials: Math.max(1, study.trials.length) }),
    seed: Number.isInteger(study.seed) && study.seed >= 0 && study.seed < 2 ** 31 ? study.seed : base.seed,
    objective: Object.freeze({ metric: OPTUNA_VALUE_METRIC, direction: study.direction }),
  });
}

function refusal(error: unknown): StudyFileError {
  if (error instanceof StudyFileError) return error;
  if (error instanceof OptunaJournalError) return new StudyFileError(error.message);
  return new StudyFileError(`the Optuna journal could not be read: ${error instanceof Error ? error.message : String(error)}`);
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
