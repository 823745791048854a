/**
 * What the classification panel shows, derived once from the best model's validation predictions:
 * the confusion matrix with each cell's share of its actual class (row-normalised), per-class
 * precision, recall, F1 and support (classificationReport), the overall scores, the majority-class
 * baseline to judge them against, the classes without validation rows, and the commonest mistakes.
 *
 * Notation
 *   n          validation rows
 *   k          classes, 0 … k-1, named by classNames
 *   C[t][p]    rows of actual class t predicted as p (rows = actual, columns = predicted)
 *   support_t  Σ_p C[t][p];  predicted_p = Σ_t C[t][p]
 *   share      C[t][p] / support_t, 0 for a class without rows (support_t = 0)
 * O(n·k) for the argmax, O(k²) for the rest.
 */
import { classificationReport, type ClassificationReport } from '../../training';

export interface ConfusionCell {
  readonly count: number;
  /** count / support of the row's actual class; 0 when that class has no rows. */
  readonly share: number;
}

export interface ClassSummary {
  readonly index: number;
  readonly name: string;
  /** Validation rows whose actual class is this one. */
  readonly support: number;
  /** Validation rows predicted as this class. */
  readonly predicted: number;
  /** null when nothing was predicted as this class (tp + fp = 0): not measurable. */
  readonly precision: number | null;
  /** null when the class has no validation rows (support = 0): not measurable. */
  readonly recall: number | null;
  /** null when the class is neither actual nor predicted on any row. */
  readonly f1: number | null;
  /** One cell per predicted class, in class order. */
  readonly cells: readonly ConfusionCell[];
}

/** One kind of mistake: rows of `actual` predicted as `predicted`. */
export interface Confusion {
  readonly actual: string;
  readonly predicted: string;
  readonly count: number;
  /** count / support of the actual class. */
  readonly share: number;
}

export interface ClassificationEvaluation {
  readonly kind: 'classification';
  readonly rows: number;
  readonly classes: readonly ClassSummary[];
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly macroF1: number;
  /** Mean cross-entropy of the predicted probabilities. */
  readonly loss: number;
  /** Accuracy of always predicting the commonest actual class, and that class. */
  readonly baseline: { readonly accuracy: number; readonly className: string };
  /** Names of the classes without a validation row (their recall cannot be measured). */
  readonly withoutRows: readonly string[];
  /** The largest off-diagonal cells, largest first (ties: by actual class, then predicted). */
  readonly mistakes: readonly Confusion[];
}

/** How many kinds of mistake `classificationEvaluation` lists. */
export const MISTAKES_LISTED = 5;

/** Class indices from the actual column: integers in [0, k), else an error naming the row. */
function labelsOf(actual: Int32Array | Float32Array, classCount: number): Int32Array {
  if (actual instanceof Int32Array) return actual;
  const labels = new Int32Array(actual.length);
  for (let i = 0; i < actual.length; i++) {
    const value = actual[i] as number;
    if (!Number.isInteger(value) || value < 0 || value >= classCount) {
      throw new Error(`validation predictions: actual class ${value} at row ${i} is not a class index in [0, ${classCount})`);
    }
    labels[i] = value;
  }
  return labels;
}

/**
 * Everything the classification panel shows. `classNames` are in output order; `outputs` holds
 * the rows' class probabilities, row-major n × k; `actual` the rows' class indices.
 */
export function classificationEvaluation(actual: Int32Array | Float32Array, outputs: Float32Array, classNames: readonly string[]): ClassificationEvaluation {
  const k = classNames.length;
  if (k < 2) throw new Error(`validation predictions: a classification needs at least 2 class names, got ${k}`);
  const report = classificationReport({ probabilities: outputs, labels: labelsOf(actual, k), classCount: k });
  const { confusion } = report;
  const n = actual.length;
  const predictedCounts = new Array<number>(k).fill(0);
  for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) predictedCounts[p] = (predictedCounts[p] as number) + (confusion[t * k + p] as number);
  const classes = classNames.map((name, t): ClassSummary => {
    const scores = report.perClass[t] as ClassificationReport['perClass'][number];
    const predicted = predictedCounts[t] as number;
    const cells = classNames.map((_, p): ConfusionCell => {
      const count = confusion[t * k + p] as number;
      return { count, share: scores.support === 0 ? 0 : count / scores.support };
    });
    return {
      index: t,
      name,
      support: scores.support,
      predicted,
      precision: predicted === 0 ? null : scores.precision,
      recall: scores.support === 0 ? null : scores.recall,
      f1: predicted === 0 && scores.support === 0 ? null : scores.f1,
      cells,
    };
  });
  let commonest = classes[0] as ClassSummary;
  for (const c of classes) if (c.support > commonest.support) commonest = c;
  const mistakes: Confusion[] = [];
  for (const row of classes) {
    row.cells.forEach((cell, p) => {
      if (p !== row.index && cell.count > 0) mistakes.push({ actual: row.name, predicted: classNames[p] as string, count: cell.count, share: cell.share });
    });
  }
  // A stable sort keeps class order among equal counts.
  mistakes.sort((a, b) => b.count - a.count);
  return {
    kind: 'classification',
    rows: n,
    classes,
    accuracy: report.accuracy,
    balancedAccuracy: report.balancedAccuracy,
    macroF1: report.macroF1,
    loss: report.loss,
    baseline: { accuracy: commonest.support / n, className: commonest.name },
    withoutRows: classes.filter((c) => c.support === 0).map((c) => c.name),
    mistakes: mistakes.slice(0, MISTAKES_LISTED),
  };
}

/** Columns of the per-class table. */
export type ClassColumn = 'name' | 'precision' | 'recall' | 'f1' | 'support' | 'predicted';

/**
 * The classes sorted by one column (a stable sort: class order among equals); names as text,
 * scores and counts as numbers, unmeasurable scores (null) last either way.
 */
export function sortClasses(classes: readonly ClassSummary[], key: ClassColumn, ascending: boolean): ClassSummary[] {
  const sign = ascending ? 1 : -1;
  const collator = new Intl.Collator(undefined, { numeric: true });
  return [...classes].sort((a, b) => {
    if (key === 'name') return sign * collator.compare(a.name, b.name) || a.index - b.index;
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    return sign * (x - y) || a.index - b.index;
  });
}

/** A share as a percentage with one decimal ('87.5 %'); '–' for null or non-finite. */
export function percent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : `${(100 * value).toFixed(1)} %`;
}
