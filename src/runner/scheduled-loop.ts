/**
 * The scheduler-driven tuner loop (Syne Tune's Tuner with a scheduler): the scheduler decides what
 * runs on a free slot (a new trial, a paused one resumed, a PBT child from another trial's
 * checkpoint) and what happens after every epoch (continue, pause, stop, complete); this loop
 * carries the decisions out on the pool, following the protocol in src/tuner/schedulers/types.ts.
 *
 *   const loop = new ScheduledLoop({ study, pool, scheduler: createScheduler('asha', { maxEpochs: 27 }), maxTrials: 200 });
 *   loop.on((event) => gantt.add(event));     // TunerEvent plus trial-paused / -resumed / -exploited
 *   const { finish } = await loop.run();
 *
 * Each turn: collect settled segments, check the slots, fill free slots, wait. Runs send a checkpoint
 * with every epoch; the latest per trial is kept (checkpoint-store.ts). The `finally` ends every trial.
 * A decision the scheduler can slice (`nextSliced`: BOHB fitting its GP) is made cooperatively, sliced
 * and yielding like the study's asks (pool-loop.ts).
 */
import { deriveSeed, driveSliced, type Driven, type Params, type TellOutcome } from '../tuner';
import { schedulerContext } from '../tuner/schedulers/context';
import type { Scheduler, SchedulerContext, StartDecision, TrialDecision } from '../tuner/schedulers/types';
import { CheckpointStore } from './checkpoint-store';
import { CooperativeCall } from './cooperative-call';
import { readObjective, type Metrics, type TrialCheckpoint } from './executor';
import type { PoolEvent } from './pool';
import { PoolLoop, type PoolLoopOptions } from './pool-loop';
import { TunerLoopError, type LoopFinish, type ScheduledTunerEvent } from './tuner-events';
import { asStopIntent, newSegment, PausedTime, segmentJob, type Segment, type SegmentPlan } from './segment';
import { verdictOf } from './verdict';
import { tellWithConstraints } from './constraints';

/**
 * `maxTrials`: new trials (fresh starts and PBT children) this run may start; resumes are not new
 * trials. `constraints` are computed from a trial's params and its last epoch's metrics.
 */
export interface ScheduledLoopOptions extends PoolLoopOptions {
  readonly scheduler: Scheduler;
  /** Keep the last checkpoint of complete and pruned trials for PBT clones (the protocol's rule); default true. */
  readonly keepFinishedCheckpoints?: boolean;
}

export class ScheduledLoop extends PoolLoop<ScheduledTunerEvent, Segment> {
  private readonly pausedAt = new Map<number, { readonly slot: number | null; readonly epoch: number }>();
  /** Time each paused trial spent waiting, left out of its compute time. */
  private readonly pausedTime = new PausedTime();
  private readonly store = new CheckpointStore();
  private readonly lastMetrics = new Map<number, Metrics>();
  private searchExhausted = false;
  /** A start decision whose sampler ask is in flight: carried out when the answer comes, before asking the scheduler again. */
  private awaitingAsk: StartDecision | null = null;
  /** The scheduler's sliced decision in flight (BOHB fitting its model), or the one it made. */
  private readonly deciding = new CooperativeCall<Driven<StartDecision>>(() => this.wake.notify());

  constructor(private readonly options: ScheduledLoopOptions) {
    super(options);
  }

  /** Ids of the trials paused now (waiting for a resume), ascending. */
  get pausedTrials(): number[] {
    return [...this.pausedAt.keys()].sort((a, b) => a - b);
  }

  /** Checkpoints held now (count and bytes). */
  get checkpointsHeld(): { readonly count: number; readonly bytes: number } {
    return { count: this.store.size, bytes: this.store.bytes };
  }

  /** Also abandons a scheduler's decision in flight; one it has made is still carried out on resume. */
  override pause(): void {
    this.deciding.abandon();
    super.pause();
  }

  protected override finishWith(finish: LoopFinish): void {
    super.finishWith(finish);
    if (this.finish !== null) this.deciding.drop();
  }

  protected override turn(): void {
    this.collectResults();
    if (this.options.pool.liveSlots === 0) this.finishWith({ reason: 'no-slots' });
    this.fillSlots();
  }

  protected override stopAllRunning(reason: string): void {
    for (const segment of this.inFlight.values()) {
      if (segment.intent?.kind !== 'complete') segment.intent = { kind: 'cancel', reason };
      this.options.pool.stop(segment.trialId);
    }
  }

  /** Marks running trials failed and paused ones pruned (the scheduler hears of each). */
  protected override endAll(why: string): void {
    for (const segment of [...this.inFlight.values()]) {
      this.inFlight.delete(segment.trialId);
      this.options.pool.stop(segment.trialId);
      const reason = segment.intent !== null && segment.intent.kind !== 'complete' ? `${segment.intent.reason} (${why})` : why;
      this.end(segment.trialId, segment.slot, { state: 'failed', reason });
    }
    for (const [trialId, paused] of [...this.pausedAt]) {
      this.pausedAt.delete(trialId);
      this.end(trialId, paused.slot, { state: 'pruned', reason: 'paused when the run ended' });
    }
  }

  private context(): SchedulerContext {
    const { study, maxTrials } = this.options;
    return schedulerContext(study, maxTrials === undefined || this.trialsStarted < maxTrials);
  }

  /** Tells the study (and the scheduler) how each settled segment ended, or parks a paused trial. */
  private collectResults(): void {
    for (const { trialId, outcome, flight: segment } of this.takeSettled()) {
      if (outcome.kind !== 'failed' && outcome.checkpoint?.epochsDone === segment.lastEpoch) this.store.put(trialId, outcome.checkpoint);
      if (outcome.kind !== 'failed' && outcome.metrics !== null) this.lastMetrics.set(trialId, { ...this.lastMetrics.get(trialId), ...outcome.metrics });
      const intent = segment.intent;
      if (outcome.kind === 'failed' || intent === null || intent.kind === 'prune' || intent.kind === 'cancel') {
        // A failure wins over a pause or a complete decision: the trial cannot go on.
        this.end(trialId, segment.slot, verdictOf(outcome, asStopIntent(intent), this.objective));
      } else if (intent.kind === 'complete') {
        this.end(trialId, segment.slot, segment.lastValue);
      } else {
        this.pausedAt.set(trialId, { slot: segment.slot, epoch: segment.lastEpoch });
        this.pausedTime.paused(trialId, this.clock.now());
        this.emit({ type: 'trial-paused', at: this.clock.now(), trialId, slot: segment.slot, epoch: segment.lastEpoch, reason: intent.reason });
      }
    }
  }

  /** Fills free slots with whatever the scheduler wants started. */
  private fillSlots(): void {
    while (this.finish === null && !this.paused && this.options.pool.freeSlots > 0) {
      const decision = this.awaitingAsk ?? this.decide();
      this.awaitingAsk = null;
      if (decision === undefined || decision === 'pending' || !this.carryOut(decision)) return;
    }
  }

  /**
   * The scheduler's next decision, made cooperatively when it can be sliced (`nextSliced`): at once
   * when it fits in one slice, else `'pending'` while it is made (its answer wakes the loop).
   * Undefined when the scheduler threw (the loop is ending).
   */
  private decide(): StartDecision | 'pending' | undefined {
    const { scheduler } = this.options;
    const nextSliced = scheduler.nextSliced?.bind(scheduler);
    if (nextSliced === undefined) return this.guard('scheduler', () => scheduler.next(this.context()));
    const answer = this.deciding.call((signal) => driveSliced(nextSliced(this.context()), { ...this.slicing, signal }));
    if (answer === 'pending') return 'pending';
    return this.guard('scheduler', () => {
      if (answer.kind === 'error') throw answer.error;
      // Only an abandoned decision reads as aborted, and an abandoned one never answers.
      if (answer.result.kind === 'aborted') throw new Error('a scheduler decision was abandoned but still answered');
      return answer.result.value;
    });
  }

  /** Carries out a start decision; false when nothing more should be started now. */
  private carryOut(decision: StartDecision): boolean {
    const { study, scheduler } = this.options;
    const allowed = this.context().allowNewTrials;
    switch (decision.kind) {
      case 'start': {
        if (!allowed) return this.violation(`"${scheduler.name}" started a trial past the trial cap`);
        if (decision.params === null && this.searchExhausted) return this.violation(`"${scheduler.name}" asked the exhausted sampler again`);
        const ask = this.ask(decision.params);
        if (ask === null) return false;
        if (ask === 'pending') {
          this.awaitingAsk = decision;
          return false;
        }
        if (ask.kind === 'exhausted') {
          this.searchExhausted = true;
          this.guard('scheduler', () => scheduler.searchExhausted(this.context()));
          return this.finish === null;
        }
        this.trialsStarted += 1;
        this.launch({ trialId: ask.id, params: ask.params, kind: 'start', fromEpoch: 0, untilEpoch: decision.untilEpoch, reason: decision.reason }, null);
        return true;
      }
      case 'resume': {
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
        const ask = this.ask(decision.params);
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
      case 'done':
        if (decision.kind === 'done' || this.inFlight.size === 0) this.finishWith(allowed ? { reason: 'exhausted', message: `${scheduler.name}: ${decision.reason}` } : { reason: 'trial-budget' });
        return false;
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
    this.dispatch(segmentJob(plan, deriveSeed(this.options.study.seed, plan.trialId), checkpoint), newSegment(plan, checkpoint));
  }

  protected override onPoolEvent(event: PoolEvent): void {
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
   * Records an epoch (study, checkpoint, event) and carries out the scheduler's verdict on it. Epochs
   * already reported (a retry or a resume without a checkpoint retrains them) and epochs after a
   * decision to end the segment are ignored.
   */
  private onProgress(slot: number, trialId: number, epoch: number, metrics: Readonly<Record<string, number>>, checkpoint: TrialCheckpoint | undefined, at: number): void {
    const segment = this.inFlight.get(trialId);
    if (segment === undefined || segment.intent !== null || epoch <= segment.lastEpoch) return;
    const { study, scheduler } = this.options;
    if (checkpoint !== undefined) this.store.put(trialId, checkpoint);
    const read = readObjective(metrics, this.objective);
    const value = read.kind === 'value' ? read.value : Number.NaN;
    study.report(trialId, epoch, value);
    segment.lastEpoch = epoch;
    segment.lastValue = value;
    this.lastMetrics.set(trialId, metrics);
    this.emit({ type: 'trial-progress', at, trialId, slot, epoch, value: Number.isFinite(value) ? value : null, metrics });
    if (this.finish !== null && this.stopping) return;
    const decision = this.guard('scheduler', () => scheduler.onResult(this.context(), trialId, epoch));
    if (decision !== undefined) this.obey(segment, decision, epoch);
  }

  private obey(segment: Segment, decision: TrialDecision, epoch: number): void {
    switch (decision.kind) {
      case 'continue':
        return;
      case 'pause':
        segment.intent = { kind: 'pause', reason: decision.reason };
        break;
      case 'stop':
        segment.intent = { kind: 'prune', reason: decision.reason };
        break;
      case 'complete':
        segment.intent = { kind: 'complete' };
        break;
      default: {
        const unreachable: never = decision;
        return unreachable;
      }
    }
    if (epoch < segment.untilEpoch) this.options.pool.stop(segment.trialId);
  }

  /**
   * Tells the study a trial's final state and then the scheduler. The checkpoint of a trial that did
   * not fail is kept (a PBT child may still start from it), unless `keepFinishedCheckpoints` is off.
   */
  private end(trialId: number, slot: number | null, outcome: TellOutcome): void {
    const { study, scheduler } = this.options;
    if (study.trials[trialId]?.state !== 'running') return;
    const computeMs = this.pausedTime.end(trialId, study.trials[trialId]?.startedAt ?? 0, this.clock.now());
    const extras = computeMs === undefined ? {} : { computeMs };
    const trial = tellWithConstraints(study, trialId, outcome, this.lastMetrics.get(trialId) ?? null, this.options.constraints, extras);
    this.lastMetrics.delete(trialId);
    if (trial.state === 'failed' || this.options.keepFinishedCheckpoints === false) this.store.delete(trialId);
    const state = trial.state === 'running' ? 'failed' : trial.state;
    this.emit({ type: 'trial-finished', at: this.clock.now(), trialId, slot, state, value: trial.value, reason: trial.reason });
    this.guard('scheduler', () => scheduler.onTrialEnd(this.context(), trialId));
  }
}

