/**
 * The objective metrics the page offers on user data, each with its label, its natural direction
 * and the task kind it belongs to, and `evaluateMetrics`, which computes all of a task kind's
 * metrics in one call as a `Metrics` record keyed by those names.
 *
 * `valLoss` exists for both kinds: cross-entropy for classification, MSE for regression. A metric
 * is therefore named by its task kind and its name together.
 */
import type { Direction, Metrics } from '../../tuner/index';
import { classificationReport, type ClassificationInput } from './classification';
import { EvaluationError } from './errors';
import { regressionReport, type RegressionInput } from './regression';

export type TaskKind = 'classification' | 'regression';

export const TASK_KINDS: readonly TaskKind[] = ['classification', 'regression'];

export type ClassificationMetricName = 'valLoss' | 'valAccuracy' | 'valBalancedAccuracy' | 'valMacroF1';
export type RegressionMetricName = 'valLoss' | 'valRmse' | 'valMae' | 'valR2';
export type ObjectiveMetricName = ClassificationMetricName | RegressionMetricName;

export interface ObjectiveMetric {
  readonly kind: TaskKind;
  readonly name: ObjectiveMetricName;
  /** What the page shows, e.g. "validation balanced accuracy". */
  readonly label: string;
  readonly direction: Direction;
}

/** Every objective metric, classification ones first, each kind's default (its loss) first. */
export const OBJECTIVE_METRICS: readonly ObjectiveMetric[] = [
  { kind: 'classification', name: 'valLoss', label: 'validation loss (cross-entropy)', direction: 'minimize' },
  { kind: 'classification', name: 'valAccuracy', label: 'validation accuracy', direction: 'maximize' },
  { kind: 'classification', name: 'valBalancedAccuracy', label: 'validation balanced accuracy', direction: 'maximize' },
  { kind: 'classification', name: 'valMacroF1', label: 'validation macro-F1', direction: 'maximize' },
  { kind: 'regression', name: 'valLoss', label: 'validation loss (MSE)', direction: 'minimize' },
  { kind: 'regression', name: 'valRmse', label: 'validation RMSE', direction: 'minimize' },
  { kind: 'regression', name: 'valMae', label: 'validation MAE', direction: 'minimize' },
  { kind: 'regression', name: 'valR2', label: 'validation R²', direction: 'maximize' },
];

/** The objective metrics of one task kind, its loss first. */
export function objectiveMetricsFor(kind: TaskKind): ObjectiveMetric[] {
  return OBJECTIVE_METRICS.filter((metric) => metric.kind === kind);
}

/** The metric `name` of task kind `kind`; throws naming the metrics that kind has when there is none. */
export function objectiveMetric(kind: TaskKind, name: string): ObjectiveMetric {
  const found = OBJECTIVE_METRICS.find((metric) => metric.kind === kind && metric.name === name);
  if (found === undefined) {
    const names = objectiveMetricsFor(kind).map((metric) => metric.name).join(', ');
    throw new EvaluationError(`objective metric: ${kind} has no metric "${name}" (it has ${names})`);
  }
  return found;
}

/** What `evaluateMetrics` reads: a task kind with its predictions and truth. */
export type EvaluationInput =
  | ({ readonly kind: 'classification' } & ClassificationInput)
  | ({ readonly kind: 'regression' } & RegressionInput);

/** Every objective metric of the input's task kind, by name (see OBJECTIVE_METRICS). */
export function evaluateMetrics(input: EvaluationInput): Metrics {
  switch (input.kind) {
    case 'classification': {
      const report = classificationReport(input);
      const metrics: Record<ClassificationMetricName, number> = {
        valLoss: report.loss,
        valAccuracy: report.accuracy,
        valBalancedAccuracy: report.balancedAccuracy,
        valMacroF1: report.macroF1,
      };
      return metrics;
    }
    case 'regression': {
      const report = regressionReport(input);
      const metrics: Record<RegressionMetricName, number> = {
        valLoss: report.mse,
        valRmse: report.rmse,
        valMae: report.mae,
        valR2: report.r2,
      };
      return metrics;
    }
    default: {
      const unknown: never = input;
      throw new EvaluationError(`evaluateMetrics: unknown task kind ${JSON.stringify(unknown)}`);
    }
  }
}
