/**
 * The tuner loop: a study on one side, a pool of executors on the other (Syne Tune's Tuner).
 * Each turn reads like prose: collect finished trials, check the budgets, schedule new trials on
 * free slots, then wait for something to happen. Callbacks (events) fire as things happen; a
 * `finally` makes sure no trial is left running in the study.
 *
 *   const loop = new TunerLoop({ study, pool, budget: { maxEpochs: 10 }, maxTrials: 50 });
 *   loop.on((event) => timeline.add(event));
 *   const { finish } = await loop.run();      // loop.pause() / resume() / stop() meanwhile
 */
import { deriveSeed, type Params, type Study, type Trial } from '../tuner';
import { realClock, type RunnerClock } from './clock';
import { DEFAULT_OBJECTIVE, readObjective, type Objective, type TrialBudget, type TrialOutcome } from './executor';
import type { ExecutorPool, PoolEvent } from './pool';
import { PausableDeadline } from './deadline';
import {
  asLoopError,
  describeFinish,
  messageOf,
  stopsRunningTrials,
  TunerLoopError,
  type LoopFinish,
  type TunerEvent,
  type TunerListener,
  type TunerResult,
} from './tuner-events';
import { verdictOf, type StopIntent } from './verdict';
import { Wake } from './wake';

/** Decides after each reported epoch whether a running trial should stop early (it becomes `pruned`). */
export interface Pruner {
  readonly name: string;
  shouldPrune(trial: Trial, study: Study): boolean;
}

export interface TunerLoopOptions {
  readonly study: Study;
  readonly pool: ExecutorPool;
  /** Per-trial budget given to every job. */
  readonly budget: TrialBudget;
  /** Trials to start in this run (≥ 0); default: until the sampler is exhausted or the loop is stopped. */
  readonly maxTrials?: number;
  /** Milliseconds of loop-clock time, paused time excluded; then running trials are stopped. */
  readonly maxDurationMs?: number;
  /** Which metric is the study's value; default `valLoss`. */
  readonly objective?: Objective;
  readonly pruner?: Pruner;
  /** How long stopped trials may take to end before they are marked failed anyway; default 60 s. */
  readonly stopGraceMs?: number;
  /** Default real time. Give the study the same clock (`() => clock.now()`) so trial and event times agree. */
  readonly clock?: RunnerClock;
  /** Aborting it is the same as `stop()`. */
  readonly signal?: AbortSignal;
}

interface InFlight {
  readonly trialId: number;
  slot: number | null;
  stopIntent: StopIntent | null;
}

export class TunerLoop {
  private readonly clock: RunnerClock;
  private readonly objective: Objective;
  private readonly listeners = new Set<TunerListener>();
  private readonly inFlight = new Map<number, InFlight>();
  private readonly settled: Array<{ readonly trialId: number; readonly outcome: TrialOutcome }> = [];
  private readonly wake = new Wake();
  private finish: LoopFinish | null = null;
  private started = false;
  private trialsStarted = 0;
  private isPaused = false;
  private readonly deadline: PausableDeadline | null;
  private cancelGrace: (() => void) | null = null;

  constructor(private readonly options: TunerLoopOptions) {
    this.clock = options.clock ?? realClock;
    this.objective = options.objective ?? DEFAULT_OBJECTIVE;
    const { maxTrials, maxDurationMs, budget } = options;
    this.deadline = maxDurationMs === undefined ? null : new PausableDeadline(this.clock, maxDurationMs, () => this.finishWith({ reason: 'time-budget' }));
    if (maxTrials !== undefined && !(Number.isInteger(maxTrials) && maxTrials >= 0)) throw new RangeError(`maxTrials must be an integer ≥ 0, got ${maxTrials}`);
    if (maxDurationMs !== undefined && !(maxDurationMs >= 0)) throw new RangeError(`maxDurationMs must be ≥ 0, got ${maxDurationMs}`);
    if (!(Number.isInteger(budget.maxEpochs) && budget.maxEpochs >= 1)) throw new RangeError(`budget.maxEpochs must be an integer ≥ 1, got ${budget.maxEpochs}`);
  }

  on(listener: TunerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Ids of the trials running now. */
  get running(): number[] {
    return [...this.inFlight.keys()];
  }

  /** Stops asking for new trials; running trials go on and their results are still collected. */
  pause(): void {
    if (this.isPaused || this.finish !== null) return;
    this.isPaused = true;
    this.deadline?.pause();
    this.emit({ type: 'paused', at: this.clock.now() });
    this.wake.notify();
  }

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

  /** Runs until a budget is spent, the sampler is exhausted, or the loop is stopped. Call once. */
  async run(): Promise<TunerResult> {
    if (this.started) throw new Error('TunerLoop.run: a loop runs once; make a new one');
    this.started = true;
    const startedAt = this.clock.now();
    const { pool, signal } = this.options;
    const unsubscribe = pool.subscribe((event) => this.guard('pool', () => this.onPoolEvent(event)));
    const onAbort = () => this.stop();
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) this.stop();
    if (!this.isPaused) this.deadline?.start();
    try {
      for (;;) {
        this.collectResults();
        this.checkBudgets();
        this.scheduleTrials();
        if (this.finish !== null && this.inFlight.size === 0) break;
        await this.wake.wait();
      }
    } catch (error) {
      this.finishWith({ reason: 'error', error: asLoopError('study', error) });
    } finally {
      this.abandonRunningTrials('tuner loop ended');
      this.deadline?.cancel();
      this.cancelGrace?.();
      signal?.removeEventListener('abort', onAbort);
      unsubscribe();
    }
    const finish = this.finish ?? { reason: 'cancelled' };
    this.emitLast({ type: 'loop-finished', at: this.clock.now(), finish });
    return { finish, trialsStarted: this.trialsStarted, elapsedMs: this.clock.now() - startedAt };
  }

  /** Tells the study how each settled trial ended. */
  private collectResults(): void {
    for (let next = this.settled.shift(); next !== undefined; next = this.settled.shift()) {
      const flight = this.inFlight.get(next.trialId);
      if (flight === undefined) continue; // abandoned after the grace period
      this.inFlight.delete(next.trialId);
      const verdict = verdictOf(next.outcome, flight.stopIntent, this.objective);
      this.emitFinished(flight, this.options.study.tell(flight.trialId, verdict));
    }
  }

  private checkBudgets(): void {
    const { maxTrials, pool } = this.options;
    if (pool.liveSlots === 0) this.finishWith({ reason: 'no-slots' });
    if (maxTrials !== undefined && this.trialsStarted >= maxTrials) this.finishWith({ reason: 'trial-budget' });
  }

  /** Fills free slots with new trials from the sampler. */
  private scheduleTrials(): void {
    const { study, pool, budget, maxTrials } = this.options;
    while (this.finish === null && !this.isPaused && pool.freeSlots > 0) {
      if (maxTrials !== undefined && this.trialsStarted >= maxTrials) return this.finishWith({ reason: 'trial-budget' });
      let ask;
      try {
        ask = study.tryAsk();
      } catch (error) {
        const message = `sampler "${study.sampler.name}" failed to suggest trial ${study.trials.length}: ${messageOf(error)}`;
        return this.finishWith({ reason: 'error', error: new TunerLoopError('sampler', message, { cause: error }) });
      }
      if (ask.kind === 'exhausted') return this.finishWith({ reason: 'exhausted', message: ask.reason });
      this.trialsStarted += 1;
      this.launch(ask.id, ask.params, budget);
    }
  }

  private launch(trialId: number, params: Params, budget: TrialBudget): void {
    const flight: InFlight = { trialId, slot: null, stopIntent: null };
    this.inFlight.set(trialId, flight);
    const job = { trialId, params, budget, seed: deriveSeed(this.options.study.seed, trialId) };
    const settle = (outcome: TrialOutcome) => {
      this.settled.push({ trialId, outcome });
      this.wake.notify();
    };
    this.options.pool.run(job).then(settle, (error: unknown) => settle({ kind: 'failed', reason: `pool: ${messageOf(error)}`, epochs: 0, elapsedMs: 0 }));
  }

  private onPoolEvent(event: PoolEvent): void {
    const at = this.clock.now();
    switch (event.type) {
      case 'attempt-started': {
        const flight = this.inFlight.get(event.job.trialId);
        if (flight === undefined) return;
        flight.slot = event.slot;
        const { trialId, attempt, params } = event.job;
        this.emit({ type: 'trial-started', at, trialId, slot: event.slot, attempt, params });
        return;
      }
      case 'progress':
        return this.onProgress(event.slot, event.progress.trialId, event.progress.epoch, event.progress.metrics, at);
      case 'slot-crashed':
        return this.emit({ type: 'slot-crashed', at, slot: event.slot, trialId: event.job.trialId, reason: event.reason, retrying: event.retrying });
      case 'slot-replaced':
        return this.emit({ type: 'slot-replaced', at, slot: event.slot, reason: event.reason });
      case 'slot-lost':
        this.emit({ type: 'slot-lost', at, slot: event.slot, reason: event.reason });
        return this.wake.notify();
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  /** Forwards an epoch's objective to the study, then asks the pruner. */
  private onProgress(slot: number, trialId: number, epoch: number, metrics: Readonly<Record<string, number>>, at: number): void {
    const flight = this.inFlight.get(trialId);
    if (flight === undefined) return;
    const { study, pruner } = this.options;
    const read = readObjective(metrics, this.objective);
    const value = read.kind === 'value' ? read.value : null;
    if (value !== null) study.report(trialId, epoch, value);
    this.emit({ type: 'trial-progress', at, trialId, slot, epoch, value: value !== null && Number.isFinite(value) ? value : null, metrics });
    if (pruner === undefined || flight.stopIntent !== null || this.finish !== null) return;
    const trial = study.trials[trialId] as Trial;
    const prune = this.guard('pruner', () => pruner.shouldPrune(trial, study));
    if (prune === true) this.requestStop(flight, { kind: 'prune', reason: `pruned by ${pruner.name} after epoch ${epoch}` });
  }

  /** Ends the run (the first reason wins, except that a stopping reason overrides a waiting one). */
  private finishWith(finish: LoopFinish): void {
    const current = this.finish;
    if (current !== null && (stopsRunningTrials(current) || !stopsRunningTrials(finish))) return;
    this.finish = finish;
    if (stopsRunningTrials(finish)) {
      this.deadline?.cancel();
      const reason = `cancelled: ${describeFinish(finish)}`;
      for (const flight of this.inFlight.values()) this.requestStop(flight, { kind: 'cancel', reason });
      this.armGrace();
    }
    this.wake.notify();
  }

  private requestStop(flight: InFlight, intent: StopIntent): void {
    if (flight.stopIntent === null || intent.kind === 'cancel') flight.stopIntent = intent;
    this.options.pool.stop(flight.trialId);
  }

  /** After the grace period, trials that did not stop are marked failed and no longer waited for. */
  private armGrace(): void {
    if (this.cancelGrace !== null || this.inFlight.size === 0) return;
    const grace = this.options.stopGraceMs ?? 60_000;
    this.cancelGrace = this.clock.setTimer(grace, () => {
      this.abandonRunningTrials(`did not stop within ${grace} ms`);
      this.wake.notify();
    });
  }

  /** Marks every trial still in flight failed and stops waiting for it. */
  private abandonRunningTrials(why: string): void {
    const { study, pool } = this.options;
    for (const flight of [...this.inFlight.values()]) {
      this.inFlight.delete(flight.trialId);
      pool.stop(flight.trialId);
      const reason = flight.stopIntent === null ? why : `${flight.stopIntent.reason} (${why})`;
      if (study.trials[flight.trialId]?.state === 'running') this.emitFinished(flight, study.tell(flight.trialId, { state: 'failed', reason }));
    }
  }

  private emitFinished(flight: InFlight, trial: Trial): void {
    const state = trial.state === 'running' ? 'failed' : trial.state;
    this.emit({ type: 'trial-finished', at: this.clock.now(), trialId: trial.id, slot: flight.slot, state, value: trial.value, reason: trial.reason });
  }

  /** Calls every listener; one that throws ends the loop with an error, the others still hear the event. */
  private emit(event: TunerEvent): void {
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
  private guard<T>(source: TunerLoopError['source'], fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.finishWith({ reason: 'error', error: asLoopError(source, error) });
      return undefined;
    }
  }
}
