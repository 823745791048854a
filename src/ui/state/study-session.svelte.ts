/**
 * One study being tuned on the page: the study, its pool of executors and its tuner loop, seen as
 * runes. The UI reads `phase`, `trials`, `lanes`, `events` and `progress`; it calls `start`,
 * `pause`, `resume` and `stop`. Changes reach the page in batches (at most one per `refreshMs`),
 * each stored in the attached journal before it is shown (stored-batches.ts).
 *
 *   const session = StudySession.fresh(setup, { backend: createTrialBackend });
 *   session.attachJournal(journal);
 *   await session.start();
 *
 * `StudySession.watching` shows a study another tab runs, read-only, fed by `showStored`.
 */
import { ExecutorPool, type LoopFinish, type RunnerClock, type TunerEvent, TunerLoop } from '../../runner';
import { constraintFn, constraintNames } from '../setup/constraint-setup';
import { objectiveOf } from '../setup/objective';
import { createSampler, createStudy, type FeasibilitySummary, type Sampler, type Scheduler, schedulerToJSON, type Study, type StudyJSON, summarizeFeasibility, type Trial } from '../../tuner';
import { finishedPhase, isInterrupted, type SessionPhase } from './session-phase';
import { StoredBatches, type BatchTiming, type SessionJournal } from './stored-batches';
import type { BackendReport } from '../../training';
import { restoreSchedulerState, type SavedSchedulerState } from '../setup/scheduler-resume';
import { buildScheduler, needsCheckpoints, SCHEDULER_SHORT } from '../setup/scheduler-setup';
import { LaneBook, type SlotLane } from './slot-lanes';
import { NO_TRIALS, TrialTally, type TrialSummary } from './trial-tally';
import type { SetupConfig } from '../setup/setup-config';
import type { TrialBackend, TrialBackendOptions } from './trial-backends';

export type { SlotLane } from './slot-lanes';
export type { SessionPhase } from './session-phase';
export { isInterrupted } from './session-phase';
export type { JournaledTrial, SessionJournal } from './stored-batches';

/** `refreshMs`: batching delay for UI refreshes; `commitWaitMs`: longest wait for the journal (stored-batches.ts). */
export interface SessionDeps extends BatchTiming {
  readonly backend: (setup: SetupConfig, options: TrialBackendOptions) => Promise<TrialBackend>;
}

export class StudySession {
  readonly setup: SetupConfig;
  readonly study: Study;
  phase = $state<SessionPhase>({ kind: 'ready' });
  /** Copies of the study's trials at the last refresh. */
  trials = $state.raw<readonly Trial[]>([]);
  lanes = $state.raw<readonly SlotLane[]>([]);
  /** Tuner events shown so far: `events` reads them (copied only when read after a change). */
  #eventCount = $state(0);
  #eventsShown: readonly TunerEvent[] = [];
  /** Trials a scheduler has paused and may resume (they count as started, not finished). */
  pausedTrials = $state.raw<readonly number[]>([]);
  /** Epochs trained so far by every trial: the compute spent. */
  epochsTrained = $state(0);
  /** The backend each worker got (real tasks). */
  workerBackends = $state.raw<ReadonlyMap<number, BackendReport>>(new Map());
  /** Whether times are simulated milliseconds (synthetic tasks) rather than wall time. */
  simulated = $state(false);
  /** Loop-clock reading now, refreshed with the rest. */
  now = $state(0);
  /** What became of a resumed study's saved scheduler state, in words; null otherwise. */
  schedulerNote = $state<string | null>(null);

  /** Counts, best and times of the trials shown, kept from each batch's changes (trial-tally.ts). */
  private readonly tally: TrialTally;
  #summary = $state.raw<TrialSummary>(NO_TRIALS);
  /** Feasible trials among the complete ones, and the study's message when none is (without constraints, all complete ones). */
  readonly feasibility = $derived.by((): FeasibilitySummary => {
    const names = constraintNames(this.setup.constraints ?? []);
    if (names.length > 0) return summarizeFeasibility(names, this.trials);
    const complete = this.#summary.complete;
    return { constraints: [], complete, feasible: complete, violations: {}, message: null };
  });
  readonly progress = $derived.by(() => Math.min(1, this.finishedCount / this.setup.budget.trials));

  /** Trials of the budget that have finished (trials interrupted by a reload do not count: they run again). */
  get finishedCount(): number {
    return this.#summary.finished;
  }

  /** The best feasible complete trial (every trial is feasible without constraints). */
  get best(): Trial | null {
    return this.#summary.best;
  }

  /** Earliest start and latest end (or start, while running) among the trials, on the study clock; null without trials. */
  get times(): TrialSummary['times'] {
    return this.#summary.times;
  }

  /** Every tuner event so far (for the Gantt and the PBT lineage). */
  get events(): readonly TunerEvent[] {
    const count = this.#eventCount;
    if (this.#eventsShown.length !== count) this.#eventsShown = this.log.slice(0, count);
    return this.#eventsShown;
  }

  private loop: TunerLoop | null = null;
  private pool: ExecutorPool | null = null;
  private clock: RunnerClock | null = null;
  private readonly log: TunerEvent[] = [];
  private readonly laneBook: LaneBook;
  private readonly listeners = new Set<() => void>();
  private readonly batches: StoredBatches;
  private stopRequested = false;
  /** The run's scheduler, once started; before that, a resumed study's saved state to restore. */
  private scheduler: Scheduler | null = null;
  private savedScheduler: SavedSchedulerState | null = null;

  private constructor(
    setup: SetupConfig,
    study: Study,
    private readonly deps: SessionDeps,
  ) {
    this.setup = setup;
    this.study = study;
    this.tally = new TrialTally(study.direction);
    this.laneBook = new LaneBook(setup.budget.epochs);
    const show = (trials: readonly Trial[], changed: readonly Trial[]): void => this.showBatch(trials, changed);
    this.batches = new StoredBatches({ trials: () => this.study.trials, phase: () => this.phase.kind, show }, deps);
    const all = this.batches.showAll();
    show(all, all);
  }

  /** A new study from a setup (not for the manual strategy: that runs in the Manual view). */
  static fresh(setup: SetupConfig, deps: SessionDeps): StudySession {
    if (setup.strategy === 'manual') throw new Error('the manual strategy is played in the Manual view');
    const sampler = createSampler(setup.strategy, { ...setup.samplerOptions });
    const holder: { clock: () => number } = { clock: () => 0 };
    const constraints = constraintNames(setup.constraints ?? []);
    const study = createStudy({ space: setup.space, sampler, seed: setup.seed, direction: objectiveOf(setup).direction, clock: () => holder.clock(), ...(constraints.length === 0 ? {} : { constraints }) });
    const session = new StudySession(setup, study, deps);
    session.bindStudyClock = (fn) => (holder.clock = fn);
    return session;
  }

  /** Continues a saved study; `restore` re-queues its interrupted trials (`study.requeueRunning`), so they run first. */
  static resumed(
    setup: SetupConfig,
    restore: (sampler: Sampler, clock: () => number) => { study: Study },
    deps: SessionDeps,
    /** The study clock's reading until the run starts: its last recorded time (interrupted trials end then). */
    resumeAtMs: number,
    /** The scheduler's state saved with the study (scheduled studies). */
    savedScheduler?: SavedSchedulerState,
  ): StudySession {
    if (setup.strategy === 'manual') throw new Error('the manual strategy is played in the Manual view');
    const sampler = createSampler(setup.strategy, { ...setup.samplerOptions });
    const holder: { clock: () => number } = { clock: () => resumeAtMs };
    const { study } = restore(sampler, () => holder.clock());
    const session = new StudySession(setup, study, deps);
    session.bindStudyClock = (fn) => (holder.clock = fn);
    session.savedScheduler = savedScheduler ?? null;
    return session;
  }

  /** A study another tab runs, shown read-only: `showStored` feeds it what that tab stores. */
  static watching(setup: SetupConfig, study: Study, deps: SessionDeps): StudySession {
    const session = new StudySession(setup, study, deps);
    session.phase = { kind: 'watching', owner: 'live' };
    return session;
  }

  private bindStudyClock: (fn: () => number) => void = () => undefined;

  /**
   * Stores every later batch in `journal` before showing it. `unsaved`: trials changed before it
   * was attached (a resumed study's interrupted trials), stored with the first batch.
   */
  attachJournal(journal: SessionJournal, unsaved: readonly number[] = []): void {
    this.batches.attach(journal, unsaved);
  }

  /** A watched study: shows trials another tab stored (by id; later ones replace earlier). */
  showStored(trials: readonly Trial[]): void {
    if (this.phase.kind !== 'watching' || trials.length === 0) return;
    const shown = this.batches.replace(trials);
    const ids = new Set(trials.map((t) => t.id));
    this.showBatch(shown, [...ids].map((id) => shown[id] as Trial));
  }

  /** A watched study whose owner let it go (it may now be taken over). */
  ownerGone(): void {
    if (this.phase.kind === 'watching') this.phase = { kind: 'watching', owner: 'gone' };
  }

  /** Called after each batched refresh (autosave hooks in here). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Trials still to start: the budget minus trials already finished (a resumed study counts its past). */
  get remainingTrials(): number {
    const trials = this.phase.kind === 'watching' ? this.trials : this.study.trials;
    const done = trials.filter((t) => t.state === 'complete' || (t.state === 'failed' && !isInterrupted(t)) || t.state === 'pruned').length;
    return Math.max(0, this.setup.budget.trials - done);
  }

  get running(): boolean {
    return this.phase.kind === 'running' || this.phase.kind === 'paused' || this.phase.kind === 'starting';
  }

  async start(): Promise<void> {
    if (this.phase.kind !== 'ready') return;
    const { setup } = this;
    this.phase = { kind: 'starting', detail: 'starting workers…' };
    try {
      const lastTime = Math.max(0, ...this.study.trials.map((t) => t.endedAt ?? t.startedAt));
      const backend = await this.deps.backend(setup, {
        startMs: lastTime,
        onWorkerBackend: (slot, report) => {
          this.workerBackends = new Map(this.workerBackends).set(slot, report);
        },
      });
      this.clock = backend.clock;
      this.simulated = backend.simulated;
      this.batches.checkpoints = backend.factory.checkpoints === true;
      this.bindStudyClock(() => backend.clock.now());
      if (this.stopRequested) return this.finishWith({ reason: 'cancelled' });
      const scheduler = setup.scheduler;
      if (scheduler !== undefined && needsCheckpoints(scheduler) && backend.factory.checkpoints !== true) {
        throw new Error(
          `${SCHEDULER_SHORT[scheduler.name]} pauses and resumes trials from checkpoints, and the ${backend.factory.kind} backend keeps none; ` +
            'choose FIFO or median stopping for it',
        );
      }
      this.pool = await ExecutorPool.create(backend.factory, { size: setup.workers });
      if (this.stopRequested) return this.finishWith({ reason: 'cancelled' });
      const common = {
        study: this.study,
        pool: this.pool,
        maxTrials: this.remainingTrials,
        ...(setup.budget.minutes === null ? {} : { maxDurationMs: setup.budget.minutes * 60_000 }),
        clock: backend.clock,
        constraints: constraintFn(setup.constraints ?? [], setup.space),
        objective: { metric: objectiveOf(setup).metric },
      };
      const epochs = scheduler === undefined ? { budget: { maxEpochs: setup.budget.epochs } } : { scheduler: this.schedulerFor(scheduler) };
      const loop = new TunerLoop({ ...common, ...epochs });
      this.loop = loop;
      loop.on((event) => this.record(event));
      this.phase = { kind: 'running' };
      const result = await loop.run();
      // Every trial stored and shown before the page says the run is over (the next batch stores the status).
      await this.batches.settle();
      this.finishWith(result.finish);
    } catch (error) {
      this.phase = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.pool?.terminate();
      this.pool = null;
      await this.batches.settle();
    }
  }

  pause(): void {
    if (this.phase.kind !== 'running' || this.loop === null) return;
    this.loop.pause();
    this.phase = { kind: 'paused' };
    this.batches.schedule();
  }

  resume(): void {
    if (this.phase.kind !== 'paused' || this.loop === null) return;
    this.loop.resume();
    this.phase = { kind: 'running' };
    this.batches.schedule();
  }

  stop(): void {
    this.stopRequested = true;
    this.loop?.stop();
  }

  /** The scheduler's state to save with the study (scheduled studies), or undefined. */
  schedulerState(): SavedSchedulerState | undefined {
    if (this.scheduler !== null) return schedulerToJSON(this.scheduler);
    return this.savedScheduler ?? undefined;
  }

  /** The run's scheduler: a resumed study's restored one when its saved state fits the setup. */
  private schedulerFor(setup: NonNullable<SetupConfig['scheduler']>): Scheduler {
    let scheduler = buildScheduler(setup, this.setup.budget.epochs);
    const saved = this.savedScheduler;
    if (saved !== null) {
      const restore = restoreSchedulerState(scheduler, saved, this.study);
      if (restore.kind === 'afresh') scheduler = buildScheduler(setup, this.setup.budget.epochs);
      this.schedulerNote =
        restore.kind === 'restored'
          ? `The ${SCHEDULER_SHORT[setup.name]} scheduler goes on with what it learned before the reload` +
            (restore.ended.length === 0 ? '.' : `; ${restore.ended.length} trial(s) it was training or had paused ended with the page (their checkpoints were in its memory).`)
          : `The ${SCHEDULER_SHORT[setup.name]} scheduler starts afresh: ${restore.why}.`;
    }
    this.scheduler = scheduler;
    return scheduler;
  }

  /** The study as JSON (for saving); running trials stay running (a reload re-queues them). */
  toJSON(): StudyJSON {
    return this.study.toJSON();
  }

  private finishWith(finish: LoopFinish): void {
    this.phase = finishedPhase(finish, this.setup.scheduler !== undefined);
  }

  private record(event: TunerEvent): void {
    this.log.push(event);
    this.laneBook.record(event);
    this.batches.record(event);
  }

  /** Shows a batch: `trials` as the page shows them now, `changed` those of them new since the last batch. */
  private showBatch(trials: readonly Trial[], changed: readonly Trial[]): void {
    const before = this.trials;
    for (const t of changed) this.tally.update(before[t.id], t);
    this.trials = trials;
    if (changed.length > 0) this.#summary = this.tally.summary(trials);
    this.refreshRest();
  }

  /** Everything but the trials, from the loop's bookkeeping. */
  private refreshRest(): void {
    this.lanes = this.laneBook.lanes;
    this.pausedTrials = this.laneBook.paused;
    this.epochsTrained = this.laneBook.epochsTrained;
    this.#eventCount = this.log.length;
    if (this.clock !== null) this.now = this.clock.now();
    for (const listener of this.listeners) listener();
  }
}
