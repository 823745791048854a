import { describe, expect, it } from 'vitest';
import { classificationEvaluation, MISTAKES_LISTED, percent, sortClasses } from '../../../src/ui/evaluation/class-evaluation';
import { evaluatePredictions } from '../../../src/ui/evaluation/evaluation';
import { regressionEvaluation, residualHistogram } from '../../../src/ui/evaluation/regression-evaluation';

/** Probabilities that predict `classes` (row-major, one-hot softened), for k classes. */
function predicting(classes: readonly number[], k: number): Float32Array {
  const out = new Float32Array(classes.length * k).fill(0.1 / (k - 1));
  classes.forEach((c, i) => (out[i * k + c] = 0.9));
  return out;
}

describe('classification evaluation', () => {
  // Actual: 4 × a, 2 × b, 0 × c; predicted: a a a b | a b.
  const actual = Int32Array.from([0, 0, 0, 0, 1, 1]);
  const outputs = predicting([0, 0, 0, 1, 0, 1], 3);
  const evaluation = classificationEvaluation(actual, outputs, ['a', 'b', 'c']);

  it('counts the confusion matrix with rows = actual, columns = predicted, and row-normalised shares', () => {
    expect(evaluation.classes.map((c) => c.cells.map((cell) => cell.count))).toEqual([
      [3, 1, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
    expect(evaluation.classes[0]?.cells.map((cell) => cell.share)).toEqual([0.75, 0.25, 0]);
    expect(evaluation.classes[1]?.cells.map((cell) => cell.share)).toEqual([0.5, 0.5, 0]);
    // A class without rows shades nothing (no 0/0).
    expect(evaluation.classes[2]?.cells.map((cell) => cell.share)).toEqual([0, 0, 0]);
  });

  it('gives per-class precision, recall, F1 and support, unmeasurable scores as null', () => {
    const [a, b, c] = evaluation.classes;
    expect(a).toMatchObject({ name: 'a', support: 4, predicted: 4, precision: 0.75, recall: 0.75, f1: 0.75 });
    expect(b).toMatchObject({ name: 'b', support: 2, predicted: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(c).toMatchObject({ name: 'c', support: 0, predicted: 0, precision: null, recall: null, f1: null });
    expect(evaluation.withoutRows).toEqual(['c']);
  });

  it('gives the overall scores, the majority baseline and the commonest mistakes', () => {
    expect(evaluation.rows).toBe(6);
    expect(evaluation.accuracy).toBeCloseTo(4 / 6);
    expect(evaluation.balancedAccuracy).toBeCloseTo(0.625);
    expect(evaluation.macroF1).toBeCloseTo(0.625);
    expect(evaluation.loss).toBeCloseTo(-(4 * Math.log(0.9) + 2 * Math.log(0.05)) / 6, 5);
    expect(evaluation.baseline).toEqual({ accuracy: 4 / 6, className: 'a' });
    expect(evaluation.mistakes).toEqual([
      { actual: 'a', predicted: 'b', count: 1, share: 0.25 },
      { actual: 'b', predicted: 'a', count: 1, share: 0.5 },
    ]);
  });

  it('lists at most a few mistakes, the largest first', () => {
    const k = 8;
    const truth = Array.from({ length: 80 }, (_, i) => i % k);
    const guess = truth.map((t, i) => (i < 40 ? (t + 1) % k : t));
    const many = classificationEvaluation(Int32Array.from(truth), predicting(guess, k), Array.from({ length: k }, (_, i) => `class ${i}`));
    expect(many.mistakes).toHaveLength(MISTAKES_LISTED);
    expect(many.mistakes[0]).toMatchObject({ actual: 'class 0', predicted: 'class 1', count: 5, share: 0.5 });
  });

  it('accepts class indices as floats, and refuses one that is not a class', () => {
    expect(classificationEvaluation(Float32Array.from([0, 1]), predicting([0, 1], 2), ['x', 'y']).accuracy).toBe(1);
    expect(() => classificationEvaluation(Float32Array.from([0, 2]), predicting([0, 1], 2), ['x', 'y'])).toThrow(/actual class 2 at row 1 is not a class index in \[0, 2\)/);
    expect(() => classificationEvaluation(Int32Array.from([0]), predicting([0], 2), ['only'])).toThrow(/at least 2 class names, got 1/);
    expect(() => classificationEvaluation(Int32Array.from([0, 1]), new Float32Array(3), ['x', 'y'])).toThrow(/probabilities hold 3 values/);
  });
});

describe('regression evaluation', () => {
  const actual = Float32Array.from([1, 2, 3, 4, 5]);
  const outputs = Float32Array.from([1.5, 2, 2, 4, 7]);
  const evaluation = regressionEvaluation(actual, outputs);

  it('scores the predictions and compares them with predicting the mean', () => {
    // Residuals y − ŷ: −0.5, 0, 1, 0, −2.
    expect(Array.from(evaluation.residuals)).toEqual([-0.5, 0, 1, 0, -2]);
    expect(evaluation.mse).toBeCloseTo(5.25 / 5);
    expect(evaluation.rmse).toBeCloseTo(Math.sqrt(1.05));
    expect(evaluation.mae).toBeCloseTo(0.7);
    expect(evaluation.r2).toBeCloseTo(1 - 5.25 / 10);
    expect(evaluation.baselineRmse).toBeCloseTo(Math.sqrt(2));
    expect(evaluation.range).toEqual([1, 7]);
  });

  it('summarises the residuals: bias, spread, quartiles and the largest miss', () => {
    const { residual } = evaluation;
    expect(residual.mean).toBeCloseTo(-0.3);
    expect(residual.std).toBeCloseTo(Math.sqrt((0.04 + 0.09 + 1.69 + 0.09 + 2.89) / 5));
    expect(residual.median).toBe(0);
    expect(residual.q1).toBe(-0.5);
    expect(residual.q3).toBe(0);
    expect(residual.largest).toEqual({ residual: -2, actual: 5, predicted: 7 });
  });

  it('bins the residuals on nice edges, every one counted once', () => {
    const bins = residualHistogram(Float32Array.from([-2, -0.5, 0, 0, 1]));
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(5);
    expect(bins[0]?.low).toBeLessThanOrEqual(-2);
    expect(bins.at(-1)?.high).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < bins.length; i++) expect(bins[i]?.low).toBeCloseTo(bins[i - 1]!.high);
    const normal = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 3);
    const many = residualHistogram(normal);
    expect(many.length).toBeGreaterThanOrEqual(5);
    expect(many.length).toBeLessThanOrEqual(31);
    expect(many.reduce((s, b) => s + b.count, 0)).toBe(400);
    // Equal residuals: one bin around them.
    expect(residualHistogram(Float32Array.from([2, 2, 2])).filter((b) => b.count > 0)).toHaveLength(1);
  });

  it('leaves out rows whose prediction is not a number, and says how many', () => {
    const partial = regressionEvaluation(Float32Array.from([1, 2, 3]), Float32Array.from([1, Number.NaN, 3]));
    expect(partial.nonFinite).toBe(1);
    expect(Array.from(partial.actual)).toEqual([1, 3]);
    expect(partial.rmse).toBe(0);
    expect(() => regressionEvaluation(Float32Array.from([1]), Float32Array.from([Number.NaN]))).toThrow(/none of the 1 predictions is a finite number/);
    expect(() => regressionEvaluation(Float32Array.from([1, 2]), Float32Array.from([1]))).toThrow(/1 predictions for 2 rows/);
  });
});

describe('evaluatePredictions', () => {
  it('dispatches on the task kind and needs class names for a classification', () => {
    expect(evaluatePredictions({ task: 'regression', actual: Float32Array.from([1, 2]), outputs: Float32Array.from([1, 2]), classNames: null }).kind).toBe('regression');
    expect(evaluatePredictions({ task: 'classification', actual: Int32Array.from([0, 1]), outputs: predicting([0, 1], 2), classNames: ['x', 'y'] }).kind).toBe('classification');
    expect(() => evaluatePredictions({ task: 'classification', actual: Int32Array.from([0]), outputs: predicting([0], 2), classNames: null })).toThrow(/needs its class names/);
  });
});

describe('per-class table order', () => {
  const evaluation = classificationEvaluation(Int32Array.from([0, 0, 0, 0, 1, 1]), predicting([0, 0, 0, 1, 0, 1], 3), ['a', 'b', 'c']);
  it('sorts by a score either way, unmeasurable classes last', () => {
    expect(sortClasses(evaluation.classes, 'recall', true).map((c) => c.name)).toEqual(['b', 'a', 'c']);
    expect(sortClasses(evaluation.classes, 'recall', false).map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(sortClasses(evaluation.classes, 'support', true).map((c) => c.name)).toEqual(['c', 'b', 'a']);
    expect(sortClasses(evaluation.classes, 'name', false).map((c) => c.name)).toEqual(['c', 'b', 'a']);
    expect(percent(0.875)).toBe('87.5 %');
    expect(percent(null)).toBe('–');
  });
});
