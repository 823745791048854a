/**
 * The worker executor: one trial slot backed by a Web Worker running workers/trial.worker.ts,
 * driven over comlink (contract: src/runner/executor.ts).
 *
 *   const mnist = await fetchDataset(baseUrl, 'mnist');                 // once, shared by every worker
 *   const factory = createWorkerExecutorFactory({ dataset: mnist, backend: 'auto', trainSamples: 2048, validationSamples: 512, splitSeed: study.seed });
 *   const pool = await ExecutorPool.create(factory, { size: 2 });
 *
 * Starting never hangs (see worker-start.ts): a worker whose script cannot load, that throws while
 * loading, that falls silent or that finds no backend makes `start` reject with a WorkerStartError
 * naming the script and the problem. A started slot is dead (every pending and later call rejects
 * with ExecutorCrashedError) when the worker fires 'error' or 'messageerror', when `terminate()` is
 * called, when it falls silent (its heartbeat stops: a worker killed without an event, or hung; see
 * worker-watchdog.ts), or when its GPU backend was lost.
 *
 * Checkpoints (contract point 6; format 'tfjs-weights/1', see src/training/checkpoint.ts) cross
 * the worker boundary by transfer, never by copy:
 *   - `job.startFrom`: its buffers are transferred to the worker when `run` starts the trial; from
 *     then on they are detached here (byteLength 0) and belong to the worker. A caller that still
 *     needs the checkpoint passes `copyCheckpoint(checkpoint)`. Detached buffers (a checkpoint
 *     handed over twice) fail the trial with a reason that says so.
 *   - `progress.checkpoint` ('every-epoch') and `outcome.checkpoint`: transferred from the worker;
 *     the callback's and the caller's to keep (the worker holds no copy).
 */
import * as Comlink from 'comlink';
import { configFromParams, DEFAULT_CONFIG, type TrainConfig } from '../training/config';
import type { Dataset } from '../training/datasets';
import type {
  BackendPreference,
  BackendReport,
  TrainBudget,
  TrainCheckpointing,
  TrainProgress,
  TrainResult,
  TrialWorkerApi,
} from '../training/protocol';
import {
  ExecutorBusyError,
  ExecutorCrashedError,
  type ExecutorFactory,
  type ProgressCallback,
  type TrialCheckpoint,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
} from './executor';
import { startTrialWorker, TRIAL_WORKER, type WorkerScript } from './worker-start';
import type { SilenceRecord, WorkerWatchdog } from './worker-watchdog';

export interface WorkerExecutorOptions {
  /** Fetched once by the page (on a SharedArrayBuffer where possible) and handed to every worker. */
  readonly dataset: Dataset;
  readonly backend: BackendPreference;
  /** Values of the hyperparameters a study's params leave out; default DEFAULT_CONFIG. */
  readonly baseConfig?: TrainConfig;
  readonly trainSamples: number;
  readonly validationSamples: number;
  /** Fixes the train/validation split for the whole study. */
  readonly splitSeed: number;
  /**
   * k-fold cross-validation over the train + validation samples (see `TrainBudget.folds`); default
   * 1 (none). With k ≥ 2 the factory keeps no checkpoints: paused trials retrain from scratch.
   */
  readonly folds?: number;
  /** The worker script; default the real trial worker. Tests pass their own. */
  readonly script?: WorkerScript;
  /** Silence (beyond what the worker announced) after which it counts as dead; default 10 000 ms (see worker-watchdog.ts). */
  readonly silenceLimitMs?: number;
  /** A worker that has not loaded tfjs, its backend and the dataset by then fails to start; default 120 000 ms. */
  readonly startTimeoutMs?: number;
}

/** A buffer whose contents were transferred away (detached): byteLength 0 and, where supported, `detached`. */
function isDetached(buffer: ArrayBuffer): boolean {
  const flag = (buffer as ArrayBuffer & { readonly detached?: boolean }).detached;
  return flag ?? buffer.byteLength === 0;
}

/** Why `startFrom`'s buffers cannot be transferred to the worker, or null when they can. */
function unusableBuffers(buffers: readonly unknown[]): string | null {
  if (!buffers.every((b) => b instanceof ArrayBuffer)) return 'startFrom buffers must be ArrayBuffers (SharedArrayBuffers and views cannot be transferred)';
  if ((buffers as readonly ArrayBuffer[]).some(isDetached)) {
    return 'startFrom holds detached buffers: the checkpoint was handed over already (pass copyCheckpoint(…) to keep one)';
  }
  return null;
}

/** A transfer list may name a buffer only once. */
function uniqueBuffers(buffers: readonly ArrayBuffer[]): ArrayBuffer[] {
  return [...new Set(buffers)];
}

/** The result's checkpoint as an outcome field (it arrived transferred: the caller's now). */
function checkpointOf(result: TrainResult): { readonly checkpoint?: TrialCheckpoint } {
  return result.kind !== 'failed' && result.checkpoint !== undefined ? { checkpoint: result.checkpoint } : {};
}

export class WorkerExecutor implements TrialExecutor {
  private deathReason: string | null = null;
  private readonly deathListeners = new Set<(reason: string) => void>();
  private running = false;

  private constructor(
    private readonly worker: Worker,
    private readonly api: Comlink.Remote<TrialWorkerApi>,
    private readonly options: WorkerExecutorOptions,
    /** The backend the worker got, and why. */
    readonly backend: BackendReport,
    private readonly watchdog: WorkerWatchdog,
  ) {}

  /** Starts a worker, initialises its backend and gives it the dataset. Rejects (WorkerStartError) if any step fails. */
  static async start(options: WorkerExecutorOptions): Promise<WorkerExecutor> {
    const started = await startTrialWorker(options.script ?? TRIAL_WORKER, options.backend, options, (api) => api.loadDataset(options.dataset));
    const { worker, api, report, watchdog } = started;
    const executor = new WorkerExecutor(worker, api, options, report, watchdog);
    watchdog.reportTo((reason) => executor.die(reason));
    worker.addEventListener('error', (event) => executor.die(`worker error: ${event instanceof ErrorEvent && event.message ? event.message : 'uncaught error'}`));
    worker.addEventListener('messageerror', () => executor.die('worker sent a message that could not be deserialised'));
    return executor;
  }

  /** The longest the worker has been silent so far, and what was allowed then (for benchmarks and tests). */
  get longestSilence(): SilenceRecord {
    return this.watchdog.longestSilence;
  }

  async run(job: TrialJob, onProgress: ProgressCallback): Promise<TrialOutcome> {
    if (this.deathReason !== null) throw new ExecutorCrashedError(this.deathReason);
    if (this.running) throw new ExecutorBusyError(`slot is busy; trial ${job.trialId} was not started`);
    let config: TrainConfig;
    try {
      config = configFromParams(job.params, { ...(this.options.baseConfig ?? DEFAULT_CONFIG), epochs: job.budget.maxEpochs });
    } catch (error) {
      return { kind: 'failed', reason: error instanceof Error ? error.message : String(error), epochs: 0, elapsedMs: 0 };
    }
    const budget: TrainBudget = {
      dataset: this.options.dataset.name,
      trainSamples: this.options.trainSamples,
      validationSamples: this.options.validationSamples,
      maxEpochs: job.budget.maxEpochs,
      splitSeed: this.options.splitSeed,
      seed: job.seed,
      ...(this.options.folds === undefined || this.options.folds === 1 ? {} : { folds: this.options.folds }),
    };
    const unusable = job.startFrom === undefined ? null : unusableBuffers(job.startFrom.buffers);
    if (unusable !== null) return { kind: 'failed', reason: unusable, epochs: 0, elapsedMs: 0 };
    const checkpointing: TrainCheckpointing = {
      ...(job.startFrom === undefined ? {} : { startFrom: job.startFrom }),
      ...(job.saveCheckpoint === undefined ? {} : { saveCheckpoint: job.saveCheckpoint }),
    };
    let settled = false;
    const forward = (progress: TrainProgress) => {
      if (settled || progress.kind !== 'epoch') return;
      try {
        onProgress({
          trialId: job.trialId,
          epoch: progress.epoch,
          metrics: { ...progress.metrics },
          elapsedMs: progress.elapsedMs,
          ...(progress.checkpoint === undefined ? {} : { checkpoint: progress.checkpoint }),
        });
      } catch {
        // A listener's failure must not break the run (contract 2).
      }
    };
    this.running = true;
    try {
      // The startFrom buffers move to the worker (transfer list), so the page holds no second copy.
      const handedOver = Comlink.transfer(checkpointing, job.startFrom === undefined ? [] : uniqueBuffers(job.startFrom.buffers));
      const result = await this.unlessDead<TrainResult>(this.api.train(config, budget, Comlink.proxy(forward), handedOver));
      return this.outcomeOf(result);
    } finally {
      settled = true;
      this.running = false;
    }
  }

  stop(): void {
    if (this.running && this.deathReason === null) this.api.stop().catch(() => undefined);
  }

  terminate(): void {
    this.die('worker terminated');
  }

  private outcomeOf(result: TrainResult): TrialOutcome {
    const { epochs, elapsedMs } = result;
    switch (result.kind) {
      case 'complete':
        return { kind: 'complete', metrics: { ...result.metrics, ...paramCountOf(result) }, epochs, elapsedMs, ...checkpointOf(result) };
      case 'stopped':
        return { kind: 'stopped', metrics: result.metrics === null ? null : { ...result.metrics, ...paramCountOf(result) }, epochs, elapsedMs, ...checkpointOf(result) };
      case 'failed':
        if (result.cause === 'backend-lost') {
          // The slot cannot train any more: a crash, so the pool replaces it (contract 3).
          this.die(result.reason);
          throw new ExecutorCrashedError(result.reason);
        }
        return { kind: 'failed', reason: result.reason, epochs, elapsedMs };
      default: {
        const unreachable: never = result;
        throw new Error(`unknown train result ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Marks the slot dead once: terminates the worker and rejects whatever waits on it. */
  private die(reason: string): void {
    if (this.deathReason !== null) return;
    this.deathReason = reason;
    this.watchdog.stop();
    this.worker.terminate();
    for (const listener of this.deathListeners) listener(reason);
    this.deathListeners.clear();
  }

  /** `call`'s result, or an ExecutorCrashedError as soon as the slot dies. */
  private unlessDead<T>(call: Promise<T>): Promise<T> {
    if (this.deathReason !== null) return Promise.reject(new ExecutorCrashedError(this.deathReason));
    return new Promise<T>((resolve, reject) => {
      const onDeath = (reason: string) => reject(new ExecutorCrashedError(reason));
      this.deathListeners.add(onDeath);
      call.then(
        (value) => {
          this.deathListeners.delete(onDeath);
          resolve(value);
        },
        (error: unknown) => {
          this.deathListeners.delete(onDeath);
          reject(error instanceof Error ? new ExecutorCrashedError(`worker call failed: ${error.message}`) : new ExecutorCrashedError(String(error)));
        },
      );
    });
  }
}

/**
 * Makes worker executors for a pool: kind "worker:<preference>", with checkpoints (pause/resume,
 * PBT) unless trials cross-validate (a checkpoint holds one model, not one per fold).
 */
export function createWorkerExecutorFactory(options: WorkerExecutorOptions): ExecutorFactory {
  return {
    kind: `worker:${options.backend}`,
    checkpoints: (options.folds ?? 1) === 1,
    create: () => WorkerExecutor.start(options),
  };
}

/** The model's parameter count as a metric (`paramCount`), for constraints such as paramCount ≤ N. */
function paramCountOf(result: TrainResult): { paramCount?: number } {
  return result.paramCount === null ? {} : { paramCount: result.paramCount };
}
