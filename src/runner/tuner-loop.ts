/**
 * The tuner loop (Syne Tune's Tuner): a study on one side, a pool of executors on the other, and a
 * scheduler deciding what runs on a free slot (a new trial, a paused one resumed, a PBT child from
 * another trial's checkpoint) and what happens after every epoch (continue, pause, stop, complete).
 * Without a scheduler it is FIFO over `budget.maxEpochs`: every trial trains all its epochs. The
 * loop carries the decisions out on the pool, following the protocol in src/tuner/schedulers/types.ts.
 *
 *   const loop = new TunerLoop({ study, pool, budget: { maxEpochs: 10 }, maxTrials: 50 });
 *   const loop = new TunerLoop({ study, pool, scheduler: createScheduler('asha', { maxEpochs: 27 }), maxTrials: 200 });
 *   loop.on((event) => gantt.add(event));      // TunerEvent (tuner-events.ts)
 *   const { finish } = await loop.run();       // loop.pause() / resume() / stop() meanwhile
 *
 * Each turn: collect settled segments, check the slots, fill free slots, wait. Every epoch is told
 * to the study with all its metrics. With checkpoints on, runs send one with every epoch and the
 * latest per trial is kept (checkpoint-store.ts). The `finally` (loop-lifecycle.ts) ends every trial.
 */
import { deriveSeed, schedulerContext, type Params, type Scheduler, type SchedulerContext, type StartDecision, type Study, type TellOutcome } from '../tuner';
import { CheckpointStore } from './checkpoint-store';
import { tellWithConstraints } from './constraints';
import { CooperativeAsks } from './cooperative-asks';
import { DEFAULT_OBJECTIVE, readObjective, type Metrics, type Objective, type TrialCheckpoint } from './executor';
import { LoopLifecycle } from './loop-lifecycle';
import type { ExecutorPool, PoolEvent } from './pool';
import { asStopIntent, intentOf, newSegment, PausedTime, segmentJob, type SegmentPlan } from './segment';
import { SegmentsInFlight } from './segments-in-flight';
import { TunerLoopError, type LoopFinish } from './tuner-events';
import { schedulerOf, type TunerLoopOptions } from './tuner-loop-options';
import { verdictOf } from './verdict';

export type { TunerLoopOptions } from './tuner-loop-options';

/** The tuner loop: feeds the study's asks to free slots of the pool, reports each epoch to the study, and carries out the scheduler's decisions (continue, pause, resume, stop, clone) until a budget is spent. */
export class TunerLoop extends LoopLifecycle {
  /** The scheduler deciding this run. */
  readonly scheduler: Scheduler;
  private readonly study: Study;
  private readonly pool: ExecutorPool;
  private readonly objective: Objective;
  private readonly checkpointEveryEpoch: boolean;
  private readonly inFlight: SegmentsInFlight;
  private readonly asks: CooperativeAsks;
  private readonly pausedAt = new Map<number, { readonly slot: number | null; readonly epoch: number }>();
  /** Time each paused trial spent waiting, left out of its compute time. */
  private readonly pausedTime = new PausedTime();
  private readonly store = new CheckpointStore();
  private readonly lastMetrics = new Map<number, Metrics>();
  private trialsStarted = 0;
  /** Why the sampler ran out, once it has. */
  private samplerExhausted: string | null = null;
  /**
   * A start decision waiting for something, carried out when it comes, before asking the scheduler
   * again: its sampler ask in flight, or the run of the trial it resumes (paused by decision, not yet back).
   */
  private deferred: StartDecision | null = null;

  constructor(private readonly options: TunerLoopOptions) {
    super(options);
    const { maxTrials } = options;
    if (maxTrials !== undefined && !(Number.isInteger(maxTrials) && maxTrials >= 0)) throw new RangeError(`maxTrials must be an integer ≥ 0, got ${maxTrials}`);
    this.scheduler = schedulerOf(options);
    this.study = options.study;
    this.pool = options.pool;
    this.objective = options.objective ?? DEFAULT_OBJECTIVE;
    this.checkpointEveryEpoch = options.checkpointEveryEpoch ?? this.scheduler.name !== 'fifo';
    this.inFlight = new SegmentsInFlight(options.pool, () => this.wake.notify());
    const fail = (error: TunerLoopError) => this.finishWith({ reason: 'error', error });
    this.asks = new CooperativeAsks({ study: this.study, scheduler: this.scheduler, clock: this.clock, slicing: options.askSlicing, wake: () => this.wake.notify(), fail });
  }

  /** Ids of the trials running now. */
  get running(): number[] {
    return this.inFlight.trialIds;
  }

  /** Ids of the trials paused now (waiting for a resume), ascending. */
  get pausedTrials(): number[] {
    return [...this.pausedAt.keys()].sort((a, b) => a - b);
  }

  /** Checkpoints held now (count and bytes). */
  get checkpointsHeld(): { readonly count: number; readonly bytes: number } {
    return { count: this.store.size, bytes: this.store.bytes };
  }

  /** Stops starting work, abandoning an ask or a decision in flight; one already made is still carried out on resume. */
  override pause(): void {
    this.asks.abandon();
    super.pause();
  }

  protected override finishWith(finish: LoopFinish): void {
    super.finishWith(finish);
    if (this.finish !== null) this.asks.drop();
  }

  protected override subscribe(): () => void {
    return this.pool.subscribe((event) => this.guard('pool', () => this.onPoolEvent(event)));
  }

  protected override get runningCount(): number {
    return this.inFlight.size;
  }

  protected override get trialsStartedCount(): number {
    return this.trialsStarted;
  }

  protected override turn(): void {
    this.collectResults();
    if (this.pool.liveSlots === 0) this.finishWith({ reason: 'no-slots' });
    this.fillSlots();
    // Paused with the trial cap reached and nothing left to resume: nothing can start again.
    const idle = this.inFlight.size === 0 && this.pausedAt.size === 0 && this.deferred === null;
    if (this.finish === null && this.paused && idle && !this.newTrialsAllowed) this.finishWith({ reason: 'trial-budget' });
  }

  protected override stopAllRunning(reason: string): void {
    for (const segment of this.inFlight.values()) {
      if (segment.intent?.kind !== 'complete') segment.intent = { kind: 'cancel', reason };
      this.pool.stop(segment.trialId);
    }
  }

  /** Marks running trials failed and paused ones pruned (the scheduler hears of each). */
  protected override endAll(why: string): void {
    for (const segment of this.inFlight.values()) {
      this.inFlight.forget(segment.trialId);
      this.pool.stop(segment.trialId);
      const reason = segment.intent !== null && segment.intent.kind !== 'complete' ? `${segment.intent.reason} (${why})` : why;
      this.end(segment.trialId, segment.slot, { state: 'failed', reason });
    }
    for (const [trialId, paused] of [...this.pausedAt]) {
      this.pausedAt.delete(trialId);
      this.end(trialId, paused.slot, { state: 'pruned', reason: 'paused when the run ended' });
    }
  }

  private get newTrialsAllowed(): boolean {
    const { maxTrials } = this.options;
    return maxTrials === undefined || this.trialsStarted < maxTrials;
  }

  private context(): SchedulerContext {
    return schedulerContext(this.study, this.newTrialsAllowed);
  }

  /** Tells the study (and the scheduler) how each settled segment ended, or parks a paused trial. */
  private collectResults(): void {
    for (const { trialId, outcome, segment } of this.inFlight.takeSettled()) {
      if (outcome.kind !== 'failed' && outcome.checkpoint?.epochsDone === segment.lastEpoch) this.store.put(trialId, outcome.checkpoint);
      if (outcome.kind !== 'failed' && outcome.metrics !== null) this.lastMetrics.set(trialId, { ...this.lastMetrics.get(trialId), ...outcome.metrics });
      const intent = segment.intent;
      if (outcome.kind === 'failed' || intent === null || intent.kind === 'prune' || intent.kind === 'cancel') {
        // A failure wins over a pause or a complete decision: the trial cannot go on.
        this.end(trialId, segment.slot, verdictOf(outcome, asStopIntent(intent), this.objective));
      } else if (intent.kind === 'complete') {
        this.end(trialId, segment.slot, segment.lastVerdict);
      } else {
        this.pausedAt.set(trialId, { slot: segment.slot, epoch: segment.lastEpoch });
        this.pausedTime.paused(trialId, this.clock.now());
        this.emit({ type: 'trial-paused', at: this.clock.now(), trialId, slot: segment.slot, epoch: segment.lastEpoch, reason: intent.reason });
      }
    }
  }

  /** Fills free slots with whatever the scheduler wants started. */
  private fillSlots(): void {
    while (this.finish === null && !this.paused && this.pool.freeSlots > 0) {
      // A resume that waited for its trial's run, which came back failed: the scheduler has heard of its end.
      if (this.deferred?.kind === 'resume' && this.study.trials[this.deferred.trialId]?.state !== 'running') this.deferred = null;
      const decision = this.deferred ?? this.asks.decide(() => this.context());
      this.deferred = null;
      if (decision === undefined || decision === 'pending' || !this.carryOut(decision)) return;
    }
  }

  /** Carries out a start decision; false when nothing more should be started now. */
  private carryOut(decision: StartDecision): boolean {
    const { study, scheduler } = this;
    const allowed = this.newTrialsAllowed;
    switch (decision.kind) {
      case 'start': {
        if (!allowed) return this.violation(`"${scheduler.name}" started a trial past the trial cap`);
        if (decision.params === null && this.samplerExhausted !== null) return this.violation(`"${scheduler.name}" asked the exhausted sampler again`);
        const ask = this.asks.ask(decision.params);
        if (ask === null) return false;
        if (ask === 'pending') {
          this.deferred = decision;
          return false;
        }
        if (ask.kind === 'exhausted') {
          this.samplerExhausted = ask.reason;
          this.guard('scheduler', () => scheduler.searchExhausted(this.context()));
          return this.finish === null;
        }
        this.trialsStarted += 1;
        this.launch({ trialId: ask.id, params: ask.params, kind: 'start', fromEpoch: 0, untilEpoch: decision.untilEpoch, reason: decision.reason }, null);
        return true;
      }
      case 'resume': {
        // The scheduler counts a trial paused from its decision on, the loop once its run is back.
        if (!this.pausedAt.has(decision.trialId) && this.inFlight.get(decision.trialId)?.intent?.kind === 'pause') {
          this.deferred = decision;
          return false;
        }
        if (!this.pausedAt.delete(decision.trialId)) return this.violation(`"${scheduler.name}" resumed trial ${decision.trialId}, which is not paused`);
        const params = study.trials[decision.trialId]?.params as Params;
        const checkpoint = this.store.take(decision.trialId, decision.fromEpoch);
        this.launch({ trialId: decision.trialId, params, kind: 'resume', fromEpoch: decision.fromEpoch, untilEpoch: decision.untilEpoch, reason: decision.reason }, checkpoint);
        return true;
      }
      case 'clone': {
        if (!allowed) return this.violation(`"${scheduler.name}" cloned a trial past the trial cap`);
        const parent = study.trials[decision.fromTrialId];
        if (parent === undefined) return this.violation(`"${scheduler.name}" cloned unknown trial ${decision.fromTrialId}`);
        const ask = this.asks.ask(decision.params);
        if (ask === null || ask.kind === 'exhausted') return false;
        this.trialsStarted += 1;
        const checkpoint = this.store.peek(decision.fromTrialId, decision.fromEpoch);
        const changed = Object.keys(ask.params).filter((k) => ask.params[k] !== parent.params[k]);
        const { fromEpoch, untilEpoch, reason } = decision;
        const fromCheckpoint = checkpoint !== null;
        this.emit({ type: 'trial-exploited', at: this.clock.now(), trialId: ask.id, parentId: parent.id, fromEpoch, untilEpoch, params: ask.params, changed, fromCheckpoint, reason });
        this.launch({ trialId: ask.id, params: ask.params, kind: 'clone', fromEpoch, untilEpoch, reason }, checkpoint);
        return true;
      }
      case 'wait': // with nothing running, nothing will ever wake it: treat it as done
      case 'done': {
        if (decision.kind === 'wait' && this.inFlight.size > 0) return false;
        const message = this.samplerExhausted ?? `${scheduler.name}: ${decision.reason}`;
        this.finishWith(allowed ? { reason: 'exhausted', message } : { reason: 'trial-budget' });
        return false;
      }
      default: {
        const unreachable: never = decision;
        return unreachable;
      }
    }
  }

  private violation(message: string): false {
    this.finishWith({ reason: 'error', error: new TunerLoopError('scheduler', `scheduler broke the protocol: ${message}`) });
    return false;
  }

  private launch(plan: SegmentPlan, checkpoint: TrialCheckpoint | null): void {
    const job = segmentJob(plan, deriveSeed(this.study.seed, plan.trialId), checkpoint, this.checkpointEveryEpoch);
    this.inFlight.dispatch(job, newSegment(plan, checkpoint));
  }

  private onPoolEvent(event: PoolEvent): void {
    const at = this.clock.now();
    switch (event.type) {
      case 'attempt-started': {
        const segment = this.inFlight.get(event.job.trialId);
        if (segment === undefined) return;
        segment.slot = event.slot;
        const { trialId, attempt, params } = event.job;
        if (segment.kind !== 'resume') return this.emit({ type: 'trial-started', at, trialId, slot: event.slot, attempt, params });
        const { fromEpoch, untilEpoch, fromCheckpoint, reason } = segment;
        this.pausedTime.resumed(trialId, at);
        return this.emit({ type: 'trial-resumed', at, trialId, slot: event.slot, attempt, fromEpoch, untilEpoch, fromCheckpoint, reason });
      }
      case 'progress':
        return this.onProgress(event.slot, event.progress.trialId, event.progress.epoch, event.progress.metrics, event.progress.checkpoint, at);
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

  /**
   * Records an epoch (study with every metric, checkpoint, event) and carries out the scheduler's
   * verdict on it. Epochs already reported (a retry or a resume without a checkpoint retrains them)
   * and epochs after a decision to end the segment are ignored.
   */
  private onProgress(slot: number, trialId: number, epoch: number, metrics: Metrics, checkpoint: TrialCheckpoint | undefined, at: number): void {
    const segment = this.inFlight.get(trialId);
    if (segment === undefined || segment.intent !== null || epoch <= segment.lastEpoch) return;
    if (checkpoint !== undefined) this.store.put(trialId, checkpoint);
    const read = readObjective(metrics, this.objective);
    const value = read.kind === 'value' ? read.value : Number.NaN;
    this.study.report(trialId, epoch, value, metrics);
    segment.lastEpoch = epoch;
    segment.lastVerdict = read.kind === 'value' ? read.value : { state: 'failed', reason: read.reason };
    this.lastMetrics.set(trialId, metrics);
    this.emit({ type: 'trial-progress', at, trialId, slot, epoch, value: Number.isFinite(value) ? value : null, metrics });
    if (this.stopping) return;
    const decision = this.guard('scheduler', () => this.scheduler.onResult(this.context(), trialId, epoch));
    segment.intent = decision === undefined ? null : intentOf(decision);
    if (segment.intent !== null && epoch < segment.untilEpoch) this.pool.stop(trialId);
  }

  /**
   * Tells the study a trial's final state and then the scheduler. The checkpoint of a trial that did
   * not fail is kept (a PBT child may still start from it), unless `keepFinishedCheckpoints` is off.
   */
  private end(trialId: number, slot: number | null, outcome: TellOutcome): void {
    const { study } = this;
    if (study.trials[trialId]?.state !== 'running') return;
    const computeMs = this.pausedTime.end(trialId, study.trials[trialId]?.startedAt ?? 0, this.clock.now());
    const extras = computeMs === undefined ? {} : { computeMs };
    const trial = tellWithConstraints(study, trialId, outcome, this.lastMetrics.get(trialId) ?? null, this.options.constraints, extras);
    this.lastMetrics.delete(trialId);
    if (trial.state === 'failed' || this.options.keepFinishedCheckpoints === false) this.store.delete(trialId);
    const state = trial.state === 'running' ? 'failed' : trial.state;
    this.emit({ type: 'trial-finished', at: this.clock.now(), trialId, slot, state, value: trial.value, reason: trial.reason });
    this.guard('scheduler', () => this.scheduler.onTrialEnd(this.context(), trialId));
  }
}
