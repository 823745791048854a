/**
 * What `tune()` tells `onEvent` while a study runs: a small, stable union translated from the tuner
 * loop's events (src/runner/tuner-events.ts). Every event carries `at`, the run clock's reading in
 * milliseconds (wall time unless a `clock` was given).
 *
 * Order, per trial: `trial-started` (a PBT child names the trial it starts from), then
 * `trial-reported` once per epoch; a scheduler may end a segment with `trial-paused` and continue it
 * later with `trial-resumed`; a worker that crashes under a trial gives `worker-crashed`, then
 * `worker-replaced` (the trial is retried on the fresh worker: `trial-started` again, next
 * `attempt`) or `worker-lost`; finally exactly one `trial-finished`. `finished` is the last event of
 * all, after every trial has finished, in whatever way the run ends.
 */
import type { Params, TrialState } from '../tuner';
import type { Metrics, TunerEvent } from '../runner';

/**
 * Why a run ended. `tune()` resolves for the first four and rejects with a `TuneError` for the others.
 *
 * @example
 * ```ts
 * import type { TuneEvent, TuneFinishReason } from 'tfjs-tuner';
 *
 * let ended: TuneFinishReason | null = null;
 * const onEvent = (event: TuneEvent) => {
 *   if (event.type === 'finished') ended = event.reason;   // e.g. 'trial-budget' or 'aborted'
 * };
 * ```
 */
export type TuneFinishReason =
  /** `trials` trials were started and all have finished. */
  | 'trial-budget'
  /** `timeLimitMs` passed; running trials were stopped (they end failed, "cancelled: …"). */
  | 'time-budget'
  /** The sampler or scheduler has nothing left to try (a covered grid, a finished Hyperband). */
  | 'exhausted'
  /** The `signal` was aborted; running trials were stopped. */
  | 'aborted'
  /** No trial ever reported the objective metric: its name is probably wrong. */
  | 'metric-missing'
  /** Workers could not be started, or every worker crashed and could not be replaced. */
  | 'no-workers'
  /**
   * The task's own setup (its data loader) threw in a worker: the message names the error. At the
   * start the run ends at once (no worker is started again); later, a replacement whose setup fails
   * is not retried, and the run ends this way when no worker is left.
   */
  | 'setup-failed'
  /** Something threw: the sampler, the scheduler, a constraint, `onEvent`. */
  | 'error';

/**
 * A finished trial's state: `complete` (it has a value), `pruned` (a scheduler stopped it early) or
 * `failed` (its code threw, it diverged, its metric was missing, or the run was stopped under it).
 *
 * @example
 * ```ts
 * import type { TuneEvent, TuneTrialState } from 'tfjs-tuner';
 *
 * const counts: Record<TuneTrialState, number> = { complete: 0, pruned: 0, failed: 0 };
 * const onEvent = (event: TuneEvent) => {
 *   if (event.type === 'trial-finished') counts[event.state] += 1;
 * };
 * ```
 */
export type TuneTrialState = Exclude<TrialState, 'running'>;

/**
 * One progress event; switch on `type`.
 *
 * @example
 * ```ts
 * import type { TuneEvent } from 'tfjs-tuner';
 *
 * function log(event: TuneEvent): void {
 *   switch (event.type) {
 *     case 'trial-reported':
 *       console.log(`trial ${event.trialId} epoch ${event.epoch}:`, event.metrics);
 *       break;
 *     case 'trial-finished':
 *       console.log(`trial ${event.trialId} ${event.state}`, event.value ?? event.reason);
 *       break;
 *     case 'finished':
 *       console.log(`done: ${event.message}`);
 *       break;
 *   }
 * }
 * ```
 */
export type TuneEvent =
  | {
      readonly type: 'trial-started';
      readonly at: number;
      readonly trialId: number;
      readonly params: Params;
      /** The worker (0-based slot) it runs on. */
      readonly worker: number;
      /** 0 for the first try, 1 for the retry after its worker crashed, … */
      readonly attempt: number;
      /** A PBT child: the trial and epoch whose checkpoint it starts from; otherwise null. */
      readonly from: { readonly trialId: number; readonly epoch: number } | null;
    }
  | {
      readonly type: 'trial-reported';
      readonly at: number;
      readonly trialId: number;
      readonly worker: number;
      /** 1, 2, … counted from scratch (a resumed trial continues its numbering). */
      readonly epoch: number;
      /** Every metric the trial's code reported for this epoch. */
      readonly metrics: Metrics;
      /** The objective metric's value; null when it is NaN or infinite. */
      readonly value: number | null;
    }
  | { readonly type: 'trial-paused'; readonly at: number; readonly trialId: number; readonly epoch: number; readonly reason: string }
  | {
      readonly type: 'trial-resumed';
      readonly at: number;
      readonly trialId: number;
      readonly worker: number;
      readonly attempt: number;
      /** Epochs already done; it reports fromEpoch + 1 … untilEpoch. */
      readonly fromEpoch: number;
      readonly untilEpoch: number;
      readonly reason: string;
    }
  | {
      readonly type: 'trial-finished';
      readonly at: number;
      readonly trialId: number;
      readonly state: TuneTrialState;
      /** The objective value of a complete trial; null otherwise. */
      readonly value: number | null;
      /** Why it failed or was pruned (e.g. `metric "acc" was not reported (metrics: loss, accuracy)`); null when complete. */
      readonly reason: string | null;
    }
  | { readonly type: 'worker-crashed'; readonly at: number; readonly worker: number; readonly trialId: number; readonly reason: string; readonly retrying: boolean }
  | { readonly type: 'worker-replaced'; readonly at: number; readonly worker: number; readonly reason: string }
  | { readonly type: 'worker-lost'; readonly at: number; readonly worker: number; readonly reason: string }
  | {
      readonly type: 'finished';
      readonly at: number;
      readonly reason: TuneFinishReason;
      /** One line for people: "trial budget reached (20 trials)", the error's message, … */
      readonly message: string;
      /** Trials this run started (retries and resumes are not new trials). */
      readonly trialsStarted: number;
    };

/**
 * The `type` of a `TuneEvent`.
 *
 * @example
 * ```ts
 * import type { TuneEvent, TuneEventType } from 'tfjs-tuner';
 *
 * const shown: ReadonlySet<TuneEventType> = new Set(['trial-finished', 'finished']);
 * const onEvent = (event: TuneEvent) => {
 *   if (shown.has(event.type)) console.log(event);
 * };
 * ```
 */
export type TuneEventType = TuneEvent['type'];

/**
 * Translates one tuner-loop event; null for those `tune()` does not pass on (the loop's own
 * pause/resume, and its finish, which `tune()` reports itself). `exploited` remembers PBT parents
 * until their child's `trial-started`.
 */
export function translateLoopEvent(event: TunerEvent, exploited: Map<number, { trialId: number; epoch: number }>): TuneEvent | null {
  const { at } = event;
  switch (event.type) {
    case 'trial-started': {
      const from = exploited.get(event.trialId) ?? null;
      return { type: 'trial-started', at, trialId: event.trialId, params: event.params, worker: event.slot, attempt: event.attempt, from };
    }
    case 'trial-progress':
      return { type: 'trial-reported', at, trialId: event.trialId, worker: event.slot, epoch: event.epoch, metrics: event.metrics, value: event.value };
    case 'trial-paused':
      return { type: 'trial-paused', at, trialId: event.trialId, epoch: event.epoch, reason: event.reason };
    case 'trial-resumed': {
      const { trialId, slot, attempt, fromEpoch, untilEpoch, reason } = event;
      return { type: 'trial-resumed', at, trialId, worker: slot, attempt, fromEpoch, untilEpoch, reason };
    }
    case 'trial-exploited':
      exploited.set(event.trialId, { trialId: event.parentId, epoch: event.fromEpoch });
      return null;
    case 'trial-finished':
      exploited.delete(event.trialId);
      return { type: 'trial-finished', at, trialId: event.trialId, state: event.state, value: event.value, reason: event.reason };
    case 'slot-crashed':
      return { type: 'worker-crashed', at, worker: event.slot, trialId: event.trialId, reason: event.reason, retrying: event.retrying };
    case 'slot-replaced':
      return { type: 'worker-replaced', at, worker: event.slot, reason: event.reason };
    case 'slot-lost':
      return { type: 'worker-lost', at, worker: event.slot, reason: event.reason };
    case 'paused':
    case 'resumed':
    case 'loop-finished':
      return null;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
