/**
 * The built-in demo tasks (the MNIST and Fashion-MNIST CNNs), as the page sees them: configs,
 * datasets, the CNN task worker and its setup. Pure TypeScript, no tfjs: the tfjs side (models.ts,
 * train.ts, cnn-task.ts) runs inside workers/trial.worker.ts, a task worker that serves the CNN
 * task through the same task API (serve/) a user's worker uses.
 */
export {
  ACTIVATIONS,
  CONFIG_DOMAINS,
  CONFIG_NAMES,
  configFromParams,
  describeDomain,
  domainAccepts,
  DEFAULT_CONFIG,
  DEFAULT_SEARCH_SPACE,
  OPTIMIZERS,
  TrainConfigError,
  validateConfig,
} from './config';
export type { Activation, AlgorithmConfig, ConfigDomain, ConfigName, ModelConfig, OptimizerName, TrainConfig } from './config';
export {
  DATASET_NAMES,
  DatasetError,
  decodeDataset,
  fetchDataset,
  foldSplits,
  isDatasetName,
  MANIFEST_PATH,
  parseManifest,
  splitDataset,
} from './datasets';
export type { Dataset, DatasetEntry, Fold, DatasetManifest, DatasetName, DatasetSplit } from './datasets';
export { BACKEND_NAMES, WEIGHTS_CHECKPOINT_FORMAT } from './protocol';
export type { BackendName, BackendPreference, BackendReport, BackendSkip, EpochMetrics, TensorMemory, TrainBudget } from './protocol';
export { CNN_TRIAL_WORKER, cnnKeepsCheckpoints, cnnWorkerOptions } from './builtin-worker';
export type { BuiltinWorkerScript, CnnTaskSetup } from './builtin-worker';
export type { ExportedModel } from './serve/protocol';
export * from './user-data';
export { describeBytes, describeProfile, encodeRow, imputeMethod, MAX_TABLE_BYTES, TableError } from './table';
export type { CellValue, ColumnKind, ColumnProfile, ImputedColumn, LeftOutColumn, Preprocessing, TableProblem } from './table';
export { classificationReport, objectiveMetricsFor, OBJECTIVE_METRICS, regressionReport } from './evaluation';
export type { ClassificationReport, ObjectiveMetricName, RegressionReport } from './evaluation';
export { ImageFolderError, MAX_FOLDER_BYTES, MAX_FOLDER_IMAGES, MAX_IMAGE_SIDE, MIN_IMAGE_SIDE } from './image-folder';
export { checkModelFiles, checkModelFitsData, UserModelError } from './user-model';
export type { UserFile, UserLayer, UserModelFiles } from './user-model';
