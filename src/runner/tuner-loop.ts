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
import { readObjective, type TrialBudget } from './executor';
import type { PoolEvent } from './pool';
import { PoolLoop, type PoolLoopOptions } from './pool-loop';
import type { TunerEvent } from './tuner-events';
import { verdictOf, type StopIntent } from './verdict';
import { tellWithConstraints } from './constraints';

/** Decides after each reported epoch whether a running trial should stop early (it becomes `pruned`). */
export interface Pruner {
  readonly name: string;
  shouldPrune(trial: Trial, study: Study): boolean;
}

/** `maxTrials`: trials to start in this run; default until the sampler is exhausted or the loop is stopped. */
export interface TunerLoopOptions extends PoolLoopOptions {
  /** Per-trial budget given to every job. */
  readonly budget: TrialBudget;
  readonly pruner?: Pruner;
}

interface InFlight {
  readonly trialId: number;
  slot: number | null;
  stopIntent: StopIntent | null;
}

export class TunerLoop extends PoolLoop<TunerEvent, InFlight> {
  constructor(private readonly options: TunerLoopOptions) {
    super(options);
    const { budget } = options;
    if (!(Number.isInteger(budget.maxEpochs) && budget.maxEpochs >= 1)) throw new RangeError(`budget.maxEpochs must be an integer ≥ 1, got ${budget.maxEpochs}`);
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
    for (const { outcome, flight } of this.takeSettled()) {
      const verdict = verdictOf(outcome, flight.stopIntent, this.objective);
      const metrics = outcome.kind === 'failed' ? null : outcome.metrics;
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
    const { pool, budget, maxTrials } = this.options;
    while (this.finish === null && !this.paused && pool.freeSlots > 0) {
      if (maxTrials !== undefined && this.trialsStarted >= maxTrials) return this.finishWith({ reason: 'trial-budget' });
      const ask = this.ask(null);
      if (ask === null || ask === 'pending') return;
      if (ask.kind === 'exhausted') return this.finishWith({ reason: 'exhausted', message: ask.reason });
      this.trialsStarted += 1;
      this.launch(ask.id, ask.params, budget);
    }
  }

  private launch(trialId: number, params: Params, budget: TrialBudget): void {
    this.dispatch({ trialId, params, budget, seed: deriveSeed(this.options.study.seed, trialId) }, { trialId, slot: null, stopIntent: null });
  }

  protected override onPoolEvent(event: PoolEvent): void {
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
