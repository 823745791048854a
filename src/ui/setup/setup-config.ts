/**
 * A study's setup as the page edits, saves, shares (URL) and exports it. Plain data, validated on
 * the way in: `validateSetup` refuses anything malformed with a `SetupError` naming the field.
 */
import { createSampler, SearchSpaceError, validateSpace, type SamplerName, type SearchSpace } from '../../tuner';
import { BACKEND_NAMES, type BackendPreference } from '../../training/protocol';
import { CONFIG_DOMAINS } from '../../training/config';
import { isTaskId, TASKS, type TaskId } from '../tasks';
import { taskSpaceProblem } from '../task-space';
import { MAX_TRIALS_PER_STUDY } from '../limits';
import { checkSchedulerSetup, needsCheckpoints, SCHEDULER_SHORT, type SchedulerSetup } from './scheduler-setup';
import { checkConstraints, type ConstraintSetup } from './constraint-setup';
import { shortValue } from '../../tuner/describe-value';

export const STRATEGIES = ['grid', 'random', 'sobol', 'evolution', 'gp', 'manual'] as const;
/** A built-in sampler, or `manual`: the learner picks points on the map. */
export type Strategy = SamplerName | 'manual';

export interface SetupBudget {
  /** Trials to run (1 … MAX_TRIALS_PER_STUDY). */
  readonly trials: number;
  /** Wall-clock limit in minutes, or null for none. */
  readonly minutes: number | null;
  /** Epochs per trial (CNN tasks; synthetic tasks simulate this many). */
  readonly epochs: number;
}

/** How much data each real trial sees (CNN tasks only). */
export interface SampleBudget {
  /** Training samples per epoch (32 … 60 000). */
  readonly train: number;
  /** Validation samples evaluated after each epoch (16 … 10 000). */
  readonly validation: number;
}

export const DEFAULT_SAMPLES: SampleBudget = Object.freeze({ train: 2048, validation: 512 });

/**
 * Most epochs per trial: synthetic tasks simulate up to 1000; a CNN trial's epochs go into its
 * training config, so there they are what training accepts.
 */
export function maxEpochs(task: TaskId): number {
  const epochs = CONFIG_DOMAINS.epochs;
  return TASKS[task].kind === 'cnn' && epochs.kind === 'integer' ? epochs.high : 1000;
}

/** Grid points per continuous axis a setup may ask for (more per axis would make grids too large to walk). */
export const MAX_GRID_RESOLUTION = 50;

/** Most cross-validation folds a setup may ask for (each fold trains one more model per trial). */
export const MAX_FOLDS = 5;

export interface SetupConfig {
  readonly task: TaskId;
  readonly space: SearchSpace;
  readonly strategy: Strategy;
  /** Options for the strategy's sampler (e.g. grid resolution). */
  readonly samplerOptions: Readonly<Record<string, unknown>>;
  readonly budget: SetupBudget;
  /** Parallel workers (1 … 16). */
  readonly workers: number;
  readonly backend: BackendPreference;
  readonly seed: number;
  /** Data per real trial; absent = DEFAULT_SAMPLES. */
  readonly samples?: SampleBudget;
  /**
   * CNN tasks: k-fold cross-validation over the train + validation samples, 2 … MAX_FOLDS; a trial's
   * metric is the mean over the folds. Absent = 1: one train/validation split.
   */
  readonly folds?: number;
  /** Who decides each trial's epochs (ASHA, PBT, …); absent = none: every trial trains all epochs. */
  readonly scheduler?: SchedulerSetup;
  /** Constraints every trial is checked against (constraint-setup.ts); absent = none. */
  readonly constraints?: readonly ConstraintSetup[];
}

export class SetupError extends Error {
  override readonly name = 'SetupError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`setup: ${path}: ${problem}`);
  }
}

export function defaultSetup(task: TaskId = 'branin'): SetupConfig {
  const cnn = TASKS[task].kind === 'cnn';
  return {
    task,
    space: TASKS[task].defaultSpace,
    strategy: 'gp',
    samplerOptions: {},
    budget: { trials: cnn ? 12 : 30, minutes: null, epochs: cnn ? 2 : 10 },
    workers: cnn ? 2 : 4,
    backend: 'auto',
    seed: 1,
  };
}

const BACKENDS: readonly string[] = ['auto', ...BACKEND_NAMES];

/** Checks untrusted input (a file, a URL) and returns a frozen, fully defaulted setup. */
export function validateSetup(raw: unknown): SetupConfig {
  const r = record(raw, '(setup)');
  if (!isTaskId(r.task)) throw new SetupError('task', `unknown task ${shortValue(r.task)} (expected one of ${Object.keys(TASKS).join(', ')})`);
  let space: SearchSpace;
  try {
    space = validateSpace(r.space);
  } catch (e) {
    if (!(e instanceof SearchSpaceError)) throw e;
    throw new SetupError('space', e.param === null ? e.problem : `parameter "${e.param}": ${e.problem}`);
  }
  const misfit = taskSpaceProblem(r.task, space);
  if (misfit !== null) throw new SetupError('space', misfit.param === null ? misfit.problem : `parameter "${misfit.param}": ${misfit.problem}`);
  if (typeof r.strategy !== 'string' || !(STRATEGIES as readonly string[]).includes(r.strategy)) {
    throw new SetupError('strategy', `unknown strategy ${shortValue(r.strategy)} (expected one of ${STRATEGIES.join(', ')})`);
  }
  const samplerOptions = r.samplerOptions === undefined ? {} : record(r.samplerOptions, 'samplerOptions');
  if (samplerOptions.costAware !== undefined && (typeof samplerOptions.costAware !== 'boolean' || r.strategy !== 'gp')) {
    throw new SetupError('samplerOptions.costAware', `cost-aware search is a true/false option of the Bayesian (gp) strategy, got ${shortValue(samplerOptions.costAware)} for ${r.strategy}`);
  }
  if (r.strategy === 'grid' && samplerOptions.resolution !== undefined) integer(samplerOptions.resolution, 'samplerOptions.resolution', 2, MAX_GRID_RESOLUTION);
  if (r.strategy !== 'manual') {
    try {
      createSampler(r.strategy as SamplerName, samplerOptions); // its constructor checks the options
    } catch (e) {
      throw new SetupError('samplerOptions', e instanceof Error ? e.message : String(e));
    }
  }
  const b = record(r.budget, 'budget');
  const budget: SetupBudget = {
    trials: integer(b.trials, 'budget.trials', 1, MAX_TRIALS_PER_STUDY),
    minutes: b.minutes === null || b.minutes === undefined ? null : positive(b.minutes, 'budget.minutes', 24 * 60),
    epochs: integer(b.epochs, 'budget.epochs', 1, maxEpochs(r.task)),
  };
  const workers = integer(r.workers, 'workers', 1, 16);
  if (typeof r.backend !== 'string' || !BACKENDS.includes(r.backend)) {
    throw new SetupError('backend', `unknown backend ${shortValue(r.backend)} (expected one of ${BACKENDS.join(', ')})`);
  }
  const seed = integer(r.seed, 'seed', 0, 2 ** 31 - 1);
  let samples: SampleBudget | undefined;
  if (r.samples !== undefined) {
    const s = record(r.samples, 'samples');
    samples = Object.freeze({ train: integer(s.train, 'samples.train', 32, 60_000), validation: integer(s.validation, 'samples.validation', 16, 10_000) });
  }
  let scheduler: SchedulerSetup | undefined;
  if (r.scheduler !== undefined && r.scheduler !== null) {
    const checked = checkSchedulerSetup(r.scheduler, { space, epochs: budget.epochs, strategy: r.strategy });
    if (typeof checked === 'string') throw new SetupError('scheduler', checked);
    scheduler = checked;
  }
  let constraints: readonly ConstraintSetup[] | undefined;
  if (r.constraints !== undefined && r.constraints !== null) {
    const checked = checkConstraints(r.constraints, { task: r.task, space });
    if (typeof checked === 'string') throw new SetupError('constraints', checked);
    if (checked.length > 0) constraints = Object.freeze(checked);
  }
  const folds = r.folds === undefined ? 1 : integer(r.folds, 'folds', 1, MAX_FOLDS);
  if (folds > 1 && TASKS[r.task].kind !== 'cnn') throw new SetupError('folds', 'cross-validation applies to the CNN tasks only');
  if (folds > 1 && scheduler !== undefined && needsCheckpoints(scheduler)) {
    throw new SetupError('folds', `${SCHEDULER_SHORT[scheduler.name]} resumes trials from checkpoints, which hold one model, not one per fold: use 1 fold or another scheduler`);
  }
  const setup: SetupConfig = {
    task: r.task,
    space,
    strategy: r.strategy as Strategy,
    samplerOptions: Object.freeze(JSON.parse(JSON.stringify(samplerOptions)) as Record<string, unknown>),
    budget: Object.freeze(budget),
    workers,
    backend: r.backend as BackendPreference,
    seed,
  };
  return Object.freeze({ ...setup, ...(folds === 1 ? {} : { folds }), ...(samples === undefined ? {} : { samples }), ...(scheduler === undefined ? {} : { scheduler }), ...(constraints === undefined ? {} : { constraints }) });
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SetupError(path, 'must be an object');
  return v as Record<string, unknown>;
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SetupError(path, `must be an integer in [${min}, ${max}], got ${shortValue(v)}`);
  }
  return v;
}

function positive(v: unknown, path: string, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) throw new SetupError(path, `must be a number in (0, ${max}], got ${shortValue(v)}`);
  return v;
}
