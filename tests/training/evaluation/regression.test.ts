/** Regression metrics against reference values, the constant-target convention and residuals. */
import { describe, expect, it } from 'vitest';
import { regressionReport, residualsOf } from '../../../src/training/evaluation';

const input = (targets: number[], predictions: number[]) => ({ targets: Float32Array.from(targets), predictions: Float32Array.from(predictions) });

describe('regressionReport', () => {
  it('matches reference values (the example of scikit-learn r2_score and mean_squared_error)', () => {
    // y = [3, −0.5, 2, 7], ŷ = [2.5, 0, 2, 8]: MSE 0.375, MAE 0.5, R² 0.9486081370449679.
    const report = regressionReport(input([3, -0.5, 2, 7], [2.5, 0, 2, 8]));
    expect(report.mse).toBeCloseTo(0.375, 12);
    expect(report.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(report.mae).toBeCloseTo(0.5, 12);
    expect(report.r2).toBeCloseTo(0.9486081370449679, 12);
    expect(Array.from(report.residuals)).toEqual([0.5, -0.5, 0, -1]);
  });

  it('gives R² of 0 for predicting the mean, and negative R² for worse', () => {
    expect(regressionReport(input([1, 2, 3], [2, 2, 2])).r2).toBeCloseTo(0, 12);
    expect(regressionReport(input([1, 2, 3], [3, 2, 1])).r2).toBeCloseTo(1 - 8 / 2, 12);
  });

  it('on a constant target, gives R² 1 for exact predictions and 0 otherwise', () => {
    expect(regressionReport(input([2, 2, 2], [2, 2, 2])).r2).toBe(1);
    expect(regressionReport(input([2, 2, 2], [1, 2, 3])).r2).toBe(0);
  });

  it('computes residuals as actual minus predicted', () => {
    expect(Array.from(residualsOf(input([1, 5], [2, 3])))).toEqual([-1, 2]);
  });

  it('names the problem on bad input', () => {
    expect(() => regressionReport(input([1, 2], [1]))).toThrow(/1 predictions but 2 targets/);
    expect(() => regressionReport(input([], []))).toThrow(/no rows/);
    expect(() => regressionReport(input([1, Number.NaN], [1, 1]))).toThrow(/target at row 1 is NaN/);
  });
});
