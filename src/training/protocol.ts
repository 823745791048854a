/**
 * The typed protocol between the page and a trial worker (workers/trial.worker.ts), spoken over
 * comlink: the page calls `TrialWorkerApi` methods on `Comlink.wrap<TrialWorkerApi>(worker)`.
 * Everything here is structured-cloneable.
 */
import type { TrainConfig } from './config';
import type { Dataset, DatasetName } from './datasets';

export const BACKEND_NAMES = ['webgpu', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** The first backend to try; later ones in webgpu → webgl → cpu are fallbacks. 'auto' = 'webgpu'. */
export type BackendPreference = BackendName | 'auto';

/** A backend that was not used, and why (no adapter, setBackend resolved false, probe op failed, …). */
export interface BackendSkip {
  readonly backend: BackendName;
  readonly reason: string;
}

/** Which backend a worker got, why, and why the ones before it were skipped. */
export interface BackendReport {
  readonly backend: BackendName;
  /** e.g. "adapter: Google SwiftShader", "webgl2 on OffscreenCanvas". */
  readonly detail: string;
  readonly skipped: readonly BackendSkip[];
}

/** What one trial trains on and how much it may do. */
export interface TrainBudget {
  readonly dataset: DatasetName;
  /** Samples from the train split per epoch (≤ what the split holds). */
  readonly trainSamples: number;
  /** Samples from the validation split evaluated after each epoch. */
  readonly validationSamples: number;
  /** Caps `config.epochs` (a scheduler's resource); absent = no cap. */
  readonly maxEpochs?: number;
  /** Seeds the train/validation split: keep it fixed for a study so trials see the same data. */
  readonly splitSeed: number;
  /** Seeds weight init, shuffling and dropout: same seed, same backend → same run. */
  readonly seed: number;
}

/** Metric names as the runner expects them (tfjs's val_loss etc. in camelCase). */
export interface EpochMetrics {
  /** Mean training loss over the epoch's batches (cross-entropy + L2 penalty). */
  readonly loss: number;
  readonly accuracy: number;
  /** Mean cross-entropy on the validation samples (no penalty). */
  readonly valLoss: number;
  readonly valAccuracy: number;
}

export type TrainProgress =
  | {
      /** Within an epoch, at most a few times a second. */
      readonly kind: 'batch';
      /** 1-based epoch in progress. */
      readonly epoch: number;
      /** Batches done in this epoch, of `batches`. */
      readonly batch: number;
      readonly batches: number;
      readonly loss: number;
      readonly elapsedMs: number;
    }
  | {
      /** After every epoch, once validation is done. */
      readonly kind: 'epoch';
      /** Epochs finished: 1, 2, … */
      readonly epoch: number;
      readonly metrics: EpochMetrics;
      readonly elapsedMs: number;
      /** Training samples per second so far (validation time excluded). */
      readonly samplesPerSecond: number;
    };

export type ProgressListener = (progress: TrainProgress) => void | Promise<void>;

/** Why a trial failed. 'backend-lost' also means the worker is unusable from now on. */
export type FailureCause = 'diverged' | 'error' | 'backend-lost';

interface TrainSummary {
  /** Epochs finished. */
  readonly epochs: number;
  readonly elapsedMs: number;
  /** Null when the model was never built (e.g. a bad config). */
  readonly paramCount: number | null;
  readonly samplesPerSecond: number;
}

export type TrainResult =
  | (TrainSummary & { readonly kind: 'complete'; readonly metrics: EpochMetrics })
  | (TrainSummary & { readonly kind: 'stopped'; readonly metrics: EpochMetrics | null })
  | (TrainSummary & {
      readonly kind: 'failed';
      readonly cause: FailureCause;
      readonly reason: string;
      /** Metrics of the last finished epoch, if any. */
      readonly metrics: EpochMetrics | null;
    });

export interface TensorMemory {
  readonly numTensors: number;
  readonly numBytes: number;
}

/** What a trial worker exposes. One `train` at a time. */
export interface TrialWorkerApi {
  /** Picks and initialises a backend by probing it (see backend.ts). Call once, first. */
  init(preference: BackendPreference): Promise<BackendReport>;
  /** Keeps a dataset for every later trial; pass SharedArrayBuffer-backed arrays to share one copy. */
  loadDataset(dataset: Dataset): Promise<void>;
  /** Trains one trial. Never rejects for a trial-level problem: those resolve as `failed`. */
  train(config: TrainConfig, budget: TrainBudget, onProgress: ProgressListener): Promise<TrainResult>;
  /** Ends the running trial within one batch (it resolves `stopped`); no-op when idle. */
  stop(): void;
  memory(): TensorMemory;
}

/** A trained model in the tfjs layers format, as `exportModel` returns it (the weights are transferred). */
export interface ExportedModel {
  /** model.json: topology plus a weights manifest pointing at "weights.bin". */
  readonly modelJson: string;
  /** The bytes of weights.bin. */
  readonly weights: ArrayBuffer;
  /** Scored on the budget's validation samples. */
  readonly metrics: { readonly valLoss: number; readonly valAccuracy: number };
  readonly paramCount: number;
  readonly epochs: number;
}

/** The trial worker's model export (see export-model.ts): retrains `config` and returns its files. */
export interface ModelExportApi {
  /** Needs `init` first; the dataset is passed in (a shared buffer is not copied). */
  exportModel(dataset: Dataset, config: TrainConfig, budget: TrainBudget): Promise<ExportedModel>;
}
