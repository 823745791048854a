/**
 * A segment: one stretch of a trial's training on a slot, from a start, a resume or a PBT clone to
 * a pause or the trial's end, as the tuner loop (tuner-loop.ts) tracks it.
 */
import type { Params, TellOutcome, TrialDecision } from '../tuner';
import type { TrialCheckpoint } from './executor';
import type { PoolJob } from './pool';
import type { StopIntent } from './verdict';

/** Why a segment is ending, once the scheduler (or the loop) decided. */
export type SegmentIntent = StopIntent | { readonly kind: 'pause'; readonly reason: string } | { readonly kind: 'complete' };

export interface Segment {
  readonly trialId: number;
  readonly params: Params;
  readonly kind: 'start' | 'resume' | 'clone';
  /** Epochs done before the segment: it trains fromEpoch + 1 … untilEpoch. */
  readonly fromEpoch: number;
  readonly untilEpoch: number;
  readonly fromCheckpoint: boolean;
  readonly reason: string;
  slot: number | null;
  intent: SegmentIntent | null;
  /** The last epoch reported to the study. */
  lastEpoch: number;
  /** What the study is told if the trial completes at `lastEpoch`: its objective, or failed when that was not reported. */
  lastVerdict: TellOutcome;
}

export type SegmentPlan = Pick<Segment, 'trialId' | 'params' | 'kind' | 'fromEpoch' | 'untilEpoch' | 'reason'>;

export function newSegment(plan: SegmentPlan, checkpoint: TrialCheckpoint | null): Segment {
  return { ...plan, fromCheckpoint: checkpoint !== null, slot: null, intent: null, lastEpoch: plan.fromEpoch, lastVerdict: Number.NaN };
}

/**
 * The pool job of a segment: with `checkpointEveryEpoch`, every epoch brings its checkpoint back. A
 * resume hands its own checkpoint over; a PBT clone's comes from the parent, which keeps it (the
 * pool copies it once).
 */
export function segmentJob(plan: SegmentPlan, seed: number, checkpoint: TrialCheckpoint | null, checkpointEveryEpoch: boolean): PoolJob {
  return {
    trialId: plan.trialId,
    params: plan.params,
    maxEpochs: plan.untilEpoch,
    seed,
    ...(checkpointEveryEpoch ? { saveCheckpoint: 'every-epoch' as const } : {}),
    ...(checkpoint === null ? {} : { startFrom: checkpoint, keepStartFrom: plan.kind === 'clone' }),
  };
}

/** What a scheduler's decision after an epoch makes of the segment: null to go on training. */
export function intentOf(decision: TrialDecision): SegmentIntent | null {
  switch (decision.kind) {
    case 'continue':
      return null;
    case 'pause':
      return { kind: 'pause', reason: decision.reason };
    case 'stop':
      return { kind: 'prune', reason: decision.reason };
    case 'complete':
      return { kind: 'complete' };
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}

/** The intent as the study's verdict sees it: pause and complete are not stops. */
export function asStopIntent(intent: SegmentIntent | null): StopIntent | null {
  return intent !== null && (intent.kind === 'prune' || intent.kind === 'cancel') ? intent : null;
}

/**
 * Time trials spent paused between segments, so that a paused trial's compute time (told with its
 * end, Trial.computeMs) leaves it out. Notation: t_s ask time, t_e end, P the paused stretches;
 * computeMs = (t_e − t_s) − Σ_P |P| (a trial still paused at t_e: its open stretch counts too).
 */
export class PausedTime {
  private readonly book = new Map<number, { since: number | null; totalMs: number }>();

  paused(trialId: number, at: number): void {
    this.book.set(trialId, { since: at, totalMs: this.book.get(trialId)?.totalMs ?? 0 });
  }

  resumed(trialId: number, at: number): void {
    const entry = this.book.get(trialId);
    if (entry === undefined || entry.since === null) return;
    entry.totalMs += at - entry.since;
    entry.since = null;
  }

  /** The trial's compute time when it ends at `at`, or undefined when it was never paused. */
  end(trialId: number, startedAt: number, at: number): number | undefined {
    const entry = this.book.get(trialId);
    if (entry === undefined) return undefined;
    this.book.delete(trialId);
    const paused = entry.totalMs + (entry.since === null ? 0 : at - entry.since);
    return Math.max(0, at - startedAt - paused);
  }
}
