/**
 * Training, as the page sees it: configs, datasets and the worker protocol. Pure TypeScript, no tfjs:
 * the tfjs side (backend.ts, models.ts, train.ts, session.ts) runs inside workers/trial.worker.ts.
 */
export {
  ACTIVATIONS,
  CONFIG_NAMES,
  configFromParams,
  DEFAULT_CONFIG,
  DEFAULT_SEARCH_SPACE,
  OPTIMIZERS,
  TrainConfigError,
  validateConfig,
} from './config';
export type { Activation, AlgorithmConfig, ConfigName, ModelConfig, OptimizerName, TrainConfig } from './config';
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
export type {
  BackendName,
  BackendPreference,
  BackendReport,
  BackendSkip,
  CheckpointMode,
  EpochMetrics,
  FailureCause,
  ProgressListener,
  TensorMemory,
  TrainBudget,
  TrainCheckpointing,
  TrainProgress,
  TrainResult,
  TrialWorkerApi,
  WeightsCheckpoint,
} from './protocol';
