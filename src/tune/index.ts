/**
 * `tfjs-tuner`: tune a TensorFlow.js model (or any JavaScript objective) in parallel Web Workers
 * from the main thread, with one call. The worker side is `tfjs-tuner/worker`; the engine alone
 * (no tfjs, no DOM) is `tfjs-tuner/engine`; pools, executors and the tuner loop are
 * `tfjs-tuner/runner`.
 *
 * @example
 * ```ts
 * import { tune } from 'tfjs-tuner';
 *
 * const study = await tune({
 *   worker: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }),
 *   space: { learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true } },
 *   objective: { metric: 'valLoss', direction: 'minimize' },
 *   epochs: 10,
 *   trials: 20,
 * });
 * console.log(study.best?.params);
 * ```
 *
 * @module tfjs-tuner
 */
export { tune, MISSING_METRIC_LIMIT } from './tune';
export { TuneError, TuneOptionsError } from './errors';
export { type SchedulerChoice, type TaskWorkerScript, type TuneConstraints, type TuneObjective, type TuneOptions, type WorkerBackend } from './options';
export type { TuneEvent, TuneEventType, TuneFinishReason, TuneTrialState } from './events';

// The engine's names a user of `tune()` works with: spaces, the study it resolves with, samplers and schedulers.
export {
  createScheduler,
  createStudy,
  loadStudy,
  SAMPLER_NAMES,
  SCHEDULER_NAMES,
  SearchSpaceError,
  Study,
  StudyError,
  type CategoricalParam,
  type Direction,
  type FloatParam,
  type IntParam,
  type IntermediateValue,
  type Params,
  type ParamDef,
  type ParamValue,
  type Sampler,
  type SamplerName,
  type Scheduler,
  type SchedulerName,
  type SearchSpace,
  type StudyJSON,
  type Trial,
  type TrialState,
} from '../tuner';
export type { ExecutorFactory, Metrics } from '../runner';
