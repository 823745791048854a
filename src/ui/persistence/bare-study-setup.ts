/**
 * A setup for a bare study (the engine's own `study.toJSON()`, which records no task, budget or
 * workers). The choice, documented: the task is inferred from the study's parameters, and when
 * no task of this page could run them the import is refused rather than guessed, because
 * resuming would then train or evaluate something that cannot take those params.
 *
 *   1. a task whose default search space equals the study's exactly;
 *   2. else a synthetic task whose parameters have exactly the study's names (its objective
 *      reads them by name);
 *   3. else a CNN task when every name is a training-config field (any subset works there).
 *
 * The objective is the task's first metric in the study's direction (a maximised CNN study: valAccuracy).
 * Budget, workers and backend are this page's defaults for that task (the trial budget raised to
 * cover the trials already run); every assumption is returned as a note for the user.
 */
import { CONFIG_NAMES } from '../../training';
import type { Direction, StudyJSON } from '../../tuner';
import { DEFAULT_OBJECTIVE, describeObjective, taskMetrics, type SetupObjective } from '../setup/objective';
import { defaultSetup, validateSetup, type SetupConfig } from '../setup/setup-config';
import { BUILTIN_TASK_IDS, TASKS, type TaskId } from '../setup/tasks';
import { MAX_TRIALS_PER_STUDY } from '../limits';

export type BareStudySetup =
  | { readonly kind: 'setup'; readonly setup: SetupConfig; readonly notes: readonly string[] }
  | { readonly kind: 'no-task'; readonly message: string };

const MAX_SEED = 2 ** 31 - 1;

/** `study` must already have been checked by `loadStudy` (its space and sampler are valid). */
export function setupForBareStudy(study: StudyJSON): BareStudySetup {
  const names = Object.keys(study.space);
  const match = matchTask(study);
  if (match === null) {
    return {
      kind: 'no-task',
      message:
        `this is a bare study without a setup, and its parameters (${names.join(', ')}) fit none of this page's tasks ` +
        `(${BUILTIN_TASK_IDS.join(', ')}), so it cannot be resumed here`,
    };
  }
  const { task, how, others } = match;
  const base = defaultSetup(task);
  const notes = [
    `The file holds a bare study with no setup: it was matched to the task "${TASKS[task].label}" because ${how}.` +
      (others.length > 0 ? ` It could also be ${others.map((t) => `"${TASKS[t].label}"`).join(' or ')}; change the task if so.` : ''),
    'Budget, workers and backend were set to this page\'s defaults; check them before resuming.',
  ];
  let seed = study.seed;
  if (seed < 0 || seed > MAX_SEED) {
    notes.push(`The study's seed ${seed} is outside what the page uses; the setup's seed is ${base.seed} (the study keeps its own).`);
    seed = base.seed;
  }
  const objective = objectiveFor(task, study.direction);
  if (objective.direction === 'maximize') {
    notes.push(`The study maximises its objective, taken to be ${describeObjective(objective)}; change the objective if it was another metric.`);
  }
  const setup = validateSetup({
    ...base,
    objective,
    space: study.space,
    strategy: study.sampler.name,
    samplerOptions: study.sampler.options,
    budget: { ...base.budget, trials: Math.min(MAX_TRIALS_PER_STUDY, Math.max(base.budget.trials, study.trials.length)) },
    seed,
  });
  return { kind: 'setup', setup, notes };
}

/** The task's first metric with the study's natural direction, else its default metric in that direction. */
function objectiveFor(task: TaskId, direction: Direction): SetupObjective {
  const metrics = taskMetrics(task);
  const metric = metrics.find((m) => m.direction === direction) ?? metrics[0];
  return { metric: metric?.name ?? DEFAULT_OBJECTIVE.metric, direction };
}

function matchTask(study: StudyJSON): { task: TaskId; how: string; others: TaskId[] } | null {
  const spaceKey = JSON.stringify(study.space);
  const names = Object.keys(study.space);
  const sameSpace = BUILTIN_TASK_IDS.filter((id) => JSON.stringify(TASKS[id].defaultSpace) === spaceKey);
  if (sameSpace.length > 0) {
    return { task: sameSpace[0] as TaskId, how: 'its search space is that task\'s default', others: sameSpace.slice(1) };
  }
  const sameNames = BUILTIN_TASK_IDS.filter((id) => TASKS[id].kind === 'synthetic' && sameNameSet(Object.keys(TASKS[id].defaultSpace), names));
  if (sameNames.length > 0) {
    return { task: sameNames[0] as TaskId, how: 'it has the same parameters', others: sameNames.slice(1) };
  }
  const configNames: readonly string[] = CONFIG_NAMES;
  if (names.every((n) => configNames.includes(n))) {
    const cnn = BUILTIN_TASK_IDS.filter((id) => TASKS[id].kind === 'cnn');
    if (cnn.length > 0) return { task: cnn[0] as TaskId, how: 'every parameter is a training setting', others: cnn.slice(1) };
  }
  return null;
}

function sameNameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n) => b.includes(n));
}
