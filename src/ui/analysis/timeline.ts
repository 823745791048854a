/**
 * Worker-timeline bars (a Gantt chart of trial attempts on executor slots) from the tuner loop's
 * events. Times are seconds since `originMs` (default: the first event).
 *
 * An attempt ends when its trial finishes (complete, pruned, failed) or when its slot crashes under
 * it (crashed; the trial is retried as a new attempt). A trial that was cancelled by the loop is
 * shown as "stopped": the loop marks such trials failed with a reason starting "cancelled".
 */
import type { TunerEvent } from '../../runner/tuner-events';
import type { Outcome } from '../charts/colour';

export interface TimelineBar {
  readonly slot: number;
  readonly trialId: number;
  /** 0 for the first attempt, 1 for the retry after a crash, … */
  readonly attempt: number;
  /** Seconds. */
  readonly start: number;
  /** Seconds; null while running. */
  readonly end: number | null;
  readonly outcome: Outcome;
  /** The objective value of a complete trial. */
  readonly value: number | null;
  readonly reason: string | null;
}

export interface Timeline {
  readonly bars: readonly TimelineBar[];
  /** Number of slots seen (largest slot index + 1). */
  readonly slots: number;
  /** Seconds of the last event. */
  readonly end: number;
}

export function timelineFromEvents(events: readonly TunerEvent[], originMs?: number): Timeline {
  const origin = originMs ?? events[0]?.at ?? 0;
  const seconds = (at: number) => (at - origin) / 1000;
  const bars: TimelineBar[] = [];
  const open = new Map<number, number>();
  let slots = 0;
  let end = 0;
  const close = (trialId: number, at: number, outcome: Outcome, value: number | null, reason: string | null) => {
    const index = open.get(trialId);
    if (index === undefined) return;
    open.delete(trialId);
    bars[index] = { ...(bars[index] as TimelineBar), end: seconds(at), outcome, value, reason };
  };
  for (const event of events) {
    end = Math.max(end, seconds(event.at));
    switch (event.type) {
      case 'trial-started':
        slots = Math.max(slots, event.slot + 1);
        open.set(event.trialId, bars.length);
        bars.push({ slot: event.slot, trialId: event.trialId, attempt: event.attempt, start: seconds(event.at), end: null, outcome: 'running', value: null, reason: null });
        break;
      case 'slot-crashed':
        slots = Math.max(slots, event.slot + 1);
        close(event.trialId, event.at, 'crashed', null, event.reason);
        break;
      case 'trial-finished': {
        const stopped = event.state === 'failed' && (event.reason ?? '').startsWith('cancelled');
        close(event.trialId, event.at, stopped ? 'stopped' : event.state, event.value, event.reason);
        break;
      }
      case 'trial-progress':
      case 'slot-replaced':
      case 'slot-lost':
      case 'paused':
      case 'resumed':
      case 'loop-finished':
        break;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
  return { bars, slots, end };
}
