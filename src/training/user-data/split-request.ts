/**
 * The split a user asked for, shared by tables and image folders: the request's split fields are
 * checked (a `PrepRequestError` names the field), then the rows are split with the study's seed:
 * one stratified (classification) or plain (regression) train/validation split, or k folds.
 */
import { kFoldSplits, trainValidationSplit, type RowSplit, type SplitRows } from '../evaluation/split';

/** The most folds a study may cross-validate over (as the built-in tasks). */
export const MAX_SPLIT_FOLDS = 10;

/** A request whose fields are out of range; `problem` is always 'request'. */
export class PrepRequestError extends Error {
  override readonly name = 'PrepRequestError';
  readonly problem = 'request';
}

/** The split fields of a TableRequest or ImageRequest. */
export interface SplitRequest {
  readonly validationFraction: number;
  readonly folds: number;
  readonly seed: number;
}

/** Throws a `PrepRequestError` naming a split field that is out of range. */
export function checkSplitRequest(request: SplitRequest): void {
  if (!(request.validationFraction > 0 && request.validationFraction < 1)) {
    throw new PrepRequestError(`the validation share must be between 0 and 1 (exclusive), got ${request.validationFraction}`);
  }
  if (!Number.isInteger(request.folds) || request.folds < 1 || request.folds > MAX_SPLIT_FOLDS) {
    throw new PrepRequestError(`the number of folds must be a whole number from 1 (one train/validation split) to ${MAX_SPLIT_FOLDS}, got ${request.folds}`);
  }
  if (!Number.isSafeInteger(request.seed)) throw new PrepRequestError(`the split seed must be a whole number, got ${request.seed}`);
}

/** One train/validation split (folds 1) or k folds of the rows, with the request's seed. */
export function splitRows(rows: SplitRows, request: SplitRequest): RowSplit[] {
  return request.folds === 1 ? [trainValidationSplit(rows, request.validationFraction, request.seed)] : kFoldSplits(rows, request.folds, request.seed);
}
