/**
 * `tune()`: one call that runs a study over N workers (Optuna's `study.optimize`, KerasTuner's
 * `tuner.search`) — creates the study, starts the pool, runs the tuner loop with the scheduler,
 * passes its events on, and ends every worker when done.
 *
 * How it ends:
 *   - resolves with the study when the budget is spent (`trials`, `timeLimitMs`), nothing is left
 *     to try, or the `signal` was aborted (running trials are stopped and end failed, "cancelled");
 *   - rejects with a `TuneOptionsError` for a bad option, before anything starts;
 *   - rejects with a `TuneError` (its `study` holds whatever was done) when the workers cannot start
 *     or are all lost, when the task's setup (its data loader) throws ('setup-failed': no worker is
 *     started again for it), when no trial ever reports the objective metric (the run stops after
 *     `MISSING_METRIC_LIMIT` such trials rather than spend the budget), or when something throws.
 * Either way the last event is `finished`, with the reason.
 */
import type { Study } from '../tuner';
import { ExecutorPool, PoolSetupError, TunerLoop, type LoopFinish, type TunerResult } from '../runner';
import { translateLoopEvent, type TuneEvent, type TuneFinishReason } from './events';
import { guardObjectiveMetric } from './metric-guard';
import { TuneError } from './errors';
import type { TuneOptions } from './options';
import { planTune, type TunePlan } from './plan';

/**
 * Trials that fail for want of the objective metric, none having reported it, before a run gives
 * up with a `TuneError` whose reason is `'metric-missing'` (the metric's name is probably wrong).
 *
 * @example
 * ```ts
 * import { MISSING_METRIC_LIMIT, tune, TuneError } from 'tfjs-tuner';
 *
 * const failed = await tune({
 *   worker: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }),
 *   space: { learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true } },
 *   objective: { metric: 'val_loss' },          // reported as 'valLoss': never found
 *   epochs: 5,
 *   trials: 50,
 * }).catch((error: unknown) => error);
 * if (failed instanceof TuneError) console.log(`${failed.study.trials.length} trials ran, at least ${MISSING_METRIC_LIMIT} failed`);
 * ```
 */
export const MISSING_METRIC_LIMIT = 3;

/** How long stopped trials may take to end (an epoch in progress) before the run ends without them. */
const STOP_GRACE_MS = 5_000;

/**
 * Runs a study over `workers` task workers and resolves with it.
 *
 * Creates the study (or continues `options.study`), starts the workers, and runs every trial
 * through the scheduler (FIFO by default) until a budget is spent. Progress goes to `onEvent`; the
 * last event is always `finished`, with the reason.
 *
 * - Resolves with the study when `trials` have run, `timeLimitMs` passed, the search space or the
 *   scheduler is exhausted, or `signal` was aborted (running trials then end `failed`, "cancelled";
 *   nothing already told is lost).
 * - Rejects with `TuneOptionsError` (naming the option) before anything starts when an option is bad.
 * - Rejects with `TuneError` (`reason`, and the `study` as far as it got) when the workers cannot
 *   start or are all lost, when the task's setup (its data loader) throws (`'setup-failed'`, with
 *   the setup's error in the message), when no trial reports the objective metric (after
 *   `MISSING_METRIC_LIMIT` such trials), or when the sampler, the scheduler, a constraint or
 *   `onEvent` throws.
 *
 * A crashed or silent worker is replaced and its trial retried (`retries` times) from its last
 * checkpoint; a trial whose code fails (its model cannot be built, its loss diverges) ends `failed`
 * with the reason, and the study goes on.
 *
 * @example
 * ```ts
 * import { tune } from 'tfjs-tuner';
 *
 * const controller = new AbortController();
 * const study = await tune({
 *   worker: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }),
 *   workers: 2,
 *   space: {
 *     learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true },
 *     units: { type: 'int', low: 16, high: 256, log: true },
 *   },
 *   objective: { metric: 'valLoss', direction: 'minimize' },
 *   sampler: 'gp',
 *   scheduler: { name: 'asha', options: { reductionFactor: 3 } },
 *   epochs: 9,
 *   trials: 30,
 *   seed: 1,
 *   signal: controller.signal,
 *   onEvent: (event) => {
 *     if (event.type === 'trial-finished') console.log(event.trialId, event.state, event.value);
 *   },
 * });
 * console.log(study.best?.params, study.best?.value);
 * ```
 */
export async function tune(options: TuneOptions): Promise<Study> {
  return new TuneRun(planTune(options), options).run();
}

class TuneRun {
  private loop: TunerLoop | null = null;
  private pool: ExecutorPool | null = null;
  /** The reason the last worker was lost, for the message when none is left. */
  private lastLost: string | null = null;
  /** Why `tune` stopped the loop itself, if it did. */
  private stoppedFor: 'aborted' | 'metric-missing' | null = null;
  private metricSeen = false;
  private readonly missing: Array<{ readonly trialId: number; readonly reason: string }> = [];
  private readonly exploited = new Map<number, { trialId: number; epoch: number }>();

  constructor(
    private readonly plan: TunePlan,
    private readonly options: Pick<TuneOptions, 'signal' | 'onEvent'>,
  ) {}

  async run(): Promise<Study> {
    const { signal } = this.options;
    if (isAborted(signal)) return this.end('aborted', 'aborted before it started', 0);
    // A continued study's trials left running by a run that went away (a closed page) run again first.
    this.plan.study.requeueRunning('interrupted: its run ended before it did');
    const started = await this.startPool();
    if (started.kind === 'aborted') return this.end('aborted', 'aborted while the workers started', 0);
    if (started.kind === 'failed') return this.end(started.reason, started.message, 0, started.error);
    const pool = started.pool;
    this.pool = pool;
    const onAbort = () => this.stopLoop('aborted');
    const { plan } = this;
    try {
      this.loop = new TunerLoop({
        study: plan.study,
        pool,
        scheduler: plan.scheduler,
        objective: { metric: plan.metric },
        clock: plan.clock,
        stopGraceMs: STOP_GRACE_MS,
        ...(plan.maxTrials === undefined ? {} : { maxTrials: plan.maxTrials }),
        ...(plan.maxDurationMs === undefined ? {} : { maxDurationMs: plan.maxDurationMs }),
        ...(plan.constraints === undefined ? {} : { constraints: plan.constraints }),
      });
      this.loop.on((event) => {
        const translated = translateLoopEvent(event, this.exploited);
        if (translated?.type === 'worker-lost') this.lastLost = translated.reason;
        if (translated !== null) this.emit(translated);
      });
      signal?.addEventListener('abort', onAbort);
      if (isAborted(signal)) this.stopLoop('aborted');
      const result = await this.loop.run();
      const [reason, message, cause] = this.finishOf(result);
      return this.end(reason, message, result.trialsStarted, cause);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      pool.terminate();
    }
  }

  /** The pool, started on the guarded executors; an abort meanwhile stops waiting (the pool is ended when it comes). */
  private async startPool(): Promise<
    { kind: 'started'; pool: ExecutorPool } | { kind: 'aborted' } | { kind: 'failed'; reason: 'no-workers' | 'setup-failed'; message: string; error: unknown }
  > {
    const { executors, metric, workers, retries } = this.plan;
    const guarded = guardObjectiveMetric(executors, metric, {
      onReported: () => {
        this.metricSeen = true;
      },
      onMissing: (trialId, reason) => this.onMissingMetric(trialId, reason),
    });
    const creating = ExecutorPool.create(guarded, { size: workers, maxRetries: retries });
    const { signal } = this.options;
    let cancelAbort = () => {};
    const aborted = new Promise<'aborted'>((resolve) => {
      if (signal === undefined) return;
      const onAbort = () => resolve('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      cancelAbort = () => signal.removeEventListener('abort', onAbort);
    });
    try {
      const first = await Promise.race([creating, aborted]);
      if (first !== 'aborted') return { kind: 'started', pool: first };
      creating.then((pool) => pool.terminate(), () => undefined);
      return { kind: 'aborted' };
    } catch (error) {
      // The task's setup threw: say so with its own message (the worker's name and the setup's error).
      if (error instanceof PoolSetupError) return { kind: 'failed', reason: 'setup-failed', message: messageOf(error.cause ?? error), error };
      return { kind: 'failed', reason: 'no-workers', message: `workers could not start: ${messageOf(error)}`, error };
    } finally {
      cancelAbort();
    }
  }

  private onMissingMetric(trialId: number, reason: string): void {
    this.missing.push({ trialId, reason });
    if (!this.metricSeen && this.missing.length >= MISSING_METRIC_LIMIT) this.stopLoop('metric-missing');
  }

  private stopLoop(why: 'aborted' | 'metric-missing'): void {
    this.stoppedFor ??= why;
    this.loop?.stop();
  }

  /** The run's finish reason, message and cause, from the loop's finish and what `tune` saw. */
  private finishOf(result: TunerResult): [TuneFinishReason, string, unknown] {
    const { finish, trialsStarted } = result;
    const allMissing = !this.metricSeen && this.missing.length > 0 && this.missing.length >= trialsStarted;
    if (this.stoppedFor === 'metric-missing' || (allMissing && endsNormally(finish))) return ['metric-missing', this.missingMessage(), undefined];
    switch (finish.reason) {
      case 'trial-budget':
        return ['trial-budget', `trial budget reached (${trialsStarted} trials)`, undefined];
      case 'time-budget':
        return ['time-budget', `time limit reached (${this.plan.maxDurationMs ?? 0} ms)`, undefined];
      case 'exhausted':
        return ['exhausted', `nothing left to try: ${finish.message}`, undefined];
      case 'cancelled':
        return ['aborted', 'aborted by the signal', undefined];
      case 'no-slots': {
        const setupFailure = this.pool?.setupFailure ?? null;
        if (setupFailure !== null) return ['setup-failed', `every worker is lost, and a replacement's setup failed: ${setupFailure}`, undefined];
        return ['no-workers', `every worker crashed and could not be replaced${this.lastLost === null ? '' : ` (last: ${this.lastLost})`}`, undefined];
      }
      case 'error':
        return ['error', finish.error.message, finish.error];
      default: {
        const unreachable: never = finish;
        return unreachable;
      }
    }
  }

  private missingMessage(): string {
    const metric = this.plan.metric;
    const ids = this.missing.map((m) => m.trialId).join(', ');
    return `objective metric "${metric}" was never reported: trial${this.missing.length === 1 ? '' : 's'} ${ids} failed (${this.missing[0]?.reason ?? ''}); check objective.metric against the names your task reports`;
  }

  /** Tells `finished`, then resolves with the study or rejects with a TuneError. */
  private end(reason: TuneFinishReason, message: string, trialsStarted: number, cause?: unknown): Study {
    const { study, clock } = this.plan;
    try {
      this.emit({ type: 'finished', at: clock.now(), reason, message, trialsStarted });
    } catch (error) {
      // An onEvent that throws on the last event: the run is over, so its error is the answer.
      if (!isFailure(reason)) throw error;
    }
    switch (reason) {
      case 'trial-budget':
      case 'time-budget':
      case 'exhausted':
      case 'aborted':
        return study;
      case 'metric-missing':
      case 'no-workers':
      case 'setup-failed':
      case 'error':
        throw new TuneError(reason, `tune: ${message}`, study, cause === undefined ? undefined : { cause });
      default: {
        const unreachable: never = reason;
        return unreachable;
      }
    }
  }

  private emit(event: TuneEvent): void {
    this.options.onEvent?.(event);
  }
}

function isFailure(reason: TuneFinishReason): boolean {
  return reason === 'metric-missing' || reason === 'no-workers' || reason === 'setup-failed' || reason === 'error';
}

/** Finishes that leave trials to end by themselves: a run whose every trial lacked the metric then reads as metric-missing. */
function endsNormally(finish: LoopFinish): boolean {
  return finish.reason === 'trial-budget' || finish.reason === 'exhausted' || finish.reason === 'time-budget';
}

/** Read through a call, so a check after an await is not narrowed by one before it. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
