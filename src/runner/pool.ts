/**
 * The executor pool: N trial slots. It hides crashes from the tuner loop: a slot whose executor dies
 * mid-trial is replaced by a fresh executor from the factory and the trial is retried on it (once by
 * default); after the last retry the trial comes back `failed`, with the crash as its reason. A retry
 * continues from the last checkpoint a progress report carried (or the job's own `startFrom`), so
 * with `saveCheckpoint: 'every-epoch'` no finished epoch is trained twice.
 *
 * A factory that rejects with `ExecutorSetupError` (the task's own setup threw) is not retried:
 * `create` rejects with a `PoolSetupError`, and a replacement that fails so loses its slot and the
 * pool starts no further executors (`setupFailure` says why); the slots still running go on.
 *
 *   const pool = await ExecutorPool.create(factory, { size: defaultWorkerCount(navigator.hardwareConcurrency, 'webgl') });
 *   const outcome = await pool.run({ trialId, params, maxEpochs, seed });   // needs a free slot
 *   pool.stop(trialId); pool.stopAll(); pool.terminate();
 */
import {
  copyCheckpoint,
  ExecutorCrashedError,
  ExecutorSetupError,
  type ExecutorFactory,
  type Metrics,
  type TrialCheckpoint,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
  type TrialProgress,
} from './executor';

/** The tfjs backend the executors train on; it decides how many run well side by side. */
export type BackendKind = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/**
 * How many slots to run by default. GPU backends share one device, so more than two workers mostly
 * queue on it; the wasm backend runs several threads per worker; the cpu backend is one thread per
 * worker. One core is left for the page. `hardwareConcurrency` may be missing (then 4 is assumed).
 */
export function defaultWorkerCount(hardwareConcurrency: number | undefined, backend: BackendKind): number {
  const cores = hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency) && hardwareConcurrency >= 1 ? Math.floor(hardwareConcurrency) : 4;
  const clamp = (n: number, high: number) => Math.max(1, Math.min(high, n));
  switch (backend) {
    case 'webgpu':
    case 'webgl':
      return clamp(cores - 1, 2);
    case 'wasm':
      return clamp(Math.floor(cores / 2), 4);
    case 'cpu':
      return clamp(cores - 1, 8);
    default: {
      const unreachable: never = backend;
      return unreachable;
    }
  }
}

/**
 * A job as the pool takes it; the pool numbers the attempts. `keepStartFrom`: the caller keeps
 * `startFrom` (e.g. a parent's checkpoint that other PBT children may need), so the executor gets
 * a copy; otherwise the checkpoint is handed over and copied only while a retry may still need it.
 */
export type PoolJob = Omit<TrialJob, 'attempt'> & { readonly keepStartFrom?: boolean };

/** What happens on the slots, for the tuner loop and a timeline. */
export type PoolEvent =
  | { readonly type: 'attempt-started'; readonly slot: number; readonly job: TrialJob }
  | { readonly type: 'progress'; readonly slot: number; readonly job: TrialJob; readonly progress: TrialProgress }
  | { readonly type: 'slot-crashed'; readonly slot: number; readonly job: TrialJob; readonly reason: string; readonly retrying: boolean }
  | { readonly type: 'slot-replaced'; readonly slot: number; readonly reason: string }
  | { readonly type: 'slot-lost'; readonly slot: number; readonly reason: string };

/** Receives the pool's events: progress, crashes, replacements and lost slots. */
export type PoolListener = (event: PoolEvent) => void;

/** Options of an `ExecutorPool`. */
export interface PoolOptions {
  /** Number of slots, ≥ 1. */
  readonly size: number;
  /** How often a trial is retried after its slot crashed; default 1. */
  readonly maxRetries?: number;
}

/** Misuse of the pool: no free slot, a closed pool, a factory that cannot start executors. */
export class PoolError extends Error {
  override readonly name: string = 'PoolError';
}

/** The pool could not start because the task's setup failed (an `ExecutorSetupError`, its `cause`): starting again will not help. */
export class PoolSetupError extends PoolError {
  override readonly name: string = 'PoolSetupError';
}

type SlotState = 'idle' | 'busy' | 'lost';

interface Slot {
  readonly index: number;
  executor: TrialExecutor | null;
  state: SlotState;
  trialId: number | null;
  stopRequested: boolean;
}

/** A fixed number of slots, each an executor from the factory: runs trials on free slots, replaces a slot that crashes and retries its trial. */
export class ExecutorPool {
  private readonly listeners = new Set<PoolListener>();
  private closed = false;
  private setupFailed: string | null = null;

  private constructor(
    private readonly factory: ExecutorFactory,
    private readonly slots: Slot[],
    private readonly maxRetries: number,
  ) {}

  /**
   * Starts `size` executors; rejects (and terminates those that did start) if any cannot start,
   * with every distinct reason. It settles when every `factory.create` has: a factory's executors
   * must fail rather than hang (the worker executor's do, see worker-start.ts).
   */
  static async create(factory: ExecutorFactory, options: PoolOptions): Promise<ExecutorPool> {
    const { size } = options;
    const maxRetries = options.maxRetries ?? 1;
    if (!Number.isInteger(size) || size < 1) throw new PoolError(`pool size must be an integer ≥ 1, got ${size}`);
    if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new PoolError(`maxRetries must be an integer ≥ 0, got ${maxRetries}`);
    const started = await Promise.allSettled(Array.from({ length: size }, (_, i) => factory.create(i)));
    const failures = started.filter((s) => s.status === 'rejected');
    if (failures.length > 0) {
      for (const s of started) if (s.status === 'fulfilled') s.value.terminate();
      const reasons = [...new Set(failures.map((f) => describeError(f.reason)))];
      const message = `could not start ${factory.kind} executors (${failures.length} of ${size} failed): ${reasons.join('; ')}`;
      const setup = failures.find((f) => f.reason instanceof ExecutorSetupError);
      if (setup !== undefined) throw new PoolSetupError(message, { cause: setup.reason });
      throw new PoolError(message);
    }
    const slots = started.map((s, index): Slot => ({
      index,
      executor: s.status === 'fulfilled' ? s.value : null,
      state: 'idle',
      trialId: null,
      stopRequested: false,
    }));
    return new ExecutorPool(factory, slots, maxRetries);
  }

  /** Whether the executors keep checkpoints (pause/resume and PBT continue from them; contract point 6). */
  get checkpoints(): boolean {
    return this.factory.checkpoints === true;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Slots that could take a trial now. */
  get freeSlots(): number {
    return this.closed ? 0 : this.slots.filter((s) => s.state === 'idle').length;
  }

  /**
   * Why the task's setup failed in a replacement executor (an `ExecutorSetupError`'s message), or
   * null. Once set, the pool starts no more executors: a slot that crashes is lost.
   */
  get setupFailure(): string | null {
    return this.setupFailed;
  }

  /** Slots that are not lost (idle or busy); 0 once the pool is terminated. */
  get liveSlots(): number {
    return this.closed ? 0 : this.slots.filter((s) => s.state !== 'lost').length;
  }

  /** Calls `listener` with every pool event from now on; returns the function that unsubscribes it. */
  subscribe(listener: PoolListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs a trial on the lowest free slot and resolves with its outcome. Never rejects for a crash:
   * crashes become retries and then a `failed` outcome. Throws `PoolError` when no slot is free.
   */
  async run(job: PoolJob): Promise<TrialOutcome> {
    if (this.closed) throw new PoolError('pool is terminated');
    const slot = this.slots.find((s) => s.state === 'idle');
    if (slot === undefined) throw new PoolError(`no free slot for trial ${job.trialId} (${this.size} slots)`);
    slot.state = 'busy';
    slot.trialId = job.trialId;
    slot.stopRequested = false;
    try {
      return await this.attempts(slot, job);
    } finally {
      if (slot.state === 'busy') slot.state = 'idle';
      slot.trialId = null;
      slot.stopRequested = false;
    }
  }

  /** Ends a trial early; its `run` resolves `stopped`. Unknown or finished trials are ignored. */
  stop(trialId: number): void {
    const slot = this.slots.find((s) => s.state === 'busy' && s.trialId === trialId);
    if (slot === undefined) return;
    slot.stopRequested = true;
    slot.executor?.stop();
  }

  /** Ends every running trial early; each run resolves `stopped`. */
  stopAll(): void {
    for (const slot of this.slots) if (slot.state === 'busy' && slot.trialId !== null) this.stop(slot.trialId);
  }

  /** Terminates every executor; runs in flight resolve `failed`. The pool cannot be used again. */
  terminate(): void {
    this.closed = true;
    for (const slot of this.slots) {
      slot.executor?.terminate();
      slot.executor = null;
    }
  }

  private async attempts(slot: Slot, { keepStartFrom, ...base }: PoolJob): Promise<TrialOutcome> {
    /** The latest progress of the current attempt. */
    const seen: { last: TrialProgress | null } = { last: null };
    const failed = (reason: string): TrialOutcome => {
      const { epochs, elapsedMs } = progressSoFar(seen.last);
      return { kind: 'failed', reason, epochs, elapsedMs };
    };
    /** Where the next attempt starts: the job's checkpoint, then the latest one a progress report carried. */
    let resumeFrom: { checkpoint: TrialCheckpoint; shared: boolean } | null =
      base.startFrom === undefined ? null : { checkpoint: base.startFrom, shared: keepStartFrom === true };
    for (let attempt = 0; ; attempt++) {
      const job: TrialJob = { ...base, attempt, ...this.startOf(resumeFrom, attempt) };
      const executor = slot.executor;
      if (executor === null) return failed(`slot ${slot.index} has no executor`);
      seen.last = null;
      this.emit({ type: 'attempt-started', slot: slot.index, job });
      let settled = false;
      const onProgress = (progress: TrialProgress) => {
        if (settled || slot.executor !== executor) return;
        seen.last = progress;
        if (progress.checkpoint !== undefined) resumeFrom = { checkpoint: progress.checkpoint, shared: true };
        this.emit({ type: 'progress', slot: slot.index, job, progress });
      };
      try {
        const outcome = await executor.run(job, onProgress);
        settled = true;
        return outcome;
      } catch (error) {
        settled = true;
        const reason = describeError(error);
        if (this.closed) return failed(`pool terminated during trial ${job.trialId} (${reason})`);
        const retrying = attempt < this.maxRetries && !slot.stopRequested;
        this.emit({ type: 'slot-crashed', slot: slot.index, job, reason, retrying });
        const replaced = await this.replace(slot, executor, reason);
        if (this.closed) return failed(`pool terminated while restarting slot ${slot.index} (${reason})`);
        if (slot.stopRequested) {
          return { kind: 'stopped', ...progressSoFar(seen.last) };
        }
        if (!replaced) {
          const why = this.setupFailed === null ? '' : `: ${this.setupFailed}`;
          return failed(`executor crashed (${reason}) and slot ${slot.index} could not be restarted${why}`);
        }
        if (!retrying) {
          const times = attempt + 1 === 1 ? 'once' : `${attempt + 1} times`;
          return failed(`executor crashed ${times}; last crash: ${reason}`);
        }
      }
    }
  }

  /**
   * The `startFrom` of an attempt. An executor may detach the buffers it is handed (a worker
   * transfers them), so it gets a copy when the checkpoint is needed again: a retry may follow, the
   * caller keeps it (`keepStartFrom`), or it came with a progress report (the tuner loop keeps those).
   */
  private startOf(from: { checkpoint: TrialCheckpoint; shared: boolean } | null, attempt: number): { startFrom?: TrialCheckpoint } {
    if (from === null) return {};
    const keep = from.shared || attempt < this.maxRetries;
    return { startFrom: keep ? copyCheckpoint(from.checkpoint) : from.checkpoint };
  }

  /**
   * A fresh executor in place of `dead`; false (and the slot is lost) when none can be made. After a
   * setup failure none is tried: the task's setup would fail again.
   */
  private async replace(slot: Slot, dead: TrialExecutor, crash: string): Promise<boolean> {
    slot.executor = null;
    try {
      dead.terminate();
    } catch {
      // Already dead; nothing to release.
    }
    if (this.setupFailed !== null) {
      slot.state = 'lost';
      this.emit({ type: 'slot-lost', slot: slot.index, reason: `not restarted: ${this.setupFailed}` });
      return false;
    }
    try {
      const fresh = await this.factory.create(slot.index);
      if (this.closed) {
        fresh.terminate();
        return false;
      }
      slot.executor = fresh;
      this.emit({ type: 'slot-replaced', slot: slot.index, reason: crash });
      return true;
    } catch (error) {
      slot.state = 'lost';
      if (error instanceof ExecutorSetupError) this.setupFailed ??= error.message;
      this.emit({ type: 'slot-lost', slot: slot.index, reason: describeError(error) });
      return false;
    }
  }

  /** A listener that throws is a bug elsewhere: it is reported as an uncaught error, and the trial goes on. */
  private emit(event: PoolEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

function progressSoFar(last: TrialProgress | null): { metrics: Metrics | null; epochs: number; elapsedMs: number } {
  return { metrics: last?.metrics ?? null, epochs: last?.epoch ?? 0, elapsedMs: last?.elapsedMs ?? 0 };
}

function describeError(error: unknown): string {
  if (error instanceof ExecutorCrashedError || error instanceof ExecutorSetupError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
