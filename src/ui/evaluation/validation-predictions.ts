/**
 * The best model's predictions on the validation rows, as the Results view's evaluation panels
 * take them: computed off the main thread by the predictor worker from the same files the page
 * offers for download, so what the panels show is what the downloaded model does.
 */
import type { UserTaskKind } from '../../training';

export interface ValidationPredictions {
  readonly task: UserTaskKind;
  /** The validation rows' true classes (classification) or values (regression, original scale). */
  readonly actual: Int32Array | Float32Array;
  /**
   * Classification: probabilities, row-major [rows, classes]; regression: one prediction per row,
   * on the target's original scale.
   */
  readonly outputs: Float32Array;
  /** Classification: class names in output order; null for regression. */
  readonly classNames: readonly string[] | null;
}
