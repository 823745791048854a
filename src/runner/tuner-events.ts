/**
 * What the tuner loop tells the world: events while it runs (for a live UI and a Gantt timeline of
 * trials on slots) and the result when it is done. Every event carries `at`, the loop clock's
 * reading in milliseconds.
 *
 * A trial's training may be split into segments, each on some slot. A segment begins with
 * `trial-started` (the first, and each retry of it after a crash) or `trial-resumed` (later ones,
 * after the scheduler paused the trial, and their retries), and ends with `trial-paused`,
 * `slot-crashed` or `trial-finished`. Order, per trial: its segments in turn, `trial-progress` only
 * inside one with epochs increasing over the trial's whole life, and finally exactly one
 * `trial-finished`. A crashed slot is `slot-crashed`, then `slot-replaced` or `slot-lost`, then the
 * retry's `trial-started` or `trial-resumed` (attempt 1, 2, …). A PBT child is announced by
 * `trial-exploited` (its parent and the epoch whose checkpoint it starts from) before its
 * `trial-started`; its progress continues from that epoch. A trial still paused when the loop ends
 * gets `trial-finished` (pruned) with its last slot. `loop-finished` is the last event of all, after
 * every trial the loop started has finished.
 */
import type { Params } from '../tuner';
import type { Metrics } from './executor';

/** A finished trial's state. */
export type FinishedState = 'complete' | 'failed' | 'pruned';

/** What the tuner loop tells its listeners as a run goes: trials started, progressing, paused, resumed, cloned and finished, slots crashing, and the end; switch on `type`. */
export type TunerEvent =
  | { readonly type: 'trial-started'; readonly at: number; readonly trialId: number; readonly slot: number; readonly attempt: number; readonly params: Params }
  | {
      readonly type: 'trial-progress';
      readonly at: number;
      readonly trialId: number;
      readonly slot: number;
      readonly epoch: number;
      /** The objective metric after this epoch; null when it was not reported or not finite. */
      readonly value: number | null;
      readonly metrics: Metrics;
    }
  | {
      readonly type: 'trial-finished';
      readonly at: number;
      readonly trialId: number;
      /** The slot of its last attempt; null if it never started on one. */
      readonly slot: number | null;
      readonly state: FinishedState;
      readonly value: number | null;
      readonly reason: string | null;
    }
  | { readonly type: 'slot-crashed'; readonly at: number; readonly slot: number; readonly trialId: number; readonly reason: string; readonly retrying: boolean }
  | { readonly type: 'slot-replaced'; readonly at: number; readonly slot: number; readonly reason: string }
  | { readonly type: 'slot-lost'; readonly at: number; readonly slot: number; readonly reason: string }
  | { readonly type: 'paused'; readonly at: number }
  | { readonly type: 'resumed'; readonly at: number }
  | {
      readonly type: 'trial-paused';
      readonly at: number;
      readonly trialId: number;
      readonly slot: number | null;
      /** The last epoch it reported; its checkpoint is after this epoch. */
      readonly epoch: number;
      readonly reason: string;
    }
  | {
      readonly type: 'trial-resumed';
      readonly at: number;
      readonly trialId: number;
      readonly slot: number;
      /** 0 for the segment's first try, 1 for its retry after a crash, … */
      readonly attempt: number;
      /** Epochs already done: the segment reports fromEpoch + 1 … untilEpoch. */
      readonly fromEpoch: number;
      readonly untilEpoch: number;
      /** False when the backend keeps no checkpoints and the trial retrains from scratch. */
      readonly fromCheckpoint: boolean;
      readonly reason: string;
    }
  | {
      readonly type: 'trial-exploited';
      readonly at: number;
      /** The new trial (a PBT child). */
      readonly trialId: number;
      readonly parentId: number;
      /** The parent's epoch whose checkpoint the child starts from. */
      readonly fromEpoch: number;
      readonly untilEpoch: number;
      readonly params: Params;
      /** Hyperparameters whose values differ from the parent's. */
      readonly changed: readonly string[];
      readonly fromCheckpoint: boolean;
      readonly reason: string;
    }
  | { readonly type: 'loop-finished'; readonly at: number; readonly finish: LoopFinish };

/** The `type` of a `TunerEvent`. */
export type TunerEventType = TunerEvent['type'];

/** Receives the tuner loop's events. */
export type TunerListener = (event: TunerEvent) => void;

/** Why the loop ended. */
export type LoopFinish =
  /** `maxTrials` trials were started and all have finished. */
  | { readonly reason: 'trial-budget' }
  /** `maxDurationMs` passed; running trials were stopped. */
  | { readonly reason: 'time-budget' }
  /** The sampler has nothing left to suggest (e.g. a grid was covered), or the scheduler will start nothing more; running trials finished. */
  | { readonly reason: 'exhausted'; readonly message: string }
  /** `stop()` or the abort signal; running trials were stopped. */
  | { readonly reason: 'cancelled' }
  /** Every slot crashed and could not be restarted, or the pool was terminated under the loop. */
  | { readonly reason: 'no-slots' }
  /** Something threw: the sampler, the scheduler, a listener, the study. Running trials were stopped. */
  | { readonly reason: 'error'; readonly error: TunerLoopError };

/** Why the loop ended, as a name. */
export type FinishReason = LoopFinish['reason'];

/** What `TunerLoop.run()` resolves with: why it ended, the trials it started and how long it took. */
export interface TunerResult {
  readonly finish: LoopFinish;
  /** Trials this run asked for (retries are not new trials). */
  readonly trialsStarted: number;
  /** Loop clock time from start to finish, paused time included. */
  readonly elapsedMs: number;
}

/** An error that ended the loop, saying where it came from; the original is its `cause`. */
export class TunerLoopError extends Error {
  override readonly name = 'TunerLoopError';
  constructor(
    readonly source: 'sampler' | 'scheduler' | 'listener' | 'study' | 'pool',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether a finish stops the trials still running (true) or lets them finish (false). */
export function stopsRunningTrials(finish: LoopFinish): boolean {
  switch (finish.reason) {
    case 'trial-budget':
    case 'exhausted':
      return false;
    case 'time-budget':
    case 'cancelled':
    case 'no-slots':
    case 'error':
      return true;
    default: {
      const unreachable: never = finish;
      return unreachable;
    }
  }
}

/**
 * Reason given to trials the loop stops because the run ended early (cancel, time budget, error):
 * they end `failed`, and a timeline shows them as "stopped" rather than as failures.
 */
export function cancelledReason(finish: LoopFinish): string {
  return `cancelled: ${describeFinish(finish)}`;
}

/** True for a reason written by `cancelledReason`. */
export function isCancelledReason(reason: string | null | undefined): boolean {
  return (reason ?? '').startsWith('cancelled: ');
}

export function describeFinish(finish: LoopFinish): string {
  switch (finish.reason) {
    case 'trial-budget':
      return 'trial budget reached';
    case 'time-budget':
      return 'time budget reached';
    case 'exhausted':
      return `sampler exhausted (${finish.message})`;
    case 'cancelled':
      return 'tuning was stopped';
    case 'no-slots':
      return 'no executor slots left';
    case 'error':
      return `error: ${finish.error.message}`;
    default: {
      const unreachable: never = finish;
      return unreachable;
    }
  }
}

export function asLoopError(source: TunerLoopError['source'], error: unknown): TunerLoopError {
  return error instanceof TunerLoopError ? error : new TunerLoopError(source, `${source} threw: ${messageOf(error)}`, { cause: error });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
