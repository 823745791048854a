/**
 * Applying a fitted `Preprocessing`: `encodeTable` turns chosen rows of a table into a row-major
 * Float32Array of features with their labels and a count of what was imputed, and `encodeRow`
 * turns one record (column name → value) into the same features. Both go through the same cell
 * encoder, so a training row encodes to the same numbers either way.
 *
 * Notation: n rows, d = preprocessing.featureCount; features[r·d + j] is row r's feature j.
 */

import { cellCategory, cellNumber } from './cell-values';
import type { Table } from './parse-table';
import type { FeatureEncoding, Preprocessing } from './preprocessing';
import { TableError } from './table-error';

/** One value of a record given to `encodeRow`: text as typed, a number, or nothing (missing). */
export type CellValue = string | number | null | undefined;

/** How missing values of one column were filled in. */
export type ImputeMethod = 'train-mean' | 'missing-category' | 'all-zeros';

/** Per column: how many encoded rows lacked a value, and how it was filled in. */
export interface ImputedColumn {
  readonly column: string;
  readonly count: number;
  readonly method: ImputeMethod;
}

/** Per categorical column: how many encoded rows held a category not seen in training (all zeros). */
export interface UnseenCategories {
  readonly column: string;
  readonly count: number;
}

export type EncodedLabels =
  | { readonly task: 'classification'; readonly classIndices: Int32Array; readonly names: readonly string[] }
  | { readonly task: 'regression'; readonly values: Float32Array };

/** Rows of a table as model input. */
export interface EncodedTable {
  /** Row-major, shape [n, d]. */
  readonly features: Float32Array;
  readonly shape: readonly [number, number];
  readonly labels: EncodedLabels;
  /** Columns where some encoded row had a missing value (columns with none are not listed). */
  readonly imputed: readonly ImputedColumn[];
  readonly unseen: readonly UnseenCategories[];
}

/** What happened to one cell: its value was present, missing (imputed), or an unseen category. */
type CellOutcome = 'present' | 'missing' | 'unseen';

/** Writes one column's features for one cell into `out` at `start + encoding.offset`. */
function encodeCell(encoding: FeatureEncoding, cell: CellValue, out: Float32Array, start: number): CellOutcome {
  switch (encoding.kind) {
    case 'numeric': {
      const value = cellNumber(cell);
      out[start + encoding.offset] = value === null ? 0 : (value - encoding.mean) / encoding.std;
      return value === null ? 'missing' : 'present';
    }
    case 'categorical': {
      const width = encoding.categories.length + (encoding.missingSlot ? 1 : 0);
      out.fill(0, start + encoding.offset, start + encoding.offset + width);
      const category = cellCategory(cell);
      if (category === null) {
        if (encoding.missingSlot) out[start + encoding.offset + encoding.categories.length] = 1;
        return 'missing';
      }
      const slot = encoding.categories.indexOf(category);
      if (slot === -1) return 'unseen';
      out[start + encoding.offset + slot] = 1;
      return 'present';
    }
    default:
      return assertNever(encoding);
  }
}

/** How a column's missing values are filled in. */
export function imputeMethod(encoding: FeatureEncoding): ImputeMethod {
  switch (encoding.kind) {
    case 'numeric':
      return 'train-mean';
    case 'categorical':
      return encoding.missingSlot ? 'missing-category' : 'all-zeros';
    default:
      return assertNever(encoding);
  }
}

/** Encodes one record (column name → value; an absent column is missing) into d features. */
export function encodeRow(preprocessing: Preprocessing, record: Readonly<Record<string, CellValue>>): Float32Array {
  const out = new Float32Array(preprocessing.featureCount);
  for (const encoding of preprocessing.features) encodeCell(encoding, record[encoding.column], out, 0);
  return out;
}

/**
 * Encodes `rows` (indices into `table.rows`, every one with a target value) of a table with the
 * columns the preprocessing was fitted on. Throws a `TableError` naming a missing column, or a
 * row whose target is missing or not a known class. `into`, when given, receives the features
 * (it must hold exactly n·d values; a SharedArrayBuffer-backed array, say) and is returned as them.
 */
export function encodeTable(preprocessing: Preprocessing, table: Table, rows: readonly number[], into?: Float32Array): EncodedTable {
  const columnIndex = (name: string): number => {
    const index = table.columns.indexOf(name);
    if (index === -1) throw new TableError('no-column', `the table has no column "${name}", which the preprocessing uses`);
    return index;
  };
  const featureColumns = preprocessing.features.map((encoding) => columnIndex(encoding.column));
  const targetColumn = columnIndex(preprocessing.target.column);
  const width = preprocessing.featureCount;
  if (into !== undefined && into.length !== rows.length * width) {
    throw new RangeError(`encodeTable: the features need ${rows.length} × ${width} = ${rows.length * width} values, but the array given holds ${into.length}`);
  }
  const features = into ?? new Float32Array(rows.length * width);
  const missing = new Array<number>(preprocessing.features.length).fill(0);
  const unseen = new Array<number>(preprocessing.features.length).fill(0);
  rows.forEach((row, position) => {
    const cells = table.rows[row];
    preprocessing.features.forEach((encoding, feature) => {
      const outcome = encodeCell(encoding, cells[featureColumns[feature]], features, position * width);
      if (outcome === 'missing') missing[feature] += 1;
      if (outcome === 'unseen') unseen[feature] += 1;
    });
  });
  const targetCells = rows.map((row) => ({ row, cell: table.rows[row][targetColumn] }));
  return {
    features,
    shape: [rows.length, width],
    labels: encodeLabels(preprocessing, targetCells),
    imputed: preprocessing.features.flatMap((encoding, feature) => (missing[feature] > 0 ? [{ column: encoding.column, count: missing[feature], method: imputeMethod(encoding) }] : [])),
    unseen: preprocessing.features.flatMap((encoding, feature) => (unseen[feature] > 0 ? [{ column: encoding.column, count: unseen[feature] }] : [])),
  };
}

function encodeLabels(preprocessing: Preprocessing, cells: readonly { row: number; cell: string }[]): EncodedLabels {
  const target = preprocessing.target;
  const refuse = (row: number, problem: string): never => {
    throw new TableError('target', `data row ${row + 1} ${problem} in the target column "${target.column}"`);
  };
  switch (target.task) {
    case 'classification': {
      const classIndices = new Int32Array(cells.length);
      cells.forEach(({ row, cell }, position) => {
        const name = cellCategory(cell);
        if (name === null) refuse(row, 'has no value');
        const index = target.labels.indexOf(name as string);
        if (index === -1) refuse(row, `holds "${name}", which is not one of the classes`);
        classIndices[position] = index;
      });
      return { task: 'classification', classIndices, names: target.labels };
    }
    case 'regression': {
      const values = new Float32Array(cells.length);
      cells.forEach(({ row, cell }, position) => {
        const value = cellNumber(cell);
        if (value === null) refuse(row, 'has no number');
        values[position] = value as number;
      });
      return { task: 'regression', values };
    }
    default:
      return assertNever(target);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown encoding in ${JSON.stringify(value)}`);
}
