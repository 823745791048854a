/**
 * What the regression panel shows, derived once from the best model's validation predictions:
 * RMSE, MAE and R² (regressionReport), the RMSE of always predicting the mean to judge them
 * against, the residuals with a summary (bias, spread, quartiles, the largest miss) and a
 * histogram, and the common range of actual and predicted values for a square plot with y = x.
 *
 * Notation
 *   n        validation rows;  m ≤ n of them have a finite prediction (only those are scored)
 *   y_i      actual value;  ŷ_i predicted value (both on the target's original scale)
 *   r_i      residual y_i − ŷ_i: positive where the model predicts too low
 *   ȳ        mean of y over the m rows;  baseline RMSE = √((1/m) Σ (y_i − ȳ)²), predicting ȳ always
 *   q1, q3   quartiles of r (type-7, as numpy)
 *   w        histogram bin width: a nice step (1, 2 or 5 × 10^k), about √m bins (5 to 30)
 * O(n) plus a sort of the m residuals.
 */
import { regressionReport } from '../../training';
import { quantileSorted } from '../analysis/curves';
import { extent, niceStep, padExtent } from '../charts/scales';

export interface ResidualSummary {
  /** Mean residual: > 0 means the model predicts too low on average, < 0 too high. */
  readonly mean: number;
  /** Population standard deviation of the residuals. */
  readonly std: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  /** The largest miss, |r| at its largest, with its row's values. */
  readonly largest: { readonly residual: number; readonly actual: number; readonly predicted: number };
}

export interface HistogramBin {
  /** [low, high): the last bin includes its high edge. */
  readonly low: number;
  readonly high: number;
  readonly count: number;
}

export interface RegressionEvaluation {
  readonly kind: 'regression';
  readonly rows: number;
  /** Rows whose prediction is not a finite number: left out of everything below. */
  readonly nonFinite: number;
  /** The m scored rows' actual values, predictions and residuals, in row order. */
  readonly actual: Float32Array;
  readonly predicted: Float32Array;
  readonly residuals: Float32Array;
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
  /** RMSE of predicting the mean actual value for every row. */
  readonly baselineRmse: number;
  readonly residual: ResidualSummary;
  readonly histogram: readonly HistogramBin[];
  /** [lowest, highest] of the actual and predicted values together (padded when flat). */
  readonly range: readonly [number, number];
}

/** Bins of width w, nice edges, covering every residual. */
export function residualHistogram(residuals: Float32Array): HistogramBin[] {
  const span = extent(residuals);
  if (span === null) return [];
  const [lo, hi] = span[0] === span[1] ? padExtent(span, 0.5) : span;
  const wanted = Math.min(30, Math.max(5, Math.round(Math.sqrt(residuals.length))));
  const width = niceStep(lo, hi, wanted);
  const start = Math.floor(lo / width) * width;
  const bins = Math.max(1, Math.ceil((hi - start) / width - 1e-9));
  const counts = new Array<number>(bins).fill(0);
  for (const r of residuals) {
    const at = Math.min(bins - 1, Math.max(0, Math.floor((r - start) / width)));
    counts[at] = (counts[at] as number) + 1;
  }
  return counts.map((count, i) => ({ low: start + i * width, high: start + (i + 1) * width, count }));
}

function summarise(actual: Float32Array, predicted: Float32Array, residuals: Float32Array): ResidualSummary {
  const m = residuals.length;
  let sum = 0;
  let largest = 0;
  for (let i = 0; i < m; i++) {
    const r = residuals[i] as number;
    sum += r;
    if (Math.abs(r) > Math.abs(residuals[largest] as number)) largest = i;
  }
  const mean = sum / m;
  let squares = 0;
  for (const r of residuals) squares += (r - mean) ** 2;
  const sorted = Array.from(residuals).sort((a, b) => a - b);
  return {
    mean,
    std: Math.sqrt(squares / m),
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    largest: { residual: residuals[largest] as number, actual: actual[largest] as number, predicted: predicted[largest] as number },
  };
}

/** Everything the regression panel shows; `outputs` holds one prediction per row of `actual`. */
export function regressionEvaluation(actual: Int32Array | Float32Array, outputs: Float32Array): RegressionEvaluation {
  if (outputs.length !== actual.length) {
    throw new Error(`validation predictions: ${outputs.length} predictions for ${actual.length} rows (a regression predicts one value per row)`);
  }
  const scored: number[] = [];
  for (let i = 0; i < actual.length; i++) if (Number.isFinite(outputs[i] as number)) scored.push(i);
  if (scored.length === 0) {
    throw new Error(actual.length === 0 ? 'validation predictions: no rows to evaluate' : `validation predictions: none of the ${actual.length} predictions is a finite number`);
  }
  const ys = Float32Array.from(scored, (i) => actual[i] as number);
  const predicted = Float32Array.from(scored, (i) => outputs[i] as number);
  const report = regressionReport({ predictions: predicted, targets: ys });
  let mean = 0;
  for (const y of ys) mean += y;
  mean /= ys.length;
  let spread = 0;
  for (const y of ys) spread += (y - mean) ** 2;
  const both = extent([...(extent(ys) ?? []), ...(extent(predicted) ?? [])]) as [number, number];
  return {
    kind: 'regression',
    rows: actual.length,
    nonFinite: actual.length - scored.length,
    actual: ys,
    predicted,
    residuals: report.residuals,
    mse: report.mse,
    rmse: report.rmse,
    mae: report.mae,
    r2: report.r2,
    baselineRmse: Math.sqrt(spread / ys.length),
    residual: summarise(ys, predicted, report.residuals),
    histogram: residualHistogram(report.residuals),
    range: both[0] === both[1] ? padExtent(both, 0.05) : both,
  };
}
