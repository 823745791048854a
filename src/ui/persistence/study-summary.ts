/**
 * A light summary of a saved study for the list view. The journal's header keeps a tally (trials by
 * state, the best value, the bytes stored) updated with each change, so listing studies never reads
 * their trials. Defensive: a damaged header or record still gets a summary.
 */
import type { Direction, TrialJSON, TrialState } from '../../tuner';
import type { SetupConfig, Strategy } from '../setup/setup-config';
import type { TaskId } from '../setup/tasks';
import type { SavedStudyRecord, StudyStatus } from './saved-study';
import { checkedOrigin, savedOrigin, studyOriginOf, type StudyOrigin } from './study-origin';

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
  /** About how many bytes its trials take in storage. */
  readonly bytes: number;
  /** Where a snapshot (a Manual duel's player, a race run) came from; null for a study run through Setup → Run. */
  readonly origin: StudyOrigin | null;
}

/** Trials by state, the best feasible value and the bytes of journal entries, kept incrementally. */
export interface StudyTally {
  readonly direction: Direction;
  readonly counts: Readonly<Record<TrialState, number>>;
  readonly bestValue: number | null;
  readonly bytes: number;
}

export function emptyTally(direction: Direction): StudyTally {
  return { direction, counts: { running: 0, complete: 0, failed: 0, pruned: 0 }, bestValue: null, bytes: 0 };
}

/** The tally of a whole list of trials (new records, imports, migration, compaction). */
export function tallyTrials(trials: readonly TrialJSON[], direction: Direction, bytes: number): StudyTally {
  let tally = emptyTally(direction);
  for (const trial of trials) tally = tallyChange(tally, null, trial, 0);
  return { ...tally, bytes };
}

/**
 * The tally after `trial` changed from `before` (its last stored state; null for a new trial) with an
 * entry of `bytes`. A complete trial never changes again, so the best value only ever improves.
 */
export function tallyChange(tally: StudyTally, before: TrialState | null, trial: TrialJSON, bytes: number): StudyTally {
  const counts = { ...tally.counts };
  if (before !== null) counts[before] = Math.max(0, counts[before] - 1);
  if (trial?.state in counts) counts[trial.state] += 1;
  let bestValue = tally.bestValue;
  const value = trial?.state === 'complete' ? trial.value : null;
  const feasible = !Object.values(trial?.constraints ?? {}).some((c) => typeof c === 'number' && c > 0);
  if (typeof value === 'number' && Number.isFinite(value) && feasible) {
    if (bestValue === null || (tally.direction === 'minimize' ? value < bestValue : value > bestValue)) bestValue = value;
  }
  return { direction: tally.direction, counts, bestValue, bytes: tally.bytes + bytes };
}

export function trialCountOf(tally: StudyTally): number {
  const c = tally.counts;
  return c.running + c.complete + c.failed + c.pruned;
}

/** The list view's summary of a journal header. */
export function summarizeHeader(header: SummarySource & { readonly tally?: StudyTally; readonly origin?: unknown }): StudySummary {
  const tally = header.tally ?? emptyTally('minimize');
  return summaryOf(header, tally, trialCountOf(tally), checkedOrigin(header.origin));
}

/** The summary of a whole record (schema 1, or a record about to be stored). */
export function summarizeStudy(record: SavedStudyRecord): StudySummary {
  const trials = Array.isArray(record.study?.trials) ? record.study.trials : [];
  const direction: Direction = record.study?.direction === 'maximize' ? 'maximize' : 'minimize';
  const tally = tallyTrials(trials, direction, new TextEncoder().encode(JSON.stringify(trials)).length);
  return summaryOf(record, tally, trials.length, studyOriginOf(record.extra));
}

/** What a journal header and a whole record share. */
interface SummarySource {
  readonly id: string;
  readonly name: string;
  readonly setup: SetupConfig;
  readonly status: StudyStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** `origin`: the one stored with the study; a record saved before origins were kept is recognised by its name. */
function summaryOf(source: SummarySource, tally: StudyTally, trialCount: number, origin: StudyOrigin | null): StudySummary {
  return {
    id: source.id,
    name: source.name,
    task: source.setup?.task,
    strategy: source.setup?.strategy,
    status: source.status,
    direction: tally.direction === 'maximize' ? 'maximize' : 'minimize',
    trialCount,
    bestValue: tally.bestValue,
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
    bytes: tally.bytes,
    origin: savedOrigin(origin, source.name),
  };
}
