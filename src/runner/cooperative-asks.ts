/**
 * The tuner loop's two questions, asked cooperatively: the study's sampler for a new trial
 * (Study.tryAskCooperative) and the scheduler for its next start decision when it can slice it
 * (`nextSliced`: BOHB fitting its GP). The work runs in slices and the page gets its turn between
 * them. One that fits in one slice answers at once, as a synchronous call would; a longer one
 * answers `'pending'`, the loop goes back to waiting, and the answer wakes it.
 *
 * At most one of each is in flight; pausing or ending the loop abandons it (no trial is created,
 * and a resumed loop asks again, getting the same suggestion for the same history). Slices yield
 * through the loop's clock when it is a SimulatedClock (its time stands still meanwhile, and slices
 * are measured in estimated operations instead of wall time), so simulated runs stay a pure
 * function of their inputs.
 */
import { DEFAULT_SLICE_MS, driveSliced, yieldToEventLoop } from '../tuner';
import type { AskResult, AsyncAskResult, CooperativeOptions, Driven, Params, Scheduler, SchedulerContext, SliceBudget, StartDecision, Study } from '../tuner';
import { sleep, type RunnerClock } from './clock';
import { CooperativeCall } from './cooperative-call';
import { SimulatedClock } from './simulated-clock';
import { asLoopError, messageOf, TunerLoopError } from './tuner-events';

/** How asks are sliced; default 8 ms slices that yield to the event loop (see the module comment). */
export interface AskSlicing {
  /** Work per slice; default 8 ms of wall time (a work budget on a simulated clock). */
  readonly budget?: SliceBudget;
  /** Resolves once the page has had its turn; default a macrotask later. */
  readonly yieldToPage?: () => Promise<void>;
}

/**
 * Slice size on a simulated clock, in estimated operations: about 2–4 ms of work on a desktop CPU
 * (the estimates' ratio to time varies by phase; tests/tuner/gp/cooperative.test.ts bounds it).
 */
const SIMULATED_SLICE_OPS = 2e6;

export interface CooperativeAsksOptions {
  readonly study: Study;
  readonly scheduler: Scheduler;
  readonly clock: RunnerClock;
  readonly slicing?: AskSlicing;
  /** Called when an answer arrives after the call that started it returned. */
  readonly wake: () => void;
  /** Called when the sampler or the scheduler threw: the loop ends with this error. */
  readonly fail: (error: TunerLoopError) => void;
}

export class CooperativeAsks {
  /** The sampler's ask in flight, or the answer it left for the next turn. */
  private readonly asking: CooperativeCall<AsyncAskResult>;
  /** The scheduler's sliced decision in flight, or the one it made. */
  private readonly deciding: CooperativeCall<Driven<StartDecision>>;
  private readonly slicing: Omit<CooperativeOptions, 'signal'>;

  constructor(private readonly options: CooperativeAsksOptions) {
    const simulated = options.clock instanceof SimulatedClock;
    const budget: SliceBudget = options.slicing?.budget ?? (simulated ? { kind: 'work', ops: SIMULATED_SLICE_OPS } : { kind: 'time', ms: DEFAULT_SLICE_MS });
    const yieldToPage = options.slicing?.yieldToPage ?? (simulated ? () => sleep(options.clock, 0) : yieldToEventLoop);
    this.slicing = { budget, yieldToPage };
    this.asking = new CooperativeCall(options.wake);
    this.deciding = new CooperativeCall(options.wake);
  }

  /**
   * A new study trial: with fixed params at once; from the sampler cooperatively, so `'pending'`
   * while its ask is in flight. Null after the sampler threw (the loop is ending) or when the ask
   * was abandoned.
   */
  ask(params: Params): AskResult | null;
  ask(params: Params | null): AskResult | 'pending' | null;
  ask(params: Params | null): AskResult | 'pending' | null {
    const { study } = this.options;
    if (params !== null) return this.guardAsk(() => study.tryAsk(params));
    const answer = this.asking.call((signal) => study.tryAskCooperative(undefined, { ...this.slicing, signal }));
    if (answer === 'pending') return 'pending';
    return this.guardAsk(() => {
      if (answer.kind === 'error') throw answer.error;
      return answer.result;
    });
  }

  /**
   * The scheduler's next decision: at once when it cannot be sliced or fits in one slice, else
   * `'pending'` while it is made. Undefined when the scheduler threw (the loop is ending).
   */
  decide(context: () => SchedulerContext): StartDecision | 'pending' | undefined {
    const { scheduler } = this.options;
    const nextSliced = scheduler.nextSliced?.bind(scheduler);
    if (nextSliced === undefined) return this.guardDecision(() => scheduler.next(context()));
    const answer = this.deciding.call((signal) => driveSliced(nextSliced(context()), { ...this.slicing, signal }));
    if (answer === 'pending') return 'pending';
    return this.guardDecision(() => {
      if (answer.kind === 'error') throw answer.error;
      // Only an abandoned decision reads as aborted, and an abandoned one never answers.
      if (answer.result.kind === 'aborted') throw new Error('a scheduler decision was abandoned but still answered');
      return answer.result.value;
    });
  }

  /** Aborts work in flight; an answer already given (a trial the study created, a decision made) is kept for the next turn. */
  abandon(): void {
    this.asking.abandon();
    this.deciding.abandon();
  }

  /** Aborts work in flight and forgets answers not yet taken (the loop is ending). */
  drop(): void {
    this.asking.drop();
    this.deciding.drop();
  }

  /** An ask's result; a throw ends the loop with an error naming the sampler, and a cancelled ask reads as null. */
  private guardAsk(fn: () => AsyncAskResult): AskResult | null {
    const { study } = this.options;
    try {
      const result = fn();
      return result.kind === 'cancelled' ? null : result;
    } catch (error) {
      const message = `sampler "${study.sampler.name}" failed to suggest trial ${study.trials.length}: ${messageOf(error)}`;
      this.options.fail(new TunerLoopError('sampler', message, { cause: error }));
      return null;
    }
  }

  private guardDecision(fn: () => StartDecision): StartDecision | undefined {
    try {
      return fn();
    } catch (error) {
      this.options.fail(asLoopError('scheduler', error));
      return undefined;
    }
  }
}
