/**
 * The trial executor: one slot that runs one trial at a time (Syne Tune's trial backend, per slot).
 *
 * Implementations:
 *   - simulated (src/runner/simulated.ts): synthetic objectives on a simulated clock, for tests/benchmarks;
 *   - worker (src/runner/worker-executor.ts): any task worker (one that calls `serveTrials`, see
 *     src/training/serve/protocol.ts) in a Web Worker, driven over comlink.
 *
 * The pool (pool.ts) owns N executors and the tuner loop (tuner-loop.ts) owns the study; an executor
 * knows nothing about either. What is fixed for a whole study (dataset, model builder, backend) is
 * given to the factory; a job carries only what varies per trial.
 *
 * Contract (checked for every implementation by tests/runner/contracts/executor.contract.ts):
 *   1. One run at a time. `run` while a run is in flight rejects with `ExecutorBusyError` and leaves
 *      the running trial alone.
 *   2. Progress: `onProgress` is called once per finished epoch, epochs 1, 2, … strictly increasing,
 *      `elapsedMs` non-decreasing, and never after the run's promise settled. (Over comlink: the
 *      worker should `await` the proxied callback before it returns the outcome, because the proxy's
 *      MessagePort and the call's reply are separate channels; the pool also drops late progress.)
 *      A callback that throws must not break the run.
 *   3. Settling: every trial-level result is a *resolved* `TrialOutcome` — including a diverging loss
 *      (`failed`, reason says NaN) and an error thrown by the training code (`failed`, reason is the
 *      message). A dead slot is a *rejection* with `ExecutorCrashedError`; the pool then replaces the
 *      executor and retries the trial. A failure that leaves the slot unusable (a lost WebGL/WebGPU
 *      device) is a crash, not a `failed` outcome. Any other rejection is treated as a crash too.
 *      Over comlink: a crashed or terminated worker never answers, so the worker executor must race
 *      every call against the worker's 'error'/'messageerror' events (and its own `terminate`) and
 *      reject with `ExecutorCrashedError` when they fire.
 *   4. `stop()` ends the current trial early: the run resolves promptly (at the latest after the
 *      epoch in progress) with `{ kind: 'stopped' }`. With no run in flight it does nothing. The
 *      executor stays usable.
 *   5. `terminate()` releases the slot for good (worker.terminate()). A run in flight rejects with
 *      `ExecutorCrashedError`; so does every later `run`. Calling it twice is harmless.
 *
 *   6. Checkpoints (optional capability: `ExecutorFactory.checkpoints === true`). A job with
 *      `startFrom` continues from that checkpoint: it trains epochs `startFrom.epochsDone + 1 …
 *      maxEpochs` and reports them with those (absolute) epoch numbers. A job with
 *      `saveCheckpoint: 'at-end'` returns the state after its last finished epoch as `outcome.checkpoint`
 *      when it ends `complete` or `stopped` (none if no epoch was trained and it had no `startFrom`);
 *      with `'every-epoch'` each progress report carries the state after that epoch as well. The
 *      executor owns a checkpoint's buffers once it has them: it may transfer (detach) the buffers
 *      of `startFrom` and transfers the ones it returns; a caller that still needs a checkpoint
 *      after handing it over passes a `copyCheckpoint`. Executors without the capability ignore both
 *      fields (a job with `startFrom` then trains from scratch, epochs 1 …).
 *
 * Metrics are plain numbers by name. Well-known names (tfjs's `val_loss` etc. in camelCase):
 * `loss`, `accuracy`, `valLoss`, `valAccuracy`. The `Objective` says which one the study optimises.
 * A settled outcome's metrics are the last epoch's, plus `paramCount` (the model's parameter count,
 * for constraints) where the executor knows it: the tfjs workers add it, the simulator does not.
 */
import type { CheckpointMode, Metrics, TaskJob, TrialCheckpoint } from '../training/serve/protocol';

// The metrics record, the checkpoint and its mode are declared once, in the task protocol.
export type { CheckpointMode, Metrics, TrialCheckpoint };

/**
 * One trial to run on one slot: the task protocol's job, as it crosses to a task worker. Everything
 * in it is structured-cloneable. `maxEpochs` is the epoch budget, counted from scratch (a job with
 * `startFrom` trains up to this total); `seed` is the same for every attempt of a trial.
 */
export type TrialJob = TaskJob;

/** How much work one trial may do: the job's epoch budget. */
export type TrialBudget = Pick<TaskJob, 'maxEpochs'>;

/** A copy whose buffers are new (the original may then be transferred and detached). */
export function copyCheckpoint(checkpoint: TrialCheckpoint): TrialCheckpoint {
  return { ...checkpoint, buffers: checkpoint.buffers.map((b) => b.slice(0)) };
}

/** Total bytes of a checkpoint's buffers. */
export function checkpointBytes(checkpoint: TrialCheckpoint): number {
  return checkpoint.buffers.reduce((sum, b) => sum + b.byteLength, 0);
}

/** Reported after each epoch. */
export interface TrialProgress {
  readonly trialId: number;
  /** Epochs finished so far: 1, 2, … ≤ job.maxEpochs (continuing from `startFrom.epochsDone`). */
  readonly epoch: number;
  /** Metrics after this epoch; values may be NaN when training diverged. */
  readonly metrics: Metrics;
  /** Milliseconds since the run started, on the executor's clock. */
  readonly elapsedMs: number;
  /** The state after this epoch, with `job.saveCheckpoint: 'every-epoch'` (contract point 6). */
  readonly checkpoint?: TrialCheckpoint;
}

/** Receives a running trial's progress: each finished epoch, and batches within one. */
export type ProgressCallback = (progress: TrialProgress) => void;

/** How a run ended, as far as the trial is concerned. `epochs` is the last finished epoch, counted from scratch. */
export type TrialOutcome =
  | {
      readonly kind: 'complete';
      /** Metrics after the last epoch; the objective is read from these. */
      readonly metrics: Metrics;
      readonly epochs: number;
      readonly elapsedMs: number;
      /** With `job.saveCheckpoint` on an executor that supports it. */
      readonly checkpoint?: TrialCheckpoint;
    }
  | {
      /** The configuration itself failed: diverged (NaN), out of memory, an exception in training. */
      readonly kind: 'failed';
      readonly reason: string;
      readonly epochs: number;
      readonly elapsedMs: number;
    }
  | {
      /** Ended early by `stop()`; metrics of the last finished epoch, or null if none finished. */
      readonly kind: 'stopped';
      readonly metrics: Metrics | null;
      readonly epochs: number;
      readonly elapsedMs: number;
      /** With `job.saveCheckpoint` on an executor that supports it, once an epoch is done. */
      readonly checkpoint?: TrialCheckpoint;
    };

/** How a run ended: `complete`, `stopped` or `failed`. */
export type TrialOutcomeKind = TrialOutcome['kind'];

/** One slot that runs trials one at a time: a worker, the simulated backend, or your own. */
export interface TrialExecutor {
  /** Runs one trial to its end. Resolves with the outcome; rejects with `ExecutorCrashedError` if the slot died. */
  run(job: TrialJob, onProgress: ProgressCallback): Promise<TrialOutcome>;
  /** Ends the current trial early (the run resolves `stopped`). No-op when idle. */
  stop(): void;
  /** Releases the slot for good; an in-flight run rejects with `ExecutorCrashedError`. */
  terminate(): void;
}

/** Makes executors; `create` is called once per slot at start and again for each replacement. */
export interface ExecutorFactory {
  /** What the executors are, for logs and the UI: 'simulated', 'worker:webgl', … */
  readonly kind: string;
  /** True when its executors honour `startFrom` and `saveCheckpoint` (contract point 6). */
  readonly checkpoints?: boolean;
  /** A ready executor for slot `slot` (0-based). May take a while (a worker loads tfjs). Rejects if it cannot. */
  create(slot: number): Promise<TrialExecutor>;
}

/** The slot itself died (worker error event, terminated worker, lost context). The trial may be retried. */
export class ExecutorCrashedError extends Error {
  override readonly name: string = 'ExecutorCrashedError';
}

/**
 * The task's own setup failed where an executor started (a user's data loader threw): a problem in
 * the task's code, not a crash, so starting another executor will not help. A factory's `create`
 * rejects with it; the pool then gives up on new executors instead of trying again, and `tune()`
 * ends with reason 'setup-failed'. The message names the problem.
 */
export class ExecutorSetupError extends Error {
  override readonly name: string = 'ExecutorSetupError';
}

/** `run` was called while a run was in flight: a bug in the caller, not a crash. */
export class ExecutorBusyError extends Error {
  override readonly name = 'ExecutorBusyError';
}

/** Which metric of an outcome becomes the study's objective value. */
export interface Objective {
  /** Metric name; default `valLoss` (to be minimised: create the study with direction 'minimize'). */
  readonly metric: string;
}

/** The objective when none is given: `valLoss`. */
export const DEFAULT_OBJECTIVE: Objective = Object.freeze({ metric: 'valLoss' });

/**
 * The objective value in `metrics`, or why there is none. A NaN or infinite value is returned as a
 * number (the study marks such a trial failed and says so). With `epoch`, the reason names the
 * epoch whose report lacked the metric.
 */
export function readObjective(
  metrics: Metrics | null,
  objective: Objective,
  epoch?: number,
): { readonly kind: 'value'; readonly value: number } | { readonly kind: 'missing'; readonly reason: string } {
  const value = metrics?.[objective.metric];
  if (typeof value !== 'number') {
    const present = metrics === null ? 'none' : Object.keys(metrics).join(', ') || 'none';
    const when = epoch === undefined ? '' : ` at epoch ${epoch}`;
    return { kind: 'missing', reason: `metric "${objective.metric}" was not reported${when} (metrics: ${present})` };
  }
  return { kind: 'value', value };
}
