/**
 * The task worker's state and calls, without comlink (serve-trials.ts exposes it; Node tests drive
 * it directly): the backend chosen by `init` and whether it is still alive, whether the task's
 * setup worked, and the running trial's stop switch.
 *
 * tfjs is loaded only when `init` asks for a backend: a task that needs no tfjs (`'none'`) never
 * loads it. One trial at a time; a second `run` meanwhile fails at once.
 */
import { messageOf } from './failure';
import {
  TASK_SETUP_ERROR,
  type BackendPreference,
  type BackendReport,
  type ExportedModel,
  type TaskJob,
  type TaskProgressListener,
  type TaskResult,
  type TensorMemory,
} from './protocol';
import type { TrialTask } from './task';
import { TrialRun } from './trial-run';
import type { Params } from '../../tuner';

type TensorCounter = () => TensorMemory;

export interface TaskWorkerOptions {
  /** The run clock in ms (default performance.now). */
  readonly now?: () => number;
}

function refusal(cause: 'error' | 'user-code' | 'backend-lost', reason: string): TaskResult {
  return { kind: 'failed', cause, reason, metrics: null, epochs: 0, elapsedMs: 0 };
}

export class TaskWorker {
  private ready = false;
  private setupFailure: string | null = null;
  private lostReason: string | null = null;
  private lost: Promise<string> = new Promise<string>(() => undefined);
  private counter: TensorCounter | null = null;
  private running: AbortController | null = null;
  private readonly now: () => number;

  constructor(
    private readonly task: TrialTask,
    options: TaskWorkerOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Picks the backend (none for 'none'), then runs the task's setup once. See `TaskWorkerApi.init`. */
  async init(preference: BackendPreference | 'none', setup: unknown): Promise<BackendReport | null> {
    let report: BackendReport | null = null;
    if (preference !== 'none') {
      const [{ selectBackend }, tf] = await Promise.all([import('./backend'), import('@tensorflow/tfjs')]);
      const selected = await selectBackend(preference);
      report = selected.report;
      this.lost = selected.lost;
      void selected.lost.then((reason) => {
        this.lostReason = reason;
        this.running?.abort();
      });
      this.counter = () => {
        const { numTensors, numBytes } = tf.memory();
        return { numTensors, numBytes };
      };
    }
    this.setupFailure = null;
    try {
      await this.task.setup?.(setup);
    } catch (error) {
      this.setupFailure = `setup failed: ${messageOf(error)}`;
      const failure = new Error(this.setupFailure);
      failure.name = TASK_SETUP_ERROR;
      throw failure;
    } finally {
      this.ready = true;
    }
    return report;
  }

  /** Runs one trial; never rejects. See `TaskWorkerApi.run`. */
  async run(job: TaskJob, onProgress: TaskProgressListener): Promise<TaskResult> {
    if (this.running !== null) return refusal('error', `trial ${job.trialId}: another trial is already running in this worker`);
    if (!Number.isInteger(job.maxEpochs) || job.maxEpochs < 1) return refusal('error', `trial ${job.trialId}: maxEpochs must be a whole number ≥ 1, got ${job.maxEpochs}`);
    const done = job.startFrom?.epochsDone ?? 0;
    if (done >= job.maxEpochs) return refusal('error', `trial ${job.trialId}: its checkpoint already holds ${done} epochs, and its budget is ${job.maxEpochs}`);
    if (this.lostReason !== null) return refusal('backend-lost', this.lostReason);
    if (!this.ready) return refusal('error', `trial ${job.trialId}: init() must be called before run()`);
    if (this.setupFailure !== null) return refusal('user-code', `trial ${job.trialId}: ${this.setupFailure}`);
    const controller = new AbortController();
    this.running = controller;
    const trial = new TrialRun(this.task, job, controller.signal, {
      send: async (progress) => {
        await onProgress(progress);
      },
      now: this.now,
    });
    try {
      const lost = this.lost.then((reason): TaskResult => refusal('backend-lost', reason));
      return await Promise.race([trial.run(), lost]);
    } finally {
      this.running = null;
    }
  }

  /** Ends the running trial at its next report (or sooner, if its code watches the signal). */
  stop(): void {
    this.running?.abort();
  }

  memory(): TensorMemory {
    return this.counter?.() ?? { numTensors: 0, numBytes: 0 };
  }

  /** The task's model for `params`; rejects when the task cannot export or its setup failed. */
  async exportModel(params: Params, job: TaskJob): Promise<ExportedModel> {
    const exportModel = this.task.exportModel?.bind(this.task);
    if (exportModel === undefined) {
      throw new Error('this task cannot export a model: give serveTrials an exportModel(params, job) function (serveModelTrials has one)');
    }
    if (this.setupFailure !== null) throw new Error(this.setupFailure);
    if (this.lostReason !== null) throw new Error(this.lostReason);
    return exportModel(params, job);
  }
}
