/** Classification metrics against hand-computed values (scikit-learn conventions, zero_division=0). */
import { describe, expect, it } from 'vitest';
import {
  EvaluationError,
  classificationReport,
  confusionMatrix,
  crossEntropy,
  predictedClasses,
  PROBABILITY_EPSILON,
} from '../../../src/training/evaluation';

/** One-hot-ish probabilities whose argmax is `predicted`, `classCount` classes per row. */
function probabilitiesFor(predicted: readonly number[], classCount: number): Float32Array {
  const out = new Float32Array(predicted.length * classCount).fill(0.1 / (classCount - 1));
  predicted.forEach((p, i) => (out[i * classCount + p] = 0.9));
  return out;
}

// Hand-computed: truth [0,0,0,0,1,1,2], predictions [0,0,0,1,1,0,1].
// Confusion (rows = truth): [3,1,0 | 1,1,0 | 0,1,0]. Recall 3/4, 1/2, 0; precision 3/4, 1/3, 0 (0/0);
// F1 = 2tp/(2tp+fp+fn): 6/8, 2/5, 0. Accuracy 4/7; balanced (3/4+1/2+0)/3; macro-F1 (3/4+2/5+0)/3.
// By scikit-learn's definitions (zero_division=0): accuracy 0.5714…, balanced accuracy 0.41666…, macro-F1 0.38333….
const truth = Int32Array.from([0, 0, 0, 0, 1, 1, 2]);
const predicted = [0, 0, 0, 1, 1, 0, 1];

describe('classificationReport', () => {
  it('matches hand-computed accuracy, balanced accuracy and macro-F1 when one class is never predicted', () => {
    const report = classificationReport({ probabilities: probabilitiesFor(predicted, 3), labels: truth, classCount: 3 });
    expect(report.accuracy).toBeCloseTo(4 / 7, 12);
    expect(report.balancedAccuracy).toBeCloseTo((3 / 4 + 1 / 2 + 0) / 3, 12);
    expect(report.macroF1).toBeCloseTo((3 / 4 + 2 / 5 + 0) / 3, 12);
    expect(Array.from(report.confusion)).toEqual([3, 1, 0, 1, 1, 0, 0, 1, 0]);
  });

  it('gives per-class precision, recall, F1 and support, with 0/0 counted as 0', () => {
    const { perClass } = classificationReport({ probabilities: probabilitiesFor(predicted, 3), labels: truth, classCount: 3 });
    expect(perClass.map((s) => s.support)).toEqual([4, 2, 1]);
    expect(perClass[0]).toMatchObject({ precision: 0.75, recall: 0.75, f1: 0.75 });
    expect(perClass[1]!.precision).toBeCloseTo(1 / 3, 12);
    expect(perClass[1]!.recall).toBe(0.5);
    expect(perClass[1]!.f1).toBeCloseTo(0.4, 12);
    expect(perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('leaves a class absent from both truth and predictions out of balanced accuracy and macro-F1', () => {
    const withFour = classificationReport({ probabilities: probabilitiesFor(predicted, 4), labels: truth, classCount: 4 });
    expect(withFour.balancedAccuracy).toBeCloseTo((3 / 4 + 1 / 2) / 3, 12);
    expect(withFour.macroF1).toBeCloseTo((3 / 4 + 2 / 5) / 3, 12);
    expect(withFour.perClass[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('counts a class predicted but absent from the truth in macro-F1 only', () => {
    // truth [0,0,1,1], predictions [0,2,1,1]: F1 = 2/3, 1, 0 → macro (2/3+1+0)/3; recall 1/2, 1 → balanced 3/4.
    const report = classificationReport({ probabilities: probabilitiesFor([0, 2, 1, 1], 3), labels: Int32Array.from([0, 0, 1, 1]), classCount: 3 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 1) / 3, 12);
    expect(report.balancedAccuracy).toBeCloseTo(0.75, 12);
  });

  it('is perfect on perfect predictions', () => {
    const labels = Int32Array.from([1, 0, 1]);
    const report = classificationReport({ probabilities: Float32Array.from([0, 1, 1, 0, 0, 1]), labels, classCount: 2 });
    expect(report).toMatchObject({ accuracy: 1, balancedAccuracy: 1, macroF1: 1 });
    expect(report.loss).toBeCloseTo(-Math.log(1 - PROBABILITY_EPSILON), 12);
  });
});

describe('crossEntropy', () => {
  it('is the mean of −log p(true class)', () => {
    // rows [0.7,0.2,0.1] true 0, [0.3,0.6,0.1] true 2, [0.25,0.25,0.5] true 2: (−ln .7 − ln .1 − ln .5)/3.
    const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0.3, 0.6, 0.1, 0.25, 0.25, 0.5]);
    const loss = crossEntropy({ probabilities, labels: Int32Array.from([0, 2, 2]), classCount: 3 });
    expect(loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.1) + Math.log(0.5)) / 3, 6);
  });

  it('clips a zero probability to ε, so the loss stays finite', () => {
    const loss = crossEntropy({ probabilities: Float32Array.from([1, 0]), labels: Int32Array.from([1]), classCount: 2 });
    expect(loss).toBeCloseTo(-Math.log(PROBABILITY_EPSILON), 9);
  });
});

describe('helpers and bad input', () => {
  it('predicts the argmax, ties going to the lowest class', () => {
    expect(Array.from(predictedClasses(Float32Array.from([0.2, 0.5, 0.3, 0.5, 0.5, 0]), 3))).toEqual([1, 0]);
  });

  it('builds the confusion matrix with rows = truth', () => {
    expect(Array.from(confusionMatrix(Int32Array.from([0, 1, 1]), Int32Array.from([1, 1, 0]), 2))).toEqual([0, 1, 1, 1]);
  });

  it('names the problem with the shapes and labels', () => {
    const run = (probabilities: number[], labels: number[], classCount: number) => () =>
      classificationReport({ probabilities: Float32Array.from(probabilities), labels: Int32Array.from(labels), classCount });
    expect(run([0.5, 0.5, 1], [0], 2)).toThrow(/probabilities hold 3 values, expected 1 rows × 2 classes = 2/);
    expect(run([0.5, 0.5], [2], 2)).toThrow(/label 2 at row 0 is not in \[0, 2\)/);
    expect(run([], [], 2)).toThrow(/no rows/);
    expect(run([1], [0], 1)).toThrow(EvaluationError);
    expect(run([1], [0], 1)).toThrow(RangeError);
  });
});
