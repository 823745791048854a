/**
 * What a study optimises: one metric the trials report, and whether to minimise or maximise it.
 * CNN tasks report training and validation loss and accuracy each epoch; a study on the user's data
 * reports its task kind's objective metrics (OBJECTIVE_METRICS: accuracy, balanced accuracy,
 * macro-F1 for classification; MSE, RMSE, MAE, R² for regression) and its training loss; each
 * synthetic task reports one value under the name `valLoss` (kept for saved studies) and says what
 * it truly is ("Branin function value", "simulated validation loss"). Each metric has a natural
 * direction (a loss down, an accuracy up), which the Setup view proposes when the metric is chosen.
 *
 * What a user-data study reports depends on its data, not only on its task, so the functions that
 * list and label metrics take the setup (`setupMetrics`, `setupMetric`, `objectiveLabel`).
 *
 *   objectiveOf(setup)                              // { metric: 'valLoss', direction: 'minimize' } when unset
 *   describeObjective({ metric: 'valAccuracy', direction: 'maximize' })   // 'valAccuracy (maximise)'
 *   objectiveLabel(braninSetup, objectiveOf(braninSetup))                 // 'Branin function value'
 */
import type { Direction } from '../../tuner';
import { objectiveMetricsFor, type UserTaskKind } from '../../training';
import { TASKS, TASK_IDS, type TaskId } from './tasks';

export interface SetupObjective {
  /** A metric the task's trials report each epoch. */
  readonly metric: string;
  readonly direction: Direction;
}

/** Setups saved before the choice existed optimise this. */
export const DEFAULT_OBJECTIVE: SetupObjective = Object.freeze({ metric: 'valLoss', direction: 'minimize' });

export const DIRECTIONS: readonly Direction[] = ['minimize', 'maximize'];

export interface ObjectiveMetric {
  readonly name: string;
  /** In words, for the select and chart axes. */
  readonly label: string;
  /** What the Setup view proposes when this metric is chosen. */
  readonly direction: Direction;
}

const CNN_METRICS: readonly ObjectiveMetric[] = [
  { name: 'valLoss', label: 'validation loss', direction: 'minimize' },
  { name: 'valAccuracy', label: 'validation accuracy', direction: 'maximize' },
  { name: 'loss', label: 'training loss', direction: 'minimize' },
  { name: 'accuracy', label: 'training accuracy', direction: 'maximize' },
];

/** Each synthetic task's one value, named `valLoss` and labelled for what it is. */
const SYNTHETIC_METRICS: Readonly<Partial<Record<TaskId, readonly ObjectiveMetric[]>>> = Object.fromEntries(
  TASK_IDS.flatMap((id) => {
    const task = TASKS[id];
    return task.kind === 'synthetic' ? [[id, [{ name: 'valLoss', label: task.valueLabel, direction: 'minimize' }]]] : [];
  }),
);

const TRAINING_LOSS: ObjectiveMetric = { name: 'loss', label: 'training loss', direction: 'minimize' };
const TRAINING_ACCURACY: ObjectiveMetric = { name: 'accuracy', label: 'training accuracy', direction: 'maximize' };

/** A user-data study's metrics by its data's task kind: the objective metrics (its loss first), then the training ones. */
const USER_METRICS: Readonly<Record<UserTaskKind, readonly ObjectiveMetric[]>> = {
  classification: [...userObjectiveMetrics('classification'), TRAINING_LOSS, TRAINING_ACCURACY],
  regression: [...userObjectiveMetrics('regression'), TRAINING_LOSS],
};

/** Before its data is chosen, a user-data study offers what both task kinds report. */
const USER_COMMON_METRICS: readonly ObjectiveMetric[] = [{ name: 'valLoss', label: 'validation loss', direction: 'minimize' }, TRAINING_LOSS];

/** What the metric functions read of a setup: its task, and for user data its data's task kind. */
export interface MetricContext {
  readonly task: TaskId;
  readonly data?: { readonly task: UserTaskKind } | undefined;
}

/** The metrics a setup's trials report, the default first. */
export function setupMetrics(setup: MetricContext): readonly ObjectiveMetric[] {
  const task = TASKS[setup.task];
  switch (task.kind) {
    case 'synthetic':
      return SYNTHETIC_METRICS[task.id] ?? [];
    case 'cnn':
      return CNN_METRICS;
    case 'user':
      return setup.data === undefined ? USER_COMMON_METRICS : USER_METRICS[setup.data.task];
    default: {
      const unreachable: never = task;
      return unreachable;
    }
  }
}

/** The setup's metric of that name, or undefined when its trials do not report one. */
export function setupMetric(setup: MetricContext, name: string): ObjectiveMetric | undefined {
  return setupMetrics(setup).find((m) => m.name === name);
}

/** The metrics a task's trials report, the default first (a user-data task without its data: what every kind reports). */
export function taskMetrics(task: TaskId): readonly ObjectiveMetric[] {
  return setupMetrics({ task });
}

/** The task's metric of that name, or undefined when its trials do not report one (see `taskMetrics`). */
export function taskMetric(task: TaskId, name: string): ObjectiveMetric | undefined {
  return setupMetric({ task }, name);
}

/** The setup's objective; absent (older setups) means DEFAULT_OBJECTIVE. */
export function objectiveOf(setup: { readonly objective?: SetupObjective }): SetupObjective {
  return setup.objective ?? DEFAULT_OBJECTIVE;
}

export function isDefaultObjective(objective: SetupObjective): boolean {
  return objective.metric === DEFAULT_OBJECTIVE.metric && objective.direction === DEFAULT_OBJECTIVE.direction;
}

/** 'minimise' or 'maximise', as the page writes it. */
export function directionWord(direction: Direction): string {
  return direction === 'minimize' ? 'minimise' : 'maximise';
}

/** 'valAccuracy (maximise)'. */
export function describeObjective(objective: SetupObjective): string {
  return `${objective.metric} (${directionWord(objective.direction)})`;
}

/** The metric's words for chart axes and captions ('validation accuracy', 'Branin function value'); its name when the setup does not know it. */
export function objectiveLabel(setup: MetricContext, objective: SetupObjective): string {
  return setupMetric(setup, objective.metric)?.label ?? objective.metric;
}

function userObjectiveMetrics(kind: UserTaskKind): ObjectiveMetric[] {
  return objectiveMetricsFor(kind).map(({ name, label, direction }) => ({ name, label, direction }));
}
