/**
 * What the built-in CNN trainer (train.ts, run by the CNN task, cnn-task.ts) speaks. What every
 * task worker shares with the page (the backend it picked, its heartbeat, its tensor memory, the
 * checkpoint shapes) is the task protocol's, serve/protocol.ts, re-exported here for the page.
 * Everything here is structured-cloneable.
 */
import type { CheckpointMode, TaskProgress, TrialCheckpoint } from './serve/protocol';
import type { DatasetName } from './datasets';

export { BACKEND_NAMES, HEARTBEAT_INTERVAL_MS, WEIGHTS_CHECKPOINT_FORMAT } from './serve/protocol';
export type { BackendName, BackendPreference, BackendReport, BackendSkip, TensorMemory, WorkerHeartbeat } from './serve/protocol';

/** What one trial trains on (how many epochs is `config.epochs`: the CNN task caps it by the job's `maxEpochs`). */
export interface TrainBudget {
  readonly dataset: DatasetName;
  /** Samples from the train split per epoch (≤ what the split holds). */
  readonly trainSamples: number;
  /** Samples from the validation split evaluated after each epoch. */
  readonly validationSamples: number;
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

/** Where a trial starts and what state it hands back; both optional (default: from scratch, none). */
export interface TrainCheckpointing {
  /**
   * Continue from this state: epochs `epochsDone + 1 …`, with the current config's algorithm
   * hyperparameters (learning rate, …) and the checkpoint's weights. The network must match the
   * checkpoint's, or the trial fails naming the first weight that differs.
   */
  readonly startFrom?: TrialCheckpoint;
  /**
   * 'at-end': the result of a complete or stopped trial carries the state after its last finished
   * epoch (none if it finished no epoch and had no `startFrom`); 'every-epoch': each 'epoch'
   * progress report carries the state after that epoch as well.
   */
  readonly saveCheckpoint?: CheckpointMode;
}

/** What the trainer reports while a trial trains: batches within an epoch (as every task reports them), and each finished epoch. */
export type TrainProgress =
  | Extract<TaskProgress, { readonly kind: 'batch' }>
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
      readonly checkpoint?: TrialCheckpoint;
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
  | (TrainSummary & { readonly kind: 'complete'; readonly metrics: EpochMetrics; readonly checkpoint?: TrialCheckpoint })
  | (TrainSummary & { readonly kind: 'stopped'; readonly metrics: EpochMetrics | null; readonly checkpoint?: TrialCheckpoint })
  | (TrainSummary & {
      readonly kind: 'failed';
      readonly cause: FailureCause;
      readonly reason: string;
      /** Metrics of the last finished epoch, if any. */
      readonly metrics: EpochMetrics | null;
    });
