/**
 * The scheduler interface: *how much budget each try gets* (Syne Tune's scheduler). A sampler (the
 * searcher) decides what to try; a scheduler decides when a trial starts, and whether it continues,
 * pauses or stops. Schedulers never run anything: they return decisions, and the runner (real or
 * simulated) carries them out and calls back.
 *
 * Units: the resource is the *epoch*. A trial reports epochs 1, 2, … R in order, where
 * R = `scheduler.maxEpochs`; its value at epoch e is `trial.intermediate` at step e (the study's
 * objective, e.g. validation loss, in the study's direction; null = NaN/∞ = worst).
 *
 * Protocol (the runner's side; every call passes a fresh `SchedulerContext` built from the study):
 *   1. A slot is free → `next(ctx)`. Carry out the answer at once, before any other scheduler call:
 *        - `start`:  `study.ask()` (params null: the study's sampler proposes) or `study.ask(params)`;
 *                    the new trial gets id `ctx.nextTrialId`. Train it from scratch up to `untilEpoch`.
 *                    If the study's sampler is exhausted, call `searchExhausted(ctx)` instead; the
 *                    scheduler then never asks for a sampler proposal again.
 *        - `resume`: the paused trial `trialId` continues from its checkpoint after `fromEpoch` and
 *                    trains up to `untilEpoch`. It stays the same study trial (still `running`).
 *        - `clone`:  (PBT) `study.ask(params)` → trial `ctx.nextTrialId`, whose weights start from
 *                    trial `fromTrialId`'s checkpoint after epoch `fromEpoch`; it trains epochs
 *                    fromEpoch+1 … untilEpoch and reports them under those epoch numbers.
 *        - `wait`:   nothing to start now; call `next` again after the next `onResult`/`onTrialEnd`.
 *                    A scheduler never answers `wait` while no trial is running (it answers `done`).
 *        - `done`:   nothing will ever start again; the run ends once running trials have ended.
 *      With `ctx.allowNewTrials` false (the runner's trial cap is reached) the answer is never
 *      `start` or `clone`.
 *   2. After `study.report(id, epoch, value)` → `onResult(ctx, id, epoch)`, and obey:
 *        - `continue`: train the next epoch. Never answered at epoch ≥ the trial's `untilEpoch`
 *                      (a budget never grows while a trial trains: more epochs come by pause/resume).
 *        - `pause`:    stop training, keep the checkpoint; the study trial stays `running`. The slot
 *                      is free. Only a later `resume` continues it.
 *        - `stop`:     end it early: `study.tell(id, { state: 'pruned', reason })`.
 *        - `complete`: it reached R: `study.tell(id, objective)`.
 *   3. Whenever a trial reaches a final state in the study, for whatever cause (complete, stop, a
 *      failure, a cancel), after telling the study → `onTrialEnd(ctx, id)`.
 *   4. When the run ends, trials still paused are told `{ state: 'pruned', reason: 'paused when the
 *      run ended' }` (`pausedTrials()` lists them), so every trial ends in a final state.
 *
 * Checkpoints: the runner keeps, for every trial that has not failed, the checkpoint after its last
 * reported epoch (a paused trial resumes from it; a PBT clone copies it). `fromEpoch` is always the
 * named trial's last reported epoch at the time of the decision.
 *
 * Determinism and persistence: every decision is a pure function of (options, the study history in
 * `ctx`, the scheduler's own state). Randomness is drawn from RNGs seeded by `ctx.studySeed` and
 * counters kept in the state. `saveState()` is plain JSON; a new scheduler built with the same
 * name and options and given `loadState(saved)` continues with identical decisions.
 */
import type { Params, SearchSpace } from '../space/types';
import type { Sliced } from '../slices';
import type { Direction, Trial } from '../trial/trial';

/** Everything a scheduler may read; built afresh by the runner for every call. */
export interface SchedulerContext {
  readonly space: SearchSpace;
  readonly direction: Direction;
  /** Every study trial in id order (`study.trials`), with intermediate values by epoch. */
  readonly trials: readonly Trial[];
  /** The id the next `study.ask` will give (= `trials.length`). */
  readonly nextTrialId: number;
  /** The study's seed; schedulers derive their RNGs from it. */
  readonly studySeed: number;
  /** False once the runner may start no more trials (its trial cap); `resume` is still allowed. */
  readonly allowNewTrials: boolean;
}

/** What to run on a free slot. */
export type StartDecision =
  | {
      readonly kind: 'start';
      /** null: ask the study's sampler; otherwise ask with these params (e.g. BOHB's proposal). */
      readonly params: Params | null;
      /** Train epochs 1 … untilEpoch (≤ maxEpochs) unless a result decision ends it earlier. */
      readonly untilEpoch: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'resume';
      readonly trialId: number;
      /** The trial's last reported epoch; its checkpoint is after this epoch. */
      readonly fromEpoch: number;
      readonly untilEpoch: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'clone';
      /** The trial whose checkpoint (weights) the new trial starts from. */
      readonly fromTrialId: number;
      readonly fromEpoch: number;
      /** The new trial's hyperparameters (the parent's, perturbed); structural ones are unchanged. */
      readonly params: Params;
      readonly untilEpoch: number;
      readonly reason: string;
    }
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'done'; readonly reason: string };

export type StartDecisionKind = StartDecision['kind'];

/** What to do with a trial that just reported an epoch. */
export type TrialDecision =
  | { readonly kind: 'continue' }
  | { readonly kind: 'pause'; readonly reason: string }
  | { readonly kind: 'stop'; readonly reason: string }
  | { readonly kind: 'complete' };

export type TrialDecisionKind = TrialDecision['kind'];

/** PBT ancestry: trial `trialId` started from `parentId`'s checkpoint after epoch `atEpoch`. */
export interface LineageEntry {
  readonly trialId: number;
  /** null for a trial started from scratch (a root of the tree). */
  readonly parentId: number | null;
  readonly atEpoch: number;
  /** Names of the hyperparameters that differ from the parent's (empty for roots). */
  readonly changed: readonly string[];
}

/** The built-in schedulers: FIFO, median stopping, ASHA, Hyperband, BOHB and PBT. */
export type SchedulerName = 'fifo' | 'median' | 'asha' | 'hyperband' | 'bohb' | 'pbt';

/** How the scheduler currently sees a trial (for UIs and tests). */
export type SchedulerTrialStatus = 'running' | 'paused' | 'finished';

/** Decides how much budget each trial gets: which trial a free slot runs next, and after each epoch whether it continues, pauses or stops. */
export interface Scheduler {
  /** Registry name, used to recreate it with `createScheduler(name, options)`. */
  readonly name: SchedulerName;
  /** The validated options it was built with (JSON), defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** R: the most epochs any trial trains for. */
  readonly maxEpochs: number;

  /** A slot is free: what to run on it. Commits the scheduler to the answer (see the protocol). */
  next(ctx: SchedulerContext): StartDecision;
  /**
   * `next` as slices (slices.ts), for a runner that gives the page its turn while a slow
   * decision (BOHB's model) is made: driven to its end it returns what `next` returns, with the same
   * effect on the scheduler, which commits to it only in its last slice; abandoned before the end it
   * changes nothing. Optional: a runner calls `next` when it is absent.
   */
  nextSliced?(ctx: SchedulerContext): Sliced<StartDecision>;
  /** The trial just reported `epoch` (already in `ctx.trials`): continue, pause, stop or complete. */
  onResult(ctx: SchedulerContext, trialId: number, epoch: number): TrialDecision;
  /** The trial reached a final state in the study (any cause). Idempotent. */
  onTrialEnd(ctx: SchedulerContext, trialId: number): void;
  /** The study's sampler is exhausted: the last `start` with params null was not carried out. */
  searchExhausted(ctx: SchedulerContext): void;

  /** Ids of trials paused now, ascending. */
  pausedTrials(): number[];
  /** The scheduler's view of a trial, or null if it never started it. */
  statusOf(trialId: number): SchedulerTrialStatus | null;
  /** PBT ancestry of every trial it started (PBT only; other schedulers return roots only). */
  lineage(): readonly LineageEntry[];

  /** Plain-JSON state; `loadState` of it on a fresh scheduler (same name/options) continues identically. */
  saveState(): unknown;
  /** Restores what `saveState` returned, on a fresh scheduler built with the same name and options. */
  loadState(state: unknown): void;
}

/** Bad scheduler options or misuse of the protocol: the message names the option or the call. */
export class SchedulerError extends Error {
  override readonly name = 'SchedulerError';
}
