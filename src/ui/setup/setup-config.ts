/**
 * A study's setup as the page edits, saves, shares (URL) and exports it. Plain data, validated on
 * the way in: `validateSetup` checks untrusted input against a valibot schema built for its task
 * (the space through the engine's own `validateSpace`) and refuses anything malformed with a
 * `SetupError` naming the field's path (`budget.epochs: must be an integer in [1, 100], got 500`).
 * A study on the user's own data (task `user-data`) also records its data (data-setup.ts), and its
 * space is checked against that data's model family.
 */
import * as v from 'valibot';
import { createSampler, type SamplerName, type SearchSpace, SearchSpaceError, shortValue, validateSpace } from '../../tuner';
import { BACKEND_NAMES, type BackendPreference, CONFIG_DOMAINS, IMAGE_CNN_SEARCH_SPACE, mlpSearchSpace, userModelSearchSpace } from '../../training';
import { isTaskId, TASKS, type TaskId } from './tasks';
import { taskSpaceProblem } from './task-space';
import { MAX_TRIALS_PER_STUDY } from '../limits';
import { checkSchedulerSetup, isNoScheduler, needsCheckpoints, SCHEDULER_SHORT, type SchedulerSetup } from './scheduler-setup';
import { checkConstraints, type ConstraintSetup } from './constraint-setup';
import { DIRECTIONS, isDefaultObjective, setupMetric, setupMetrics, type SetupObjective } from './objective';
import { DATA_SETUP_SCHEMA, frozenDataSetup, type UserDataSetup } from './data-setup';
import { integerIn, integerMessage, objectMessage, parsed, SetupError } from './setup-schema';

export { SetupError } from './setup-schema';

export const STRATEGIES = ['grid', 'random', 'sobol', 'evolution', 'gp', 'manual'] as const;
/** A built-in sampler, or `manual`: the learner picks points on the map. */
export type Strategy = SamplerName | 'manual';

export interface SetupBudget {
  /** Trials to run (1 … MAX_TRIALS_PER_STUDY). */
  readonly trials: number;
  /** Wall-clock limit in minutes, or null for none. */
  readonly minutes: number | null;
  /** Epochs per trial (real tasks; synthetic tasks simulate this many). */
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

/** Most epochs per trial on the user's data. */
export const MAX_USER_DATA_EPOCHS = 100;

/**
 * Most epochs per trial: synthetic tasks simulate up to 1000; a CNN trial's epochs go into its
 * training config, so there they are what training accepts; user data: MAX_USER_DATA_EPOCHS.
 */
export function maxEpochs(task: TaskId): number {
  const t = TASKS[task];
  switch (t.kind) {
    case 'synthetic':
      return 1000;
    case 'cnn': {
      const epochs = CONFIG_DOMAINS.epochs;
      return epochs.kind === 'integer' ? epochs.high : 1000;
    }
    case 'user':
      return MAX_USER_DATA_EPOCHS;
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
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
  /** Data per CNN trial; absent = DEFAULT_SAMPLES. (A study on the user's data trains on all its training rows.) */
  readonly samples?: SampleBudget;
  /**
   * Real tasks: k-fold cross-validation (CNN tasks: over the train + validation samples; user data:
   * over all its rows), 2 … MAX_FOLDS; a trial's metric is the mean over the folds. Absent = 1: one
   * train/validation split.
   */
  readonly folds?: number;
  /** Who decides each trial's epochs (ASHA, PBT, …); absent = none: every trial trains all epochs. */
  readonly scheduler?: SchedulerSetup;
  /** Constraints every trial is checked against (constraint-setup.ts); absent = none. */
  readonly constraints?: readonly ConstraintSetup[];
  /** The metric to optimise and its direction (objective.ts); absent = valLoss, minimised. */
  readonly objective?: SetupObjective;
  /** The user's data and model family: present for task `user-data` (required there), absent otherwise. */
  readonly data?: UserDataSetup;
}

/**
 * A task's defaults. For `user-data` this is the form's starting point before any data is picked:
 * `validateSetup` refuses it until `data` is there (`defaultDataSetup` gives a whole one).
 */
export function defaultSetup(task: TaskId = 'branin'): SetupConfig {
  const kind = TASKS[task].kind;
  const budget = kind === 'synthetic' ? { trials: 30, epochs: 10 } : kind === 'cnn' ? { trials: 12, epochs: 2 } : { trials: 12, epochs: 5 };
  return {
    task,
    space: TASKS[task].defaultSpace,
    strategy: 'gp',
    samplerOptions: {},
    budget: { trials: budget.trials, minutes: null, epochs: budget.epochs },
    workers: kind === 'synthetic' ? 4 : 2,
    backend: 'auto',
    seed: 1,
  };
}

/**
 * A whole setup for a study on `data`: the space of its model family (the MLP's for its task kind,
 * the image CNN's, or the user model's training space), valLoss minimised, 5 epochs, 12 trials,
 * 2 workers. `weightedLayers` (the user's model's weighted layer count) bounds `frozenLayers` when
 * the user model's trainable layers are tuned, and is required then.
 */
export function defaultDataSetup(data: UserDataSetup, weightedLayers?: number): SetupConfig {
  return { ...defaultSetup('user-data'), space: familySpace(data, weightedLayers), data };
}

function familySpace(data: UserDataSetup, weightedLayers: number | undefined): SearchSpace {
  const model = data.model;
  switch (model.kind) {
    case 'mlp':
      return mlpSearchSpace(data.task);
    case 'cnn':
      return IMAGE_CNN_SEARCH_SPACE;
    case 'user-model':
      if (model.tuneTrainable && weightedLayers === undefined) throw new Error('defaultDataSetup: tuning which layers of your model train needs its weighted layer count');
      return userModelSearchSpace(weightedLayers ?? 1, model.tuneTrainable);
    default: {
      const unreachable: never = model;
      return unreachable;
    }
  }
}

const BACKENDS = ['auto', ...BACKEND_NAMES] as const;

/** Checks untrusted input (a file, a URL) and returns a frozen, fully defaulted setup. */
export function validateSetup(raw: unknown): SetupConfig {
  const { task } = parsed(v.object({ task: v.unknown() }, objectMessage), raw);
  if (!isTaskId(task)) throw new SetupError('task', `unknown task ${shortValue(task)} (expected one of ${Object.keys(TASKS).join(', ')})`);
  const user = TASKS[task].kind === 'user';
  const data = (raw as { readonly data?: unknown }).data;
  if (user && data === undefined) throw new SetupError('data', 'is missing: a study on your data names its files (by fingerprint) and what to learn from them');
  if (!user && data !== undefined) throw new SetupError('data', `applies to a study on your own data only, not to ${TASKS[task].label}`);
  const r = parsed(setupSchema(task), raw);
  const scheduler = isNoScheduler(r.scheduler) ? undefined : checked('scheduler', checkSchedulerSetup(r.scheduler, { space: r.space, epochs: r.budget.epochs, strategy: r.strategy }));
  const constraints = r.constraints === undefined || r.constraints === null ? [] : checked('constraints', checkConstraints(r.constraints, { task, space: r.space }));
  const folds = r.folds ?? 1;
  if (folds > 1 && TASKS[task].kind === 'synthetic') throw new SetupError('folds', 'cross-validation applies to real training only (the CNN tasks and your data)');
  if (folds > 1 && scheduler !== undefined && needsCheckpoints(scheduler)) {
    throw new SetupError('folds', `${SCHEDULER_SHORT[scheduler.name]} resumes trials from checkpoints, which hold one model, not one per fold: use 1 fold or another scheduler`);
  }
  const setup: SetupConfig = {
    task,
    space: r.space,
    strategy: r.strategy,
    samplerOptions: Object.freeze(JSON.parse(JSON.stringify(r.samplerOptions ?? {})) as Record<string, unknown>),
    budget: Object.freeze({ trials: r.budget.trials, minutes: r.budget.minutes ?? null, epochs: r.budget.epochs }),
    workers: r.workers,
    backend: r.backend,
    seed: r.seed,
  };
  const objective = r.objective === undefined || isDefaultObjective(r.objective) ? undefined : Object.freeze({ metric: r.objective.metric, direction: r.objective.direction });
  return Object.freeze({
    ...setup,
    ...(folds === 1 ? {} : { folds }),
    ...(r.samples === undefined ? {} : { samples: Object.freeze({ ...r.samples }) }),
    ...(scheduler === undefined ? {} : { scheduler }),
    ...(constraints.length === 0 ? {} : { constraints: Object.freeze(constraints) }),
    ...(objective === undefined ? {} : { objective }),
    ...(r.data === undefined ? {} : { data: frozenDataSetup(r.data) }),
  });
}

/** The setup's shape for one task: field by field, in the order problems are reported. */
function setupSchema(task: TaskId) {
  return v.pipe(
    v.object(
      {
        space: v.pipe(v.unknown(), v.rawTransform(({ dataset, addIssue, NEVER }) => spaceFor(task, dataset.value, (message) => addIssue({ message })) ?? NEVER)),
        data: TASKS[task].kind === 'user' ? DATA_SETUP_SCHEMA : v.optional(v.undefined()),
        strategy: v.picklist(STRATEGIES, (issue) => `unknown strategy ${shortValue(issue.input)} (expected one of ${STRATEGIES.join(', ')})`),
        samplerOptions: v.optional(v.record(v.string(), v.unknown(), objectMessage)),
        budget: v.object(
          {
            trials: integerIn(1, MAX_TRIALS_PER_STUDY),
            minutes: v.nullish(v.pipe(v.number(positiveMessage), v.finite(positiveMessage), v.gtValue(0, positiveMessage), v.maxValue(24 * 60, positiveMessage))),
            epochs: integerIn(1, maxEpochs(task)),
          },
          objectMessage,
        ),
        workers: integerIn(1, 16),
        backend: v.picklist(BACKENDS, (issue) => `unknown backend ${shortValue(issue.input)} (expected one of ${BACKENDS.join(', ')})`),
        seed: integerIn(0, 2 ** 31 - 1),
        samples: TASKS[task].kind === 'user' ? v.optional(v.undefined('a study on your data trains on all its training rows each epoch: leave samples out')) : v.optional(v.object({ train: integerIn(32, 60_000), validation: integerIn(16, 10_000) }, objectMessage)),
        scheduler: v.nullish(v.unknown()),
        constraints: v.nullish(v.unknown()),
        folds: v.optional(integerIn(1, MAX_FOLDS)),
        objective: v.optional(
          v.object(
            {
              metric: v.string((issue) => `must be a metric name, got ${shortValue(issue.input)}`),
              direction: v.picklist(DIRECTIONS, (issue) => `must be "minimize" or "maximize", got ${shortValue(issue.input)}`),
            },
            objectMessage,
          ),
        ),
      },
      objectMessage,
    ),
    v.forward(
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed || dataset.value.data === undefined) return;
        const misfit = taskSpaceProblem(task, dataset.value.space, dataset.value.data.model.kind);
        if (misfit !== null) addIssue({ message: misfit.param === null ? misfit.problem : `parameter "${misfit.param}": ${misfit.problem}` });
      }),
      ['space'],
    ),
    v.forward(
      v.check((r) => r.objective === undefined || setupMetric({ task, data: r.data }, r.objective.metric) !== undefined, (issue) => {
        const owner = issue.input.data === undefined ? TASKS[task].label : `A ${issue.input.data.task} study on your data`;
        return `${owner} reports no metric ${shortValue(issue.input.objective?.metric)} (expected one of ${setupMetrics({ task, data: issue.input.data }).map((m) => m.name).join(', ')})`;
      }),
      ['objective', 'metric'],
    ),
    v.forward(
      v.check((r) => r.samplerOptions?.costAware === undefined || (typeof r.samplerOptions.costAware === 'boolean' && r.strategy === 'gp'), (issue) =>
        `cost-aware search is a true/false option of the Bayesian (gp) strategy, got ${shortValue(issue.input.samplerOptions?.costAware)} for ${issue.input.strategy}`,
      ),
      ['samplerOptions', 'costAware'],
    ),
    v.forward(
      v.check((r) => r.strategy !== 'grid' || r.samplerOptions?.resolution === undefined || v.is(integerIn(2, MAX_GRID_RESOLUTION), r.samplerOptions.resolution), (issue) =>
        integerMessage(2, MAX_GRID_RESOLUTION, issue.input.samplerOptions?.resolution),
      ),
      ['samplerOptions', 'resolution'],
    ),
    v.forward(
      v.rawCheck(({ dataset, addIssue }) => {
        if (!dataset.typed || dataset.value.strategy === 'manual') return;
        const problem = samplerProblem(dataset.value.strategy, dataset.value.samplerOptions ?? {});
        if (problem !== null) addIssue({ message: problem });
      }),
      ['samplerOptions'],
    ),
  );
}

/**
 * The validated space, or null after telling `refuse` what is wrong with it (for itself, or for the
 * task; a user-data space is checked against its data's model family once `data` is read).
 */
function spaceFor(task: TaskId, raw: unknown, refuse: (message: string) => void): SearchSpace | null {
  let space: SearchSpace;
  try {
    space = validateSpace(raw);
  } catch (e) {
    if (!(e instanceof SearchSpaceError)) throw e;
    refuse(e.param === null ? e.problem : `parameter "${e.param}": ${e.problem}`);
    return null;
  }
  const misfit = TASKS[task].kind === 'user' ? null : taskSpaceProblem(task, space);
  if (misfit === null) return space;
  refuse(misfit.param === null ? misfit.problem : `parameter "${misfit.param}": ${misfit.problem}`);
  return null;
}

/** What the sampler's own constructor says about these options, or null when it takes them. */
function samplerProblem(strategy: SamplerName, options: Readonly<Record<string, unknown>>): string | null {
  try {
    createSampler(strategy, { ...options });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function checked<T>(path: string, result: T | string): T {
  if (typeof result === 'string') throw new SetupError(path, result);
  return result;
}

function positiveMessage(issue: v.BaseIssue<unknown>): string {
  return `must be a number in (0, ${24 * 60}], got ${shortValue(issue.input)}`;
}
