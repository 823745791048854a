/**
 * Tables as training data, in pure TypeScript (no DOM, no tfjs: it runs in Node, in pages and in
 * workers): parse a CSV or TSV file, profile its columns, choose the target, fit the
 * preprocessing on the training rows and encode rows with it. Every refusal is a `TableError`.
 */

export { TableError, type TableProblem } from './table-error';
export { MISSING_TOKENS, isMissing, cellNumber, cellCategory } from './cell-values';
export { decodeUtf8, firstInvalidUtf8Offset } from './utf8';
export { MAX_TABLE_BYTES, checkTableSize, parseTable, describeBytes, type Table, type ParseTableOptions } from './parse-table';
export {
  MAX_CATEGORIES,
  TEXT_MIN_MEAN_LENGTH,
  TOP_CATEGORIES,
  ID_MIN_ROWS,
  profileColumns,
  describeProfile,
  type ColumnKind,
  type ColumnProfile,
  type CategoryCount,
} from './column-profile';
export {
  MAX_INTEGER_CLASSES,
  MIN_VALIDATION_ROWS,
  chooseTarget,
  inferTaskKind,
  classNames,
  minimumRowsForFolds,
  checkRowsForFolds,
  type TaskKind,
  type TargetChoice,
} from './target';
export { fitPreprocessing, refitNumericScales, type Preprocessing, type FeatureEncoding, type LeftOutColumn, type TargetEncoding } from './preprocessing';
export {
  encodeTable,
  encodeRow,
  imputeMethod,
  type CellValue,
  type EncodedTable,
  type EncodedLabels,
  type ImputedColumn,
  type ImputeMethod,
  type UnseenCategories,
} from './encode-table';
