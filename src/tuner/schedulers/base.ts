/**
 * Bookkeeping shared by every scheduler: which trials it started, which run, which are paused, up to
 * which epoch each may train, and the protocol checks (see types.ts). Subclasses only decide.
 *
 * Notation: e = epoch (1 … R), R = maxEpochs, loss = the objective turned into "lower is better"
 * (`lossOf`), with a NaN/∞ report (null) counted as +∞.
 */
import { runSliced, type Sliced } from '../slices';
import { lossOf, type Trial } from '../trial/trial';
import {
  SchedulerError,
  type LineageEntry,
  type Scheduler,
  type SchedulerContext,
  type SchedulerName,
  type SchedulerTrialStatus,
  type StartDecision,
  type TrialDecision,
} from './types';

export interface BookEntry {
  status: SchedulerTrialStatus;
  /** The epoch this trial may train up to before a decision other than `continue`. */
  untilEpoch: number;
  /** Last reported epoch (0 before the first). */
  lastEpoch: number;
}

interface BaseState {
  book: Record<string, BookEntry>;
  exhausted: boolean;
  lastSampled: number | null;
  extra: unknown;
}

/** The loss of `trial` at epoch e, +∞ for a NaN report, undefined when e was not reported. */
export function lossAt(ctx: SchedulerContext, trialId: number, epoch: number): number | undefined {
  const trial: Trial | undefined = ctx.trials[trialId];
  const entry = trial?.intermediate.find((iv) => iv.step === epoch);
  if (entry === undefined) return undefined;
  return entry.value === null ? Infinity : lossOf(entry.value, ctx.direction);
}

export abstract class BaseScheduler implements Scheduler {
  abstract readonly name: SchedulerName;
  abstract readonly options: Readonly<Record<string, unknown>>;
  abstract readonly maxEpochs: number;
  protected book: Record<string, BookEntry> = {};
  /** True once the study's sampler ran out: no more `start` with params null. */
  protected exhausted = false;
  /** The id reserved by the last `start` with params null, until the next call. */
  private lastSampled: number | null = null;

  /** What to run on a free slot; the base turns a `wait` with nothing running into `done`. */
  protected abstract decideNext(ctx: SchedulerContext): StartDecision;
  /**
   * `decideNext` as slices, for a subclass whose decision takes long (BOHB): it must change the
   * scheduler's state only after its last pause. Default: `decideNext` in one slice.
   */
  protected *decideNextSliced(ctx: SchedulerContext): Sliced<StartDecision> {
    return this.decideNext(ctx);
  }
  /** What to do after a report; the trial's entry already holds the new `lastEpoch`. */
  protected abstract decideResult(ctx: SchedulerContext, trialId: number, epoch: number, entry: BookEntry): TrialDecision;
  /** A reserved start was not carried out (sampler exhausted): undo subclass bookkeeping. */
  protected abstract forget(trialId: number): void;
  protected abstract saveExtra(): unknown;
  protected abstract loadExtra(extra: unknown): void;

  next(ctx: SchedulerContext): StartDecision {
    return runSliced(this.nextSliced(ctx));
  }

  *nextSliced(ctx: SchedulerContext): Sliced<StartDecision> {
    const d = yield* this.decideNextSliced(ctx);
    this.lastSampled = null;
    switch (d.kind) {
      case 'start':
      case 'clone':
        if (!ctx.allowNewTrials) throw new SchedulerError(`${this.name} scheduler: decided to ${d.kind} a trial although new trials are not allowed`);
        this.checkUntil(d.untilEpoch);
        this.book[ctx.nextTrialId] = { status: 'running', untilEpoch: d.untilEpoch, lastEpoch: d.kind === 'clone' ? d.fromEpoch : 0 };
        if (d.kind === 'start' && d.params === null) this.lastSampled = ctx.nextTrialId;
        return d;
      case 'resume': {
        const entry = this.entry(d.trialId, 'resume');
        if (entry.status !== 'paused') throw new SchedulerError(`${this.name} scheduler: cannot resume trial ${d.trialId}: it is ${entry.status}`);
        this.checkUntil(d.untilEpoch);
        entry.status = 'running';
        entry.untilEpoch = d.untilEpoch;
        return d;
      }
      case 'wait':
        return this.runningCount() === 0 ? { kind: 'done', reason: `nothing is running and ${d.reason}` } : d;
      case 'done':
        return d;
      default: {
        const unreachable: never = d;
        return unreachable;
      }
    }
  }

  onResult(ctx: SchedulerContext, trialId: number, epoch: number): TrialDecision {
    const entry = this.entry(trialId, 'take a result of');
    if (entry.status !== 'running') throw new SchedulerError(`${this.name} scheduler: trial ${trialId} reported epoch ${epoch} but it is ${entry.status}`);
    if (!Number.isInteger(epoch) || epoch <= entry.lastEpoch || epoch > this.maxEpochs) {
      throw new SchedulerError(`${this.name} scheduler: trial ${trialId} reported epoch ${epoch} after epoch ${entry.lastEpoch} (R = ${this.maxEpochs})`);
    }
    entry.lastEpoch = epoch;
    let d = this.decideResult(ctx, trialId, epoch, entry);
    if (epoch >= this.maxEpochs && d.kind !== 'stop') d = { kind: 'complete' };
    switch (d.kind) {
      case 'continue':
        if (epoch >= entry.untilEpoch) throw new SchedulerError(`${this.name} scheduler: trial ${trialId} would continue past its budget of ${entry.untilEpoch} epochs`);
        return d;
      case 'pause':
        entry.status = 'paused';
        return d;
      case 'stop':
      case 'complete':
        entry.status = 'finished';
        return d;
      default: {
        const unreachable: never = d;
        return unreachable;
      }
    }
  }

  onTrialEnd(_ctx: SchedulerContext, trialId: number): void {
    const entry = this.book[trialId];
    if (entry !== undefined) entry.status = 'finished';
  }

  searchExhausted(_ctx: SchedulerContext): void {
    this.exhausted = true;
    if (this.lastSampled !== null) {
      delete this.book[this.lastSampled];
      this.forget(this.lastSampled);
      this.lastSampled = null;
    }
  }

  pausedTrials(): number[] {
    return this.idsWith('paused');
  }

  statusOf(trialId: number): SchedulerTrialStatus | null {
    return this.book[trialId]?.status ?? null;
  }

  lineage(): readonly LineageEntry[] {
    return Object.keys(this.book).map((k) => ({ trialId: Number(k), parentId: null, atEpoch: 0, changed: [] }));
  }

  saveState(): unknown {
    const state: BaseState = { book: this.book, exhausted: this.exhausted, lastSampled: this.lastSampled, extra: this.saveExtra() };
    return JSON.parse(JSON.stringify(state)) as unknown;
  }

  loadState(state: unknown): void {
    const s = state as Partial<BaseState> | null;
    if (s === null || typeof s !== 'object' || typeof s.book !== 'object' || s.book === null || typeof s.exhausted !== 'boolean') {
      throw new SchedulerError(`${this.name} scheduler: state must be an object with "book" and "exhausted"`);
    }
    const copy = JSON.parse(JSON.stringify(s)) as BaseState;
    for (const [id, e] of Object.entries(copy.book)) {
      const ok = Number.isInteger(Number(id)) && ['running', 'paused', 'finished'].includes(e.status) && Number.isInteger(e.untilEpoch) && Number.isInteger(e.lastEpoch);
      if (!ok) throw new SchedulerError(`${this.name} scheduler: state.book[${id}] is malformed`);
    }
    this.book = copy.book;
    this.exhausted = copy.exhausted;
    this.lastSampled = typeof copy.lastSampled === 'number' ? copy.lastSampled : null;
    this.loadExtra(copy.extra);
  }

  protected runningCount(): number {
    return this.idsWith('running').length;
  }

  protected idsWith(status: SchedulerTrialStatus): number[] {
    return Object.entries(this.book)
      .filter(([, e]) => e.status === status)
      .map(([k]) => Number(k))
      .sort((a, b) => a - b);
  }

  /** `start` with the study's sampler, unless new trials are not allowed or the sampler ran out. */
  protected startFromSampler(ctx: SchedulerContext, untilEpoch: number, reason: string): StartDecision {
    if (!ctx.allowNewTrials) return { kind: 'wait', reason: 'no new trials are allowed' };
    if (this.exhausted) return { kind: 'wait', reason: 'the search space is exhausted' };
    return { kind: 'start', params: null, untilEpoch, reason };
  }

  private entry(trialId: number, verb: string): BookEntry {
    const entry = this.book[trialId];
    if (entry === undefined) throw new SchedulerError(`${this.name} scheduler: cannot ${verb} trial ${trialId}: this scheduler did not start it`);
    return entry;
  }

  private checkUntil(untilEpoch: number): void {
    if (!Number.isInteger(untilEpoch) || untilEpoch < 1 || untilEpoch > this.maxEpochs) {
      throw new SchedulerError(`${this.name} scheduler: budget of ${untilEpoch} epochs is outside 1 … ${this.maxEpochs}`);
    }
  }
}
