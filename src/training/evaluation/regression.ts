/**
 * Regression metrics from predictions and targets: MSE, RMSE, MAE, R², and the residuals a
 * predicted-against-actual plot draws. Pure TypeScript: runs in Node, in workers and in pages.
 *
 * Notation
 *   n      number of rows
 *   y_i    target of row i;  ȳ = (1/n) Σ y_i
 *   ŷ_i    prediction for row i
 *   r_i    residual y_i − ŷ_i (actual minus predicted, as residual plots draw it)
 *   MSE    (1/n) Σ r_i²;  RMSE = √MSE;  MAE = (1/n) Σ |r_i|
 *   R²     1 − Σ r_i² / Σ (y_i − ȳ)²
 *
 * Constant target (Σ (y_i − ȳ)² = 0): R² is 1 when every prediction is exact and 0 otherwise, as
 * scikit-learn's `r2_score` does (`force_finite=True`), so the metric stays finite and comparable.
 * All sums run in float64.
 */
import { EvaluationError } from './errors';

export interface RegressionInput {
  /** n predictions ŷ. */
  readonly predictions: Float32Array;
  /** n targets y. */
  readonly targets: Float32Array;
}

export interface RegressionReport {
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
  /** r_i = y_i − ŷ_i, one per row. */
  readonly residuals: Float32Array;
}

function checkInput({ predictions, targets }: RegressionInput): number {
  if (predictions.length !== targets.length) {
    throw new EvaluationError(`regression metrics: ${predictions.length} predictions but ${targets.length} targets`);
  }
  if (targets.length === 0) throw new EvaluationError('regression metrics: no rows to evaluate');
  for (let i = 0; i < targets.length; i++) {
    if (!Number.isFinite(targets[i] as number)) throw new EvaluationError(`regression metrics: target at row ${i} is ${targets[i]}, not a finite number`);
  }
  return targets.length;
}

/** r_i = y_i − ŷ_i for each row. */
export function residualsOf(input: RegressionInput): Float32Array {
  const n = checkInput(input);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (input.targets[i] as number) - (input.predictions[i] as number);
  return out;
}

/** Every regression metric of the module. A non-finite prediction makes MSE, MAE and R² non-finite too. */
export function regressionReport(input: RegressionInput): RegressionReport {
  const n = checkInput(input);
  const { predictions, targets } = input;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i] as number;
  mean /= n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = targets[i] as number;
    const r = y - (predictions[i] as number);
    squared += r * r;
    absolute += Math.abs(r);
    total += (y - mean) * (y - mean);
  }
  const mse = squared / n;
  const r2 = total !== 0 ? 1 - squared / total : squared === 0 ? 1 : Number.isNaN(squared) ? Number.NaN : 0;
  return { mse, rmse: Math.sqrt(mse), mae: absolute / n, r2, residuals: residualsOf(input) };
}
