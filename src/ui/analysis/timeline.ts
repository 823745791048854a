/**
 * Worker-timeline bars (a Gantt chart of trial segments on executor slots) from a tuner loop's
 * events, plain or scheduler-driven. The segments come from the runner's `scheduleTimeline`; this
 * adds what the page shows on them (seconds since `originMs`, default the first event; the value
 * and reason of how each ended; the PBT parent of a cloned trial).
 *
 * A segment ends when its trial finishes (complete, pruned, failed), when a scheduler pauses it
 * (paused; a later segment resumes it), or when its slot crashes under it (crashed; retried). A
 * trial the loop cancelled is "stopped": the loop marks it failed with a reason starting "cancelled".
 */
import { type LineageEdge, scheduleTimeline, type TunerEvent } from '../../runner';
import type { Outcome } from '../charts/colour';

export interface TimelineBar {
  readonly slot: number;
  readonly trialId: number;
  /** 0 for the segment's first attempt, 1 for the retry after a crash, … */
  readonly attempt: number;
  /** Seconds. */
  readonly start: number;
  /** Seconds; null while running. */
  readonly end: number | null;
  readonly outcome: Outcome;
  /** The objective value of a complete trial. */
  readonly value: number | null;
  readonly reason: string | null;
  /** True when the segment continued a paused trial from its checkpoint. */
  readonly resumed: boolean;
  /** PBT: the trial whose weights this (first) segment started from; else null. */
  readonly clonedFrom: number | null;
  /** Epochs done when the segment began, and the last epoch it reported. */
  readonly fromEpoch: number;
  readonly toEpoch: number;
}

export interface Timeline {
  readonly bars: readonly TimelineBar[];
  /** Number of slots seen (largest slot index + 1). */
  readonly slots: number;
  /** Seconds of the last event. */
  readonly end: number;
  /** PBT parent → child edges (empty without PBT). */
  readonly lineage: readonly LineageEdge[];
}

export function timelineFromEvents(events: readonly TunerEvent[], originMs?: number): Timeline {
  const origin = originMs ?? events[0]?.at ?? 0;
  const seconds = (at: number) => (at - origin) / 1000;
  /** How a segment of trial t ended at time `at`: key `t@at`. */
  const endings = new Map<string, { value: number | null; reason: string | null }>();
  let slots = 0;
  let end = 0;
  for (const e of events) {
    end = Math.max(end, seconds(e.at));
    if ('slot' in e && typeof e.slot === 'number') slots = Math.max(slots, e.slot + 1);
    if (e.type === 'trial-finished') endings.set(`${e.trialId}@${e.at}`, { value: e.value, reason: e.reason });
    else if (e.type === 'trial-paused' || e.type === 'slot-crashed') endings.set(`${e.trialId}@${e.at}`, { value: null, reason: e.reason });
  }
  const { bars, lineage } = scheduleTimeline(events);
  const parents = new Map(lineage.map((l) => [l.childId, l.parentId]));
  return {
    bars: bars.map((b) => {
      const ending = b.endAt === null ? undefined : endings.get(`${b.trialId}@${b.endAt}`);
      return {
        slot: b.slot,
        trialId: b.trialId,
        attempt: b.attempt,
        start: seconds(b.startAt),
        end: b.endAt === null ? null : seconds(b.endAt),
        outcome: b.end,
        value: b.end === 'complete' ? (ending?.value ?? null) : null,
        reason: ending?.reason ?? null,
        resumed: b.resumed,
        clonedFrom: b.resumed ? null : (parents.get(b.trialId) ?? null),
        fromEpoch: b.fromEpoch,
        toEpoch: b.toEpoch,
      };
    }),
    slots,
    end,
    lineage,
  };
}
