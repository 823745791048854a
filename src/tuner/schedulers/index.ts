/** Schedulers: how much budget each trial gets (continue, pause, stop; what to start next). */
export type {
  LineageEntry,
  Scheduler,
  SchedulerContext,
  SchedulerName,
  SchedulerTrialStatus,
  StartDecision,
  StartDecisionKind,
  TrialDecision,
  TrialDecisionKind,
} from './types';
export { SchedulerError } from './types';
export { createScheduler, isSchedulerName, restoreScheduler, SCHEDULER_NAMES, schedulerToJSON, type SchedulerJSON } from './registry';
export { FifoScheduler } from './fifo';
export { MedianStoppingScheduler } from './median';
export { AshaScheduler } from './asha';
export { HyperbandScheduler, type HalvingMode } from './hyperband';
export { BohbScheduler } from './bohb';
export { PbtScheduler, STRUCTURAL_HYPERPARAMETERS } from './pbt';
export { rungLevels, bracketCycle, type Rung, type RungRecord } from './rungs';
export { schedulerContext } from './context';
