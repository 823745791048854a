/**
 * Fitting the preprocessing of a table on its training rows only: which columns become features
 * and how, written as a JSON-serialisable `Preprocessing` (saved as preprocessing.json beside a
 * model, and applied to one new row by `encodeRow`).
 *
 * Notation, for a numeric column over the training rows r with a value x_r:
 *   μ = mean of x_r,  σ = population standard deviation of x_r,  feature = (x − μ) / σ
 *   a missing x is imputed with μ (so its feature is 0); σ = 0 leaves the column out as constant.
 * A categorical column becomes one slot per category seen in the training rows (one-hot), in
 * code-point order, plus a last "missing" slot when a training row lacks a value: a missing value
 * is its own category, not the mode. A category not seen in training encodes as all zeros.
 * ID-like, text and constant columns are left out, each with a note.
 */

import { cellCategory, cellNumber } from './cell-values';
import type { ColumnProfile } from './column-profile';
import type { Table } from './parse-table';
import { TableError } from './table-error';
import { classNames, type TargetChoice } from './target';

/** How one source column becomes features, starting at feature `offset`. */
export type FeatureEncoding =
  | { readonly kind: 'numeric'; readonly column: string; readonly offset: number; readonly mean: number; readonly std: number }
  | {
      readonly kind: 'categorical';
      readonly column: string;
      readonly offset: number;
      readonly categories: readonly string[];
      /** Whether a last slot (after the categories) marks a missing value. */
      readonly missingSlot: boolean;
    };

/** A column that gives no feature, and why, in words. */
export interface LeftOutColumn {
  readonly column: string;
  readonly reason: string;
}

/** What the model predicts: class indices into `labels`, or a number. */
export type TargetEncoding =
  | { readonly task: 'classification'; readonly column: string; readonly labels: readonly string[] }
  | { readonly task: 'regression'; readonly column: string };

/** Everything needed to turn a row of the table into model input: preprocessing.json. */
export interface Preprocessing {
  readonly format: 'table-preprocessing';
  readonly version: 1;
  /** The source table's columns, in file order. */
  readonly columns: readonly string[];
  /** One entry per feature-giving column, in feature order. */
  readonly features: readonly FeatureEncoding[];
  readonly featureCount: number;
  readonly leftOut: readonly LeftOutColumn[];
  readonly target: TargetEncoding;
}

/**
 * Fits the preprocessing on `trainRows` (indices into `table.rows`, each with a target value).
 * Throws a `TableError` when there are no training rows or no column is left to learn from.
 */
export function fitPreprocessing(table: Table, profiles: readonly ColumnProfile[], target: TargetChoice, trainRows: readonly number[]): Preprocessing {
  if (trainRows.length === 0) throw new TableError('too-few-rows', 'there are no training rows to fit the preprocessing on');
  const features: FeatureEncoding[] = [];
  const leftOut: LeftOutColumn[] = [];
  let offset = 0;
  for (const profile of profiles) {
    if (profile.index === target.index) continue;
    const reason = leaveOutReason(profile);
    if (reason !== null) {
      leftOut.push({ column: profile.name, reason });
      continue;
    }
    const encoding = profile.kind === 'numeric' ? fitNumeric(table, profile, trainRows, offset) : fitCategorical(table, profile, trainRows, offset);
    if (typeof encoding === 'string') {
      leftOut.push({ column: profile.name, reason: encoding });
      continue;
    }
    features.push(encoding);
    offset += encoding.kind === 'numeric' ? 1 : encoding.categories.length + (encoding.missingSlot ? 1 : 0);
  }
  if (features.length === 0) {
    throw new TableError('no-column', `no column is left to learn "${target.column}" from: ${leftOut.map((entry) => `"${entry.column}" (${entry.reason})`).join(', ') || 'the table has no other column'}`);
  }
  const targetEncoding: TargetEncoding =
    target.taskKind === 'classification' ? { task: 'classification', column: target.column, labels: classNames(table, target) } : { task: 'regression', column: target.column };
  return { format: 'table-preprocessing', version: 1, columns: [...table.columns], features, featureCount: offset, leftOut, target: targetEncoding };
}

/**
 * The preprocessing `layout` (its columns, categories and missing slots: the same features) with
 * each numeric column's μ and σ fitted again on `trainRows`, so that k folds share one feature
 * layout while each standardises with its own training rows. A column with no value or σ = 0 in
 * these rows keeps σ = 1 (its feature is then x − μ, or 0 where it has no value).
 */
export function refitNumericScales(layout: Preprocessing, table: Table, trainRows: readonly number[]): Preprocessing {
  if (trainRows.length === 0) throw new TableError('too-few-rows', 'there are no training rows to fit the preprocessing on');
  const features = layout.features.map((encoding): FeatureEncoding => {
    if (encoding.kind !== 'numeric') return encoding;
    const index = table.columns.indexOf(encoding.column);
    if (index === -1) throw new TableError('no-column', `the table has no column "${encoding.column}", which the preprocessing uses`);
    const { mean, std } = numericScale(table, index, trainRows);
    return { ...encoding, mean, std: std > 0 ? std : 1 };
  });
  return { ...layout, features };
}

/** μ and σ (population) of a column's numbers over `rows`; {0, 0} when none has a value. */
function numericScale(table: Table, column: number, rows: readonly number[]): { mean: number; std: number; count: number } {
  const values = new Float64Array(rows.length);
  let count = 0;
  let sum = 0;
  for (const row of rows) {
    const value = cellNumber(table.rows[row][column]);
    if (value !== null) {
      values[count++] = value;
      sum += value;
    }
  }
  if (count === 0) return { mean: 0, std: 0, count };
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / count), count };
}

/** Why a column gives no feature, from its profile alone, or null when it may give one. */
function leaveOutReason(profile: ColumnProfile): string | null {
  switch (profile.kind) {
    case 'numeric':
    case 'categorical':
      return null;
    case 'id-like':
      return 'ID-like: a different value in every row, so it tells nothing about new rows';
    case 'text':
      return `free text (${profile.distinct} distinct values): not used as a feature`;
    case 'constant':
      return profile.value === null ? 'every value is missing' : `constant: always "${profile.value}"`;
    default:
      return assertNever(profile);
  }
}

function fitNumeric(table: Table, profile: ColumnProfile, trainRows: readonly number[], offset: number): FeatureEncoding | string {
  const { mean, std, count } = numericScale(table, profile.index, trainRows);
  if (count === 0) return 'every value is missing in the training rows';
  if (!(std > 0)) return `constant in the training rows (always ${mean})`;
  return { kind: 'numeric', column: profile.name, offset, mean, std };
}

function fitCategorical(table: Table, profile: ColumnProfile, trainRows: readonly number[], offset: number): FeatureEncoding | string {
  const seen = new Set<string>();
  let missing = false;
  for (const row of trainRows) {
    const category = cellCategory(table.rows[row][profile.index]);
    if (category === null) missing = true;
    else seen.add(category);
  }
  if (seen.size + (missing ? 1 : 0) < 2) return 'constant in the training rows';
  const categories = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: 'categorical', column: profile.name, offset, categories, missingSlot: missing };
}

function assertNever(value: never): never {
  throw new Error(`unknown column kind in ${JSON.stringify(value)}`);
}
