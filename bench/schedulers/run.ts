/**
 * One scheduler run on the simulated backend, traced for the benchmark.
 *
 * Notation
 *   W          simulated workers (slots)
 *   T          simulated wall-clock budget, ms (the loop's maxDurationMs)
 *   e_k, w_k   simulated epochs and worker-seconds trained when the k-th epoch was reported
 *   b_k        best objective value reported so far (any trial, any epoch), the incumbent
 *   b̃_k        the same without the backend's noise: the best noise-free value y(s) of any model
 *              trained so far (the curve's state s after the epochs it trained, learning-curves.ts)
 *
 * A run is a pure function of its arguments: the study, the backend and the scheduler are seeded
 * from `seed`, and everything runs on one SimulatedClock.
 */
import { createStudy, deriveSeed, type SamplerName } from '../../src/tuner';
import { createScheduler, type SchedulerName } from '../../src/tuner/schedulers';
import { ExecutorPool } from '../../src/runner/pool';
import { TunerLoop } from '../../src/runner/tuner-loop';
import { defaultDynamics } from '../../src/runner/learning-curves';
import { createSimulatedBackend, type SyntheticObjective } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';

export interface RunSpec {
  /** A label for tables, e.g. 'ASHA (random)'. */
  readonly label: string;
  readonly scheduler: SchedulerName;
  readonly schedulerOptions: Readonly<Record<string, unknown>>;
  readonly sampler: SamplerName;
}

export interface TaskSpec {
  readonly objective: SyntheticObjective;
  /** R. */
  readonly maxEpochs: number;
  readonly workers: number;
  /** T in simulated seconds. */
  readonly budgetSeconds: number;
  /** σ of the simulated backend. */
  readonly noise: number;
}

export interface TracePoint {
  readonly epochs: number;
  readonly workerSeconds: number;
  readonly best: number;
}

export interface RunTrace {
  readonly label: string;
  readonly seed: number;
  /** One point per improvement of b (and the first epoch). */
  readonly improvements: readonly TracePoint[];
  /** One point per improvement of b̃, the noise-free incumbent. */
  readonly noiseFree: readonly TracePoint[];
  /** Totals at the end of the budget. */
  readonly epochs: number;
  readonly workerSeconds: number;
  readonly best: number;
  readonly trials: number;
  readonly finish: string;
}

export async function runScheduler(spec: RunSpec, task: TaskSpec, seed: number): Promise<RunTrace> {
  const clock = new SimulatedClock();
  const studySeed = deriveSeed(seed, 0x5c4ed);
  const study = createStudy({ space: task.objective.space, sampler: spec.sampler, seed: studySeed, clock: () => clock.now() });
  const factory = createSimulatedBackend({ clock, objective: task.objective, seed: studySeed, noise: task.noise, startupMs: 0 });
  const pool = await ExecutorPool.create(factory, { size: task.workers });
  const scheduler = createScheduler(spec.scheduler, { maxEpochs: task.maxEpochs, ...spec.schedulerOptions });
  const loop = new TunerLoop({ study, pool, scheduler, clock, maxDurationMs: task.budgetSeconds * 1000, stopGraceMs: 0 });
  const improvements: TracePoint[] = [];
  const noiseFree: TracePoint[] = [];
  const dynamics = task.objective.dynamics ?? defaultDynamics({ objective: task.objective });
  /** s per trial after its last reported epoch; a PBT child starts from its parent's. */
  const states = new Map<number, readonly number[]>();
  let epochs = 0;
  let workerSeconds = 0;
  let best = Number.POSITIVE_INFINITY;
  let bestNoiseFree = Number.POSITIVE_INFINITY;
  loop.on((event) => {
    if (event.type === 'trial-exploited' && event.fromCheckpoint) states.set(event.trialId, states.get(event.parentId) ?? dynamics.initial(event.params));
    if (event.type !== 'trial-progress') return;
    const params = study.trials[event.trialId]?.params ?? {};
    epochs += 1;
    workerSeconds += task.objective.secondsPerEpoch?.(params) ?? 2;
    if (event.value !== null && event.value < best) {
      best = event.value;
      improvements.push({ epochs, workerSeconds, best });
    }
    const state = dynamics.step(states.get(event.trialId) ?? dynamics.initial(params), params, event.epoch);
    states.set(event.trialId, state);
    if (event.value !== null && dynamics.value(state, params) < bestNoiseFree) {
      bestNoiseFree = dynamics.value(state, params);
      noiseFree.push({ epochs, workerSeconds, best: bestNoiseFree });
    }
  });
  try {
    const result = await loop.run();
    return { label: spec.label, seed, improvements, noiseFree, epochs, workerSeconds, best, trials: study.trials.length, finish: result.finish.reason };
  } finally {
    pool.terminate();
  }
}

/** The first point of `trace` whose incumbent (b, or b̃ with `noiseFree`) is at least as good as `target`, or null. */
export function reachOf(trace: RunTrace, target: number, noiseFree = false): TracePoint | null {
  return (noiseFree ? trace.noiseFree : trace.improvements).find((p) => p.best <= target) ?? null;
}
