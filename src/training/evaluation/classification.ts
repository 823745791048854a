/**
 * Classification metrics from predicted class probabilities and true class indices: clipped
 * cross-entropy, accuracy, balanced accuracy, macro-F1, the confusion matrix and per-class
 * precision, recall, F1 and support. Pure TypeScript: runs in Node, in workers and in pages.
 *
 * Notation
 *   n          number of rows (samples)
 *   k          number of classes; classes are 0 … k-1
 *   P          predicted probabilities, Float32Array of n × k, row-major: P[i·k + c] = p(class c | row i)
 *   y          true classes, Int32Array of n, each in [0, k)
 *   ŷ_i        predicted class of row i: argmax_c P[i·k + c] (ties go to the lowest index)
 *   C          confusion matrix, k × k, row-major: C[t·k + p] = #{i : y_i = t, ŷ_i = p} (rows = truth)
 *   tp_c       C[c·k + c];  fp_c = Σ_t C[t·k + c] − tp_c;  fn_c = Σ_p C[c·k + p] − tp_c
 *   support_c  Σ_p C[c·k + p], the rows whose true class is c
 *
 * The 0/0 convention (scikit-learn's `zero_division=0`): precision_c = tp/(tp+fp), recall_c =
 * tp/(tp+fn) and F1_c = 2·tp/(2·tp+fp+fn) are 0 whenever their denominator is 0.
 * Balanced accuracy is the mean recall over classes present in the truth (support_c > 0).
 * Macro-F1 is the mean F1 over classes present in the truth or in the predictions; a class that
 * appears in neither carries no information and is left out (scikit-learn's default labels).
 * All sums run in float64.
 */
import { EvaluationError } from './errors';

/** Probabilities are clipped to [ε, 1 − ε] before the log, as Keras does. */
export const PROBABILITY_EPSILON = 1e-7;

/** Predicted probabilities against true classes. */
export interface ClassificationInput {
  /** n × k, row-major. */
  readonly probabilities: Float32Array;
  /** n true class indices in [0, classCount). */
  readonly labels: Int32Array;
  readonly classCount: number;
}

/** One class's scores on the rows evaluated. */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Rows whose true class is this one. */
  readonly support: number;
}

export interface ClassificationReport {
  /** Mean of −log(clip(P[i·k + y_i])). */
  readonly loss: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly macroF1: number;
  /** k × k, row-major, rows = truth, columns = prediction. */
  readonly confusion: Int32Array;
  /** One entry per class, 0 … k-1. */
  readonly perClass: readonly ClassScores[];
}

function checkInput({ probabilities, labels, classCount }: ClassificationInput): number {
  if (!Number.isInteger(classCount) || classCount < 2) {
    throw new EvaluationError(`classification metrics: classCount must be an integer ≥ 2, got ${classCount}`);
  }
  const n = labels.length;
  if (n === 0) throw new EvaluationError('classification metrics: no rows to evaluate');
  if (probabilities.length !== n * classCount) {
    throw new EvaluationError(
      `classification metrics: probabilities hold ${probabilities.length} values, expected ${n} rows × ${classCount} classes = ${n * classCount}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    if (y < 0 || y >= classCount) throw new EvaluationError(`classification metrics: label ${y} at row ${i} is not in [0, ${classCount})`);
  }
  return n;
}

/** ŷ: the predicted class of each row (argmax; ties go to the lowest class index). */
export function predictedClasses(probabilities: Float32Array, classCount: number): Int32Array {
  if (!Number.isInteger(classCount) || classCount < 1 || probabilities.length % classCount !== 0) {
    throw new EvaluationError(`predictedClasses: ${probabilities.length} values do not split into rows of ${classCount} classes`);
  }
  const n = probabilities.length / classCount;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classCount; c++) {
      if ((probabilities[i * classCount + c] as number) > (probabilities[i * classCount + best] as number)) best = c;
    }
    out[i] = best;
  }
  return out;
}

/** C: the k × k confusion matrix, rows = truth, columns = prediction. */
export function confusionMatrix(labels: Int32Array, predicted: Int32Array, classCount: number): Int32Array {
  if (labels.length !== predicted.length) {
    throw new EvaluationError(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
  }
  const confusion = new Int32Array(classCount * classCount);
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] as number;
    const p = predicted[i] as number;
    if (t < 0 || t >= classCount || p < 0 || p >= classCount) {
      throw new EvaluationError(`confusionMatrix: row ${i} has truth ${t} and prediction ${p}, not both in [0, ${classCount})`);
    }
    confusion[t * classCount + p] = (confusion[t * classCount + p] as number) + 1;
  }
  return confusion;
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/** Precision, recall, F1 and support of each class, read from a confusion matrix (0/0 → 0). */
export function perClassScores(confusion: Int32Array, classCount: number): ClassScores[] {
  return Array.from({ length: classCount }, (_, c) => {
    let predictedAs = 0;
    let support = 0;
    for (let j = 0; j < classCount; j++) {
      predictedAs += confusion[j * classCount + c] as number;
      support += confusion[c * classCount + j] as number;
    }
    const tp = confusion[c * classCount + c] as number;
    const fp = predictedAs - tp;
    const fn = support - tp;
    return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * tp, 2 * tp + fp + fn), support };
  });
}

/** Mean of −log(clip(P[i·k + y_i], ε, 1 − ε)) over the rows; a NaN probability counts as ε (the worst case). */
export function crossEntropy(input: ClassificationInput): number {
  const n = checkInput(input);
  const { probabilities, labels, classCount } = input;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i * classCount + (labels[i] as number)] as number;
    const clipped = Math.min(1 - PROBABILITY_EPSILON, Math.max(PROBABILITY_EPSILON, Number.isNaN(p) ? 0 : p));
    sum -= Math.log(clipped);
  }
  return sum / n;
}

/** Every classification metric of the module in one pass over the rows. */
export function classificationReport(input: ClassificationInput): ClassificationReport {
  const n = checkInput(input);
  const { labels, classCount } = input;
  const confusion = confusionMatrix(labels, predictedClasses(input.probabilities, classCount), classCount);
  const perClass = perClassScores(confusion, classCount);
  let correct = 0;
  let recallSum = 0;
  let present = 0;
  let f1Sum = 0;
  let seen = 0;
  perClass.forEach((scores, c) => {
    correct += confusion[c * classCount + c] as number;
    if (scores.support > 0) {
      recallSum += scores.recall;
      present++;
    }
    const predictedAs = columnSum(confusion, classCount, c);
    if (scores.support > 0 || predictedAs > 0) {
      f1Sum += scores.f1;
      seen++;
    }
  });
  return {
    loss: crossEntropy(input),
    accuracy: correct / n,
    balancedAccuracy: recallSum / present,
    macroF1: f1Sum / seen,
    confusion,
    perClass,
  };
}

function columnSum(confusion: Int32Array, classCount: number, column: number): number {
  let sum = 0;
  for (let t = 0; t < classCount; t++) sum += confusion[t * classCount + column] as number;
  return sum;
}
