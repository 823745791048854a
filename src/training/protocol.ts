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

/**
 * A trial worker's sign of life, posted on its own global (beside comlink's messages, which ignore
 * it): once a second from a timer, and before each step that may hold the worker's thread (a
 * training or validation batch: tfjs's cpu ops are synchronous, so no timer fires during one).
 * `busyForMs` is how long the worker expects to be unable to send anything from now on (0: no
 * such step ahead); the page allows that much on top of its usual silence limit.
 */
export interface WorkerHeartbeat {
  readonly type: 'trial-worker-heartbeat';
  readonly busyForMs: number;
}

/** How often an idle or waiting trial worker posts a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

export function isWorkerHeartbeat(data: unknown): data is WorkerHeartbeat {
  if (typeof data !== 'object' || data === null) return false;
  const beat = data as Partial<WorkerHeartbeat>;
  return beat.type === 'trial-worker-heartbeat' && typeof beat.busyForMs === 'number' && Number.isFinite(beat.busyForMs) && beat.busyForMs >= 0;
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
  /**
   * Cross-validation folds, 1–10; absent = 1: train on `trainSamples`, validate on
   * `validationSamples`. k ≥ 2: the pool of those train + validation samples is cut into k folds
   * (deterministic by `splitSeed`, see `foldSplits`) and k models train in lockstep, one per fold;
   * each epoch's metrics are the mean over the folds. Checkpoints hold one model, so a trial with
   * k ≥ 2 takes no `startFrom` and asks for no `saveCheckpoint`.
   */
  readonly folds?: number;
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

/** The format of the checkpoints the tfjs trainer writes and reads (see checkpoint.ts). */
export const WEIGHTS_CHECKPOINT_FORMAT = 'tfjs-weights/1';

/**
 * A trial's training state after `epochsDone` epochs (format 'tfjs-weights/1', see checkpoint.ts):
 * one ArrayBuffer per tensor (model weights, then optimiser state) and a manifest of their names,
 * shapes and dtypes. The same shape as the runner's `TrialCheckpoint`. Crossing postMessage, its
 * buffers are transferred: whoever sends one no longer has it.
 */
export interface WeightsCheckpoint {
  readonly format: string;
  readonly epochsDone: number;
  readonly buffers: readonly ArrayBuffer[];
  readonly manifest: unknown;
}

/** When a trial hands back its state: with the result only, or with every epoch's progress too. */
export type CheckpointMode = 'at-end' | 'every-epoch';

/** Where a trial starts and what state it hands back; both optional (default: from scratch, none). */
export interface TrainCheckpointing {
  /**
   * Continue from this state: epochs `epochsDone + 1 …`, with the current config's algorithm
   * hyperparameters (learning rate, …) and the checkpoint's weights. The network must match the
   * checkpoint's, or the trial fails naming the first weight that differs.
   */
  readonly startFrom?: WeightsCheckpoint;
  /**
   * 'at-end': the result of a complete or stopped trial carries the state after its last finished
   * epoch (none if it finished no epoch and had no `startFrom`); 'every-epoch': each 'epoch'
   * progress report carries the state after that epoch as well.
   */
  readonly saveCheckpoint?: CheckpointMode;
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
      /** Epochs finished: 1, 2, … (counting the epochs of a `startFrom` checkpoint: a resumed trial starts at epochsDone + 1). */
      readonly epoch: number;
      /** With cross-validation (`budget.folds` ≥ 2): the mean over the folds of each metric. */
      readonly metrics: EpochMetrics;
      /** With cross-validation: each fold's metrics, fold 1 first (`metrics` is their mean). */
      readonly foldMetrics?: readonly EpochMetrics[];
      readonly elapsedMs: number;
      /** Training samples per second so far (validation time excluded). */
      readonly samplesPerSecond: number;
      /** The state after this epoch, with `saveCheckpoint: 'every-epoch'`. */
      readonly checkpoint?: WeightsCheckpoint;
    };

export type ProgressListener = (progress: TrainProgress) => void | Promise<void>;

/** Why a trial failed. 'backend-lost' also means the worker is unusable from now on. */
export type FailureCause = 'diverged' | 'error' | 'backend-lost';

interface TrainSummary {
  /** Epochs finished (absolute: a trial resumed from k epochs that trained 2 more reports k + 2). */
  readonly epochs: number;
  readonly elapsedMs: number;
  /** Null when the model was never built (e.g. a bad config). */
  readonly paramCount: number | null;
  readonly samplesPerSecond: number;
}

export type TrainResult =
  | (TrainSummary & { readonly kind: 'complete'; readonly metrics: EpochMetrics; readonly checkpoint?: WeightsCheckpoint })
  | (TrainSummary & { readonly kind: 'stopped'; readonly metrics: EpochMetrics | null; readonly checkpoint?: WeightsCheckpoint })
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
  /**
   * Trains one trial. Never rejects for a trial-level problem: those resolve as `failed`.
   * Checkpoints cross by transfer both ways: the caller passes `checkpointing` with its startFrom
   * buffers in the transfer list (they are the worker's from then on), and the checkpoints in
   * 'epoch' progress and in the result arrive transferred (the caller's from then on).
   */
  train(config: TrainConfig, budget: TrainBudget, onProgress: ProgressListener, checkpointing?: TrainCheckpointing): Promise<TrainResult>;
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
