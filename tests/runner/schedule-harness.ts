/** Set-up for scheduler-driven loops on the simulated backend, and a checker of their event order. */
import { expect } from 'vitest';
import { createStudy, type Study } from '../../src/tuner';
import { createScheduler, type Scheduler, type SchedulerName } from '../../src/tuner/schedulers';
import { ExecutorPool } from '../../src/runner/pool';
import { ScheduledLoop, type ScheduledLoopOptions } from '../../src/runner/scheduled-loop';
import { createSimulatedBackend, type SimulatedBackendOptions, type SyntheticObjective } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { crossingCurves } from '../../src/runner/scheduling-tasks';
import type { ScheduledTunerEvent, TunerResult } from '../../src/runner/tuner-events';

export interface ScheduledSetup {
  readonly clock: SimulatedClock;
  readonly study: Study;
  readonly pool: ExecutorPool;
  readonly scheduler: Scheduler;
  readonly loop: ScheduledLoop;
  readonly events: ScheduledTunerEvent[];
  run(): Promise<TunerResult>;
}

export interface ScheduledSetupOptions {
  readonly scheduler: SchedulerName;
  readonly schedulerOptions?: Record<string, unknown>;
  readonly seed?: number;
  readonly workers?: number;
  readonly objective?: SyntheticObjective;
  /** Constraint names the study declares. */
  readonly constraints?: readonly string[];
  readonly backend?: Partial<Omit<SimulatedBackendOptions, 'clock' | 'objective'>>;
  readonly loop?: Partial<Omit<ScheduledLoopOptions, 'study' | 'pool' | 'clock' | 'scheduler'>>;
}

/** PBT may only perturb algorithm hyperparameters: those of the default task. */
export const PBT_DEFAULTS: Record<string, unknown> = { hyperparameters: ['learningRate', 'dropout'] };

export async function setUpScheduled(options: ScheduledSetupOptions): Promise<ScheduledSetup> {
  const seed = options.seed ?? 11;
  const clock = new SimulatedClock();
  const objective = options.objective ?? crossingCurves;
  const study = createStudy({ space: objective.space, sampler: 'random', seed, clock: () => clock.now(), ...(options.constraints === undefined ? {} : { constraints: options.constraints }) });
  const pool = await ExecutorPool.create(createSimulatedBackend({ clock, objective, seed, startupMs: 0, ...options.backend }), { size: options.workers ?? 4 });
  const defaults = options.scheduler === 'pbt' ? PBT_DEFAULTS : {};
  const scheduler = createScheduler(options.scheduler, { maxEpochs: 9, ...defaults, ...options.schedulerOptions });
  const loop = new ScheduledLoop({ study, pool, scheduler, clock, maxTrials: 30, ...options.loop });
  const events: ScheduledTunerEvent[] = [];
  loop.on((e) => events.push(e));
  return {
    clock,
    study,
    pool,
    scheduler,
    loop,
    events,
    run: async () => {
      try {
        return await loop.run();
      } finally {
        pool.terminate();
      }
    },
  };
}

/**
 * Asserts the order documented in tuner-events.ts for scheduled loops: per trial, segments that
 * start (trial-started / trial-resumed) and end (trial-paused / slot-crashed / trial-finished)
 * in turn; progress only inside a segment, with epochs strictly increasing over the trial's whole
 * life; a resume continues from the epoch it paused at; exactly one trial-finished, last.
 */
export function expectValidScheduledOrder(events: readonly ScheduledTunerEvent[]): void {
  const open = new Set<number>();
  const finished = new Set<number>();
  const lastEpoch = new Map<number, number>();
  const pausedAt = new Map<number, number>();
  let lastAt = -Infinity;
  events.forEach((e, i) => {
    expect(e.at, `event ${i} (${e.type}) goes back in time`).toBeGreaterThanOrEqual(lastAt);
    lastAt = e.at;
    if (i < events.length - 1) expect(e.type).not.toBe('loop-finished');
    if ('trialId' in e) expect(finished.has(e.trialId), `${e.type} of trial ${e.trialId} after it finished`).toBe(false);
    switch (e.type) {
      case 'trial-started':
      case 'trial-resumed':
        expect(open.has(e.trialId), `trial ${e.trialId} started twice`).toBe(false);
        if (e.type === 'trial-resumed' && e.attempt === 0) expect(pausedAt.get(e.trialId), `trial ${e.trialId} resumed from the wrong epoch`).toBe(e.fromEpoch);
        pausedAt.delete(e.trialId);
        open.add(e.trialId);
        break;
      case 'trial-progress':
        expect(open.has(e.trialId), `progress of trial ${e.trialId} outside a segment`).toBe(true);
        expect(e.epoch, `trial ${e.trialId} reported epoch ${e.epoch} twice`).toBeGreaterThan(lastEpoch.get(e.trialId) ?? 0);
        lastEpoch.set(e.trialId, e.epoch);
        break;
      case 'trial-paused':
        expect(open.delete(e.trialId), `trial ${e.trialId} paused while not running`).toBe(true);
        expect(e.epoch).toBe(lastEpoch.get(e.trialId));
        pausedAt.set(e.trialId, e.epoch);
        break;
      case 'slot-crashed':
        expect(open.delete(e.trialId)).toBe(true);
        break;
      case 'trial-finished':
        open.delete(e.trialId);
        pausedAt.delete(e.trialId);
        finished.add(e.trialId);
        break;
      case 'trial-exploited':
        expect(open.has(e.trialId)).toBe(false);
        lastEpoch.set(e.trialId, e.fromEpoch);
        break;
      case 'slot-replaced':
      case 'slot-lost':
      case 'paused':
      case 'resumed':
      case 'loop-finished':
        break;
      default: {
        const unreachable: never = e;
        throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
      }
    }
  });
  expect(events.at(-1)?.type).toBe('loop-finished');
  expect([...open], 'segments still open at the end').toEqual([]);
  expect([...pausedAt.keys()], 'trials left paused at the end').toEqual([]);
}

export function scheduledEventsOf<T extends ScheduledTunerEvent['type']>(events: readonly ScheduledTunerEvent[], type: T): Array<Extract<ScheduledTunerEvent, { type: T }>> {
  return events.filter((e): e is Extract<ScheduledTunerEvent, { type: T }> => e.type === type);
}
