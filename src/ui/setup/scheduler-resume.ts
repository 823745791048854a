/**
 * A scheduled study that goes on after a reload keeps its scheduler's memory: the rungs, brackets or
 * population it built from the trials so far (`schedulerToJSON`, saved with the study). Trials the
 * saved scheduler still counted as running or paused were interrupted with the page (their
 * checkpoints lived in its memory), so the restored scheduler is told they ended; their params run
 * again as new trials, and every finished trial keeps its place in the rungs.
 */
import { type Scheduler, schedulerContext, type SchedulerJSON, schedulerToJSON, type Study } from '../../tuner';

/** The scheduler's state as saved with a study (plain JSON). */
export type SavedSchedulerState = SchedulerJSON;

export type SchedulerRestore = { readonly kind: 'restored'; readonly ended: readonly number[] } | { readonly kind: 'afresh'; readonly why: string };

/**
 * Loads `saved` into `scheduler` (freshly built from the setup) when it is the same scheduler with
 * the same options, then ends every trial it still runs or keeps paused that the study has finished.
 * Anything else leaves the scheduler fresh and says why (the run still goes on).
 */
export function restoreSchedulerState(scheduler: Scheduler, saved: SavedSchedulerState, study: Study): SchedulerRestore {
  const built = schedulerToJSON(scheduler);
  if (saved.name !== built.name) return { kind: 'afresh', why: `the saved state is for ${saved.name}, the setup runs ${built.name}` };
  if (JSON.stringify(saved.options) !== JSON.stringify(built.options)) return { kind: 'afresh', why: `the saved state was made with other ${built.name} options` };
  try {
    scheduler.loadState(saved.state);
  } catch (error) {
    // A refused state may have been half loaded: the caller builds a fresh scheduler.
    return { kind: 'afresh', why: error instanceof Error ? error.message : String(error) };
  }
  const ctx = schedulerContext(study, true);
  const ended: number[] = [];
  for (const trial of study.trials) {
    const status = scheduler.statusOf(trial.id);
    if (trial.state === 'running' || (status !== 'running' && status !== 'paused')) continue;
    scheduler.onTrialEnd(ctx, trial.id);
    ended.push(trial.id);
  }
  return { kind: 'restored', ended };
}
