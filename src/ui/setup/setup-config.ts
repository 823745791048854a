/**
 * A study's setup as the page edits, saves, shares (URL) and exports it. Plain data, validated on
 * the way in: `validateSetup` checks untrusted input against a valibot schema built for its task
 * (the space through the engine's own `validateSpace`) and refuses anything malformed with a
 * `SetupError` naming the field's path (`budget.epochs: must be an integer in [1, 100], got 500`).
 */
import * as v from 'valibot';
import { createSampler, type SamplerName, type SearchSpace, SearchSpaceError, shortValue, validateSpace } from '../../tuner';
import { BACKEND_NAMES, type BackendPreference, CONFIG_DOMAINS } from '../../training';
import { isTaskId, TASKS, type TaskId } from './tasks';
import { taskSpaceProblem } from './task-space';
import { MAX_TRIALS_PER_STUDY } from '../limits';
import { checkSchedulerSetup, isNoScheduler, needsCheckpoints, SCHEDULER_SHORT, type SchedulerSetup } from './scheduler-setup';
import { checkConstraints, type ConstraintSetup } from './constraint-setup';
import { DIRECTIONS, isDefaultObjective, taskMetric, taskMetrics, type SetupObjective } from './objective';

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
  /** The metric to optimise and its direction (objective.ts); absent = valLoss, minimised. */
  readonly objective?: SetupObjective;
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

const BACKENDS = ['auto', ...BACKEND_NAMES] as const;

/** Checks untrusted input (a file, a URL) and returns a frozen, fully defaulted setup. */
export function validateSetup(raw: unknown): SetupConfig {
  const { task } = parsed(v.object({ task: v.unknown() }, objectMessage), raw);
  if (!isTaskId(task)) throw new SetupError('task', `unknown task ${shortValue(task)} (expected one of ${Object.keys(TASKS).join(', ')})`);
  const r = parsed(setupSchema(task), raw);
  const scheduler = isNoScheduler(r.scheduler) ? undefined : checked('scheduler', checkSchedulerSetup(r.scheduler, { space: r.space, epochs: r.budget.epochs, strategy: r.strategy }));
  const constraints = r.constraints === undefined || r.constraints === null ? [] : checked('constraints', checkConstraints(r.constraints, { task, space: r.space }));
  const folds = r.folds ?? 1;
  if (folds > 1 && TASKS[task].kind !== 'cnn') throw new SetupError('folds', 'cross-validation applies to the CNN tasks only');
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
  });
}

/** The setup's shape for one task: field by field, in the order problems are reported. */
function setupSchema(task: TaskId) {
  return v.pipe(
    v.object(
      {
        space: v.pipe(v.unknown(), v.rawTransform(({ dataset, addIssue, NEVER }) => spaceFor(task, dataset.value, (message) => addIssue({ message })) ?? NEVER)),
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
        samples: v.optional(v.object({ train: integerIn(32, 60_000), validation: integerIn(16, 10_000) }, objectMessage)),
        scheduler: v.nullish(v.unknown()),
        constraints: v.nullish(v.unknown()),
        folds: v.optional(integerIn(1, MAX_FOLDS)),
        objective: v.optional(
          v.object(
            {
              metric: v.pipe(
                v.string((issue) => `must be a metric name, got ${shortValue(issue.input)}`),
                v.check((metric) => taskMetric(task, metric) !== undefined, (issue) => `${TASKS[task].label} reports no metric ${shortValue(issue.input)} (expected one of ${taskMetrics(task).map((m) => m.name).join(', ')})`),
              ),
              direction: v.picklist(DIRECTIONS, (issue) => `must be "minimize" or "maximize", got ${shortValue(issue.input)}`),
            },
            objectMessage,
          ),
        ),
      },
      objectMessage,
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

/** The validated space, or null after telling `refuse` what is wrong with it (for itself, or for the task). */
function spaceFor(task: TaskId, raw: unknown, refuse: (message: string) => void): SearchSpace | null {
  let space: SearchSpace;
  try {
    space = validateSpace(raw);
  } catch (e) {
    if (!(e instanceof SearchSpaceError)) throw e;
    refuse(e.param === null ? e.problem : `parameter "${e.param}": ${e.problem}`);
    return null;
  }
  const misfit = taskSpaceProblem(task, space);
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

/** The output of `schema` for `raw`, or a `SetupError` for its first issue (path '(setup)' for the root). */
function parsed<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new SetupError(v.getDotPath(issue) ?? '(setup)', issue.message);
}

function checked<T>(path: string, result: T | string): T {
  if (typeof result === 'string') throw new SetupError(path, result);
  return result;
}

/** 'must be an object', or 'is missing' for a required key that is not there. */
function objectMessage(issue: v.BaseIssue<unknown>): string {
  return issue.path?.[issue.path.length - 1]?.origin === 'key' ? 'is missing' : 'must be an object';
}

function integerMessage(min: number, max: number, input: unknown): string {
  return `must be an integer in [${min}, ${max}], got ${shortValue(input)}`;
}

function integerIn(min: number, max: number) {
  const message = (issue: v.BaseIssue<unknown>) => integerMessage(min, max, issue.input);
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

function positiveMessage(issue: v.BaseIssue<unknown>): string {
  return `must be a number in (0, ${24 * 60}], got ${shortValue(issue.input)}`;
}
