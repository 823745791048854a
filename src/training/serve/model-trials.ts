/**
 * `serveModelTrials(recipe)`: the high-level worker side. The user gives data, a model builder and
 * how to compile it; this serves trials of that model (see model-task.ts for what happens per
 * trial) and exports a trained one on request.
 */
import type { Params } from '../../tuner';
import { TrialFailure } from './failure';
import { captureModelState } from './model-checkpoint';
import { loadModelData, type LoadedData } from './model-data';
import { evaluateMetrics, modelFiles } from './model-export';
import { prepareModel, trainEpoch, type ModelTrials } from './model-task';
import type { ExportedModel, Metrics, TaskJob } from './protocol';
import { serveTrials } from './serve-trials';
import type { TrialTask } from './task';

/** The `TrialTask` that trains `recipe`'s models (what `serveModelTrials` serves). */
export function modelTrialTask(recipe: ModelTrials): TrialTask {
  let data: LoadedData | null = null;
  const loaded = (trialId: number): LoadedData => {
    if (data === null) throw new TrialFailure('error', `trial ${trialId}: no data is loaded in this worker (init() was not called)`);
    return data;
  };
  return {
    async setup(setup) {
      data?.dispose();
      data = null;
      data = await loadModelData((s) => recipe.data(s), setup);
    },

    async train(params, report, ctx) {
      const split = loaded(ctx.trialId);
      const trial = await prepareModel(recipe, split, params, { trialId: ctx.trialId, seed: ctx.seed }, ctx.startFrom);
      try {
        const timing = { slowestBatchMs: 0 };
        // With checkpoints a stop waits for the epoch's end, so that the pause has a state to keep.
        const stopMidEpoch = () => ctx.signal.aborted && ctx.saveCheckpoint === undefined;
        for (let epoch = (ctx.startFrom?.epochsDone ?? 0) + 1; epoch <= ctx.maxEpochs; epoch++) {
          const done = await trainEpoch(trial, split, { trialId: ctx.trialId, seed: ctx.seed, epoch, timing }, stopMidEpoch, ctx.reportBatch);
          if (done === null) break;
          const answer = await report(epoch, done.metrics, () => captureModelState(trial.model, trial.optimizer, ctx.trialId, epoch));
          if (answer !== 'continue') break;
        }
        return { paramCount: trial.paramCount };
      } finally {
        trial.dispose();
      }
    },

    async exportModel(params: Params, job: TaskJob): Promise<ExportedModel> {
      const split = loaded(job.trialId);
      const trial = await prepareModel(recipe, split, params, { trialId: job.trialId, seed: job.seed }, job.startFrom);
      try {
        const timing = { slowestBatchMs: 0 };
        const from = job.startFrom?.epochsDone ?? 0;
        let metrics: Metrics | null = null;
        for (let epoch = from + 1; epoch <= job.maxEpochs; epoch++) {
          const done = await trainEpoch(trial, split, { trialId: job.trialId, seed: job.seed, epoch, timing }, () => false, () => undefined);
          metrics = done?.metrics ?? metrics;
        }
        metrics ??= await evaluateMetrics(trial.model, split.validation ?? split.train, trial.batchSize, split.validation !== undefined);
        const files = await modelFiles(trial.model);
        return { ...files, metrics, paramCount: trial.paramCount, epochs: Math.max(from, job.maxEpochs) };
      } finally {
        trial.dispose();
      }
    },
  };
}

/**
 * Serves trials of a tfjs model from this worker: call it once, at the top level of your worker
 * module. Each trial builds the model from its params, compiles it, and trains it one epoch at a
 * time on the data, reporting every metric tfjs logs (camelCased: `loss`, `accuracy`, `valLoss`,
 * `valAccuracy`, and your custom metrics' names). Pausing, resuming and PBT hand-overs keep the
 * weights and the optimiser's state.
 *
 * @example
 * ```ts
 * // trials.worker.ts
 * import * as tf from '@tensorflow/tfjs';
 * import { serveModelTrials } from 'tfjs-tuner/worker';
 *
 * serveModelTrials({
 *   data: async () => {
 *     const xs = tf.randomNormal([256, 4]);
 *     const ys = tf.oneHot(tf.argMax(xs, 1), 4);
 *     return { train: { xs, ys }, validation: { xs, ys } };
 *   },
 *   build: (params, { seed }) =>
 *     tf.sequential({
 *       layers: [
 *         tf.layers.dense({ inputShape: [4], units: params.units as number, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
 *         tf.layers.dense({ units: 4, activation: 'softmax' }),
 *       ],
 *     }),
 *   compile: (params) => ({ optimizer: tf.train.adam(params.learningRate as number), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }),
 *   batchSize: 32,
 * });
 * ```
 */
export function serveModelTrials(recipe: ModelTrials): void {
  if (typeof recipe !== 'object' || recipe === null) throw new Error('serveModelTrials(recipe): recipe must be { data, build, compile, batchSize?, fit? }');
  for (const key of ['data', 'build', 'compile'] as const) {
    if (typeof recipe[key] !== 'function') throw new Error(`serveModelTrials(recipe): recipe.${key} must be a function`);
  }
  serveTrials(modelTrialTask(recipe));
}
