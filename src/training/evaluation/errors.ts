/**
 * The one error of the evaluation module: bad input to a metric or a split (shapes that do not
 * match, a class index out of range, a fraction outside (0, 1), too few rows for the folds). It is
 * a `RangeError`, so callers that already catch those keep working, and its message names the
 * function and the problem.
 */
export class EvaluationError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}
