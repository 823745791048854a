/**
 * The tuner loop's options (tuner-loop.ts), and the scheduler they give it: the one named, or FIFO
 * over `budget.maxEpochs`.
 */
import { FifoScheduler, type Scheduler, type Study } from '../tuner';
import type { ConstraintFn } from './constraints';
import type { AskSlicing } from './cooperative-asks';
import type { Objective } from './executor';
import type { LoopLifecycleOptions } from './loop-lifecycle';
import type { ExecutorPool } from './pool';

/** Options of a `TunerLoop`: the study, the pool, the scheduler, the objective, budgets and constraints. */
export interface TunerLoopOptions extends LoopLifecycleOptions {
  readonly study: Study;
  readonly pool: ExecutorPool;
  /** Decides what starts and how long each trial trains; default FIFO over `budget.maxEpochs`. */
  readonly scheduler?: Scheduler;
  /** Epochs per trial for the default FIFO scheduler; given with a scheduler, it must equal its `maxEpochs`. */
  readonly budget?: { readonly maxEpochs: number };
  /** New trials (fresh starts and PBT children) this run may start (≥ 0); resumes are not new trials. Default no cap. */
  readonly maxTrials?: number;
  /** Which metric is the study's value; default `valLoss`. */
  readonly objective?: Objective;
  /** Constraint values told with each completed trial, from its params and its last epoch's metrics. */
  readonly constraints?: ConstraintFn;
  /** How asks and sliced scheduler decisions yield to the page (cooperative-asks.ts). */
  readonly askSlicing?: AskSlicing;
  /** Keep the last checkpoint of complete and pruned trials for PBT clones (the protocol's rule); default true. */
  readonly keepFinishedCheckpoints?: boolean;
  /**
   * Ask executors for the training state after every epoch, which paused trials resume from, PBT
   * children start from and a retry after a crash continues from. Default true, except under FIFO
   * (it never pauses or clones). Off, a resumed trial retrains from scratch.
   */
  readonly checkpointEveryEpoch?: boolean;
}

/** The scheduler a loop runs: the one given, or FIFO over `budget.maxEpochs`. */
export function schedulerOf({ scheduler, budget }: TunerLoopOptions): Scheduler {
  if (budget !== undefined && !(Number.isInteger(budget.maxEpochs) && budget.maxEpochs >= 1)) throw new RangeError(`budget.maxEpochs must be an integer ≥ 1, got ${budget.maxEpochs}`);
  if (scheduler === undefined) {
    if (budget === undefined) throw new RangeError('TunerLoop needs a scheduler or budget.maxEpochs (the epochs of every trial under FIFO)');
    return new FifoScheduler({ maxEpochs: budget.maxEpochs });
  }
  if (budget !== undefined && budget.maxEpochs !== scheduler.maxEpochs) {
    throw new RangeError(`budget.maxEpochs is ${budget.maxEpochs} but the ${scheduler.name} scheduler trains up to ${scheduler.maxEpochs} epochs; give one of them`);
  }
  return scheduler;
}

