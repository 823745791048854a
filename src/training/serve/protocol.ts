/**
 * The task protocol: what a task worker (a user's worker module that calls `serveTrials` or
 * `serveModelTrials`) exposes over comlink, and what crosses between it and the runner. The runner
 * calls `TaskWorkerApi` methods on `Comlink.wrap<TaskWorkerApi>(worker)`.
 *
 * Everything here is structured-cloneable. Checkpoint buffers and exported weights cross by
 * transfer: whoever sends one no longer has it.
 *
 * This is the one declaration of the metrics record, the checkpoint shape, the checkpoint mode and
 * the epoch budget (`TaskJob.maxEpochs`); the runner and the built-in tasks import them from here.
 *
 *   const api = Comlink.wrap<TaskWorkerApi>(new Worker(url, { type: 'module' }));
 *   await api.init('auto', setupData);
 *   const result = await api.run(job, Comlink.proxy((progress) => { … }));
 */
import type { Metrics, Params } from '../../tuner';

/**
 * The tfjs backends a task worker may run on, in the order it tries them: a hardware GPU first,
 * then WebAssembly (XNNPACK, SIMD, threads where the page is cross-origin isolated), then plain
 * JavaScript. A software GPU adapter (SwiftShader and the like) is tried only after wasm failed.
 */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** A tfjs backend a task worker may run on. */
export type BackendName = (typeof BACKEND_NAMES)[number];
/**
 * The first backend to try; later ones in webgpu → webgl → wasm → cpu are fallbacks. 'auto' tries
 * them all but passes over software GPU adapters while wasm works; a named backend is used even on a
 * software adapter.
 */
export type BackendPreference = BackendName | 'auto';

/** A backend that was not used, and why (no adapter, setBackend resolved false, probe op failed, …). */
export interface BackendSkip {
  readonly backend: BackendName;
  readonly reason: string;
}

/** Which backend a worker got, why, and why the ones before it were skipped. */
export interface BackendReport {
  readonly backend: BackendName;
  /** e.g. "adapter: Google SwiftShader", "webgl2 on OffscreenCanvas", "XNNPACK, SIMD, 1 thread". */
  readonly detail: string;
  readonly skipped: readonly BackendSkip[];
}

/**
 * A trial worker's sign of life, posted on its own global (beside comlink's messages, which ignore
 * it): once a second from a timer, and before each step that may hold the worker's thread (a
 * training or validation batch: tfjs's cpu ops are synchronous, so no timer fires during one).
 * `busyForMs` is how long the worker expects to be unable to send anything from now on (0: no
 * such step ahead); the runner allows that much on top of its usual silence limit (it reads them:
 * `isWorkerHeartbeat` and the watchdog in src/runner/worker-watchdog.ts). `serveTrials` starts them
 * (heartbeat.ts).
 */
export interface WorkerHeartbeat {
  readonly type: 'trial-worker-heartbeat';
  readonly busyForMs: number;
}

/** How often an idle or waiting trial worker posts a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/** tfjs's tensor count and bytes in a worker (leak checks). */
export interface TensorMemory {
  readonly numTensors: number;
  readonly numBytes: number;
}

/** The format of tfjs model checkpoints: model weights plus optimiser state (see checkpoint.ts). */
export const WEIGHTS_CHECKPOINT_FORMAT = 'tfjs-weights/1';

/**
 * Metric values by name after one epoch (the engine's `Metrics`, declared once there), e.g.
 * `{ loss: 0.41, accuracy: 0.88, valLoss: 0.47, valAccuracy: 0.86 }`. tfjs's names are camelCased
 * (`val_loss` → `valLoss`, `acc` → `accuracy`). Values may be NaN or ±∞ when training diverged; the
 * runner decides what that means.
 */
export type { Metrics } from '../../tuner';

/** When a trial hands back its state: with the result only, or with every epoch's progress too. */
export type CheckpointMode = 'at-end' | 'every-epoch';

/**
 * A trial's training state after `epochsDone` epochs: what pausing keeps, and what a resumed trial
 * or a PBT child starts from. `format` says who can read it ('tfjs-weights/1' for model weights
 * plus optimiser state, 'simulated-curve/1', or a user task's own); `buffers` are the transferable
 * part; `manifest` is the small structured-cloneable description of the buffers.
 */
export interface TrialCheckpoint {
  readonly format: string;
  /** Epochs of training the state holds (≥ 0). */
  readonly epochsDone: number;
  readonly buffers: readonly ArrayBuffer[];
  readonly manifest: unknown;
}

/** One trial to run on a task worker. */
export interface TaskJob {
  /** The study's trial id (named in every error about this trial). */
  readonly trialId: number;
  /** 0 for the first try, 1 for the first retry after a crashed worker, … */
  readonly attempt: number;
  readonly params: Params;
  /** Seeds weight init, shuffling and dropout; the same for every attempt of a trial. */
  readonly seed: number;
  /** The epoch budget: train up to this epoch, counted from scratch (a resumed trial included). */
  readonly maxEpochs: number;
  /** Continue from this state: epochs `startFrom.epochsDone + 1 … maxEpochs`. */
  readonly startFrom?: TrialCheckpoint;
  /**
   * 'at-end': a `complete` or `stopped` result carries the state after its last finished epoch;
   * 'every-epoch': each 'epoch' progress carries it too. Absent: no checkpoints.
   */
  readonly saveCheckpoint?: CheckpointMode;
}

/** What a task worker tells the runner while a trial trains: each finished epoch, and batches within one. */
export type TaskProgress =
  | {
      /** After every finished epoch. */
      readonly kind: 'epoch';
      /** Epochs finished: 1, 2, … (a resumed trial starts at `startFrom.epochsDone + 1`). */
      readonly epoch: number;
      /** Every metric the task reported for this epoch. */
      readonly metrics: Metrics;
      /** Milliseconds since the run started. */
      readonly elapsedMs: number;
      /** Training samples per second so far, where the task knows it. */
      readonly samplesPerSecond?: number;
      /** The state after this epoch, with `saveCheckpoint: 'every-epoch'` (transferred). */
      readonly checkpoint?: TrialCheckpoint;
    }
  | {
      /** Within an epoch, at most a few times a second (tasks that train in batches). */
      readonly kind: 'batch';
      /** 1-based epoch in progress. */
      readonly epoch: number;
      /** Batches done in this epoch, of `batches`. */
      readonly batch: number;
      readonly batches: number;
      readonly loss: number;
      readonly elapsedMs: number;
    };

/** Receives a running trial's progress (the runner's side of `TaskWorkerApi.run`). */
export type TaskProgressListener = (progress: TaskProgress) => void | Promise<void>;

/**
 * Why a trial failed: 'diverged' (NaN loss), 'error' (training threw), 'user-code' (the task's own
 * code broke the contract or threw: the reason names the trial and the problem), 'backend-lost'
 * (the GPU device is gone: the worker is unusable from now on).
 */
export type TaskFailureCause = 'diverged' | 'error' | 'user-code' | 'backend-lost';

/** What every result says, however the trial ended. */
export interface TaskSummary {
  /** The last finished epoch, counted from scratch (a trial resumed from k epochs that trained 2 more says k + 2). */
  readonly epochs: number;
  readonly elapsedMs: number;
  /** The model's parameter count, where the task knows it (for constraints). */
  readonly paramCount?: number;
  /** Training samples per second, where the task knows it. */
  readonly samplesPerSecond?: number;
}

/** How a trial's run on a task worker ended: complete, stopped (or paused) by the runner, or failed with a cause and a reason. */
export type TaskResult =
  | (TaskSummary & {
      readonly kind: 'complete';
      /** The last epoch's metrics. */
      readonly metrics: Metrics;
      readonly checkpoint?: TrialCheckpoint;
    })
  | (TaskSummary & {
      /** Ended by `stop()`, or paused by the runner (then with a checkpoint when one was asked for). */
      readonly kind: 'stopped';
      readonly metrics: Metrics | null;
      readonly checkpoint?: TrialCheckpoint;
    })
  | (TaskSummary & {
      readonly kind: 'failed';
      readonly cause: TaskFailureCause;
      /** Names the problem, and for 'user-code' the trial: "trial 3: build(params) threw: …". */
      readonly reason: string;
      /** Metrics of the last finished epoch, if any. */
      readonly metrics: Metrics | null;
    });

/** A trained model in the tfjs layers format, as `exportModel` returns it (the weights are transferred). */
export interface ExportedModel {
  /** model.json: topology plus a weights manifest pointing at "weights.bin". */
  readonly modelJson: string;
  /** The bytes of weights.bin. */
  readonly weights: ArrayBuffer;
  /** The last epoch's metrics. */
  readonly metrics: Metrics;
  readonly paramCount: number;
  readonly epochs: number;
}

/**
 * The `name` of the error `init` rejects with when the task's own setup (its data loader) failed:
 * a problem in the user's code, not a crashed worker, so starting another worker will not help.
 * The message names the problem; every `run` on that worker fails with it too.
 */
export const TASK_SETUP_ERROR = 'TaskSetupError';

/** What a task worker exposes. `init` first, then one `run` at a time. */
export interface TaskWorkerApi {
  /**
   * Picks the tfjs backend (`'none'`: the task needs no tfjs) and runs the task's setup (its data
   * loader) with `setup`. Resolves with the backend report, or null for 'none'. When the setup
   * fails it rejects with an error named `TASK_SETUP_ERROR` whose message names the problem; the
   * worker stays up and every later `run` resolves `failed` ('user-code') with the same reason.
   */
  init(preference: BackendPreference | 'none', setup: unknown): Promise<BackendReport | null>;
  /**
   * Runs one trial. Never rejects for a trial-level problem: those resolve as `failed`. The
   * caller passes `job.startFrom` buffers in the transfer list; checkpoints in progress and in the
   * result arrive transferred.
   */
  run(job: TaskJob, onProgress: TaskProgressListener): Promise<TaskResult>;
  /** Ends the running trial at its next report (it resolves `stopped`); no-op when idle. */
  stop(): void;
  /** tfjs's tensor count and bytes (zeros when the task uses no tfjs). */
  memory(): TensorMemory;
  /** Retrains `params` for `job.maxEpochs` and returns the model; rejects when the task cannot export. */
  exportModel(params: Params, job: TaskJob): Promise<ExportedModel>;
}
