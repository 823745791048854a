/**
 * The two experiments of `npm run bench:schedulers`, on the simulated backend.
 *
 * 1. Compute to reach random search's final best (task crossing-curves, R = 27): per seed s the
 *    target is b_FIFO,s, FIFO + random sampling's best after the budget T; for each scheduler the
 *    epochs and worker-seconds it had trained when its incumbent first reached b ≤ target (∞ if
 *    never). As a check that no figure rests on noise, the same in epochs for the noise-free
 *    incumbent b̃ against b̃_FIFO,s (run.ts). Also each scheduler's own best at the end of the budget.
 * 2. PBT against random search on lr-schedule (R = 30): PBT's best after its population finished,
 *    against FIFO + random's best after the same number of epochs.
 */
import { type SchedulerName } from '../../src/tuner/schedulers';
import { crossingCurves, LR_SCHEDULE_EPOCHS, lrScheduleTask } from '../../src/runner/scheduling-tasks';
import type { SamplerName } from '../../src/tuner';
import { reachOf, runScheduler, type RunSpec, type RunTrace, type TaskSpec } from './run';

export const REACH_TASK: TaskSpec = { objective: crossingCurves, maxEpochs: 27, workers: 4, budgetSeconds: 800, noise: 0.001 };

export const REACH_SPECS: readonly RunSpec[] = [
  spec('FIFO (random)', 'fifo', 'random'),
  spec('ASHA (random)', 'asha', 'random'),
  spec('Hyperband (random)', 'hyperband', 'random'),
  spec('BOHB', 'bohb', 'random'),
];

export const PBT_TASK: TaskSpec = { objective: lrScheduleTask, maxEpochs: LR_SCHEDULE_EPOCHS, workers: 16, budgetSeconds: 3000, noise: 0.0002 };

export const PBT_SPEC: RunSpec = {
  label: 'PBT',
  scheduler: 'pbt',
  schedulerOptions: { hyperparameters: ['learningRate', 'weightDecay'], readyEvery: 3, populationSize: 16 },
  sampler: 'random',
};

function spec(label: string, scheduler: SchedulerName, sampler: SamplerName): RunSpec {
  return { label, scheduler, schedulerOptions: {}, sampler };
}

export interface ReachRow {
  readonly label: string;
  /** Per seed: epochs and worker-seconds to reach the target (∞ if never), and the final best. */
  readonly epochs: readonly number[];
  readonly workerSeconds: readonly number[];
  /** Per seed: epochs for the noise-free incumbent to reach FIFO's noise-free final best. */
  readonly noiseFreeEpochs: readonly number[];
  readonly finalBest: readonly number[];
  readonly trials: readonly number[];
}

export async function reachExperiment(seeds: number, progress: (line: string) => void): Promise<ReachRow[]> {
  const rows = REACH_SPECS.map((s) => ({ label: s.label, epochs: [] as number[], workerSeconds: [] as number[], noiseFreeEpochs: [] as number[], finalBest: [] as number[], trials: [] as number[] }));
  for (let seed = 0; seed < seeds; seed++) {
    const traces: RunTrace[] = [];
    for (const s of REACH_SPECS) traces.push(await runScheduler(s, REACH_TASK, seed));
    const fifo = traces[0] as RunTrace;
    const noiseFreeTarget = fifo.noiseFree.at(-1)?.best ?? Number.NaN;
    traces.forEach((trace, i) => {
      const row = rows[i] as (typeof rows)[number];
      const hit = reachOf(trace, fifo.best);
      row.epochs.push(hit?.epochs ?? Number.POSITIVE_INFINITY);
      row.workerSeconds.push(hit?.workerSeconds ?? Number.POSITIVE_INFINITY);
      row.noiseFreeEpochs.push(reachOf(trace, noiseFreeTarget, true)?.epochs ?? Number.POSITIVE_INFINITY);
      row.finalBest.push(trace.best);
      row.trials.push(trace.trials);
    });
    progress(`crossing-curves seed ${seed + 1}/${seeds}`);
  }
  return rows;
}

export interface PbtRow {
  readonly seed: number;
  readonly pbtBest: number;
  readonly pbtEpochs: number;
  readonly pbtTrials: number;
  readonly randomBest: number;
}

export async function pbtExperiment(seeds: number, progress: (line: string) => void): Promise<PbtRow[]> {
  const rows: PbtRow[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const pbt = await runScheduler(PBT_SPEC, PBT_TASK, seed);
    const budgetSeconds = (pbt.workerSeconds / PBT_TASK.workers) * 1.5;
    const random = await runScheduler(spec('FIFO (random)', 'fifo', 'random'), { ...PBT_TASK, budgetSeconds }, seed);
    const randomBest = random.improvements.filter((p) => p.epochs <= pbt.epochs).at(-1)?.best ?? Number.NaN;
    rows.push({ seed, pbtBest: pbt.best, pbtEpochs: pbt.epochs, pbtTrials: pbt.trials, randomBest });
    progress(`lr-schedule seed ${seed + 1}/${seeds}`);
  }
  return rows;
}

/** The best fixed configuration of lr-schedule, noise-free, on a 200 × 40 log grid: what no fixed config beats. */
export function bestFixedLrSchedule(): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    for (let j = 0; j < 40; j++) {
      const params = { learningRate: 10 ** (-4 + (4 * i) / 199), weightDecay: 10 ** (-6 + (4 * j) / 39) };
      best = Math.min(best, lrScheduleTask.value(params));
    }
  }
  return best;
}
