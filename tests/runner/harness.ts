/**
 * Shared set-up for runner tests: a study, a simulated backend, a pool and the tuner loop on one
 * simulated clock, and a checker of the event order documented in tuner-events.ts.
 */
import { expect } from 'vitest';
import { createScheduler, createStudy, type Sampler, type SamplerName, type Scheduler, type SchedulerName, type Study } from '../../src/tuner';
import { ExecutorPool } from '../../src/runner/pool';
import { createSimulatedBackend, type SimulatedBackendOptions, type SyntheticObjective } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { crossingCurves } from '../../src/runner/scheduling-tasks';
import { TunerLoop, type TunerLoopOptions } from '../../src/runner/tuner-loop';
import type { TunerEvent, TunerResult } from '../../src/runner/tuner-events';
import { BENCH_FUNCTIONS } from '../../bench/tuner/functions';

export const branin: SyntheticObjective = BENCH_FUNCTIONS.find((f) => f.name === 'branin') as SyntheticObjective;

export interface Setup {
  readonly clock: SimulatedClock;
  readonly study: Study;
  readonly pool: ExecutorPool;
  readonly loop: TunerLoop;
  readonly scheduler: Scheduler;
  readonly events: TunerEvent[];
  /** Calls `fn` at absolute simulated time `ms` (the pool's start-up may already have taken some). */
  at(ms: number, fn: () => void): void;
  run(): Promise<TunerResult>;
}

export interface SetupOptions {
  readonly seed?: number;
  readonly workers?: number;
  readonly maxRetries?: number;
  readonly sampler?: SamplerName | Sampler;
  readonly objective?: SyntheticObjective;
  readonly space?: unknown;
  /** Constraint names the study declares. */
  readonly constraints?: readonly string[];
  readonly backend?: Partial<Omit<SimulatedBackendOptions, 'clock'>>;
  readonly loop?: Partial<Omit<TunerLoopOptions, 'study' | 'pool' | 'clock'>>;
}

/** Branin, random sampler, seed 7, 4 workers (0.8 s start-up), one retry; the loop: default FIFO over 5 epochs, 12 trials. */
export async function setUp(options: SetupOptions = {}): Promise<Setup> {
  const seed = options.seed ?? 7;
  const clock = new SimulatedClock();
  const objective = options.objective ?? branin;
  const study = createStudy({ space: options.space ?? objective.space, sampler: options.sampler ?? 'random', seed, clock: () => clock.now(), ...(options.constraints === undefined ? {} : { constraints: options.constraints }) });
  const factory = createSimulatedBackend({ clock, objective, seed, ...options.backend });
  const pool = await ExecutorPool.create(factory, { size: options.workers ?? 4, maxRetries: options.maxRetries ?? 1 });
  const epochs = options.loop?.scheduler === undefined ? { budget: { maxEpochs: 5 } } : {};
  const loop = new TunerLoop({ study, pool, ...epochs, maxTrials: 12, clock, ...options.loop });
  const events: TunerEvent[] = [];
  loop.on((e) => events.push(e));
  return {
    clock,
    study,
    pool,
    loop,
    scheduler: loop.scheduler,
    events,
    at: (ms, fn) => {
      clock.setTimer(ms - clock.now(), fn);
    },
    run: async () => {
      try {
        return await loop.run();
      } finally {
        pool.terminate();
      }
    },
  };
}

export interface ScheduledSetupOptions extends Omit<SetupOptions, 'sampler' | 'space'> {
  readonly scheduler: SchedulerName;
  readonly schedulerOptions?: Record<string, unknown>;
}

/** PBT may only perturb algorithm hyperparameters: those of the default task. */
export const PBT_DEFAULTS: Record<string, unknown> = { hyperparameters: ['learningRate', 'dropout'] };

/** Crossing curves, seed 11, 4 workers without start-up, the named scheduler over 9 epochs, 30 trials. */
export async function setUpScheduled(options: ScheduledSetupOptions): Promise<Setup> {
  const { scheduler: name, schedulerOptions, ...rest } = options;
  const scheduler = createScheduler(name, { maxEpochs: 9, ...(name === 'pbt' ? PBT_DEFAULTS : {}), ...schedulerOptions });
  return setUp({
    ...rest,
    seed: rest.seed ?? 11,
    objective: rest.objective ?? crossingCurves,
    backend: { startupMs: 0, ...rest.backend },
    loop: { scheduler, maxTrials: 30, ...rest.loop },
  });
}

/** The most trials running at once according to the events. */
export function maxConcurrency(events: readonly TunerEvent[]): number {
  let running = 0;
  let most = 0;
  for (const e of events) {
    if (e.type === 'trial-started' && e.attempt === 0) running += 1;
    if (e.type === 'trial-finished') running -= 1;
    most = Math.max(most, running);
  }
  return most;
}

/**
 * Asserts the order documented in tuner-events.ts: per trial, segments that start (trial-started /
 * trial-resumed) and end (trial-paused / slot-crashed / trial-finished) in turn, attempts numbered
 * 0 and then 1, 2, … for the retries after crashes; progress only inside a segment, with epochs
 * strictly increasing over the trial's whole life; a resume continues from the epoch it paused at;
 * exactly one trial-finished; loop-finished last of all; `at` never decreases.
 */
export function expectValidEventOrder(events: readonly TunerEvent[]): void {
  const open = new Set<number>();
  const finished = new Set<number>();
  const lastEpoch = new Map<number, number>();
  const pausedAt = new Map<number, number>();
  /** The attempt of each trial's last segment start, and whether that segment crashed. */
  const attempts = new Map<number, { attempt: number; crashed: boolean }>();
  let lastAt = -Infinity;
  events.forEach((e, i) => {
    expect(e.at, `event ${i} (${e.type}) goes back in time`).toBeGreaterThanOrEqual(lastAt);
    lastAt = e.at;
    if (i < events.length - 1) expect(e.type, 'loop-finished must be the last event').not.toBe('loop-finished');
    if ('trialId' in e) expect(finished.has(e.trialId), `${e.type} of trial ${e.trialId} after it finished`).toBe(false);
    switch (e.type) {
      case 'trial-started':
      case 'trial-resumed': {
        expect(open.has(e.trialId), `trial ${e.trialId} started twice`).toBe(false);
        const before = attempts.get(e.trialId);
        expect(e.attempt, `attempt of trial ${e.trialId}`).toBe(before?.crashed === true ? before.attempt + 1 : 0);
        if (e.type === 'trial-started') expect(before === undefined || before.crashed, `trial ${e.trialId} started again without a crash`).toBe(true);
        attempts.set(e.trialId, { attempt: e.attempt, crashed: false });
        if (e.type === 'trial-resumed' && e.attempt === 0) expect(pausedAt.get(e.trialId), `trial ${e.trialId} resumed from the wrong epoch`).toBe(e.fromEpoch);
        pausedAt.delete(e.trialId);
        open.add(e.trialId);
        break;
      }
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
      case 'slot-crashed': {
        expect(open.delete(e.trialId), `slot of trial ${e.trialId} crashed while it was not running`).toBe(true);
        const last = attempts.get(e.trialId);
        if (last !== undefined) last.crashed = true;
        break;
      }
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
  for (const id of attempts.keys()) expect(finished.has(id), `trial ${id} never finished`).toBe(true);
}

export function eventsOf<T extends TunerEvent['type']>(events: readonly TunerEvent[], type: T): Array<Extract<TunerEvent, { type: T }>> {
  return events.filter((e): e is Extract<TunerEvent, { type: T }> => e.type === type);
}
