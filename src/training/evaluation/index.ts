/**
 * Evaluation and splitting of user data: classification and regression metrics, the objective
 * metrics the page offers with their directions, and seeded stratified splits and folds. Pure
 * TypeScript (no tfjs, no DOM), so it runs in Node, in workers and in pages.
 */
export { EvaluationError } from './errors';
export {
  PROBABILITY_EPSILON,
  classificationReport,
  confusionMatrix,
  crossEntropy,
  perClassScores,
  predictedClasses,
  type ClassScores,
  type ClassificationInput,
  type ClassificationReport,
} from './classification';
export { regressionReport, residualsOf, type RegressionInput, type RegressionReport } from './regression';
export {
  OBJECTIVE_METRICS,
  TASK_KINDS,
  evaluateMetrics,
  objectiveMetric,
  objectiveMetricsFor,
  type ClassificationMetricName,
  type EvaluationInput,
  type ObjectiveMetric,
  type ObjectiveMetricName,
  type RegressionMetricName,
  type TaskKind,
} from './objectives';
export { kFoldSplits, trainValidationSplit, type RowSplit, type SplitRows } from './split';
