/**
 * A light summary of a saved study for the list view, read straight from the stored record
 * (no `loadStudy`, no validation), and defensive: a damaged record still gets a summary.
 */
import type { Direction } from '../../tuner';
import type { Strategy } from '../state/setup-config';
import type { TaskId } from '../tasks';
import type { SavedStudyRecord, StudyStatus } from './saved-study';

export interface StudySummary {
  readonly id: string;
  readonly name: string;
  readonly task: TaskId;
  readonly strategy: Strategy;
  readonly status: StudyStatus;
  readonly direction: Direction;
  readonly trialCount: number;
  /** The best complete feasible trial's value in the study's direction, or null when there is none. */
  readonly bestValue: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export function summarizeStudy(record: SavedStudyRecord): StudySummary {
  const trials = Array.isArray(record.study?.trials) ? record.study.trials : [];
  const direction: Direction = record.study?.direction === 'maximize' ? 'maximize' : 'minimize';
  let bestValue: number | null = null;
  for (const trial of trials) {
    const value = trial?.state === 'complete' ? trial.value : null;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (Object.values(trial?.constraints ?? {}).some((c) => typeof c === 'number' && c > 0)) continue; // infeasible
    if (bestValue === null || (direction === 'minimize' ? value < bestValue : value > bestValue)) bestValue = value;
  }
  return {
    id: record.id,
    name: record.name,
    task: record.setup?.task,
    strategy: record.setup?.strategy,
    status: record.status,
    direction,
    trialCount: trials.length,
    bestValue,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
