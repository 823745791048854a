/**
 * What each worker slot is doing, kept up to date from a tuner loop's events (plain or
 * scheduler-driven): the trial on it, its epoch and latest value, and how many trials ended there;
 * plus the trials paused now (waiting for a scheduler to resume them) and the epochs trained so far.
 */
import type { TunerEvent } from '../../runner';
import type { Params } from '../../tuner';

/** What one worker slot is doing, for the lanes. */
export interface SlotLane {
  readonly slot: number;
  readonly trialId: number | null;
  readonly epoch: number;
  readonly maxEpochs: number;
  readonly value: number | null;
  readonly params: Params | null;
  /** Trials that ended on this slot (complete, pruned or failed). */
  readonly finished: number;
  /** How the running segment began: from scratch, resumed after a pause, or cloned from a parent (PBT). */
  readonly origin: 'fresh' | 'resumed' | 'cloned';
  /** Segments that ended in a pause on this slot. */
  readonly pauses: number;
}

export class LaneBook {
  private readonly bySlot = new Map<number, SlotLane>();
  private readonly pausedIds = new Set<number>();
  private readonly clones = new Map<number, number>();
  private readonly params = new Map<number, Params>();
  private epochCount = 0;

  constructor(private readonly maxEpochs: number) {}

  /** Lanes by slot, ascending. */
  get lanes(): SlotLane[] {
    return [...this.bySlot.values()].sort((a, b) => a.slot - b.slot);
  }

  /** Ids of the trials paused now, ascending. */
  get paused(): number[] {
    return [...this.pausedIds].sort((a, b) => a - b);
  }

  /** Epochs reported so far, by every trial (the compute spent). */
  get epochsTrained(): number {
    return this.epochCount;
  }

  record(event: TunerEvent): void {
    switch (event.type) {
      case 'trial-started': {
        this.params.set(event.trialId, event.params);
        const cloned = this.clones.get(event.trialId);
        this.put(event.slot, { trialId: event.trialId, epoch: cloned ?? 0, value: null, params: event.params, origin: cloned === undefined ? 'fresh' : 'cloned' });
        break;
      }
      case 'trial-resumed':
        this.pausedIds.delete(event.trialId);
        this.put(event.slot, { trialId: event.trialId, epoch: event.fromEpoch, value: null, params: this.params.get(event.trialId) ?? null, origin: 'resumed' });
        break;
      case 'trial-exploited':
        this.clones.set(event.trialId, event.fromEpoch);
        break;
      case 'trial-progress':
        this.epochCount += 1;
        this.put(event.slot, { trialId: event.trialId, epoch: event.epoch, value: event.value });
        break;
      case 'trial-paused':
        this.pausedIds.add(event.trialId);
        if (event.slot !== null) this.release(event.slot, event.trialId, 'paused');
        break;
      case 'trial-finished':
        this.pausedIds.delete(event.trialId);
        if (event.slot !== null) this.release(event.slot, event.trialId, 'finished');
        break;
      case 'slot-crashed':
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

  private lane(slot: number): SlotLane {
    return this.bySlot.get(slot) ?? { slot, trialId: null, epoch: 0, maxEpochs: this.maxEpochs, value: null, params: null, finished: 0, origin: 'fresh', pauses: 0 };
  }

  private put(slot: number, changes: Partial<SlotLane>): void {
    this.bySlot.set(slot, { ...this.lane(slot), ...changes });
  }

  private release(slot: number, trialId: number, why: 'paused' | 'finished'): void {
    const l = this.lane(slot);
    if (l.trialId !== trialId) return;
    this.bySlot.set(slot, { ...l, trialId: null, finished: l.finished + (why === 'finished' ? 1 : 0), pauses: l.pauses + (why === 'paused' ? 1 : 0) });
  }
}
