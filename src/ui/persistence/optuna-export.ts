/**
 * Export for Optuna: a saved study as two files, the journal Optuna's `JournalStorage` opens
 * (`<name>.optuna.jsonl`, written by the engine's `studyToOptunaJournal`) and a Python script that
 * loads it and continues the study with Optuna's samplers (`<name>_optuna.py`, from
 * `optunaContinueScript`, which names the journal file so the two work side by side). A snapshot
 * of a Manual duel or race run keeps its origin (study-origin.ts) in the journal as the study user
 * attr `tfjs_tuner_origin`, so importing the journal again names it and refuses to continue it.
 *
 *   const { blob, fileName } = optunaJournalFile(record, Date.now());
 */
import { optunaContinueScript, studyToOptunaJournal, type JournalJSONValue } from '../../tuner';
import type { SavedStudyRecord } from './saved-study';
import { studyFileName } from './study-file';
import { OPTUNA_ORIGIN_ATTR, savedOrigin, studyOriginOf } from './study-origin';

export const OPTUNA_FILES = ['journal', 'script'] as const;
/** Which of the two files. */
export type OptunaFile = (typeof OPTUNA_FILES)[number];

/** `<name>-<date>`: the study file's name without its extension. */
function baseName(record: SavedStudyRecord, now: number): string {
  return studyFileName(record.name, now).replace(/\.json$/, '');
}

/** `<name>-<date>.optuna.jsonl`. */
export function optunaJournalFileName(record: SavedStudyRecord, now: number): string {
  return `${baseName(record, now)}.optuna.jsonl`;
}

/** The study as an Optuna journal, named as in the Saved list (running trials as failed at `now`, with a note). */
export function optunaJournalFile(record: SavedStudyRecord, now: number): { readonly blob: Blob; readonly fileName: string } {
  const journal = studyToOptunaJournal(record.study, { studyName: record.name, now, studyUserAttrs: originAttrs(record) });
  return { blob: new Blob([journal], { type: 'application/x-ndjson' }), fileName: optunaJournalFileName(record, now) };
}

/** The record's origin as a study user attr (as Saved names it: kept with it, or known by its old name); none for a plain study. */
function originAttrs(record: SavedStudyRecord): Record<string, JournalJSONValue> {
  const origin = savedOrigin(studyOriginOf(record.extra), record.name);
  return origin === null ? {} : { [OPTUNA_ORIGIN_ATTR]: { ...origin } };
}

/** The Python script that continues the study in Optuna from the journal downloaded beside it. */
export function optunaScriptFile(record: SavedStudyRecord, now: number): { readonly blob: Blob; readonly fileName: string } {
  const script = optunaContinueScript(record.study, { journalFileName: optunaJournalFileName(record, now), studyName: record.name });
  return { blob: new Blob([script], { type: 'text/x-python' }), fileName: `${baseName(record, now)}_optuna.py` };
}

/** One of the two files. */
export function optunaDownload(record: SavedStudyRecord, file: OptunaFile, now: number): { readonly blob: Blob; readonly fileName: string } {
  switch (file) {
    case 'journal':
      return optunaJournalFile(record, now);
    case 'script':
      return optunaScriptFile(record, now);
    default: {
      const unreachable: never = file;
      return unreachable;
    }
  }
}
