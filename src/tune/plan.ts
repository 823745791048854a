/**
 * `tune()`'s options, checked and turned into what a run needs: the study (created, or the one to
 * continue), the scheduler, the executor factory, the pool size and the loop's budgets. Every check
 * throws a `TuneOptionsError` naming the option; nothing is started here.
 */
import {
  createScheduler,
  createStudy,
  isSamplerName,
  isSchedulerName,
  SAMPLER_NAMES,
  SCHEDULER_NAMES,
  validateSpace,
  type Direction,
  type Params,
  type Scheduler,
  type Study,
} from '../tuner';
import { createWorkerExecutorFactory, defaultWorkerCount, realClock, type BackendKind, type ExecutorFactory, type Metrics, type RunnerClock } from '../runner';
import { TuneOptionsError } from './errors';
import { TUNE_OPTION_NAMES, type SchedulerChoice, type TuneConstraints, type TuneOptions, type WorkerBackend } from './options';

/** A checked run. */
export interface TunePlan {
  readonly study: Study;
  readonly scheduler: Scheduler;
  /** Where trials run (not yet guarded for the objective metric). */
  readonly executors: ExecutorFactory;
  readonly workers: number;
  readonly retries: number;
  readonly metric: string;
  readonly maxTrials?: number;
  readonly maxDurationMs?: number;
  readonly constraints?: (params: Params, metrics: Metrics) => Record<string, number>;
  readonly clock: RunnerClock;
}

const DIRECTIONS: readonly Direction[] = ['minimize', 'maximize'];
/** Every `WorkerBackend`, to check the option against. */
const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu', 'none'] as const satisfies readonly WorkerBackend[];

/** Checks `options` and builds the run; throws `TuneOptionsError` naming the first bad option. */
export function planTune(options: TuneOptions): TunePlan {
  if (options === null || typeof options !== 'object') throw new TuneOptionsError('options', `must be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (!(TUNE_OPTION_NAMES as readonly string[]).includes(key)) throw new TuneOptionsError(key, `is not an option of tune() (options: ${TUNE_OPTION_NAMES.join(', ')})`);
  }
  const { metric, direction } = checkObjective(options.objective);
  const epochs = positiveInt('epochs', options.epochs, true) as number;
  const maxTrials = nonNegativeInt('trials', options.trials);
  const timeLimitMs = options.timeLimitMs;
  if (timeLimitMs !== undefined && !(typeof timeLimitMs === 'number' && timeLimitMs >= 0 && Number.isFinite(timeLimitMs))) {
    throw new TuneOptionsError('timeLimitMs', `must be a finite number of milliseconds ≥ 0, got ${describeValue(timeLimitMs)}`);
  }
  if (maxTrials === undefined && timeLimitMs === undefined && options.signal === undefined) {
    throw new TuneOptionsError('trials', 'is missing: give a budget (trials, timeLimitMs, or a signal to abort the run), or it never ends');
  }
  if (options.signal !== undefined && !(typeof options.signal === 'object' && options.signal !== null && 'aborted' in options.signal)) {
    throw new TuneOptionsError('signal', `must be an AbortSignal, got ${describeValue(options.signal)}`);
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') throw new TuneOptionsError('onEvent', 'must be a function (event) => void');
  const backend = options.backend ?? 'auto';
  if (!(BACKENDS as readonly unknown[]).includes(backend)) throw new TuneOptionsError('backend', `must be one of ${BACKENDS.join(', ')}, got ${describeValue(backend)}`);
  const workers = positiveInt('workers', options.workers, false) ?? defaultWorkerCount(globalThis.navigator?.hardwareConcurrency, backendKind(backend));
  const retries = nonNegativeInt('retries', options.retries) ?? 1;
  const clock = options.clock ?? realClock;
  if (typeof clock?.now !== 'function' || typeof clock.setTimer !== 'function') throw new TuneOptionsError('clock', 'must be a RunnerClock ({ now(), setTimer(ms, fn) })');
  const names = constraintNames(options.constraints);
  const study = options.study === undefined ? newStudy(options, direction, names, clock) : continuedStudy(options, direction, names);
  return {
    study,
    scheduler: checkScheduler(options.scheduler, epochs),
    executors: executorsOf(options, backend),
    workers,
    retries,
    metric,
    ...(maxTrials === undefined ? {} : { maxTrials }),
    ...(timeLimitMs === undefined ? {} : { maxDurationMs: timeLimitMs }),
    ...(options.constraints === undefined ? {} : { constraints: constraintFn(options.constraints) }),
    clock,
  };
}

function checkObjective(objective: unknown): { metric: string; direction: Direction } {
  if (objective === null || typeof objective !== 'object') {
    throw new TuneOptionsError('objective', `must be { metric, direction }, e.g. { metric: 'valLoss', direction: 'minimize' }; got ${describeValue(objective)}`);
  }
  const { metric, direction = 'minimize' } = objective as { metric?: unknown; direction?: unknown };
  if (typeof metric !== 'string' || metric.length === 0) throw new TuneOptionsError('objective.metric', `must be a metric name such as 'valLoss', got ${describeValue(metric)}`);
  if (!(DIRECTIONS as readonly unknown[]).includes(direction)) throw new TuneOptionsError('objective.direction', `must be 'minimize' or 'maximize', got ${describeValue(direction)}`);
  return { metric, direction: direction as Direction };
}

function positiveInt(option: string, value: unknown, required: boolean): number | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new TuneOptionsError(option, `must be an integer ≥ 1, got ${describeValue(value)}`);
  return value;
}

function nonNegativeInt(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new TuneOptionsError(option, `must be an integer ≥ 0, got ${describeValue(value)}`);
  return value;
}

/** What the default worker count assumes of a backend preference. */
function backendKind(backend: (typeof BACKENDS)[number]): BackendKind {
  switch (backend) {
    case 'auto':
    case 'webgpu':
    case 'webgl':
      return 'webgl';
    case 'wasm':
      return 'wasm';
    case 'cpu':
    case 'none':
      return 'cpu';
    default: {
      const unreachable: never = backend;
      return unreachable;
    }
  }
}

function newStudy(options: TuneOptions, direction: Direction, constraints: readonly string[], clock: RunnerClock): Study {
  if (options.space === undefined) throw new TuneOptionsError('space', 'is missing: give the search space (or a study to continue)');
  const space = wrap('space', () => validateSpace(options.space));
  const { sampler = 'gp', samplerOptions, seed = 0 } = options;
  if (typeof sampler === 'string' && !isSamplerName(sampler)) throw new TuneOptionsError('sampler', `must be one of ${SAMPLER_NAMES.join(', ')} or a Sampler, got ${describeValue(sampler)}`);
  if (typeof sampler !== 'string' && (sampler === null || typeof sampler !== 'object' || typeof sampler.suggest !== 'function')) {
    throw new TuneOptionsError('sampler', `must be one of ${SAMPLER_NAMES.join(', ')} or a Sampler (an object with suggest()), got ${describeValue(sampler)}`);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new TuneOptionsError('seed', `must be an integer, got ${describeValue(seed)}`);
  const option = samplerOptions === undefined ? 'sampler' : 'samplerOptions';
  return wrap(option, () =>
    createStudy({ space, sampler, ...(samplerOptions === undefined ? {} : { samplerOptions: { ...samplerOptions } }), direction, seed, constraints, clock: () => clock.now() }),
  );
}

/** A study to continue: what defines it stays, so options that would redefine it are refused. */
function continuedStudy(options: TuneOptions, direction: Direction, constraints: readonly string[]): Study {
  const { study } = options;
  if (study === null || typeof study !== 'object' || typeof study.tryAsk !== 'function') throw new TuneOptionsError('study', `must be a Study, got ${describeValue(study)}`);
  for (const key of ['space', 'sampler', 'samplerOptions', 'seed'] as const) {
    if (options[key] !== undefined) throw new TuneOptionsError(key, 'cannot be given with study: a continued study keeps its own');
  }
  if (study.direction !== direction) throw new TuneOptionsError('objective.direction', `is '${direction}' but the study to continue is '${study.direction}'`);
  const declared = [...study.constraints].sort().join(', ');
  if ([...constraints].sort().join(', ') !== declared) {
    throw new TuneOptionsError('constraints', `must be the study's own (${declared || 'none'}), got ${constraints.join(', ') || 'none'}`);
  }
  return study;
}

function checkScheduler(choice: SchedulerChoice | undefined, epochs: number): Scheduler {
  if (choice === undefined) return createScheduler('fifo', { maxEpochs: epochs });
  if (typeof choice === 'object' && choice !== null && 'next' in choice && typeof choice.next === 'function') {
    if (choice.maxEpochs !== epochs) throw new TuneOptionsError('scheduler', `has maxEpochs ${choice.maxEpochs} but epochs is ${epochs}: they must agree`);
    return choice;
  }
  const { name, options = {} } = typeof choice === 'string' ? { name: choice } : ((choice ?? {}) as { name?: unknown; options?: Record<string, unknown> });
  if (!isSchedulerName(name)) throw new TuneOptionsError('scheduler', `must be one of ${SCHEDULER_NAMES.join(', ')}, { name, options } or a Scheduler, got ${describeValue(choice)}`);
  if (options === null || typeof options !== 'object') throw new TuneOptionsError('scheduler.options', `must be an object, got ${describeValue(options)}`);
  if (options.maxEpochs !== undefined && options.maxEpochs !== epochs) {
    throw new TuneOptionsError('scheduler.options', `has maxEpochs ${describeValue(options.maxEpochs)} but epochs is ${epochs}: leave maxEpochs out, epochs sets it`);
  }
  return wrap('scheduler.options', () => createScheduler(name, { ...options, maxEpochs: epochs }));
}

function executorsOf(options: TuneOptions, backend: (typeof BACKENDS)[number]): ExecutorFactory {
  const { worker, executors } = options;
  if ((worker === undefined) === (executors === undefined)) {
    throw new TuneOptionsError(worker === undefined ? 'worker' : 'executors', worker === undefined ? 'is missing: give worker (or executors)' : 'cannot be given with worker: give one of them');
  }
  if (executors !== undefined) {
    if (executors === null || typeof executors !== 'object' || typeof executors.create !== 'function') throw new TuneOptionsError('executors', 'must be an ExecutorFactory ({ kind, create(slot) })');
    for (const key of ['setup', 'checkpoints'] as const) {
      if (options[key] !== undefined) throw new TuneOptionsError(key, 'applies to worker only: with executors, configure the factory');
    }
    return executors;
  }
  const script = typeof worker === 'function' ? { name: 'task worker', create: worker } : worker;
  if (script === null || typeof script !== 'object' || typeof script.create !== 'function' || typeof script.name !== 'string') {
    throw new TuneOptionsError('worker', `must be () => Worker or { name, create() }, got ${describeValue(worker)}`);
  }
  if (options.checkpoints !== undefined && typeof options.checkpoints !== 'boolean') throw new TuneOptionsError('checkpoints', `must be true or false, got ${describeValue(options.checkpoints)}`);
  return createWorkerExecutorFactory({ script, backend, setup: options.setup, checkpoints: options.checkpoints ?? true });
}

function constraintNames(constraints: TuneConstraints | undefined): readonly string[] {
  if (constraints === undefined) return [];
  if (constraints === null || typeof constraints !== 'object' || Array.isArray(constraints)) {
    throw new TuneOptionsError('constraints', `must be an object of functions by name, e.g. { paramCount: (params, metrics) => metrics.paramCount - 50_000 }; got ${describeValue(constraints)}`);
  }
  for (const [name, fn] of Object.entries(constraints)) {
    if (typeof fn !== 'function') throw new TuneOptionsError(`constraints.${name}`, `must be a function (params, metrics) => number, got ${describeValue(fn)}`);
  }
  return Object.keys(constraints);
}

/** One function giving every constraint's value (a throw names the constraint). */
function constraintFn(constraints: TuneConstraints): (params: Params, metrics: Metrics) => Record<string, number> {
  return (params, metrics) => {
    const values: Record<string, number> = {};
    for (const [name, fn] of Object.entries(constraints)) {
      try {
        values[name] = fn(params, metrics);
      } catch (error) {
        throw new Error(`constraint "${name}" threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    return values;
  };
}

/** How a message quotes a value someone gave: numbers as written, anything else as JSON where it can. */
function describeValue(value: unknown): string {
  if (typeof value === 'number' || value === undefined || typeof value === 'function') return String(value).slice(0, 40);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Runs `build`; an error it throws becomes a TuneOptionsError naming `option`, the original as cause. */
function wrap<T>(option: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new TuneOptionsError(option, `is invalid: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
