/**
 * Choosing the target column: the task kind it implies (classification for categories or a few
 * distinct whole numbers, regression for other numbers), which the user may override, and the
 * checks that refuse a target with no values or a single class. Also the check that a table has
 * enough labelled rows for the folds asked for.
 */

import { cellCategory, cellNumber, isMissing } from './cell-values';
import type { ColumnProfile } from './column-profile';
import type { Table } from './parse-table';
import { TableError } from './table-error';

export type TaskKind = 'classification' | 'regression';

/** A numeric target with at most this many distinct whole numbers is read as classes. */
export const MAX_INTEGER_CLASSES = 10;
/** Each fold (or the hold-out split) needs at least this many validation rows. */
export const MIN_VALIDATION_ROWS = 2;

/** The chosen target, the task kind inferred from it and the one to use, and the rows it labels. */
export interface TargetChoice {
  readonly column: string;
  readonly index: number;
  readonly inferredTaskKind: TaskKind;
  readonly taskKind: TaskKind;
  /** Rows whose target is present, in table order (rows without one are left out of training). */
  readonly labelledRows: readonly number[];
}

/**
 * Chooses `column` as the target; `taskKind` overrides the inferred kind. Throws a `TableError`
 * naming the column when it does not exist, has no values, has one class, or cannot be regressed.
 */
export function chooseTarget(table: Table, profiles: readonly ColumnProfile[], column: string, taskKind?: TaskKind): TargetChoice {
  const index = table.columns.indexOf(column);
  if (index === -1) {
    throw new TableError('no-column', `there is no column "${column}"; the columns are ${table.columns.map((name) => `"${name}"`).join(', ')}`);
  }
  const profile = profiles[index];
  if (profile.missing === table.rows.length) {
    throw new TableError('target', `the target column "${column}" has no values: all ${table.rows.length} rows are missing`);
  }
  if (profile.distinct < 2) {
    throw new TableError('target', `the target column "${column}" has one class ("${profile.kind === 'constant' ? profile.value : ''}") in every row: a model needs at least two different values to learn from`);
  }
  const inferred = inferTaskKind(profile);
  const chosen = taskKind ?? inferred;
  if (chosen === 'regression' && !profile.allNumbers) {
    throw new TableError('target', `the target column "${column}" cannot be used for regression: its values are not all numbers`);
  }
  const labelledRows: number[] = [];
  table.rows.forEach((row, rowIndex) => {
    if (!isMissing(row[index])) labelledRows.push(rowIndex);
  });
  return { column, index, inferredTaskKind: inferred, taskKind: chosen, labelledRows };
}

/** Classification for non-numeric values or a few distinct whole numbers; regression otherwise. */
export function inferTaskKind(profile: ColumnProfile): TaskKind {
  if (!profile.allNumbers) return 'classification';
  return profile.allIntegers && profile.distinct <= MAX_INTEGER_CLASSES ? 'classification' : 'regression';
}

/**
 * The class names of a classification target, from every labelled row (knowing the set of
 * classes leaks nothing about the validation rows' features): numbers in numeric order, other
 * values in code-point order.
 */
export function classNames(table: Table, target: TargetChoice): string[] {
  const names = new Set<string>();
  for (const row of target.labelledRows) names.add(cellCategory(table.rows[row][target.index]) as string);
  const all = [...names];
  const numeric = all.every((name) => cellNumber(name) !== null);
  return numeric ? all.sort((a, b) => (cellNumber(a) as number) - (cellNumber(b) as number)) : all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The fewest labelled rows `folds` folds need (folds 1 is a single train/validation split). */
export function minimumRowsForFolds(folds: number): number {
  return Math.max(2, folds) * MIN_VALIDATION_ROWS;
}

/** Throws a `TableError` when `rows` labelled rows are too few for `folds` folds. */
export function checkRowsForFolds(rows: number, folds: number): void {
  if (!Number.isInteger(folds) || folds < 1) throw new TableError('too-few-rows', `the number of folds must be a whole number of at least 1, not ${folds}`);
  const needed = minimumRowsForFolds(folds);
  if (rows < needed) {
    const split = folds === 1 ? 'a train/validation split needs' : `${folds} folds need`;
    throw new TableError('too-few-rows', `the table has ${rows} labelled ${rows === 1 ? 'row' : 'rows'}, but ${split} at least ${needed} (${MIN_VALIDATION_ROWS} validation rows per fold and the rest to train on)`);
  }
}
