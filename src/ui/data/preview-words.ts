/**
 * The words the data previews show: a table's delimiter and columns, what encoding did with
 * missing values and left-out columns, an image folder's skipped files, and the split. Pure
 * functions of the worker's previews and reports, so the sentences are tested without a page.
 *
 *   imputedNote({ column: 'weight_g', count: 15, method: 'train-mean' })   // 'weight_g: 15 missing, filled in with the training rows’ mean'
 */
import { describeProfile, type ColumnKind, type ColumnProfile, type ImputedColumn } from '../../training';

type ImputeMethod = ImputedColumn['method'];

/** The delimiter a table was split on, in words. */
export function delimiterName(delimiter: string): string {
  switch (delimiter) {
    case ',':
      return 'commas';
    case '\t':
      return 'tabs';
    case ';':
      return 'semicolons';
    default:
      return `"${delimiter}"`;
  }
}

export const KIND_LABELS: Readonly<Record<ColumnKind, string>> = {
  numeric: 'numeric',
  categorical: 'categorical',
  text: 'text',
  'id-like': 'ID-like',
  constant: 'constant',
};

/** A column's summary without its kind ("1 to 5, mean 3, 2 missing"): the kind has its own cell. */
export function profileSummary(profile: ColumnProfile): string {
  const described = describeProfile(profile);
  const colon = described.indexOf(': ');
  return colon === -1 ? described : described.slice(colon + 2);
}

/** Whether a column of this kind is used as a feature (ID-like, constant and text columns are left out). */
export function kindIsFeature(kind: ColumnKind): boolean {
  switch (kind) {
    case 'numeric':
    case 'categorical':
      return true;
    case 'text':
    case 'id-like':
    case 'constant':
      return false;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** Why a column of this kind is left out, before the worker's own reason is known. */
export function leftOutReason(kind: ColumnKind): string | null {
  switch (kind) {
    case 'text':
      return 'free text (too many distinct values to use as categories)';
    case 'id-like':
      return 'ID-like (a different value in each row says nothing about the target)';
    case 'constant':
      return 'constant (the same value in every row)';
    case 'numeric':
    case 'categorical':
      return null;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

const IMPUTE_WORDS: Readonly<Record<ImputeMethod, string>> = {
  'train-mean': 'filled in with the training rows’ mean',
  'missing-category': 'given a category of their own ("missing")',
  'all-zeros': 'encoded as no category (all zeros)',
};

/** One column's imputation, in words. */
export function imputedNote(imputed: ImputedColumn): string {
  return `${imputed.column}: ${count(imputed.count, 'missing value')}, ${IMPUTE_WORDS[imputed.method]}`;
}

/** The split in words: rows (or images) for training and validation, and the folds. */
export function splitNote(report: { readonly trainRows: number; readonly validationRows: number }, folds: number, unit: 'row' | 'image', stratified: boolean): string {
  const by = stratified ? ', stratified by class' : '';
  if (folds <= 1) return `${count(report.trainRows, `training ${unit}`)} and ${count(report.validationRows, `validation ${unit}`)}${by}.`;
  const total = report.trainRows + report.validationRows;
  return `${folds} folds over ${count(total, unit)}${by}: each trial trains ${folds} models, each validated on a different fold (about ${count(report.validationRows, unit)}).`;
}

/** Up to `shown` paths, then how many more. */
export function listNames(paths: readonly string[], shown = 5): string {
  const head = paths.slice(0, shown).join(', ');
  return paths.length > shown ? `${head} and ${paths.length - shown} more` : head;
}

/** "1 row", "240 rows", "3 classes". */
export function count(n: number, noun: string, plural = /(s|sh|ch|x)$/.test(noun) ? `${noun}es` : `${noun}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? noun : plural}`;
}
