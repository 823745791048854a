/**
 * Built-in schedulers by name, so a run can be configured (or restored) from JSON.
 *
 *   const scheduler = createScheduler('asha', { maxEpochs: 27, reductionFactor: 3 });
 *   const saved = schedulerToJSON(scheduler);            // { name, options, state }
 *   const again = restoreScheduler(saved);               // continues identically
 *
 * Options (every scheduler needs `maxEpochs` = R; unknown keys and bad values throw SchedulerError):
 *   fifo:      —
 *   median:    graceEpochs (1), minTrials (3)
 *   asha:      minEpochs (1), reductionFactor η (3), mode ('promotion' | 'stopping')
 *   hyperband: as asha, plus brackets (all K + 1)
 *   bohb:      as hyperband, plus minObservations (6), randomFraction (1/3)
 *   pbt:       hyperparameters (required: algorithm ones only), readyEvery (⌊R/5⌋), populationSize (8),
 *              quantile (0.25), resampleProbability (0.25), structural (names refused in hyperparameters)
 */
import { AshaScheduler } from './asha';
import { BohbScheduler } from './bohb';
import { FifoScheduler } from './fifo';
import { HyperbandScheduler } from './hyperband';
import { MedianStoppingScheduler } from './median';
import { PbtScheduler } from './pbt';
import { SchedulerError, type Scheduler, type SchedulerName } from './types';

/** The built-in schedulers' names, as `createScheduler` takes them. */
export const SCHEDULER_NAMES: readonly SchedulerName[] = ['fifo', 'median', 'asha', 'hyperband', 'bohb', 'pbt'];

/** Whether `name` names a built-in scheduler. */
export function isSchedulerName(name: unknown): name is SchedulerName {
  return typeof name === 'string' && (SCHEDULER_NAMES as readonly string[]).includes(name);
}

/** Builds a built-in scheduler; its constructor validates `options` and throws SchedulerError on bad ones. */
export function createScheduler(name: SchedulerName, options: Record<string, unknown> = {}): Scheduler {
  switch (name) {
    case 'fifo':
      return new FifoScheduler(options);
    case 'median':
      return new MedianStoppingScheduler(options);
    case 'asha':
      return new AshaScheduler(options);
    case 'hyperband':
      return new HyperbandScheduler(options);
    case 'bohb':
      return new BohbScheduler(options);
    case 'pbt':
      return new PbtScheduler(options);
    default: {
      const unknownName: never = name;
      throw new SchedulerError(`unknown scheduler "${String(unknownName)}" (expected one of ${SCHEDULER_NAMES.join(', ')})`);
    }
  }
}

/** A scheduler as plain JSON: its name, options and state (`schedulerToJSON`, `restoreScheduler`). */
export interface SchedulerJSON {
  name: SchedulerName;
  options: Record<string, unknown>;
  state: unknown;
}

/** A built-in scheduler as plain JSON, state included, for `restoreScheduler`. */
export function schedulerToJSON(scheduler: Scheduler): SchedulerJSON {
  return JSON.parse(JSON.stringify({ name: scheduler.name, options: scheduler.options, state: scheduler.saveState() })) as SchedulerJSON;
}

/** Rebuilds a scheduler from `schedulerToJSON` output (untrusted: bad input throws SchedulerError). */
export function restoreScheduler(json: unknown): Scheduler {
  const j = json as Partial<SchedulerJSON> | null;
  if (j === null || typeof j !== 'object') throw new SchedulerError('scheduler JSON must be an object');
  if (!isSchedulerName(j.name)) throw new SchedulerError(`scheduler JSON: unknown scheduler ${JSON.stringify(j.name)} (expected one of ${SCHEDULER_NAMES.join(', ')})`);
  const options = j.options === undefined ? {} : j.options;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new SchedulerError('scheduler JSON: options must be an object');
  const scheduler = createScheduler(j.name, JSON.parse(JSON.stringify(options)) as Record<string, unknown>);
  if (j.state !== undefined) scheduler.loadState(j.state);
  return scheduler;
}
