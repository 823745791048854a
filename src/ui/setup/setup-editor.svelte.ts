/**
 * The Setup form: a draft of a `SetupConfig` as the learner edits it. Numbers are bound to inputs
 * directly; the search space goes through a `SpaceEditor`. `config` is the validated setup, or null
 * while a field is wrong (`errors` then says which and why, by field path). A study on the user's
 * own data takes its `data` from `picker` (the "Your data" part of the form), and its space and
 * objective follow that data's model family and task kind.
 */
import { defaultWorkerCount } from '../../runner';
import type { BackendPreference, ModelFamilyKind } from '../../training';
import { isRealTask, TASKS, taskStructural, type TaskId } from './tasks';
import { taskAccepts, taskNewParam, taskParamNames, taskParamProblem } from './task-space';
import { DEFAULT_SAMPLES, defaultDataSetup, defaultSetup, MAX_GRID_RESOLUTION, SetupError, validateSetup, type SetupConfig, type Strategy } from './setup-config';
import { SpaceEditor, type SpaceEditorOptions } from './space-editor.svelte';
import { constraintKindFor, type ConstraintKind } from './constraint-setup';
import { objectiveOf, setupMetric } from './objective';
import { DataPicker, type DataChange, type DataPickerDeps } from '../data/data-picker.svelte';
import type { UserDataSetup } from './data-setup';
import type { Direction } from '../../tuner';
import { needsCheckpoints, pbtOptions, pbtRefusal, pbtSplit, SCHEDULER_SHORT, schedulerChoiceOf, type SchedulerChoice, type SchedulerSetup } from './scheduler-setup';

export class SetupEditor {
  task = $state<TaskId>('branin');
  strategy = $state<Strategy>('gp');
  trials = $state(30);
  /** Minutes, or null (no time limit). */
  minutes = $state<number | null>(null);
  epochs = $state(10);
  workers = $state(4);
  backend = $state<BackendPreference>('auto');
  seed = $state(1);
  /** Real tasks: training / validation samples per trial. */
  trainSamples = $state(DEFAULT_SAMPLES.train);
  validationSamples = $state(DEFAULT_SAMPLES.validation);
  /** Real tasks: cross-validation folds (1 = one train/validation split). */
  folds = $state(1);
  /** Grid points per axis for continuous parameters (grid strategy only). */
  gridResolution = $state(5);
  /** Scheduler and its key options (kept while switching, so the form remembers them). */
  scheduler = $state<SchedulerChoice>('none');
  /** ASHA / Hyperband / BOHB: reduction factor η and the first rung's epochs. */
  reductionFactor = $state(3);
  minEpochs = $state(1);
  /** Median stopping: epochs before a trial can be stopped. */
  graceEpochs = $state(1);
  /** PBT: population, epochs between exploit steps, and the parameters it may perturb (null = every algorithm one). */
  population = $state(4);
  readyEvery = $state(1);
  pbtParams = $state<string[] | null>(null);
  /** Bayesian strategy: expected improvement per unit of predicted cost (GP `costAware`). */
  costAware = $state(false);
  /** The task's constraint (parameters ≤ N for CNN tasks, a sum of parameters ≤ N for synthetic ones): on, and N. */
  constraintOn = $state(false);
  constraintMax = $state(DEFAULT_CONSTRAINT_MAX['param-sum']);
  /** The metric the study optimises, and whether it goes down or up. */
  objectiveMetric = $state('valLoss');
  objectiveDirection = $state<Direction>('minimize');
  /** Whether the real-training workers keep checkpoints (set by the app from the worker factory). */
  realCheckpoints = $state(false);
  space: SpaceEditor = $state(new SpaceEditor(defaultSetup('branin').space, spaceOptions('branin')));
  /** The user's data (task 'user-data'): the picked table or image folder, and their model if any. */
  readonly picker: DataPicker;
  /** The model family, task kind and layer count the space was last set up for (see `dataChanged`). */
  private spaceFamily: string | null = null;

  /** Field path → message; the space's rows report through `space.errors`. */
  readonly errors = $derived.by(() => this.check().errors);
  readonly config = $derived.by(() => this.check().config);

  /** `hardwareConcurrency`: CPU cores (default navigator.hardwareConcurrency), for real tasks' worker count. */
  /** `pickerDeps`: the data-prep worker and the register of sources "Your data" uses (default: the page's). */
  constructor(
    initial: SetupConfig = defaultSetup(),
    private readonly hardwareConcurrency: number | undefined = globalThis.navigator?.hardwareConcurrency,
    pickerDeps?: DataPickerDeps,
  ) {
    this.picker = new DataPicker(
      () => ({ seed: this.seed, folds: this.folds }),
      (change) => this.dataChanged(change),
      pickerDeps,
    );
    this.load(initial);
  }

  /** Replaces the draft with a whole setup (a shared URL, a saved study). */
  load(setup: SetupConfig): void {
    this.task = setup.task;
    this.strategy = setup.strategy;
    this.trials = setup.budget.trials;
    this.minutes = setup.budget.minutes;
    this.epochs = setup.budget.epochs;
    this.workers = setup.workers;
    this.backend = setup.backend;
    this.seed = setup.seed;
    this.trainSamples = setup.samples?.train ?? DEFAULT_SAMPLES.train;
    this.validationSamples = setup.samples?.validation ?? DEFAULT_SAMPLES.validation;
    this.folds = setup.folds ?? 1;
    const resolution = setup.samplerOptions.resolution;
    this.gridResolution = typeof resolution === 'number' ? resolution : 5;
    this.costAware = setup.samplerOptions.costAware === true;
    const constraint = setup.constraints?.[0];
    this.constraintOn = constraint !== undefined;
    this.constraintMax = constraint?.max ?? DEFAULT_CONSTRAINT_MAX[constraintKindFor(setup.task)];
    this.space = new SpaceEditor(setup.space, spaceOptions(setup.task, setup.data?.model.kind));
    this.spaceFamily = setup.data === undefined ? null : familyKey(setup.data, this.picker.weightedLayers);
    if (setup.data !== undefined) void this.picker.restore(setup.data);
    this.loadScheduler(setup.scheduler);
    const objective = objectiveOf(setup);
    this.objectiveMetric = objective.metric;
    this.objectiveDirection = objective.direction;
  }

  /** Chooses the metric to optimise, with its natural direction (a loss down, an accuracy up). */
  chooseMetric(name: string): void {
    this.objectiveMetric = name;
    this.objectiveDirection = setupMetric(this.metricContext, name)?.direction ?? this.objectiveDirection;
  }

  /** Chooses a scheduler; BOHB brings its own model, so it takes the Bayesian (GP) strategy. */
  chooseScheduler(choice: SchedulerChoice): void {
    this.scheduler = choice;
    if (choice === 'bohb') this.strategy = 'gp';
  }

  /** PBT: which of the space's parameters it may perturb, and which it must keep (structural). */
  get pbtChoice(): { readonly algorithm: string[]; readonly structural: string[]; readonly chosen: string[]; readonly refusal: string | null } {
    const extra = taskStructural(this.task);
    const split = pbtSplit(this.space.space ?? {}, extra);
    const chosen = this.pbtParams === null ? split.algorithm : this.pbtParams.filter((p) => split.algorithm.includes(p));
    return { ...split, chosen, refusal: pbtRefusal(split.structural, extra) };
  }

  togglePbtParam(name: string, on: boolean): void {
    const set = new Set(this.pbtChoice.chosen);
    if (on) set.add(name);
    else set.delete(name);
    this.pbtParams = this.pbtChoice.algorithm.filter((n) => set.has(n));
  }

  private loadScheduler(setup: SchedulerSetup | undefined): void {
    this.scheduler = schedulerChoiceOf(setup);
    const o = setup?.options ?? {};
    const num = (key: string, fallback: number) => (typeof o[key] === 'number' ? (o[key] as number) : fallback);
    this.reductionFactor = num('reductionFactor', 3);
    this.minEpochs = num('minEpochs', 1);
    this.graceEpochs = num('graceEpochs', 1);
    this.population = num('populationSize', 4);
    this.readyEvery = num('readyEvery', 1);
    this.pbtParams = Array.isArray(o.hyperparameters) ? (o.hyperparameters as string[]).slice() : null;
  }

  /** The scheduler part of the draft, or undefined for none. */
  private schedulerSetup(): SchedulerSetup | undefined {
    if (this.strategy === 'manual') return undefined; // the duel has no scheduler (its fields are hidden)
    switch (this.scheduler) {
      case 'none':
        return undefined; // the loop's default FIFO
      case 'median':
        return { name: 'median', options: { graceEpochs: this.graceEpochs } };
      case 'asha':
      case 'hyperband':
      case 'bohb':
        return { name: this.scheduler, options: { reductionFactor: this.reductionFactor, minEpochs: this.minEpochs } };
      case 'pbt':
        return { name: 'pbt', options: pbtOptions(this.pbtChoice.chosen, taskStructural(this.task), { populationSize: this.population, readyEvery: this.readyEvery }) };
      default: {
        const unreachable: never = this.scheduler;
        return unreachable;
      }
    }
  }

  /**
   * Switches task and takes that task's defaults (space, budget); keeps strategy, seed and backend,
   * and the objective when the new task reports its metric.
   * Real tasks get as many workers as run well side by side on this machine (`defaultWorkerCount`).
   */
  chooseTask(task: TaskId): void {
    const { strategy, seed, backend } = this;
    const data = task === 'user-data' ? (this.picker.dataSetup ?? undefined) : undefined;
    const objective = setupMetric({ task, data }, this.objectiveMetric) === undefined ? {} : { objectiveMetric: this.objectiveMetric, objectiveDirection: this.objectiveDirection };
    const kept = { scheduler: this.scheduler, reductionFactor: this.reductionFactor, minEpochs: this.minEpochs, graceEpochs: this.graceEpochs, population: this.population, readyEvery: this.readyEvery };
    const defaults = data === undefined ? defaultSetup(task) : defaultDataSetup(data, this.picker.weightedLayers);
    const workers = TASKS[task].kind === 'cnn' ? defaultWorkerCount(this.hardwareConcurrency, backend === 'cpu' || backend === 'wasm' ? backend : 'webgl') : defaults.workers;
    this.load({ ...defaults, strategy, seed, backend, workers });
    Object.assign(this, kept, objective);
  }

  /** Real training in workers (CNN tasks and the user's data), not a simulation. */
  get isReal(): boolean {
    return isRealTask(this.task);
  }

  /** The built-in CNN tasks (they take a number of training and validation samples). */
  get isCnn(): boolean {
    return TASKS[this.task].kind === 'cnn';
  }

  /** What the objective's metrics depend on: the task, and on user data its task kind. */
  get metricContext(): { readonly task: TaskId; readonly data?: UserDataSetup } {
    const data = this.task === 'user-data' ? this.picker.dataSetup : null;
    return data === null ? { task: this.task } : { task: this.task, data };
  }

  /** The model family the space is checked against (the MLP outside user data). */
  get family(): ModelFamilyKind {
    return this.task === 'user-data' ? (this.picker.dataSetup?.model.kind ?? 'mlp') : 'mlp';
  }

  /**
   * The picked data changed: when its model family, task kind or model's layers differ from what
   * the space was set up for, take that family's default space, and its default objective when
   * the current metric is not one the data reports. Other edits (budget, strategy…) stay, and a
   * loaded setup whose files were found again keeps its own space.
   */
  dataChanged(change: DataChange): void {
    const data = this.picker.dataSetup;
    if (this.task !== 'user-data' || data === null) return;
    const key = familyKey(data, this.picker.weightedLayers);
    if (key === this.spaceFamily) return;
    this.spaceFamily = key;
    if (change === 'restored') {
      this.space = new SpaceEditor(this.space.space ?? defaultDataSetup(data, this.picker.weightedLayers).space, spaceOptions('user-data', data.model.kind));
      return;
    }
    const defaults = defaultDataSetup(data, this.picker.weightedLayers);
    this.space = new SpaceEditor(defaults.space, spaceOptions('user-data', data.model.kind));
    this.pbtParams = null;
    if (setupMetric({ task: 'user-data', data }, this.objectiveMetric) === undefined) {
      const objective = objectiveOf(defaults);
      this.objectiveMetric = objective.metric;
      this.objectiveDirection = objective.direction;
    }
  }

  private check(): { config: SetupConfig | null; errors: Map<string, string> } {
    const errors = new Map<string, string>();
    const space = this.space.space;
    if (space === null) errors.set('space', this.space.spaceError ?? 'Fix the parameters marked below.');
    const data = this.task === 'user-data' ? this.picker.dataSetup : null;
    const raw = {
      task: this.task,
      space: space ?? {},
      strategy: this.strategy,
      samplerOptions: this.strategy === 'grid' ? { resolution: this.gridResolution } : this.strategy === 'gp' && this.costAware ? { costAware: true } : {},
      budget: { trials: this.trials, minutes: this.minutes === null || Number.isNaN(this.minutes) ? null : this.minutes, epochs: this.epochs },
      workers: this.workers,
      backend: this.backend,
      seed: this.seed,
      ...(this.isCnn ? { samples: { train: this.trainSamples, validation: this.validationSamples } } : {}),
      ...(this.isReal ? { folds: this.folds } : {}),
      ...(data === null ? {} : { data }),
      scheduler: this.schedulerSetup(),
      ...(this.constraintOn && this.task !== 'user-data' ? { constraints: [{ kind: constraintKindFor(this.task), max: this.constraintMax }] } : {}),
      objective: { metric: this.objectiveMetric, direction: this.objectiveDirection },
    };
    if (this.strategy === 'grid' && !(Number.isInteger(this.gridResolution) && this.gridResolution >= 2 && this.gridResolution <= MAX_GRID_RESOLUTION)) {
      errors.set('samplerOptions.resolution', `Grid points per axis must be a whole number from 2 to ${MAX_GRID_RESOLUTION}.`);
    }
    const scheduler = raw.scheduler;
    if (this.isCnn && !this.realCheckpoints && scheduler !== undefined && needsCheckpoints(scheduler)) {
      errors.set(
        'scheduler',
        `${SCHEDULER_SHORT[scheduler.name]} pauses trials and resumes them from checkpoints${scheduler.name === 'pbt' ? ' (and starts new trials from the best ones’ weights)' : ''}, ` +
          'but the real-training workers cannot keep checkpoints yet. Choose FIFO or median stopping for this task, or run it on a synthetic task.',
      );
    }
    if (this.task === 'user-data') {
      const problem = this.picker.problem;
      if (problem !== null) errors.set('data', problem);
    }
    if (space === null || errors.size > 0) return { config: null, errors };
    try {
      return { config: validateSetup(raw), errors };
    } catch (error) {
      if (!(error instanceof SetupError)) throw error;
      errors.set(error.path, `${error.problem[0]?.toUpperCase() ?? ''}${error.problem.slice(1)}.`);
      return { config: null, errors };
    }
  }
}

/** A starting limit per constraint kind: about half of Branin's box sum, a small CNN's parameter count. */
const DEFAULT_CONSTRAINT_MAX: Readonly<Record<ConstraintKind, number>> = { 'param-sum': 8, 'param-count': 50_000 };

/** The space editor's rules for a task (on user data: its model family): the same checks `validateSetup` runs on shared and imported setups. */
export function spaceOptions(task: TaskId, family: ModelFamilyKind = 'mlp'): SpaceEditorOptions {
  return {
    names: taskParamNames(task, family),
    fixedNames: TASKS[task].kind === 'synthetic',
    paramProblem: (name, def) => taskParamProblem(task, name, def, family),
    accepts: (name) => taskAccepts(task, name, family),
    newParam: (name) => taskNewParam(task, name, family),
  };
}

/** What a user-data space depends on: the model family, the task kind, and the user's model's layers. */
function familyKey(data: UserDataSetup, weightedLayers: number | undefined): string {
  const model = data.model;
  return model.kind === 'user-model' ? `user-model/${model.tuneTrainable}/${weightedLayers ?? '?'}` : `${model.kind}/${data.task}`;
}
