/**
 * Gantt bars and a PBT lineage tree from the tuner loop's events, for a page to draw: one bar per
 * segment of a trial's training on a slot (started or resumed → paused, crashed or finished), and
 * one edge per PBT child. Times are the events' `at` (loop clock, ms). Pure; no DOM.
 */
import { isCancelledReason, type FinishedState, type TunerEvent } from './tuner-events';

/** How a segment ended; `stopped` is a trial the loop cancelled (failed, reason "cancelled…"). */
export type SegmentEnd = 'running' | 'paused' | 'crashed' | 'stopped' | FinishedState;

/** One segment of a trial's training on a slot, from its start or resume to its pause, crash or end. */
export interface ScheduleBar {
  readonly trialId: number;
  readonly slot: number;
  readonly attempt: number;
  /** True when the segment continued a paused trial. */
  readonly resumed: boolean;
  readonly startAt: number;
  /** null while running. */
  readonly endAt: number | null;
  /** Epochs done when the segment started, and the last one it reported. */
  readonly fromEpoch: number;
  readonly toEpoch: number;
  readonly end: SegmentEnd;
}

/** A PBT child: the trial it continued from, at which epoch, and the hyperparameters it changed. */
export interface LineageEdge {
  readonly childId: number;
  readonly parentId: number;
  readonly atEpoch: number;
  readonly changed: readonly string[];
}

/** Every segment of every trial, and the PBT lineage, from a run's events. */
export interface ScheduleTimeline {
  readonly bars: readonly ScheduleBar[];
  readonly lineage: readonly LineageEdge[];
}

/** Builds the Gantt bars and the PBT lineage of a run from its tuner-loop events. */
export function scheduleTimeline(events: readonly TunerEvent[]): ScheduleTimeline {
  const bars: ScheduleBar[] = [];
  const lineage: LineageEdge[] = [];
  const open = new Map<number, number>();
  const epochs = new Map<number, number>();
  const close = (trialId: number, at: number, end: SegmentEnd) => {
    const index = open.get(trialId);
    if (index === undefined) return;
    open.delete(trialId);
    const bar = bars[index] as ScheduleBar;
    bars[index] = { ...bar, endAt: at, toEpoch: epochs.get(trialId) ?? bar.fromEpoch, end };
  };
  const start = (trialId: number, slot: number, attempt: number, resumed: boolean, at: number) => {
    const fromEpoch = epochs.get(trialId) ?? 0;
    open.set(trialId, bars.length);
    bars.push({ trialId, slot, attempt, resumed, startAt: at, endAt: null, fromEpoch, toEpoch: fromEpoch, end: 'running' });
  };
  for (const e of events) {
    switch (e.type) {
      case 'trial-started':
        start(e.trialId, e.slot, e.attempt, false, e.at);
        break;
      case 'trial-resumed':
        start(e.trialId, e.slot, e.attempt, true, e.at);
        break;
      case 'trial-exploited':
        epochs.set(e.trialId, e.fromEpoch);
        lineage.push({ childId: e.trialId, parentId: e.parentId, atEpoch: e.fromEpoch, changed: e.changed });
        break;
      case 'trial-progress': {
        epochs.set(e.trialId, e.epoch);
        const index = open.get(e.trialId);
        if (index !== undefined) bars[index] = { ...(bars[index] as ScheduleBar), toEpoch: e.epoch };
        break;
      }
      case 'trial-paused':
        close(e.trialId, e.at, 'paused');
        break;
      case 'slot-crashed':
        close(e.trialId, e.at, 'crashed');
        break;
      case 'trial-finished':
        close(e.trialId, e.at, e.state === 'failed' && isCancelledReason(e.reason) ? 'stopped' : e.state);
        break;
      case 'slot-replaced':
      case 'slot-lost':
      case 'paused':
      case 'resumed':
      case 'loop-finished':
        break;
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  }
  return { bars, lineage };
}
