/**
 * What can enter a race: a plain strategy (every trial trains all its epochs), or a strategy with a
 * scheduler that decides each trial's epochs ("ASHA + random", "BOHB", "PBT"). Scheduled entries
 * are compared with the plain ones at equal compute: epochs trained, not trials.
 */
import type { SamplerName, SchedulerName, SearchSpace } from '../../tuner';
import { samplerStyle, type SeriesStyle } from '../charts/series-style';
import { pbtOptions, pbtSplit, type SchedulerSetup } from '../setup/scheduler-setup';

export type RaceEntry = SamplerName | 'fifo-random' | 'asha-random' | 'hyperband-random' | 'bohb' | 'pbt';

export const RACE_ENTRIES: readonly RaceEntry[] = ['grid', 'random', 'gp', 'evolution', 'sobol', 'fifo-random', 'asha-random', 'hyperband-random', 'bohb', 'pbt'];

/** Plain strategies first, scheduled ones after (the race view lists them in two groups). */
export const SCHEDULED_ENTRIES: readonly RaceEntry[] = ['fifo-random', 'asha-random', 'hyperband-random', 'bohb', 'pbt'];

export interface EntryPlan {
  readonly sampler: SamplerName;
  /** null: no scheduler (every trial trains all its epochs). */
  readonly scheduler: SchedulerName | null;
}

export function entryPlan(entry: RaceEntry): EntryPlan {
  switch (entry) {
    case 'grid':
    case 'random':
    case 'gp':
    case 'evolution':
    case 'sobol':
      return { sampler: entry, scheduler: null };
    case 'fifo-random':
      return { sampler: 'random', scheduler: 'fifo' };
    case 'asha-random':
      return { sampler: 'random', scheduler: 'asha' };
    case 'hyperband-random':
      return { sampler: 'random', scheduler: 'hyperband' };
    case 'bohb':
      return { sampler: 'gp', scheduler: 'bohb' };
    case 'pbt':
      return { sampler: 'random', scheduler: 'pbt' };
    default: {
      const unreachable: never = entry;
      return unreachable;
    }
  }
}

/** What sizes an entry's scheduler in a race. */
export interface RaceSizing {
  /** Workers the entry trains on. */
  readonly workers: number;
  /** The task's structural parameter names (PBT must not perturb them). */
  readonly structural?: readonly string[];
  /** Trials per plain entry: the race's compute is this many trials' epochs. */
  readonly trials: number;
  /** R: the epochs a full trial trains. */
  readonly epochs: number;
}

/** The least PBT population a race gives (two exploits need a bottom and a top quantile). */
const MIN_PBT_POPULATION = 4;

/**
 * The scheduler an entry races with (R = `epochs`), with options sized for a race; null for plain
 * entries. PBT trains its whole population to R and then stops, so its population is the number of
 * trials a plain entry gets: P members × R epochs is the race's compute, as for every other entry
 * (a population of 4 would stop after 4 × R epochs, a small part of what the others spend).
 */
export function entryScheduler(entry: RaceEntry, space: SearchSpace, sizing: RaceSizing): SchedulerSetup | null {
  const { scheduler } = entryPlan(entry);
  switch (scheduler) {
    case null:
      return null;
    case 'fifo':
      return { name: 'fifo', options: {} };
    case 'median':
      return { name: 'median', options: {} };
    case 'asha':
    case 'hyperband':
    case 'bohb':
      return { name: scheduler, options: { reductionFactor: 3, minEpochs: 1 } };
    case 'pbt': {
      const structural = sizing.structural ?? [];
      const populationSize = Math.max(MIN_PBT_POPULATION, sizing.workers, sizing.trials);
      // Members compare every 2 epochs, or every epoch when a trial trains only 2 (PBT needs readyEvery < R).
      const readyEvery = Math.max(1, Math.min(2, sizing.epochs - 1));
      return { name: 'pbt', options: pbtOptions(pbtSplit(space, structural).algorithm, structural, { populationSize, readyEvery }) };
    }
    default: {
      const unreachable: never = scheduler;
      return unreachable;
    }
  }
}

const ENTRY_STYLES: Readonly<Record<Exclude<RaceEntry, SamplerName>, SeriesStyle>> = {
  'fifo-random': { label: 'FIFO + random', colour: '#56B4E9', dash: '1.5 2', marker: 'circle' },
  'asha-random': { label: 'ASHA + random', colour: '#0072B2', dash: '', marker: 'cross' },
  'hyperband-random': { label: 'Hyperband + random', colour: '#009E73', dash: '5 2 1 2', marker: 'diamond' },
  bohb: { label: 'BOHB', colour: '#D55E00', dash: '8 2', marker: 'triangle' },
  pbt: { label: 'PBT', colour: '#CC79A7', dash: '3 3', marker: 'square' },
};

export function entryStyle(entry: RaceEntry): SeriesStyle {
  const plan = entryPlan(entry);
  return plan.scheduler === null ? samplerStyle(plan.sampler) : ENTRY_STYLES[entry as Exclude<RaceEntry, SamplerName>];
}

export function entryLabel(entry: RaceEntry): string {
  return entryStyle(entry).label;
}
