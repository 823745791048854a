/**
 * The Setup form: a draft of a `SetupConfig` as the learner edits it. Numbers are bound to inputs
 * directly; the search space goes through a `SpaceEditor`. `config` is the validated setup, or null
 * while a field is wrong (`errors` then says which and why, by field path).
 */
import { defaultWorkerCount } from '../../runner/pool';
import { CONFIG_NAMES } from '../../training/config';
import type { BackendPreference } from '../../training/protocol';
import { TASKS, type TaskId } from '../tasks';
import { DEFAULT_SAMPLES, defaultSetup, SetupError, validateSetup, type SetupConfig, type Strategy } from './setup-config';
import { SpaceEditor } from './space-editor.svelte';

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
  /** Grid points per axis for continuous parameters (grid strategy only). */
  gridResolution = $state(5);
  space: SpaceEditor = $state(new SpaceEditor(defaultSetup('branin').space, spaceOptions('branin')));

  /** Field path → message; the space's rows report through `space.errors`. */
  readonly errors = $derived.by(() => this.check().errors);
  readonly config = $derived.by(() => this.check().config);

  /** `hardwareConcurrency`: CPU cores (default navigator.hardwareConcurrency), for real tasks' worker count. */
  constructor(
    initial: SetupConfig = defaultSetup(),
    private readonly hardwareConcurrency: number | undefined = globalThis.navigator?.hardwareConcurrency,
  ) {
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
    const resolution = setup.samplerOptions.resolution;
    this.gridResolution = typeof resolution === 'number' ? resolution : 5;
    this.space = new SpaceEditor(setup.space, spaceOptions(setup.task));
  }

  /**
   * Switches task and takes that task's defaults (space, budget); keeps strategy, seed and backend.
   * Real tasks get as many workers as run well side by side on this machine (`defaultWorkerCount`).
   */
  chooseTask(task: TaskId): void {
    const { strategy, seed, backend } = this;
    const defaults = defaultSetup(task);
    const workers = TASKS[task].kind === 'cnn' ? defaultWorkerCount(this.hardwareConcurrency, backend === 'cpu' ? 'cpu' : 'webgl') : defaults.workers;
    this.load({ ...defaults, strategy, seed, backend, workers });
  }

  get isReal(): boolean {
    return TASKS[this.task].kind === 'cnn';
  }

  private check(): { config: SetupConfig | null; errors: Map<string, string> } {
    const errors = new Map<string, string>();
    const space = this.space.space;
    if (space === null) errors.set('space', this.space.spaceError ?? 'Fix the parameters marked below.');
    const raw = {
      task: this.task,
      space: space ?? {},
      strategy: this.strategy,
      samplerOptions: this.strategy === 'grid' ? { resolution: this.gridResolution } : {},
      budget: { trials: this.trials, minutes: this.minutes === null || Number.isNaN(this.minutes) ? null : this.minutes, epochs: this.epochs },
      workers: this.workers,
      backend: this.backend,
      seed: this.seed,
      ...(this.isReal ? { samples: { train: this.trainSamples, validation: this.validationSamples } } : {}),
    };
    if (this.strategy === 'grid' && !(Number.isInteger(this.gridResolution) && this.gridResolution >= 2 && this.gridResolution <= 50)) {
      errors.set('samplerOptions.resolution', 'Grid points per axis must be a whole number from 2 to 50.');
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

function spaceOptions(task: TaskId) {
  const t = TASKS[task];
  return t.kind === 'cnn' ? { names: CONFIG_NAMES, fixedNames: false } : { names: Object.keys(t.defaultSpace), fixedNames: true };
}
