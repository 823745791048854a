/**
 * A table file as a UserDataset: `previewTable` parses and profiles it for the page (before the
 * target is chosen), and `buildTable` encodes it for training as the user chose. Parsing,
 * profiling, fitting and encoding are ../table's; this module wires them to the split and lays the
 * result on shared memory.
 *
 * Notation
 *   N       rows of the file;  n  kept rows: those whose target has a value (N − n are dropped)
 *   kept[i] the file row of dataset row i (i < n); folds and labels index dataset rows
 *   d       features per row (folds[0]'s fit: every fold shares its layout)
 *   fold f  train_f, validation_f ⊂ [0, n);  features_f: Float32Array [n, d], shared, every kept
 *           row encoded with the preprocessing fitted on train_f
 *   regression  labels[i] = y (raw);  targetScale_f = (mean, std) of y over train_f, std 0 → 1
 *
 * The layout (which columns give features, their categories and missing slots) is fitted on
 * folds[0]'s training rows; each further fold keeps it and refits the numeric μ, σ on its own
 * training rows (`refitNumericScales`), so every fold's model takes the same d inputs.
 */
import type { RowSplit, SplitRows } from '../evaluation/split';
import { cellCategory, cellNumber } from '../table/cell-values';
import { profileColumns, type ColumnProfile } from '../table/column-profile';
import { encodeTable, type EncodedTable, type UnseenCategories } from '../table/encode-table';
import { checkTableSize, parseTable, type Table } from '../table/parse-table';
import { fitPreprocessing, refitNumericScales, type Preprocessing } from '../table/preprocessing';
import { checkRowsForFolds, chooseTarget, classNames, inferTaskKind, type TargetChoice } from '../table/target';
import type { PickedSourceFile, TablePreview, TableReport, TableRequest } from './prep-protocol';
import { sha256Hex } from './fingerprint';
import { tablePreprocessingJson } from './preprocessing-json';
import { USER_DATASET_FORMAT, type TargetScale, type UserDataFold, type UserDataset, type UserTaskKind } from './protocol';
import { shareInt32, sharedFloat32 } from './shared-arrays';
import { checkSplitRequest, PrepRequestError, splitRows } from './split-request';

/** Rows the preview shows. */
export const PREVIEW_ROWS = 5;

/** A parsed, profiled table. */
interface ParsedTable {
  readonly table: Table;
  readonly profiles: readonly ColumnProfile[];
}

/**
 * The last table a preview parsed, kept (by the SHA-256 of its bytes) for the build that usually
 * follows it, which then neither parses nor profiles it again; the build takes it out, so that a
 * worker does not hold a parsed table once its dataset is built.
 */
export class ParsedTableCache {
  #entry: { readonly hash: string; readonly parsed: ParsedTable } | null = null;

  keep(hash: string, parsed: ParsedTable): void {
    this.#entry = { hash, parsed };
  }

  take(hash: string): ParsedTable | null {
    const entry = this.#entry;
    this.#entry = null;
    return entry !== null && entry.hash === hash ? entry.parsed : null;
  }
}

/** Reads, parses and profiles a table file (or takes it from the cache), refusing one over the size limit before reading it. */
async function readTable(file: PickedSourceFile, cache: ParsedTableCache | undefined, keep: boolean): Promise<ParsedTable> {
  checkTableSize(file.data.size);
  const bytes = new Uint8Array(await file.data.arrayBuffer());
  const hash = cache === undefined ? null : await sha256Hex(bytes);
  const cached = hash === null || keep ? null : (cache as ParsedTableCache).take(hash);
  if (cached !== null) return cached;
  const table = parseTable(bytes);
  const parsed = { table, profiles: profileColumns(table) };
  if (hash !== null && keep) (cache as ParsedTableCache).keep(hash, parsed);
  return parsed;
}

/** Whether a column is proposed as the target: numbers or categories. */
function suitsTarget(profile: ColumnProfile): boolean {
  return profile.kind === 'numeric' || profile.kind === 'categorical';
}

/** Parses and profiles a table file for the page; throws a `TableError` naming the problem. */
export async function previewTable(file: PickedSourceFile, cache?: ParsedTableCache): Promise<TablePreview> {
  const { table, profiles } = await readTable(file, cache, true);
  const suited = profiles.filter(suitsTarget);
  return {
    name: file.path,
    bytes: file.data.size,
    rows: table.rows.length,
    columns: table.columns,
    delimiter: table.delimiter,
    header: true,
    profiles,
    suggestedTarget: suited.at(-1)?.name ?? null,
    // Every column, so that any may be chosen: one no model can learn (one class, no values) is
    // refused when the dataset is built, with chooseTarget's message naming the problem.
    taskKinds: Object.fromEntries(profiles.map((profile) => [profile.name, inferTaskKind(profile)])),
    sample: table.rows.slice(0, PREVIEW_ROWS),
  };
}

/** Dataset labels over the kept rows: class indices (shared Int32Array) or raw values (shared Float32Array). */
function keptLabels(table: Table, target: TargetChoice): { labels: Int32Array | Float32Array; classNames: string[] | null } {
  const kept = target.labelledRows;
  if (target.taskKind === 'regression') {
    const values = sharedFloat32(kept.length);
    kept.forEach((row, i) => (values[i] = cellNumber(table.rows[row]![target.index]) as number));
    return { labels: values, classNames: null };
  }
  const names = classNames(table, target);
  const index = new Map(names.map((name, i) => [name, i]));
  return { labels: shareInt32(kept.map((row) => index.get(cellCategory(table.rows[row]![target.index]) as string) as number)), classNames: names };
}

/** Mean and population std of labels over the training rows; std 0 becomes 1. */
function targetScaleOf(values: Float32Array, train: Int32Array): TargetScale {
  let sum = 0;
  for (const i of train) sum += values[i]!;
  const mean = sum / train.length;
  let squares = 0;
  for (const i of train) squares += (values[i]! - mean) ** 2;
  const std = Math.sqrt(squares / train.length);
  return { mean, std: std > 0 ? std : 1 };
}

/** Encodes every kept row with one fold's preprocessing into a shared [n, d] array. */
function encodeFold(preprocessing: Preprocessing, table: Table, kept: readonly number[]): EncodedTable {
  return encodeTable(preprocessing, table, kept, sharedFloat32(kept.length * preprocessing.featureCount));
}

/** Parses, splits and encodes a table file as the user chose; throws a TableError (or a split's error) naming the problem. */
export async function buildTable(file: PickedSourceFile, request: TableRequest, cache?: ParsedTableCache): Promise<{ dataset: UserDataset; report: TableReport }> {
  checkSplitRequest(request);
  if (request.task !== 'classification' && request.task !== 'regression') throw new PrepRequestError(`the task must be classification or regression, got ${String(request.task)}`);
  const { table, profiles } = await readTable(file, cache, false);
  const target = chooseTarget(table, profiles, request.target, request.task);
  const kept = target.labelledRows;
  checkRowsForFolds(kept.length, request.folds);
  const { labels, classNames: names } = keptLabels(table, target);
  const rows: SplitRows = labels instanceof Int32Array ? { kind: 'stratified', classes: labels } : { kind: 'plain', count: kept.length };
  const splits = splitRows(rows, request);
  // File order, not the split's shuffled order: fitting then reads the table's rows in memory order.
  const toFileRows = (split: Int32Array): number[] => Array.from(Int32Array.from(split, (i) => kept[i]!).sort());
  const layout = fitPreprocessing(table, profiles, target, toFileRows(splits[0]!.train));
  const encoded = splits.map((split, f) => {
    const preprocessing = f === 0 ? layout : refitNumericScales(layout, table, toFileRows(split.train));
    return { preprocessing, encoded: encodeFold(preprocessing, table, kept) };
  });
  const folds: UserDataFold[] = splits.map((split: RowSplit, f) => ({
    features: encoded[f]!.encoded.features,
    train: shareInt32(split.train),
    validation: shareInt32(split.validation),
    targetScale: labels instanceof Float32Array ? targetScaleOf(labels, split.train) : null,
  }));
  const task: UserTaskKind = target.taskKind;
  const first = encoded[0]!;
  const dataset: UserDataset = {
    format: USER_DATASET_FORMAT,
    kind: 'table',
    task,
    name: request.name,
    fingerprint: request.fingerprint,
    rows: kept.length,
    sampleShape: [layout.featureCount],
    labels,
    classNames: names,
    folds,
    preprocessing: tablePreprocessingJson(layout, folds[0]!.targetScale),
  };
  const report: TableReport = {
    imputed: first.encoded.imputed,
    unseen: unseenInValidation(first.preprocessing, table, kept, splits[0]!),
    leftOut: layout.leftOut,
    featureCount: layout.featureCount,
    trainRows: splits[0]!.train.length,
    validationRows: splits[0]!.validation.length,
    droppedRows: table.rows.length - kept.length,
  };
  return { dataset, report };
}

/** Per categorical column: folds[0]'s validation rows holding a category its training rows lack (encoded as all zeros). */
function unseenInValidation(preprocessing: Preprocessing, table: Table, kept: readonly number[], split: RowSplit): UnseenCategories[] {
  const unseen: UnseenCategories[] = [];
  for (const encoding of preprocessing.features) {
    if (encoding.kind !== 'categorical') continue;
    const column = table.columns.indexOf(encoding.column);
    const known = new Set(encoding.categories);
    let count = 0;
    for (const i of split.validation) {
      const category = cellCategory(table.rows[kept[i]!]![column]);
      if (category !== null && !known.has(category)) count += 1;
    }
    if (count > 0) unseen.push({ column: encoding.column, count });
  }
  return unseen;
}
