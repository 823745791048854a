/**
 * What a study optimises: one metric the trials report, and whether to minimise or maximise it.
 * CNN tasks report training and validation loss and accuracy each epoch; the synthetic tasks report
 * one simulated validation loss. Each metric has a natural direction (a loss down, an accuracy up),
 * which the Setup view proposes when the metric is chosen.
 *
 *   objectiveOf(setup)                              // { metric: 'valLoss', direction: 'minimize' } when unset
 *   describeObjective({ metric: 'valAccuracy', direction: 'maximize' })   // 'valAccuracy (maximise)'
 */
import type { Direction } from '../../tuner';
import { TASKS, type TaskId } from './tasks';

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

const SYNTHETIC_METRICS: readonly ObjectiveMetric[] = [{ name: 'valLoss', label: 'simulated validation loss', direction: 'minimize' }];

/** The metrics a task's trials report, the default first. */
export function taskMetrics(task: TaskId): readonly ObjectiveMetric[] {
  return TASKS[task].kind === 'cnn' ? CNN_METRICS : SYNTHETIC_METRICS;
}

/** The task's metric of that name, or undefined when its trials do not report one. */
export function taskMetric(task: TaskId, name: string): ObjectiveMetric | undefined {
  return taskMetrics(task).find((m) => m.name === name);
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

/** The metric's words for chart axes ('validation accuracy'); its name when the task does not know it. */
export function objectiveLabel(task: TaskId, objective: SetupObjective): string {
  return taskMetric(task, objective.metric)?.label ?? objective.metric;
}
