/**
 * The tuner loop's life cycle, apart from what it runs: listeners, pausing the loop, the time
 * budget, cancelling, the grace period for trials that do not stop, and `run()`'s turn-and-wait
 * cycle with a `finally` that leaves no trial unfinished. The loop (tuner-loop.ts) supplies one
 * `turn` (collect, check, schedule), how to stop and how to end its trials.
 */
import { realClock, type RunnerClock } from './clock';
import { PausableDeadline } from './deadline';
import {
  asLoopError,
  cancelledReason,
  stopsRunningTrials,
  type LoopFinish,
  type TunerEvent,
  type TunerLoopError,
  type TunerResult,
} from './tuner-events';
import { Wake } from './wake';

/** The tuner loop's budget in time, its clock and its abort signal. */
export interface LoopLifecycleOptions {
  /** Milliseconds of loop-clock time, paused time excluded; then running trials are stopped. */
  readonly maxDurationMs?: number;
  /** How long stopped trials may take to end before they are marked failed anyway; default 60 s. */
  readonly stopGraceMs?: number;
  /** Default real time. Give the study the same clock (`() => clock.now()`) so trial and event times agree. */
  readonly clock?: RunnerClock;
  /** Aborting it is the same as `stop()`. */
  readonly signal?: AbortSignal;
}

export abstract class LoopLifecycle {
  protected readonly clock: RunnerClock;
  protected readonly wake = new Wake();
  protected finish: LoopFinish | null = null;
  private readonly listeners = new Set<(event: TunerEvent) => void>();
  private readonly deadline: PausableDeadline | null;
  private cancelGrace: (() => void) | null = null;
  private started = false;
  private isPaused = false;

  constructor(private readonly core: LoopLifecycleOptions) {
    this.clock = core.clock ?? realClock;
    const { maxDurationMs } = core;
    if (maxDurationMs !== undefined && !(maxDurationMs >= 0)) throw new RangeError(`maxDurationMs must be ≥ 0, got ${maxDurationMs}`);
    this.deadline = maxDurationMs === undefined ? null : new PausableDeadline(this.clock, maxDurationMs, () => this.finishWith({ reason: 'time-budget' }));
  }

  /** Subscribes to the pool (or whatever produces work); returns the unsubscribe. */
  protected abstract subscribe(): () => void;
  /** One turn: collect results, check budgets, start work. */
  protected abstract turn(): void;
  /** Trials whose runs the loop still waits for. */
  protected abstract get runningCount(): number;
  protected abstract get trialsStartedCount(): number;
  /** Asks every running trial to stop; `reason` is why the loop is ending. */
  protected abstract stopAllRunning(reason: string): void;
  /** Gives every unfinished trial a final state and stops waiting for it. */
  protected abstract endAll(why: string): void;

  /** Calls `listener` with every event from now on; returns the function that unsubscribes it. */
  on(listener: (event: TunerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Stops starting work; running trials go on and their results are still collected. */
  pause(): void {
    if (this.isPaused || this.finish !== null) return;
    this.isPaused = true;
    this.deadline?.pause();
    this.emit({ type: 'paused', at: this.clock.now() });
    this.wake.notify();
  }

  /** Starts work again after `pause()`. */
  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.emit({ type: 'resumed', at: this.clock.now() });
    if (this.started && this.finish === null) this.deadline?.start();
    this.wake.notify();
  }

  /** Cancels the run: running trials are stopped and marked failed ("cancelled"). */
  stop(): void {
    this.finishWith({ reason: 'cancelled' });
  }

  /** Runs until a budget is spent, there is nothing left to do, or the loop is stopped. Call once. */
  async run(): Promise<TunerResult> {
    if (this.started) throw new Error('TunerLoop.run: a loop runs once; make a new one');
    this.started = true;
    const startedAt = this.clock.now();
    const { signal } = this.core;
    const unsubscribe = this.subscribe();
    const onAbort = () => this.stop();
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) this.stop();
    if (!this.isPaused) this.deadline?.start();
    try {
      for (;;) {
        this.turn();
        if (this.finish !== null && this.runningCount === 0) break;
        await this.wake.wait();
      }
    } catch (error) {
      this.finishWith({ reason: 'error', error: asLoopError('study', error) });
    } finally {
      this.endAll('tuner loop ended');
      this.deadline?.cancel();
      this.cancelGrace?.();
      signal?.removeEventListener('abort', onAbort);
      unsubscribe();
    }
    const finish = this.finish ?? { reason: 'cancelled' };
    this.emitLast({ type: 'loop-finished', at: this.clock.now(), finish });
    return { finish, trialsStarted: this.trialsStartedCount, elapsedMs: this.clock.now() - startedAt };
  }

  /** True once the loop is ending in a way that stops running trials. */
  protected get stopping(): boolean {
    return this.finish !== null && stopsRunningTrials(this.finish);
  }

  /** Ends the run (the first reason wins, except that a stopping reason overrides a waiting one). */
  protected finishWith(finish: LoopFinish): void {
    const current = this.finish;
    if (current !== null && (stopsRunningTrials(current) || !stopsRunningTrials(finish))) return;
    this.finish = finish;
    if (stopsRunningTrials(finish)) {
      this.deadline?.cancel();
      this.stopAllRunning(cancelledReason(finish));
      this.armGrace();
    }
    this.wake.notify();
  }

  /** After the grace period, trials that did not stop are ended anyway and no longer waited for. */
  private armGrace(): void {
    if (this.cancelGrace !== null || this.runningCount === 0) return;
    const grace = this.core.stopGraceMs ?? 60_000;
    this.cancelGrace = this.clock.setTimer(grace, () => {
      this.endAll(`did not stop within ${grace} ms`);
      this.wake.notify();
    });
  }

  /** Calls every listener; one that throws ends the loop with an error, the others still hear the event. */
  protected emit(event: TunerEvent): void {
    for (const listener of this.listeners) this.guard('listener', () => listener(event));
  }

  /** The last event: nothing is left to end, so a listener that throws makes `run` reject. */
  private emitLast(event: TunerEvent): void {
    const errors: unknown[] = [];
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw asLoopError('listener', errors[0]);
  }

  /** Runs `fn`; a throw ends the loop with an error naming `source`. */
  protected guard<T>(source: TunerLoopError['source'], fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.finishWith({ reason: 'error', error: asLoopError(source, error) });
      return undefined;
    }
  }
}
