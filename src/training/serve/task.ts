/**
 * What a user's worker module gives `serveTrials`: a task that trains one trial at a time and
 * reports each epoch's metrics, as Optuna's `trial.report` plus `should_prune` in one call.
 *
 *   serveTrials({
 *     train: async (params, report, ctx) => {
 *       for (let epoch = (ctx.startFrom?.epochsDone ?? 0) + 1; epoch <= ctx.maxEpochs; epoch++) {
 *         const valLoss = await oneEpoch(params);
 *         if ((await report(epoch, { valLoss })) !== 'continue') return;
 *       }
 *     },
 *   });
 *
 * Nothing here needs tfjs: any JavaScript objective can be a task.
 */
import type { Params } from '../../tuner';
import type { CheckpointMode, ExportedModel, Metrics, TaskJob, TrialCheckpoint } from './protocol';

/**
 * What `report` answers: go on with the next epoch, or end the trial now. 'pause' ends it too; the
 * checkpoint function given with that epoch has been called, and the trial resumes later from it
 * (possibly in another worker).
 */
export type ReportAnswer = 'continue' | 'pause' | 'stop';

/**
 * A trial's state as the task's checkpoint function returns it: `format` names who can read it,
 * `buffers` hold the state (they are transferred: do not use them afterwards), `manifest` is any
 * structured-cloneable description. `epochsDone` is filled in with the reported epoch.
 *
 * @example
 * ```ts
 * import type { CheckpointState } from 'tfjs-tuner/worker';
 *
 * const weight = 0.5;
 * const velocity = -0.1;
 * const state: CheckpointState = { format: 'my-loop/1', buffers: [Float64Array.of(weight, velocity).buffer], manifest: { fields: ['weight', 'velocity'] } };
 * ```
 */
export interface CheckpointState {
  readonly format: string;
  readonly buffers: readonly ArrayBuffer[];
  readonly manifest?: unknown;
}

/**
 * Makes the state after the epoch being reported; called only when the runner needs it: during
 * that `report`, or, when the trial is stopped before the next one, right after `train` returns.
 */
export type CheckpointFunction = () => CheckpointState | Promise<CheckpointState>;

/**
 * Reports a finished epoch: `epoch` counts from scratch (1, 2, …, after `startFrom.epochsDone`
 * when resuming), one report per epoch, in order, up to `ctx.maxEpochs`. `metrics` holds every
 * number worth keeping (`{ loss, valLoss, valAccuracy }`); NaN and ±∞ are allowed. Pass
 * `checkpoint` to make the trial pausable and its state available to a PBT child.
 *
 * @example
 * ```ts
 * import type { Report } from 'tfjs-tuner/worker';
 *
 * async function trainLoop(report: Report, maxEpochs: number): Promise<void> {
 *   const weights = new Float32Array(16);
 *   for (let epoch = 1; epoch <= maxEpochs; epoch++) {
 *     const loss = 1 / epoch;
 *     const answer = await report(epoch, { loss, valLoss: loss * 1.2 }, () => ({ format: 'my-loop/1', buffers: [weights.slice().buffer] }));
 *     if (answer !== 'continue') return; // 'pause' or 'stop': end the loop now
 *   }
 * }
 * ```
 */
export type Report = (epoch: number, metrics: Metrics, checkpoint?: CheckpointFunction) => Promise<ReportAnswer>;

/**
 * What `train` knows about the trial besides its parameters.
 *
 * @example
 * ```ts
 * import type { TrainContext } from 'tfjs-tuner/worker';
 *
 * function firstEpoch(ctx: TrainContext): number {
 *   ctx.signal.addEventListener('abort', () => console.log(`trial ${ctx.trialId} stopped`));
 *   return (ctx.startFrom?.epochsDone ?? 0) + 1; // resume where the checkpoint ended
 * }
 * ```
 */
export interface TrainContext {
  readonly trialId: number;
  /** 0 for the first try, 1 for a retry after a crashed worker, … */
  readonly attempt: number;
  /** Seed weight init and shuffling with it: the same trial, the same run. */
  readonly seed: number;
  /** The last epoch this trial may train (its budget, counted from scratch). */
  readonly maxEpochs: number;
  /** Continue from this state: train epochs `startFrom.epochsDone + 1 … maxEpochs`. */
  readonly startFrom?: TrialCheckpoint;
  /** Whether the runner keeps checkpoints of this trial (then pass one with each report). */
  readonly saveCheckpoint?: CheckpointMode;
  /** Aborted when the runner stops the trial; `report` then answers 'stop' (or 'pause'). */
  readonly signal: AbortSignal;
  /** Within an epoch: batches done of `batches` and the running loss (shown as progress; optional). */
  reportBatch(batch: number, batches: number, loss: number): void;
}

/** What `train` may return: the model's size, for constraints on it, and its training speed. */
export interface TrainSummary {
  readonly paramCount?: number;
  /** Training samples per second (validation excluded), where the task measures it. */
  readonly samplesPerSecond?: number;
}

/**
 * One trial-serving task: what `serveTrials` takes.
 *
 * @example
 * ```ts
 * import type { TrialTask } from 'tfjs-tuner/worker';
 *
 * let targets: number[] = [];
 * const task: TrialTask = {
 *   setup: async (setup) => {
 *     targets = (setup as { targets: number[] }).targets; // once per worker
 *   },
 *   train: async (params, report, ctx) => {
 *     for (let epoch = 1; epoch <= ctx.maxEpochs; epoch++) {
 *       const error = targets.reduce((sum, t) => sum + Math.abs(t - (params.guess as number)), 0) / epoch;
 *       if ((await report(epoch, { error })) !== 'continue') return;
 *     }
 *   },
 * };
 * ```
 */
export interface TrialTask {
  /** Runs once per worker, before its first trial, with the `setup` data given to the runner (load your data here). */
  setup?(setup: unknown): void | Promise<void>;
  /** Trains one trial, reporting every epoch. Throwing fails the trial (the reason names the error). */
  train(params: Params, report: Report, ctx: TrainContext): void | TrainSummary | Promise<void | TrainSummary>;
  /** Trains `params` within `job.maxEpochs` and returns the model's files (for "download the best model"). */
  exportModel?(params: Params, job: TaskJob): Promise<ExportedModel>;
}
