/** Shared set-up for runner tests: a study, a simulated backend and a pool on one simulated clock. */
import { expect } from 'vitest';
import { createStudy, type Sampler, type SamplerName, type Study } from '../../src/tuner';
import { ExecutorPool } from '../../src/runner/pool';
import { createSimulatedBackend, type SimulatedBackendOptions, type SyntheticObjective } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { TunerLoop, type TunerLoopOptions } from '../../src/runner/tuner-loop';
import type { TunerEvent, TunerResult } from '../../src/runner/tuner-events';
import { BENCH_FUNCTIONS } from '../../bench/tuner/functions';

export const branin: SyntheticObjective = BENCH_FUNCTIONS.find((f) => f.name === 'branin') as SyntheticObjective;

export interface Setup {
  readonly clock: SimulatedClock;
  readonly study: Study;
  readonly pool: ExecutorPool;
  readonly loop: TunerLoop;
  readonly events: TunerEvent[];
  /** Calls `fn` at absolute simulated time `ms` (the pool's start-up has already taken some). */
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

export async function setUp(options: SetupOptions = {}): Promise<Setup> {
  const seed = options.seed ?? 7;
  const clock = new SimulatedClock();
  const objective = options.objective ?? branin;
  const study = createStudy({ space: options.space ?? objective.space, sampler: options.sampler ?? 'random', seed, clock: () => clock.now(), ...(options.constraints === undefined ? {} : { constraints: options.constraints }) });
  const factory = createSimulatedBackend({ clock, objective, seed, ...options.backend });
  const pool = await ExecutorPool.create(factory, { size: options.workers ?? 4, maxRetries: options.maxRetries ?? 1 });
  const loop = new TunerLoop({ study, pool, budget: { maxEpochs: 5 }, maxTrials: 12, clock, ...options.loop });
  const events: TunerEvent[] = [];
  loop.on((e) => events.push(e));
  return {
    clock,
    study,
    pool,
    loop,
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
 * Asserts the order documented in tuner-events.ts: per trial, started (attempt 0) first, progress
 * only while started, attempts numbered 0, 1, …, one finish last; loop-finished last of all; `at` never decreases.
 */
export function expectValidEventOrder(events: readonly TunerEvent[]): void {
  const attempts = new Map<number, number>();
  const finished = new Set<number>();
  let lastAt = -Infinity;
  events.forEach((e, i) => {
    expect(e.at, `event ${i} (${e.type}) goes back in time`).toBeGreaterThanOrEqual(lastAt);
    lastAt = e.at;
    if (i < events.length - 1) expect(e.type, 'loop-finished must be the last event').not.toBe('loop-finished');
    switch (e.type) {
      case 'trial-started':
        expect(finished.has(e.trialId), `trial ${e.trialId} restarted after finishing`).toBe(false);
        expect(e.attempt).toBe(attempts.has(e.trialId) ? (attempts.get(e.trialId) as number) + 1 : 0);
        attempts.set(e.trialId, e.attempt);
        break;
      case 'trial-progress':
        expect(attempts.has(e.trialId) && !finished.has(e.trialId), `progress of trial ${e.trialId} outside its run`).toBe(true);
        break;
      case 'trial-finished':
        expect(finished.has(e.trialId), `trial ${e.trialId} finished twice`).toBe(false);
        finished.add(e.trialId);
        break;
      case 'slot-crashed':
        expect(attempts.has(e.trialId) && !finished.has(e.trialId)).toBe(true);
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
  for (const id of attempts.keys()) expect(finished.has(id), `trial ${id} never finished`).toBe(true);
}

export function eventsOf<T extends TunerEvent['type']>(events: readonly TunerEvent[], type: T): Array<Extract<TunerEvent, { type: T }>> {
  return events.filter((e): e is Extract<TunerEvent, { type: T }> => e.type === type);
}
