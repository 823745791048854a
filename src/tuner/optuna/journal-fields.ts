/**
 * What reading an Optuna journal produces (studies and trials as the journal leaves them), and the
 * checked readers of a record's fields that the replay shares: each refuses a missing or mistyped
 * field with an `OptunaJournalError` naming the line, the field and what it holds.
 */
import type { ParamDef, ParamValue } from '../space/types';
import { shortValue } from '../describe-value';
import { OptunaJournalError, type JournalLine } from './journal-lines';
import { fromOptunaDistribution } from './distribution';
import { OPTUNA_TRIAL_STATE_NAMES, parseOptunaDatetime, type JournalAttrs, type OptunaTrialState } from './journal-ops';

/** A trial's state, by Optuna's name for it. */
export type OptunaTrialStateName = (typeof OPTUNA_TRIAL_STATE_NAMES)[OptunaTrialState];

/** One trial as the journal leaves it. */
export interface OptunaTrialRecord {
  /** Optuna's trial id (across all studies of the file) and number (within its study). */
  readonly trialId: number;
  readonly number: number;
  state: OptunaTrialStateName;
  /** The objective values (one per direction), or null when none was told. ±Infinity is kept. */
  values: number[] | null;
  /** Params in their external repr (a categorical's choice, not its index), in the order set. */
  params: Record<string, ParamValue>;
  distributions: Record<string, ParamDef>;
  /** Reported values by step, ascending; NaN as Optuna logged it. */
  intermediate: { step: number; value: number }[];
  userAttrs: JournalAttrs;
  systemAttrs: JournalAttrs;
  /** Times in ms since the epoch (Optuna's naive datetimes read as UTC), or null when absent. */
  datetimeStart: number | null;
  datetimeComplete: number | null;
  /** The line of its CREATE_TRIAL record. */
  readonly line: number;
}

/** One study as the journal leaves it. */
export interface OptunaStudyRecord {
  readonly studyId: number;
  readonly name: string;
  readonly directions: readonly ('minimize' | 'maximize')[];
  readonly userAttrs: JournalAttrs;
  readonly systemAttrs: JournalAttrs;
  /** Its trials by number. */
  readonly trials: OptunaTrialRecord[];
  /** The line of its CREATE_STUDY record. */
  readonly line: number;
}

/** Every study left after replaying a journal (deleted ones are gone), in order of creation. */
export interface OptunaJournalContents {
  readonly studies: readonly OptunaStudyRecord[];
  /** An unfinished last line (not JSON, no newline after it: a write in progress) left out, as Optuna does; else null. */
  readonly unfinishedLastLine: number | null;
}

/** A record being read, with its line for messages. */
export type Fields = JournalLine;

interface FieldKinds {
  string: string;
  'string-or-null': string | null;
  /** An id, number or step: an integer ≥ 0. */
  index: number;
  /** Any number, NaN and ±Infinity included. */
  number: number;
  'number-or-null': number | null;
  array: unknown[];
  'array-or-null': unknown[] | null;
  object: Record<string, unknown>;
}

const KIND_WORDS: Readonly<Record<keyof FieldKinds, string>> = {
  string: 'a string',
  'string-or-null': 'a string or null',
  index: 'an integer ≥ 0',
  number: 'a number',
  'number-or-null': 'a number or null',
  array: 'a list',
  'array-or-null': 'a list or null',
  object: 'an object',
};

/** The record's `key`, checked to be of `kind`; `fallback` when absent (refused as missing without one). */
export function field<K extends keyof FieldKinds>(f: Fields, key: string, kind: K, ...fallback: [FieldKinds[K]] | []): FieldKinds[K] {
  const v = f.record[key];
  if (v === undefined) {
    if (fallback.length === 1) return fallback[0];
    throw new OptunaJournalError(f.line, `the record has no "${key}"`);
  }
  if (!fits(kind, v)) throw new OptunaJournalError(f.line, `"${key}" must be ${KIND_WORDS[kind]}, got ${quote(v)}`);
  return v as FieldKinds[K];
}

function fits(kind: keyof FieldKinds, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'string-or-null':
      return v === null || typeof v === 'string';
    case 'index':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0;
    case 'number':
      return typeof v === 'number';
    case 'number-or-null':
      return v === null || typeof v === 'number';
    case 'array':
      return Array.isArray(v);
    case 'array-or-null':
      return v === null || Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** An attrs object (a copy); `single`: exactly one key, as Optuna's SET_*_ATTR records hold. */
export function checkedAttrs(f: Fields, key: string, single: boolean): JournalAttrs {
  const attrs = single ? field(f, key, 'object') : field(f, key, 'object', {});
  const keys = Object.keys(attrs);
  if (single && keys.length !== 1) throw new OptunaJournalError(f.line, `"${key}" must hold exactly one key, got ${keys.length}`);
  keys.forEach((k) => checkedName(f, k, 'attr key'));
  return { ...(attrs as JournalAttrs) };
}

/** A param name or attr key, refused when it is "__proto__" (a plain object cannot hold it as a key). */
export function checkedName(f: Fields, name: string, what: 'param name' | 'attr key'): string {
  if (name === '__proto__') throw new OptunaJournalError(f.line, `the ${what} "__proto__" is not supported`);
  return name;
}

/** Optuna's name of a state number; refused when it is none. */
export function stateName(f: Fields, raw: unknown): OptunaTrialStateName {
  const name = typeof raw === 'number' ? OPTUNA_TRIAL_STATE_NAMES[raw as OptunaTrialState] : undefined;
  if (name === undefined) throw new OptunaJournalError(f.line, `unknown trial state ${quote(raw)} (Optuna's states are 0 to 4)`);
  return name;
}

/** Told objective values: numbers (±Infinity kept); NaN refused, as Optuna records a NaN objective as a failed trial. */
export function checkedValues(f: Fields, raw: readonly unknown[]): number[] {
  return raw.map((v) => {
    if (typeof v !== 'number') throw new OptunaJournalError(f.line, `a trial value must be a number, got ${quote(v)}`);
    if (Number.isNaN(v)) throw new OptunaJournalError(f.line, 'a trial value is NaN; Optuna records a NaN objective as a failed trial without a value');
    return v;
  });
}

/** A datetime field as ms since the epoch; refused naming the text when it is not one. */
export function datetime(f: Fields, text: string): number {
  try {
    return parseOptunaDatetime(text);
  } catch (e) {
    throw new OptunaJournalError(f.line, (e as Error).message);
  }
}

/** A value from the file for a message: numbers as written (NaN too), anything else as short JSON. */
export function quote(v: unknown): string {
  return typeof v === 'number' ? String(v) : shortValue(v);
}

/** Distributions already read, by their JSON text: a journal repeats the same few thousands of times. */
export type DistributionCache = Map<string, ParamDef>;

/** Param `name`'s distribution from its JSON (string or object); refused naming the param and problem. */
export function readDistribution(f: Fields, name: string, json: unknown, cache: DistributionCache): ParamDef {
  checkedName(f, name, 'param name');
  const known = typeof json === 'string' ? cache.get(json) : undefined;
  if (known !== undefined) return known;
  let def: ParamDef;
  try {
    def = fromOptunaDistribution(json);
  } catch (e) {
    throw new OptunaJournalError(f.line, `param "${name}": ${(e as Error).message}`);
  }
  if (typeof json === 'string') cache.set(json, def);
  return def;
}
