/** Builds the `SchedulerContext` for a study (what the runner passes on every scheduler call). */
import type { Study } from '../study/study';
import type { SchedulerContext } from './types';

/** The `SchedulerContext` of a study, as a runner passes it to every scheduler call. */
export function schedulerContext(study: Study, allowNewTrials = true): SchedulerContext {
  const trials = study.trials.slice();
  return { space: study.space, direction: study.direction, trials, nextTrialId: trials.length, studySeed: study.seed, allowNewTrials };
}
