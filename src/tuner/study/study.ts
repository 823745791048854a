/**
 * The ask/tell study: the core every loop (page, workers, benchmarks) is built on.
 *
 *   const study = createStudy({ space, sampler: 'gp', direction: 'minimize', seed: 1 });
 *   const { id, params } = study.ask();      // several asks may be outstanding at once
 *   study.report(id, epoch, valLoss, { valLoss, accuracy });  // optional: per step, every metric
 *   study.tell(id, valLoss);                 // or tell(id, { state: 'failed', reason })
 *
 * Enqueued params (Optuna's enqueue_trial): `study.enqueue(params)` queues a configuration; the next
 * asks hand queued params out first in first out, before the sampler is consulted (the sampler
 * is not called for them, so its state is unchanged). `requeueRunning(reason)` fails every running
 * trial with that reason and enqueues its params: how a study loaded after its page went away goes
 * on without losing the points its sampler chose. The queue is saved with the study. A trial that
 * finished elsewhere joins with `study.addTrial({ params, state: 'complete', value })` (Optuna's
 * add_trial; add-trial.ts), and the sampler learns from it at the next ask.
 *
 * Constraints (feasibility.ts): `createStudy({ …, constraints: ['paramCount'] })`, then
 * `study.tell(id, valLoss, { constraints: { paramCount: count - 1200 } })` (≤ 0 = satisfied).
 *
 * Cooperative asks: `await study.askAsync()` / `tryAskAsync()` give the same suggestion as `ask()`
 * for the same seed and history, but split the sampler's work into slices that yield to the page
 * (cooperative.ts). The sampler sees a snapshot of the history taken when the ask starts: reports
 * and tells that arrive meanwhile are recorded at once and seen by the next ask (a trial running at
 * the snapshot is still a kriging believer for this one). Asks do not overlap: a second async ask
 * waits for the first, and a synchronous `ask()` meanwhile throws a StudyError.
 */
import { createRng, deriveSeed } from '../rng';
import { validateParams } from '../space/validate';
import type { Params, SearchSpace } from '../space/types';
import { runSliced } from '../slices';
import type { Sampler, SamplerContext, Suggestion } from '../samplers/types';
import { driveSliced, type CooperativeOptions } from './cooperative';
import { oneSlice, SamplerExhaustedError, snapshotOf, StudyError, unwrapAsk, type AskResult, type AsyncAskResult } from './ask';

export { SamplerExhaustedError, StudyError, type AskResult, type AsyncAskResult } from './ask';
import { studyJSON, type StudyJSON } from './format';
import { checkToldConstraints, InfeasibleStudyError, summarizeFeasibility, type FeasibilitySummary } from './feasibility';
import { intermediateEntry, insertByStep } from './intermediate';
import { finishedTrial, type FinishedTrialInit, type MutableTrial } from './add-trial';
import { bestTrial, type Direction, type IntermediateValue, type Metrics, type Trial, type TrialState } from '../trial/trial';

/** Milliseconds now: the study's clock for trial times (injectable for tests and simulations). */
export type Clock = () => number;

/** Told alongside an outcome. */
export interface TellExtras {
  /** A value per declared constraint: c ≤ 0 satisfied, c > 0 violated (e.g. paramCount − limit). */
  readonly constraints?: Readonly<Record<string, number>>;
  /** Milliseconds spent training, when it differs from ask-to-tell time (a trial that was paused). */
  readonly computeMs?: number;
}

/** How a trial ended: its objective value (NaN or ±∞ marks it failed), or failed or pruned with a reason. */
export type TellOutcome = number | { readonly state: 'failed' | 'pruned'; readonly reason?: string };

/** A study: the search space, the sampler, and every trial asked and told (Optuna's ask/tell); make one with `createStudy` or `loadStudy`. */
export class Study {
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly seed: number;
  readonly name: string;
  readonly sampler: Sampler;
  /** Declared constraint names (empty: unconstrained). */
  readonly constraints: readonly string[];
  private readonly clock: Clock;
  private readonly list: MutableTrial[];
  /** Params the next asks hand out before consulting the sampler, first in first out. */
  private readonly queue: Params[];
  /** The async ask in progress (settles with it), or null. */
  private pendingAsk: Promise<unknown> | null = null;

  /** @internal Use `createStudy` or `loadStudy`. */
  constructor(init: {
    space: SearchSpace;
    direction: Direction;
    seed: number;
    name: string;
    sampler: Sampler;
    clock: Clock;
    trials: MutableTrial[];
    constraints?: readonly string[];
    enqueued?: readonly Params[];
  }) {
    this.constraints = Object.freeze((init.constraints ?? []).slice());
    this.space = init.space;
    this.direction = init.direction;
    this.seed = init.seed;
    this.name = init.name;
    this.sampler = init.sampler;
    this.clock = init.clock;
    this.list = init.trials;
    this.queue = (init.enqueued ?? []).map((params) => Object.freeze({ ...params }));
  }

  /** All trials in id order. */
  get trials(): readonly Trial[] {
    return this.list;
  }

  /** The best complete feasible trial, or null when none has completed (or none is feasible). */
  get best(): Trial | null {
    return bestTrial(this.list, this.direction);
  }

  /** How many complete trials satisfy the constraints, and a message when none does. */
  get feasibility(): FeasibilitySummary {
    return summarizeFeasibility(this.constraints, this.list);
  }

  /** `best`, but throws InfeasibleStudyError (with the page's message) when no complete trial is feasible. */
  requireBest(): Trial | null {
    const best = this.best;
    if (best === null) {
      const summary = this.feasibility;
      if (summary.message !== null) throw new InfeasibleStudyError(summary);
    }
    return best;
  }

  /** Params waiting to be handed out by the next asks, in the order they will be. */
  get enqueued(): readonly Params[] {
    return this.queue.slice();
  }

  /**
   * Queues params for a later ask (Optuna's enqueue_trial): the next asks without fixed params take
   * queued params first in first out, before consulting the sampler. Throws a StudyError naming the
   * parameter when `params` do not fit the space.
   */
  enqueue(params: Params): void {
    let checked: Params;
    try {
      checked = validateParams(this.space, params);
    } catch (e) {
      throw new StudyError(`enqueue: ${(e as Error).message}`, { cause: e });
    }
    this.queue.push(Object.freeze({ ...checked }));
  }

  /**
   * Marks every running trial failed with `reason` and enqueues its params, in trial order (after
   * anything already queued), so the next asks run them again as new trials. Returns their ids.
   * For a study loaded after the loop that ran it went away (a closed page, a crash).
   */
  requeueRunning(reason = 'interrupted'): number[] {
    if (typeof reason !== 'string') throw new StudyError(`requeueRunning: reason must be a string, got ${JSON.stringify(reason)}`);
    const ids = this.list.filter((t) => t.state === 'running').map((t) => t.id);
    for (const id of ids) {
      const trial = this.tell(id, { state: 'failed', reason });
      this.queue.push(trial.params);
    }
    return ids;
  }

  /**
   * Adds a trial that finished elsewhere (Optuna's add_trial): complete with its value, pruned or
   * failed, with its intermediate values, constraint values and times (add-trial.ts). It takes the
   * next id, and the sampler learns from it at the next ask. Throws a StudyError naming the problem
   * when it does not fit the study, or while an async ask is in progress.
   */
  addTrial(init: FinishedTrialInit): Trial {
    if (this.pendingAsk !== null) throw new StudyError('cannot add a trial while an async ask is in progress; await it first');
    const trial = finishedTrial(this.list.length, init, { space: this.space, constraints: this.constraints, now: this.clock() });
    this.list.push(trial);
    return trial;
  }

  /** Starts a trial with queued params, else the sampler's next suggestion, or with `fixed` params (manual mode). */
  ask(fixed?: Params): { id: number; params: Params } {
    return unwrapAsk(this.tryAsk(fixed));
  }

  /** Like `ask`, but reports exhaustion as a value instead of throwing. */
  tryAsk(fixed?: Params): AskResult {
    if (this.pendingAsk !== null) throw new StudyError('cannot ask while an async ask is in progress; await it first');
    const id = this.list.length;
    if (fixed !== undefined) return this.create(id, validateParams(this.space, fixed));
    const queued = this.queue.shift();
    if (queued !== undefined) return this.create(id, queued);
    const { sampler } = this;
    const ctx = this.samplerContext(id, this.list.slice());
    const suggestion = sampler.suggestSliced === undefined ? sampler.suggest(ctx) : runSliced(sampler.suggestSliced(ctx));
    return this.created(id, suggestion);
  }

  /** `ask`, with the sampler's work in slices that yield to the page (see the module comment). */
  async askAsync(fixed?: Params, options: CooperativeOptions = {}): Promise<{ id: number; params: Params }> {
    return unwrapAsk(await this.tryAskAsync(fixed, options));
  }

  /** `tryAsk`, with the sampler's work in slices that yield to the page (see the module comment). */
  async tryAskAsync(fixed?: Params, options: CooperativeOptions = {}): Promise<AsyncAskResult> {
    while (this.pendingAsk !== null) await this.pendingAsk.catch(() => undefined);
    return this.tryAskCooperative(fixed, options);
  }

  /**
   * `tryAskAsync` for loops that must not wait a microtask when nothing pauses: the result itself
   * when the sampler's work fits in one slice, else a promise of it. Throws a StudyError while
   * another async ask is in progress.
   */
  tryAskCooperative(fixed?: Params, options: CooperativeOptions = {}): AsyncAskResult | Promise<AsyncAskResult> {
    if (this.pendingAsk !== null) throw new StudyError('cannot ask while an async ask is in progress; await it first');
    const id = this.list.length;
    if (options.signal?.aborted === true) return { kind: 'cancelled' };
    if (fixed !== undefined) return this.create(id, validateParams(this.space, fixed));
    const queued = this.queue.shift();
    if (queued !== undefined) return this.create(id, queued);
    const { sampler } = this;
    // A sampler without slices answers before anything can change the history, so it needs no
    // snapshot (copying every running trial, e.g. a scheduler's paused ones, on every ask).
    const suggestSliced = sampler.suggestSliced?.bind(sampler);
    const ctx = this.samplerContext(id, suggestSliced === undefined ? this.list.slice() : snapshotOf(this.list));
    const driven = driveSliced(suggestSliced === undefined ? oneSlice(() => sampler.suggest(ctx)) : suggestSliced(ctx), options);
    if (!(driven instanceof Promise)) return driven.kind === 'aborted' ? { kind: 'cancelled' } : this.created(id, driven.value);
    const pending = driven.then((d): AsyncAskResult => {
      if (this.pendingAsk === pending) this.pendingAsk = null;
      if (d.kind === 'aborted' || options.signal?.aborted === true) return { kind: 'cancelled' };
      return this.created(id, d.value);
    });
    this.pendingAsk = pending;
    const release = (): void => {
      if (this.pendingAsk === pending) this.pendingAsk = null;
    };
    pending.catch(release);
    // An abandoned ask creates nothing, so the next ask need not wait for it to notice.
    options.signal?.addEventListener('abort', release, { once: true });
    return pending;
  }

  private samplerContext(id: number, trials: readonly Trial[]): SamplerContext {
    return { space: this.space, direction: this.direction, trials, trialId: id, rng: createRng(deriveSeed(this.seed, id)), studySeed: this.seed };
  }

  /** The trial for a suggestion (validated), or the sampler's exhaustion. */
  private created(id: number, suggestion: Suggestion): AskResult {
    if (suggestion.kind === 'exhausted') return suggestion;
    return this.create(id, validateParams(this.space, suggestion.params));
  }

  private create(id: number, params: Params): AskResult {
    this.list.push({
      id,
      params: Object.freeze({ ...params }),
      state: 'running',
      value: null,
      intermediate: [],
      startedAt: this.clock(),
      endedAt: null,
      reason: null,
    });
    return { kind: 'trial', id, params };
  }

  /**
   * Records an intermediate value (e.g. validation loss after an epoch), and optionally every metric
   * the trial's code reported at that step. NaN/∞ is stored as null; a NaN/∞ metric is left out
   * (JSON cannot hold it). A second report at the same step replaces the first (intermediate.ts).
   */
  report(id: number, step: number, value: number, metrics?: Metrics): void {
    const trial = this.running(id, 'report to');
    insertByStep(trial.intermediate, intermediateEntry(id, step, value, metrics));
  }

  /**
   * Finishes a trial. A finite number completes it; NaN or ±∞ marks it failed (the reason says so),
   * so a diverging objective can never poison a sampler.
   */
  tell(id: number, outcome: TellOutcome, extras: TellExtras = {}): Trial {
    const trial = this.running(id, 'tell');
    const completes = typeof outcome === 'number' && Number.isFinite(outcome);
    const checked = checkToldConstraints(this.constraints, extras.constraints, completes);
    if (checked.kind === 'refused') throw new StudyError(`trial ${id}: ${checked.problem}`);
    const constraints = checked.values;
    const computeMs = extras.computeMs;
    if (computeMs !== undefined && !(Number.isFinite(computeMs) && computeMs >= 0)) {
      throw new StudyError(`trial ${id}: computeMs must be a finite number ≥ 0, got ${computeMs}`);
    }
    if (typeof outcome === 'number') {
      if (Number.isFinite(outcome)) {
        trial.state = 'complete';
        trial.value = outcome;
      } else {
        trial.state = 'failed';
        trial.reason = `objective value was ${outcome}`;
      }
    } else if (outcome !== null && typeof outcome === 'object' && (outcome.state === 'failed' || outcome.state === 'pruned')) {
      trial.state = outcome.state;
      trial.reason = outcome.reason ?? null;
    } else {
      throw new StudyError(`trial ${id}: tell needs a number or { state: 'failed' | 'pruned' }, got ${JSON.stringify(outcome)}`);
    }
    if (constraints !== undefined) trial.constraints = constraints;
    if (computeMs !== undefined) trial.computeMs = computeMs;
    trial.endedAt = this.clock();
    return trial;
  }

  /** The trial with this id, which must still be running. */
  private running(id: number, verb: string): MutableTrial {
    const trial = Number.isInteger(id) ? this.list[id] : undefined;
    if (trial === undefined) throw new StudyError(`cannot ${verb} trial ${id}: no such trial`);
    if (trial.state !== 'running') throw new StudyError(`cannot ${verb} trial ${id}: it is already ${trial.state}`);
    return trial;
  }

  /** Everything needed to restore this study exactly with `loadStudy`. */
  toJSON(): StudyJSON {
    const { name, space, direction, seed, sampler, constraints } = this;
    return studyJSON({ name, space, direction, seed, sampler, constraints, trials: this.list, enqueued: this.queue });
  }
}

export type { MutableTrial };
