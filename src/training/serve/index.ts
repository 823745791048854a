/**
 * `tfjs-tuner/worker`: what a user's worker module calls to serve trials to the tuner running on
 * the page. `serveModelTrials` takes a tfjs model recipe (data, build, compile); `serveTrials`
 * takes any training loop that reports its epochs (tfjs or not). tfjs is a peer dependency, loaded
 * only when a backend is asked for.
 *
 * @example
 * ```ts
 * // trials.worker.ts: the page runs `tune({ worker: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }), … })`
 * import { serveTrials } from 'tfjs-tuner/worker';
 *
 * serveTrials({
 *   train: async (params, report, ctx) => {
 *     for (let epoch = 1; epoch <= ctx.maxEpochs; epoch++) {
 *       if ((await report(epoch, { loss: (params.x as number) ** 2 / epoch })) !== 'continue') return;
 *     }
 *   },
 * });
 * ```
 * @module tfjs-tuner/worker
 */
export { serveTrials } from './serve-trials';
export { serveModelTrials } from './model-trials';
export { TrialFailure } from './failure';
export { configureWasm, WASM_BINARY_NAMES } from './wasm-setup';
export type { WasmBinaryName, WasmBinaryUrls, WasmSettings } from './wasm-setup';
export type { CheckpointFunction, CheckpointState, Report, ReportAnswer, TrainContext, TrainSummary, TrialTask } from './task';
export type { BuildContext, ModelFitOptions, ModelTrials } from './model-task';
export type { ModelData, SplitInput, TensorData, TensorInput } from './model-data';
export type { CheckpointMode, ExportedModel, Metrics, TaskFailureCause, TaskJob, TrialCheckpoint } from './protocol';
