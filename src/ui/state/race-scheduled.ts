/**
 * One scheduled race entry on a synthetic task ("ASHA + random", "BOHB", "PBT"): a scheduler-driven
 * loop on the simulated backend with its own simulated clock (events fire between macrotasks, so
 * the page stays responsive), stopped once it has spent the race's compute in epochs. Plain
 * strategies spend a full trial's epochs per trial; a scheduler spends the same epochs on more,
 * shorter trials.
 *
 * Notation: C = compute budget in epochs (trials per plain entry × epochs per trial).
 */
import { ExecutorPool } from '../../runner/pool';
import { ScheduledLoop } from '../../runner/scheduled-loop';
import { createSimulatedBackend, type SyntheticObjective } from '../../runner/simulated';
import { SimulatedClock } from '../../runner/simulated-clock';
import { createStudy, type SearchSpace, type Trial } from '../../tuner';
import { entryPlan, entryScheduler, type RaceEntry } from './race-entries';
import type { RaceRun } from './race-run';
import { buildScheduler } from './scheduler-setup';

export interface ScheduledRaceOptions {
  readonly entry: RaceEntry;
  readonly objective: SyntheticObjective;
  readonly space: SearchSpace;
  /** The task's own structural names, which PBT must not perturb (tasks.ts: taskStructural). */
  readonly structural: readonly string[];
  readonly repeat: number;
  readonly seed: number;
  /** R: the most epochs a trial trains. */
  readonly epochsPerTrial: number;
  /** C: epochs of compute the run may spend (every trial's epochs together). */
  readonly computeEpochs: number;
  /** True once the race is stopped. */
  readonly cancelled: () => boolean;
  /** Called with the run so far, every few epochs and at the end. */
  readonly onUpdate: (run: RaceRun) => void;
  /** Epochs between updates; default 20. */
  readonly updateEvery?: number;
}

/**
 * PBT trains its population side by side (one simulated worker per member); the other schedulers
 * run on one worker, like the plain strategies, so their simulated times compare.
 */
function workersFor(entry: RaceEntry, space: SearchSpace, structural: readonly string[]): number {
  const scheduler = entryScheduler(entry, space, 4, structural);
  return scheduler?.name === 'pbt' ? (scheduler.options.populationSize as number) : 1;
}

export async function runScheduledRace(o: ScheduledRaceOptions): Promise<RaceRun> {
  const setup = entryScheduler(o.entry, o.space, 4, o.structural);
  if (setup === null) throw new Error(`race entry "${o.entry}" has no scheduler`);
  const clock = new SimulatedClock();
  const study = createStudy({ space: o.space, sampler: entryPlan(o.entry).sampler, seed: o.seed, clock: () => clock.now() });
  const pool = await ExecutorPool.create(createSimulatedBackend({ clock, objective: o.objective, seed: o.seed, startupMs: 0, noise: 0.01 }), { size: workersFor(o.entry, o.space, o.structural) });
  const loop = new ScheduledLoop({ study, pool, scheduler: buildScheduler(setup, o.epochsPerTrial), clock, maxTrials: o.computeEpochs });
  const seconds = new Map<number, number>();
  const epochs = new Map<number, number>();
  let spent = 0;
  let note: string | null = null;
  const snapshot = (): RaceRun => {
    const trials: Trial[] = study.trials.map((t) => ({ ...t, intermediate: t.intermediate.slice() }));
    return {
      strategy: o.entry,
      repeat: o.repeat,
      seed: o.seed,
      trials,
      seconds: trials.map((t) => seconds.get(t.id) ?? Number.NaN),
      epochs: trials.map((t) => epochs.get(t.id) ?? Number.NaN),
      note,
    };
  };
  // A trial counts from the moment it reported its best value (race-run.ts: scoredTrials), whether
  // it then goes on, pauses or stops: that is when the run had that model.
  const best = new Map<number, number>();
  loop.on((event) => {
    if (event.type !== 'trial-progress') return;
    spent += 1;
    if (event.value !== null && event.value < (best.get(event.trialId) ?? Infinity)) {
      best.set(event.trialId, event.value);
      seconds.set(event.trialId, event.at / 1000);
      epochs.set(event.trialId, spent);
    }
    if (spent >= o.computeEpochs || o.cancelled()) loop.stop();
    if (spent % (o.updateEvery ?? 20) === 0) o.onUpdate(snapshot());
  });
  try {
    const result = await loop.run();
    if (result.finish.reason === 'error') note = result.finish.error.message;
    else if (result.finish.reason === 'exhausted') note = result.finish.message;
  } finally {
    pool.terminate();
  }
  const run = snapshot();
  o.onUpdate(run);
  return run;
}
