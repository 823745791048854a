/**
 * The segments the tuner loop has running on the pool, by trial id, and the queue of runs that
 * settled: dispatching a segment's job tracks it, and its outcome (or the pool's failure, as a
 * failed outcome) joins the queue and wakes the loop. The loop takes settled runs on its next turn.
 */
import type { TrialOutcome } from './executor';
import type { ExecutorPool, PoolJob } from './pool';
import type { Segment } from './segment';
import { messageOf } from './tuner-events';

export interface SettledRun {
  readonly trialId: number;
  readonly outcome: TrialOutcome;
  readonly segment: Segment;
}

export class SegmentsInFlight {
  private readonly byTrial = new Map<number, Segment>();
  private readonly settled: Array<{ readonly trialId: number; readonly outcome: TrialOutcome }> = [];

  /** @param wake called when a run settles. */
  constructor(
    private readonly pool: ExecutorPool,
    private readonly wake: () => void,
  ) {}

  get size(): number {
    return this.byTrial.size;
  }

  /** Ids of the trials running now. */
  get trialIds(): number[] {
    return [...this.byTrial.keys()];
  }

  get(trialId: number): Segment | undefined {
    return this.byTrial.get(trialId);
  }

  values(): Segment[] {
    return [...this.byTrial.values()];
  }

  /** Stops waiting for `trialId`'s run (a late outcome is ignored). */
  forget(trialId: number): void {
    this.byTrial.delete(trialId);
  }

  /** Tracks `segment` and runs `job` on the pool; its outcome joins the settled queue and wakes the loop. */
  dispatch(job: PoolJob, segment: Segment): void {
    const { trialId } = job;
    this.byTrial.set(trialId, segment);
    const settle = (outcome: TrialOutcome) => {
      this.settled.push({ trialId, outcome });
      this.wake();
    };
    this.pool.run(job).then(settle, (error: unknown) => settle({ kind: 'failed', reason: `pool: ${messageOf(error)}`, epochs: 0, elapsedMs: 0 }));
  }

  /** Settled runs in the order they settled, each taken out of flight; runs no longer waited for are skipped. */
  *takeSettled(): Generator<SettledRun> {
    for (let next = this.settled.shift(); next !== undefined; next = this.settled.shift()) {
      const segment = this.byTrial.get(next.trialId);
      if (segment === undefined) continue;
      this.byTrial.delete(next.trialId);
      yield { ...next, segment };
    }
  }
}
