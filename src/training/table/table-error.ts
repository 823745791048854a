/**
 * The one error a table raises: `TableError`, with a `problem` that says which check failed and a
 * message that names the problem (the line, the column, the limit) in words a user can act on.
 */

/** Which check a table failed. */
export type TableProblem =
  | 'empty'
  | 'too-large'
  | 'not-utf8'
  | 'bad-quotes'
  | 'no-header'
  | 'ragged'
  | 'no-column'
  | 'target'
  | 'too-few-rows';

/** A table that cannot be used as it is; `message` names the problem. */
export class TableError extends Error {
  override readonly name = 'TableError';

  constructor(
    readonly problem: TableProblem,
    message: string,
  ) {
    super(message);
  }
}
