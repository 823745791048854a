/**
 * What both tuner loops (tuner-loop.ts, scheduled-loop.ts) add to LoopCore to run trials on an
 * ExecutorPool: the map of trials in flight (F: what a loop tracks per running trial), the queue of
 * runs that settled, the count of trials started, the pool subscription, dispatching a job so its
 * outcome (or the pool's failure, as a failed outcome) joins the queue, and asking the study for a
 * trial with a sampler that throws ending the loop with an error that names it.
 *
 * Asking is cooperative (Study.tryAskCooperative): the sampler's work runs in slices and the page
 * gets its turn between them. An ask that fits in one slice answers at once, as a synchronous ask
 * would; a longer one answers `'pending'`, the loop goes back to waiting, and the answer wakes it.
 * At most one ask is in flight; pausing or ending the loop abandons it (no trial is created, and a
 * resumed loop asks again, getting the same suggestion for the same history). Slices yield through
 * the loop's clock when it is a SimulatedClock (its time stands still meanwhile, and slices are
 * measured in estimated operations instead of wall time), so simulated runs stay a pure function of
 * their inputs.
 */
import type { AskResult, AsyncAskResult, CooperativeOptions, Params, SliceBudget, Study } from '../tuner';
import { DEFAULT_SLICE_MS, yieldToEventLoop } from '../tuner';
import { sleep } from './clock';
import { SimulatedClock } from './simulated-clock';
import { DEFAULT_OBJECTIVE, type Objective, type TrialOutcome } from './executor';
import { LoopCore, type LoopCoreOptions } from './loop-core';
import { CooperativeCall } from './cooperative-call';
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
  /** How asks are sliced; default 8 ms slices that yield to the event loop (see the module comment). */
  readonly askSlicing?: AskSlicing;
}

export interface AskSlicing {
  readonly budget?: SliceBudget;
  readonly yieldToPage?: () => Promise<void>;
}

/**
 * Slice size on a simulated clock, in estimated operations: about 2–4 ms of work on a desktop CPU
 * (the estimates' ratio to time varies by phase; tests/tuner/gp/cooperative.test.ts bounds it).
 */
const SIMULATED_SLICE_OPS = 2e6;

export abstract class PoolLoop<E extends ScheduledTunerEvent, F> extends LoopCore<E> {
  protected readonly objective: Objective;
  protected readonly inFlight = new Map<number, F>();
  protected trialsStarted = 0;
  private readonly settled: Array<{ readonly trialId: number; readonly outcome: TrialOutcome }> = [];
  /** The sampler's ask in flight, or the answer it left for the next turn. */
  private readonly asking = new CooperativeCall<AsyncAskResult>(() => this.wake.notify());
  /** How cooperative work (asks, a scheduler's sliced decisions) is sliced and yields. */
  protected readonly slicing: Omit<CooperativeOptions, 'signal'>;

  constructor(private readonly base: PoolLoopOptions) {
    super(base);
    const simulated = this.clock instanceof SimulatedClock;
    const budget: SliceBudget = base.askSlicing?.budget ?? (simulated ? { kind: 'work', ops: SIMULATED_SLICE_OPS } : { kind: 'time', ms: DEFAULT_SLICE_MS });
    const yieldToPage = base.askSlicing?.yieldToPage ?? (simulated ? () => sleep(this.clock, 0) : yieldToEventLoop);
    this.slicing = { budget, yieldToPage };
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

  /**
   * Stops starting work, abandoning an ask in flight (a resumed loop asks again); a trial the study
   * already created for an ask is still started on resume.
   */
  override pause(): void {
    this.asking.abandon();
    super.pause();
  }

  protected override finishWith(finish: Parameters<LoopCore<E>['finishWith']>[0]): void {
    super.finishWith(finish);
    if (this.finish !== null) this.asking.drop();
  }

  /**
   * A new study trial: with fixed params at once; from the sampler cooperatively, so `'pending'`
   * while its ask is in flight (the answer wakes the loop; ask again then). Null after the sampler
   * threw (the loop is ending) or when the ask was abandoned.
   */
  protected ask(params: Params): AskResult | null;
  protected ask(params: Params | null): AskResult | 'pending' | null;
  protected ask(params: Params | null): AskResult | 'pending' | null {
    const { study } = this.base;
    if (params !== null) return this.guardAsk(() => study.tryAsk(params));
    const answer = this.asking.call((signal) => study.tryAskCooperative(undefined, { ...this.slicing, signal }));
    if (answer === 'pending') return 'pending';
    return this.guardAsk(() => {
      if (answer.kind === 'error') throw answer.error;
      return answer.result;
    });
  }

  /** An ask's result; a throw ends the loop with an error naming the sampler, and a cancelled ask reads as null. */
  private guardAsk(fn: () => AsyncAskResult): AskResult | null {
    const { study } = this.base;
    try {
      const result = fn();
      return result.kind === 'cancelled' ? null : result;
    } catch (error) {
      const message = `sampler "${study.sampler.name}" failed to suggest trial ${study.trials.length}: ${messageOf(error)}`;
      this.finishWith({ reason: 'error', error: new TunerLoopError('sampler', message, { cause: error }) });
      return null;
    }
  }
}
