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
import { DEFAULT_OBJECTIVE, readObjective, type Objective, type TrialBudget, type TrialOutcome } from './executor';
import type { ExecutorPool, PoolEvent } from './pool';
import { LoopCore, type LoopCoreOptions } from './loop-core';
import { messageOf, TunerLoopError, type TunerEvent } from './tuner-events';
import { verdictOf, type StopIntent } from './verdict';
import { tellWithConstraints, type ConstraintFn } from './constraints';

/** Decides after each reported epoch whether a running trial should stop early (it becomes `pruned`). */
export interface Pruner {
  readonly name: string;
  shouldPrune(trial: Trial, study: Study): boolean;
}

export interface TunerLoopOptions extends LoopCoreOptions {
  readonly study: Study;
  readonly pool: ExecutorPool;
  /** Per-trial budget given to every job. */
  readonly budget: TrialBudget;
  /** Trials to start in this run (≥ 0); default: until the sampler is exhausted or the loop is stopped. */
  readonly maxTrials?: number;
  /** Which metric is the study's value; default `valLoss`. */
  readonly objective?: Objective;
  readonly pruner?: Pruner;
  /** Constraint values told with each completed trial (the study declares their names). */
  readonly constraints?: ConstraintFn;
}

interface InFlight {
  readonly trialId: number;
  slot: number | null;
  stopIntent: StopIntent | null;
}

export class TunerLoop extends LoopCore<TunerEvent> {
  private readonly objective: Objective;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly settled: Array<{ readonly trialId: number; readonly outcome: TrialOutcome }> = [];
  private trialsStarted = 0;

  constructor(private readonly options: TunerLoopOptions) {
    super(options);
    this.objective = options.objective ?? DEFAULT_OBJECTIVE;
    const { maxTrials, budget } = options;
    if (maxTrials !== undefined && !(Number.isInteger(maxTrials) && maxTrials >= 0)) throw new RangeError(`maxTrials must be an integer ≥ 0, got ${maxTrials}`);
    if (!(Number.isInteger(budget.maxEpochs) && budget.maxEpochs >= 1)) throw new RangeError(`budget.maxEpochs must be an integer ≥ 1, got ${budget.maxEpochs}`);
  }

  /** Ids of the trials running now. */
  get running(): number[] {
    return [...this.inFlight.keys()];
  }

  protected override subscribe(): () => void {
    return this.options.pool.subscribe((event) => this.guard('pool', () => this.onPoolEvent(event)));
  }

  protected override get runningCount(): number {
    return this.inFlight.size;
  }

  protected override get trialsStartedCount(): number {
    return this.trialsStarted;
  }

  protected override turn(): void {
    this.collectResults();
    this.checkBudgets();
    this.scheduleTrials();
  }

  protected override stopAllRunning(reason: string): void {
    for (const flight of this.inFlight.values()) this.requestStop(flight, { kind: 'cancel', reason });
  }

  /** Tells the study how each settled trial ended. */
  private collectResults(): void {
    for (let next = this.settled.shift(); next !== undefined; next = this.settled.shift()) {
      const flight = this.inFlight.get(next.trialId);
      if (flight === undefined) continue; // abandoned after the grace period
      this.inFlight.delete(next.trialId);
      const verdict = verdictOf(next.outcome, flight.stopIntent, this.objective);
      const metrics = next.outcome.kind === 'failed' ? null : next.outcome.metrics;
      this.emitFinished(flight, tellWithConstraints(this.options.study, flight.trialId, verdict, metrics, this.options.constraints));
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
    while (this.finish === null && !this.paused && pool.freeSlots > 0) {
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

  private requestStop(flight: InFlight, intent: StopIntent): void {
    if (flight.stopIntent === null || intent.kind === 'cancel') flight.stopIntent = intent;
    this.options.pool.stop(flight.trialId);
  }

  /** Marks every trial still in flight failed and stops waiting for it. */
  protected override endAll(why: string): void {
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
}
