/**
 * What `tune()` takes. Trials run either in the user's task workers (`worker`: a module that calls
 * `serveTrials` or `serveModelTrials` from `tfjs-tuner/worker`) or on any executor factory
 * (`executors`: the simulated backend, a custom one). Every option is checked before anything
 * starts; a bad one throws a `TuneOptionsError` naming it.
 */
import type { Direction, Params, Sampler, SamplerName, Scheduler, SchedulerName, SearchSpace, Study } from '../tuner';
import type { ExecutorFactory, Metrics, RunnerClock, WorkerExecutorOptions } from '../runner';
import type { TuneEvent } from './events';

/**
 * Which metric the study optimises, and in which direction (default `'minimize'`). The metric is
 * one of the names the trial's code reports each epoch: `valLoss`, `valAccuracy`, or its own. An
 * epoch reported without it fails the trial, with a reason that lists the names it did report.
 *
 * @example
 * ```ts
 * import type { TuneObjective } from 'tfjs-tuner';
 *
 * const objective: TuneObjective = { metric: 'valAccuracy', direction: 'maximize' };
 * ```
 */
export interface TuneObjective {
  readonly metric: string;
  readonly direction?: Direction;
}

/**
 * A scheduler (when each trial starts, pauses, continues or stops): a built-in's name, a name with
 * options (`maxEpochs` is `epochs`), or a `Scheduler` object whose `maxEpochs` equals `epochs`.
 *
 * @example
 * ```ts
 * import type { SchedulerChoice } from 'tfjs-tuner';
 *
 * const early: SchedulerChoice = { name: 'asha', options: { minEpochs: 1, reductionFactor: 3 } };
 * const plain: SchedulerChoice = 'fifo';
 * ```
 */
export type SchedulerChoice = SchedulerName | { readonly name: SchedulerName; readonly options?: Readonly<Record<string, unknown>> } | Scheduler;

/**
 * Constraints by name: each computes a value from a complete trial's params and its last epoch's
 * metrics (plus `paramCount` where the task reports it); a value ≤ 0 is satisfied. The sampler
 * then prefers configurations that satisfy all of them, and `study.best` is the best feasible trial.
 *
 * @example
 * ```ts
 * import type { TuneConstraints } from 'tfjs-tuner';
 *
 * const constraints: TuneConstraints = {
 *   paramCount: (_params, metrics) => (metrics.paramCount ?? 0) - 50_000,
 * };
 * ```
 */
export type TuneConstraints = Readonly<Record<string, (params: Params, metrics: Metrics) => number>>;

/**
 * The tfjs backend a task worker tries first (`'auto'`: WebGPU, then WebGL, then WebAssembly, then CPU,
 * passing over software GPU adapters while WebAssembly works), or `'none'`
 * for a task that needs no tfjs.
 *
 * @example
 * ```ts
 * import type { WorkerBackend } from 'tfjs-tuner';
 *
 * const backend: WorkerBackend = 'gpu' in navigator ? 'auto' : 'webgl';
 * ```
 */
export type WorkerBackend = WorkerExecutorOptions['backend'];

/**
 * A task worker module: how to start one, and its name for messages (a bare `() => Worker` is
 * called "task worker").
 *
 * @example
 * ```ts
 * import { tune, type TaskWorkerScript } from 'tfjs-tuner';
 *
 * const worker: TaskWorkerScript = {
 *   name: 'trials.worker.ts',
 *   create: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }),
 * };
 * await tune({ worker, space: { dropout: { type: 'float', low: 0, high: 0.5 } }, objective: { metric: 'valLoss' }, epochs: 5, trials: 8 });
 * ```
 */
export interface TaskWorkerScript {
  /** e.g. "trials.worker.ts"; named in every error about starting it. */
  readonly name: string;
  /** Starts a new worker running the module. */
  create(): Worker;
}

/**
 * Options of `tune()`. Required: `space` (or `study`), `objective`, `epochs`, where trials run
 * (`worker` or `executors`), and a budget (`trials`, `timeLimitMs` or `signal`).
 *
 * @example
 * ```ts
 * import { tune, type TuneOptions } from 'tfjs-tuner';
 *
 * const options: TuneOptions = {
 *   worker: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }),
 *   space: { learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true } },
 *   objective: { metric: 'valLoss', direction: 'minimize' },
 *   epochs: 10,
 *   trials: 20,
 * };
 * const study = await tune(options);
 * ```
 */
export interface TuneOptions {
  /** Starts one of the user's task workers (a fresh one per slot, and for every crashed one). */
  readonly worker?: (() => Worker) | TaskWorkerScript;
  /** Advanced, instead of `worker`: any executor factory, e.g. `createSimulatedBackend(…)` from `tfjs-tuner/runner`. */
  readonly executors?: ExecutorFactory;
  /** Trials run side by side; default by cores and backend (at most 2 on a GPU backend, 8 on cpu). */
  readonly workers?: number;
  /** tfjs backend each worker tries first, falling back down the list; `'none'` for a task without tfjs. Default 'auto'. */
  readonly backend?: WorkerBackend;
  /** Structured-cloneable data handed to each worker's `setup` (with `worker` only). */
  readonly setup?: unknown;
  /** Whether the task workers keep checkpoints for pause/resume and PBT; the worker factory's default when absent (with `worker` only). */
  readonly checkpoints?: boolean;

  /** The search space: parameters by name (see `SearchSpace`). Not with `study`. */
  readonly space?: SearchSpace;
  /**
   * Continue this study instead of creating one (its space, sampler, seed and direction stay). Its
   * enqueued params (`study.enqueue`) run first; trials it has running (left by a page that went
   * away, in a loaded study) are marked failed and run again. One run at a time per study.
   */
  readonly study?: Study;
  readonly objective: TuneObjective;
  /** A built-in sampler's name or a `Sampler`; default 'gp'. */
  readonly sampler?: SamplerName | Sampler;
  /** Options of a built-in sampler given by name. */
  readonly samplerOptions?: Readonly<Record<string, unknown>>;
  /** Default FIFO: every trial trains all `epochs`. */
  readonly scheduler?: SchedulerChoice;
  /** Epochs a trial trains at most (the schedulers' R). */
  readonly epochs: number;
  /** New trials to start (PBT children count, resumes do not). */
  readonly trials?: number;
  /** Then running trials are stopped and the run ends. */
  readonly timeLimitMs?: number;
  /** Seeds the sampler, the scheduler and every trial; the same seed repeats a study. Default 0. */
  readonly seed?: number;
  /** Limits a trial must keep to count as best (see `TuneConstraints`); the sampler steers towards them. */
  readonly constraints?: TuneConstraints;
  /** How often a trial is retried after its worker crashed or fell silent; default 1. */
  readonly retries?: number;
  /** Aborting it ends the run promptly: running trials are stopped and `tune` resolves. */
  readonly signal?: AbortSignal;
  /** Progress as it happens; an `onEvent` that throws ends the run with an error. */
  readonly onEvent?: (event: TuneEvent) => void;
  /** The run's clock; default real time. A simulated backend needs its own clock here. */
  readonly clock?: RunnerClock;
}

/** Every key `TuneOptions` knows, to name a misspelt one. */
export const TUNE_OPTION_NAMES: readonly (keyof TuneOptions)[] = [
  'worker',
  'executors',
  'workers',
  'backend',
  'setup',
  'checkpoints',
  'space',
  'study',
  'objective',
  'sampler',
  'samplerOptions',
  'scheduler',
  'epochs',
  'trials',
  'timeLimitMs',
  'seed',
  'constraints',
  'retries',
  'signal',
  'onEvent',
  'clock',
];
