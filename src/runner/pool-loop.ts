/**
 * What both tuner loops (tuner-loop.ts, scheduled-loop.ts) add to LoopCore to run trials on an
 * ExecutorPool: the map of trials in flight (F: what a loop tracks per running trial), the queue of
 * runs that settled, the count of trials started, the pool subscription, dispatching a job so its
 * outcome (or the pool's failure, as a failed outcome) joins the queue, and asking the study for a
 * trial with a sampler that throws ending the loop with an error that names it.
 */
import type { Params, Study } from '../tuner';
import { DEFAULT_OBJECTIVE, type Objective, type TrialOutcome } from './executor';
import { LoopCore, type LoopCoreOptions } from './loop-core';
import type { ExecutorPool, PoolEvent, PoolJob } from './pool';
import type { ConstraintFn } from './constraints';
import { messageOf, TunerLoopError, type ScheduledTunerEvent } from './tuner-events';

export interface PoolLoopOptions extends LoopCoreOptions {
  readonly study: Study;
  readonly pool: ExecutorPool;
  /** New trials this run may start (≥ 0); default no cap. */
  readonly maxTrials?: number;
  /** Which metric is the study's value; default `valLoss`. */
  readonly objective?: Objective;
  /** Constraint values told with each completed trial (the study declares their names). */
  readonly constraints?: ConstraintFn;
}

export abstract class PoolLoop<E extends ScheduledTunerEvent, F> extends LoopCore<E> {
  protected readonly objective: Objective;
  protected readonly inFlight = new Map<number, F>();
  protected trialsStarted = 0;
  private readonly settled: Array<{ readonly trialId: number; readonly outcome: TrialOutcome }> = [];

  constructor(private readonly base: PoolLoopOptions) {
    super(base);
    this.objective = base.objective ?? DEFAULT_OBJECTIVE;
    const { maxTrials } = base;
    if (maxTrials !== undefined && !(Number.isInteger(maxTrials) && maxTrials >= 0)) throw new RangeError(`maxTrials must be an integer ≥ 0, got ${maxTrials}`);
  }

  /** Ids of the trials running now. */
  get running(): number[] {
    return [...this.inFlight.keys()];
  }

  /** Handles one pool event (attempt started, progress, crashes). */
  protected abstract onPoolEvent(event: PoolEvent): void;

  protected override subscribe(): () => void {
    return this.base.pool.subscribe((event) => this.guard('pool', () => this.onPoolEvent(event)));
  }

  protected override get runningCount(): number {
    return this.inFlight.size;
  }

  protected override get trialsStartedCount(): number {
    return this.trialsStarted;
  }

  /** Tracks `flight` and runs `job` on the pool; its outcome joins the settled queue and wakes the loop. */
  protected dispatch(job: PoolJob, flight: F): void {
    const { trialId } = job;
    this.inFlight.set(trialId, flight);
    const settle = (outcome: TrialOutcome) => {
      this.settled.push({ trialId, outcome });
      this.wake.notify();
    };
    this.base.pool.run(job).then(settle, (error: unknown) => settle({ kind: 'failed', reason: `pool: ${messageOf(error)}`, epochs: 0, elapsedMs: 0 }));
  }

  /** Settled runs in the order they settled, each taken out of flight; runs abandoned after the grace period are skipped. */
  protected *takeSettled(): Generator<{ readonly trialId: number; readonly outcome: TrialOutcome; readonly flight: F }> {
    for (let next = this.settled.shift(); next !== undefined; next = this.settled.shift()) {
      const flight = this.inFlight.get(next.trialId);
      if (flight === undefined) continue;
      this.inFlight.delete(next.trialId);
      yield { ...next, flight };
    }
  }

  /** A new study trial (the sampler's, or with fixed params); null after the sampler threw (the loop is ending). */
  protected ask(params: Params | null): ReturnType<Study['tryAsk']> | null {
    const { study } = this.base;
    try {
      return params === null ? study.tryAsk() : study.tryAsk(params);
    } catch (error) {
      const message = `sampler "${study.sampler.name}" failed to suggest trial ${study.trials.length}: ${messageOf(error)}`;
      this.finishWith({ reason: 'error', error: new TunerLoopError('sampler', message, { cause: error }) });
      return null;
    }
  }
}
