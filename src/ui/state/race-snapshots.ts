/**
 * A finished race's runs as study snapshots (study-snapshot.ts), one per strategy and seed. Each
 * keeps its trials (with their per-epoch values and how they ended), the sampler and the seed its
 * study drew from, and, for a scheduled entry, the scheduler with the options the race sized it
 * with; its origin names the race run, so the page shows it as one and does not continue it. A
 * PBT run also keeps its scheduler's state as the run ended (RaceRun.scheduler), so Results draws
 * which trial started from which (its lineage); the other schedulers' memory (rungs, brackets)
 * lived in the race's loop and is not kept, as the origin's sentence says where the study is shown.
 *
 *   const snapshots = raceRunSnapshots({ task, space, seed, budget, runs, base, epochsPerTrial });
 */
import type { SearchSpace } from '../../tuner';
import type { StudyOrigin } from '../persistence';
import { entryLabel, entryPlan, entryScheduler } from '../race/race-entries';
import type { RaceRun } from '../race/race-run';
import { validateSetup, type SetupConfig } from '../setup/setup-config';
import { TASKS, taskStructural, type TaskId } from '../setup/tasks';
import { studyOfTrials, type StudySnapshot } from './study-snapshot';

/** What a finished race says about its runs. */
export interface RaceToSave {
  readonly task: TaskId;
  readonly space: SearchSpace;
  /** The seed and trials per plain entry the visitor raced with. */
  readonly seed: number;
  readonly budget: number;
  /** Runs with at least one trial. */
  readonly runs: readonly RaceRun[];
  /** The setup the race's runs share (a synthetic task's default, or the real task's setup). */
  readonly base: SetupConfig;
  /** R: the epochs a full trial trained in the race. */
  readonly epochsPerTrial: number;
  /** Workers each scheduled entry was sized for (1 on a synthetic task, the setup's on a real one). */
  readonly workers: number;
}

/** One snapshot per run, named by the race's seed and (when it repeated) the run's own. */
export function raceRunSnapshots(race: RaceToSave): StudySnapshot[] {
  const { scheduler: _sized, ...plain } = race.base;
  const repeated = race.runs.some((r) => r.repeat > 0);
  return race.runs.map((run) => {
    const plan = entryPlan(run.strategy);
    const label = entryLabel(run.strategy);
    const name = `Race on ${TASKS[race.task].label}, seed ${race.seed}: ${label}${repeated ? `, run ${run.repeat + 1} (seed ${run.seed})` : ''}`;
    const setup: SetupConfig = {
      ...plain,
      space: race.space,
      strategy: plan.sampler,
      samplerOptions: {},
      seed: race.seed,
      budget: { ...plain.budget, epochs: race.epochsPerTrial, trials: Math.max(race.budget, run.trials.length) },
    };
    const origin: StudyOrigin = { kind: 'race-run', entry: label, scheduler: plan.scheduler, raceSeed: race.seed, runSeed: repeated ? run.seed : null, repeat: run.repeat };
    const withItsScheduler = withScheduler(setup, run, race);
    const study = studyOfTrials({ name, space: race.space, direction: 'minimize', seed: run.seed, sampler: plan.sampler, trials: run.trials });
    // The run's scheduler state goes with it only when the setup names that scheduler (a file's import refuses it otherwise).
    const kept = run.scheduler !== undefined && withItsScheduler.scheduler?.name === run.scheduler.name ? { scheduler: run.scheduler } : {};
    return { name, setup: withItsScheduler, study, origin, ...kept };
  });
}

/** The setup with the scheduler the run raced with, when the page accepts it as a setup; else without (the origin still names it). */
function withScheduler(setup: SetupConfig, run: RaceRun, race: RaceToSave): SetupConfig {
  const scheduler = entryScheduler(run.strategy, race.space, { workers: race.workers, structural: taskStructural(race.task), trials: race.budget, epochs: race.epochsPerTrial });
  if (scheduler === null) return setup;
  try {
    return validateSetup({ ...setup, scheduler });
  } catch {
    return setup;
  }
}
