/**
 * The checkpoints a scheduler-driven loop keeps: for each trial that has not failed, the state after
 * its last reported epoch. A paused trial resumes from its own (`take`: handed over, not copied); a
 * PBT child starts from its parent's (`peek`: the pool gives the executor one copy, and the original
 * stays for the parent and its other children).
 */
import { checkpointBytes, copyCheckpoint, type TrialCheckpoint } from './executor';

/** The latest checkpoint of each trial, kept by the tuner loop for pausing, resuming and PBT children. */
export class CheckpointStore {
  private readonly byTrial = new Map<number, TrialCheckpoint>();

  /** Keeps `checkpoint` as `trialId`'s latest, replacing an older one. */
  put(trialId: number, checkpoint: TrialCheckpoint): void {
    const held = this.byTrial.get(trialId);
    if (held === undefined || checkpoint.epochsDone >= held.epochsDone) this.byTrial.set(trialId, checkpoint);
  }

  /** `trialId`'s checkpoint after exactly `epoch` epochs, or null. */
  peek(trialId: number, epoch: number): TrialCheckpoint | null {
    const held = this.byTrial.get(trialId);
    return held !== undefined && held.epochsDone === epoch ? held : null;
  }

  /** Hands `trialId`'s checkpoint after `epoch` over (the store forgets it), or null. */
  take(trialId: number, epoch: number): TrialCheckpoint | null {
    const held = this.peek(trialId, epoch);
    if (held !== null) this.byTrial.delete(trialId);
    return held;
  }

  /** A copy of `trialId`'s checkpoint after `epoch` (the store keeps the original), or null. */
  copy(trialId: number, epoch: number): TrialCheckpoint | null {
    const held = this.peek(trialId, epoch);
    return held === null ? null : copyCheckpoint(held);
  }

  /** Drops `trialId`'s checkpoint (a trial that failed or will not continue). */
  delete(trialId: number): void {
    this.byTrial.delete(trialId);
  }

  get size(): number {
    return this.byTrial.size;
  }

  /** Bytes held in all buffers. */
  get bytes(): number {
    let sum = 0;
    for (const c of this.byTrial.values()) sum += checkpointBytes(c);
    return sum;
  }
}
