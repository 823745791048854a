/**
 * The worker executor: one trial slot backed by a task worker (any worker module that calls
 * `serveTrials` or `serveModelTrials`, see src/training/serve/protocol.ts), driven over comlink
 * (contract: src/runner/executor.ts). It knows nothing of what the task trains: it starts the
 * worker, calls `init(backend, setup)` once, then `run(job, onProgress)` per trial.
 *
 *   const factory = createWorkerExecutorFactory({
 *     script: { name: 'trials.worker.ts', create: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }) },
 *     backend: 'auto',
 *     setup: { rows: 2048 },          // structured-cloned to every worker's setup (SharedArrayBuffers stay shared)
 *     checkpoints: true,              // the task hands back checkpoints (pause/resume, PBT)
 *   });
 *   const pool = await ExecutorPool.create(factory, { size: 2 });
 *
 * Starting never hangs (see worker-start.ts): a worker whose script cannot load, that throws while
 * loading, that falls silent or that finds no backend makes `start` reject with a WorkerStartError
 * naming the script and the problem; a task whose setup (its data loader) throws makes it reject
 * with a WorkerSetupError (not a crash: the pool starts no more workers for it). A started slot is
 * dead (every pending and later call rejects with ExecutorCrashedError) when the worker fires
 * 'error' or 'messageerror', when `terminate()` is called, when it falls silent (its heartbeat
 * stops: a worker killed without an event, or hung; see worker-watchdog.ts), or when a trial fails
 * with cause 'backend-lost'.
 *
 * Checkpoints (contract point 6) cross the worker boundary by transfer, never by copy:
 *   - `job.startFrom`: its buffers are transferred to the worker when `run` starts the trial; from
 *     then on they are detached here (byteLength 0) and belong to the worker. A caller that still
 *     needs the checkpoint passes `copyCheckpoint(checkpoint)`. Detached buffers (a checkpoint
 *     handed over twice) fail the trial with a reason that says so.
 *   - `progress.checkpoint` ('every-epoch') and `outcome.checkpoint`: transferred from the worker;
 *     the callback's and the caller's to keep (the worker holds no copy).
 * A factory made with `checkpoints: false` ignores both job fields (contract point 6).
 */
import * as Comlink from 'comlink';
import type { BackendPreference, BackendReport, TaskProgress, TaskResult, TaskWorkerApi } from '../training/serve/protocol';
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
import { startTrialWorker, type WorkerScript } from './worker-start';
import type { SilenceRecord, WorkerWatchdog } from './worker-watchdog';

/** Options of the worker executors: the task worker's script, the backend, the setup data, checkpoints and the watchdog's limits. */
export interface WorkerExecutorOptions {
  /** The task worker's script: a module that calls `serveTrials` (or `serveModelTrials`). */
  readonly script: WorkerScript;
  /** The first tfjs backend to try (WebGPU → WebGL → WebAssembly → CPU from there), or 'none' for a task that needs no tfjs. */
  readonly backend: BackendPreference | 'none';
  /** Handed to every worker's task setup (its data loader), structured-cloned: a SharedArrayBuffer is shared, not copied. */
  readonly setup?: unknown;
  /**
   * Whether the task hands back checkpoints and resumes from them (pause/resume, PBT clones);
   * default false: jobs then go out without `startFrom` and `saveCheckpoint`, and paused trials
   * retrain from scratch.
   */
  readonly checkpoints?: boolean;
  /** Silence (beyond what the worker announced) after which it counts as dead; default 10 000 ms (see worker-watchdog.ts). */
  readonly silenceLimitMs?: number;
  /** A worker that has not loaded, picked its backend and run its setup by then fails to start; default 120 000 ms. */
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

/** The job as it goes to the worker: without the checkpoint fields when the factory keeps no checkpoints. */
function jobFor(job: TrialJob, checkpoints: boolean): TrialJob {
  if (checkpoints) return job;
  const { startFrom: _startFrom, saveCheckpoint: _saveCheckpoint, ...rest } = job;
  return rest;
}

/** The result's checkpoint as an outcome field (it arrived transferred: the caller's now). */
function checkpointOf(result: TaskResult): { readonly checkpoint?: TrialCheckpoint } {
  return result.kind !== 'failed' && result.checkpoint !== undefined ? { checkpoint: result.checkpoint } : {};
}

/** The model's parameter count as a metric (`paramCount`), for constraints such as paramCount ≤ N. */
function paramCountOf(result: TaskResult): { paramCount?: number } {
  return result.paramCount === undefined ? {} : { paramCount: result.paramCount };
}

/** A trial executor over one task worker (a module that calls `serveTrials` or `serveModelTrials`), watched for crashes and silence. */
export class WorkerExecutor implements TrialExecutor {
  private deathReason: string | null = null;
  private readonly deathListeners = new Set<(reason: string) => void>();
  private running = false;

  private constructor(
    private readonly worker: Worker,
    private readonly api: Comlink.Remote<TaskWorkerApi>,
    private readonly checkpoints: boolean,
    /** The backend the worker got, and why; null for a task started with 'none'. */
    readonly backend: BackendReport | null,
    private readonly watchdog: WorkerWatchdog,
  ) {}

  /** Starts a worker, picks its backend and runs its task's setup. Rejects (WorkerStartError, or WorkerSetupError for the task's setup) if any step fails. */
  static async start(options: WorkerExecutorOptions): Promise<WorkerExecutor> {
    const { worker, api, report, watchdog } = await startTrialWorker(options.script, options.backend, options.setup, options);
    const executor = new WorkerExecutor(worker, api, options.checkpoints ?? false, report, watchdog);
    watchdog.reportTo((reason) => executor.die(reason));
    worker.addEventListener('error', (event) => executor.die(`worker error: ${event instanceof ErrorEvent && event.message ? event.message : 'uncaught error'}`));
    worker.addEventListener('messageerror', () => executor.die('worker sent a message that could not be deserialised'));
    return executor;
  }

  /** The longest the worker has been silent so far, and what was allowed then (for benchmarks and tests). */
  get longestSilence(): SilenceRecord {
    return this.watchdog.longestSilence;
  }

  async run(trialJob: TrialJob, onProgress: ProgressCallback): Promise<TrialOutcome> {
    if (this.deathReason !== null) throw new ExecutorCrashedError(this.deathReason);
    if (this.running) throw new ExecutorBusyError(`slot is busy; trial ${trialJob.trialId} was not started`);
    const job = jobFor(trialJob, this.checkpoints);
    const unusable = job.startFrom === undefined ? null : unusableBuffers(job.startFrom.buffers);
    if (unusable !== null) return { kind: 'failed', reason: unusable, epochs: 0, elapsedMs: 0 };
    let settled = false;
    const forward = (progress: TaskProgress) => {
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
      const handedOver = Comlink.transfer(job, job.startFrom === undefined ? [] : uniqueBuffers(job.startFrom.buffers));
      const result = await this.unlessDead<TaskResult>(this.api.run(handedOver, Comlink.proxy(forward)));
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

  private outcomeOf(result: TaskResult): TrialOutcome {
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
        throw new Error(`unknown task result ${JSON.stringify(unreachable)}`);
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
 * Makes worker executors for a pool: kind "worker:<backend>", with checkpoints (pause/resume, PBT)
 * when `options.checkpoints` says the task hands them back. Nothing is started until `create`.
 */
export function createWorkerExecutorFactory(options: WorkerExecutorOptions): ExecutorFactory {
  return {
    kind: `worker:${options.backend}`,
    checkpoints: options.checkpoints ?? false,
    create: () => WorkerExecutor.start(options),
  };
}
