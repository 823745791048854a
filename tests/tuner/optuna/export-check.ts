/**
 * What real Optuna sees in a journal: runs export_check.py (beside this file) on the journal's
 * text and returns its JSON. Used by the export tests and by the page's end-to-end test.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runPython, scratchFolder } from './optuna-python';

/** One trial as Optuna loaded it. */
export interface OptunaTrialView {
  number: number;
  state: 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';
  value: number | null;
  params: Record<string, number | string | boolean>;
  /** distribution_to_json text by param name. */
  distributions: Record<string, string>;
  intermediate_values: Record<string, number>;
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  datetime_start: string | null;
  datetime_complete: string | null;
}

/** One study as Optuna loaded it. */
export interface OptunaStudyView {
  name: string;
  directions: string[];
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  trials: OptunaTrialView[];
}

/** export_check.py's output. */
export interface OptunaView {
  optuna: string;
  studies: OptunaStudyView[];
  /** The first study's `user_attrs` as `optuna.load_study` gives them (absent when the journal holds no study). */
  loaded_user_attrs?: Record<string, unknown>;
  /** With `continueTrials`: every trial of the first study after Optuna's TPE ran that many more. */
  continued?: { trials: OptunaTrialView[] };
  /** With `copyToSqlite`: how many trials the SQLite copy holds. */
  copied?: number;
  /** With `copyToSqlite`: the SQLite copy's study `user_attrs`. */
  copied_user_attrs?: Record<string, unknown>;
}

/** Loads `journal` (file text) with real Optuna; optionally continues it with TPE and copies it to SQLite. */
export async function optunaSees(journal: string, options: { continueTrials?: number; copyToSqlite?: boolean } = {}): Promise<OptunaView> {
  const scratch = await scratchFolder();
  try {
    const file = join(scratch.dir, 'study.optuna.jsonl');
    await writeFile(file, journal);
    const args = [file];
    if (options.continueTrials !== undefined) args.push('--continue', String(options.continueTrials));
    if (options.copyToSqlite === true) args.push('--copy-sqlite', join(scratch.dir, 'copy.db'));
    const source = await readFile(new URL('./export_check.py', import.meta.url), 'utf8');
    return JSON.parse(await runPython(source, args, scratch.dir)) as OptunaView;
  } finally {
    await scratch.remove();
  }
}
