/**
 * Profiling a table's columns: each column's kind (numeric, categorical, text, ID-like or
 * constant) and a small summary of its values, as the page shows them before a target is picked.
 *
 * Kinds, tried in this order on the non-missing values of a column:
 *   constant     at most one distinct value (an all-missing column is constant too)
 *   ID-like      one distinct value per row with none missing: integers forming a run (1..n),
 *                or non-numeric strings
 *   numeric      every value a decimal number
 *   text         long values (mean length ≥ TEXT_MIN_MEAN_LENGTH) or more than MAX_CATEGORIES distinct
 *   categorical  the rest
 */

import { isMissing, trimmedNumber } from './cell-values';
import type { Table } from './parse-table';

/** A column with more distinct values than this is text, not categories to one-hot encode. */
export const MAX_CATEGORIES = 100;
/** Values this long on average (in characters) are free text, not categories. */
export const TEXT_MIN_MEAN_LENGTH = 40;
/** How many of the most frequent categories a summary lists. */
export const TOP_CATEGORIES = 5;
/** An ID-like column needs at least this many rows (two unique values prove nothing). */
export const ID_MIN_ROWS = 3;

export type ColumnKind = 'numeric' | 'categorical' | 'text' | 'id-like' | 'constant';

/** One category and how many rows hold it. */
export interface CategoryCount {
  readonly value: string;
  readonly count: number;
}

interface ProfileBase {
  readonly name: string;
  /** The column's position in the table. */
  readonly index: number;
  readonly missing: number;
  /** Distinct non-missing values. */
  readonly distinct: number;
  /** Whether every non-missing value is a decimal number. */
  readonly allNumbers: boolean;
  /** Whether every non-missing value is a whole number (false when not all are numbers). */
  readonly allIntegers: boolean;
}

/** A column's kind with its summary. */
export type ColumnProfile =
  | (ProfileBase & { readonly kind: 'numeric'; readonly min: number; readonly max: number; readonly mean: number })
  | (ProfileBase & { readonly kind: 'categorical'; readonly top: readonly CategoryCount[] })
  | (ProfileBase & { readonly kind: 'text'; readonly meanLength: number })
  | (ProfileBase & { readonly kind: 'id-like' })
  | (ProfileBase & { readonly kind: 'constant'; readonly value: string | null });

/** Profiles every column of a table, in column order. */
export function profileColumns(table: Table): ColumnProfile[] {
  return table.columns.map((name, index) => profileColumn(table, name, index));
}

function profileColumn(table: Table, name: string, index: number): ColumnProfile {
  const counts = new Map<string, number>();
  const numbers: number[] = [];
  let missing = 0;
  let totalLength = 0;
  let numeric = true;
  for (const row of table.rows) {
    const cell = row[index];
    if (isMissing(cell)) {
      missing += 1;
      continue;
    }
    const category = cell.trim();
    counts.set(category, (counts.get(category) ?? 0) + 1);
    totalLength += category.length;
    if (numeric) {
      const number = trimmedNumber(category);
      if (number === null) numeric = false;
      else numbers.push(number);
    }
  }
  const present = table.rows.length - missing;
  const allNumbers = present > 0 && numeric;
  const allIntegers = allNumbers && numbers.every(Number.isInteger);
  const base: ProfileBase = { name, index, missing, distinct: counts.size, allNumbers, allIntegers };

  if (counts.size <= 1) return { ...base, kind: 'constant', value: counts.keys().next().value ?? null };
  const uniquePerRow = missing === 0 && counts.size === table.rows.length && table.rows.length >= ID_MIN_ROWS;
  const idLike = allNumbers ? allIntegers && isRun(numbers) : totalLength / present < TEXT_MIN_MEAN_LENGTH;
  if (uniquePerRow && idLike) return { ...base, kind: 'id-like' };
  if (allNumbers) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const value of numbers) {
      min = Math.min(min, value);
      max = Math.max(max, value);
      sum += value;
    }
    return { ...base, kind: 'numeric', min, max, mean: sum / numbers.length };
  }
  const meanLength = totalLength / present;
  if (meanLength >= TEXT_MIN_MEAN_LENGTH || counts.size > MAX_CATEGORIES) return { ...base, kind: 'text', meanLength };
  const top = [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, TOP_CATEGORIES);
  return { ...base, kind: 'categorical', top };
}

/** Whether distinct integers form one run with no gaps (1..n, 0..n-1, 1001..1000+n …). */
function isRun(values: readonly number[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return max - min + 1 === values.length;
}

/** A one-line summary of a column's profile, as the page lists it. */
export function describeProfile(profile: ColumnProfile): string {
  const missing = profile.missing > 0 ? `, ${profile.missing} missing` : '';
  switch (profile.kind) {
    case 'numeric':
      return `numeric: ${profile.min} to ${profile.max}, mean ${round(profile.mean)}${missing}`;
    case 'categorical':
      return `categorical: ${profile.distinct} categories (${profile.top.map((entry) => `${entry.value} ×${entry.count}`).join(', ')}${profile.distinct > profile.top.length ? ', …' : ''})${missing}`;
    case 'text':
      return `text: ${profile.distinct} distinct values, ${round(profile.meanLength)} characters on average${missing}`;
    case 'id-like':
      return `ID-like: a different value in each of its rows`;
    case 'constant':
      return profile.value === null ? 'constant: every value is missing' : `constant: always "${profile.value}"${missing}`;
    default:
      return assertNever(profile);
  }
}

function round(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function assertNever(value: never): never {
  throw new Error(`unknown column kind in ${JSON.stringify(value)}`);
}
