/**
 * A `TrialTask` made from a user's tfjs model recipe (`ModelTrials`): data loaded once per worker,
 * then per trial: build the model from the params, check that it fits the data, compile it,
 * resume from a checkpoint if given, and train one epoch at a time, reporting every metric tfjs
 * logs. Checkpoints are the model's weights plus the optimiser's state ('tfjs-weights/1'). Every
 * tensor a trial makes is freed when it ends, whatever the ending.
 *
 * Errors in the user's recipe fail the trial with cause 'user-code' and a reason naming the trial
 * and the step ("trial 3: build(params) threw: …", "trial 3: the model's output shape [null, 3]
 * does not fit the labels' shape [300, 10] (…)"); tfjs failing inside `fit` fails it with cause
 * 'error'; a broken data loader fails the worker's setup (every trial then fails with it).
 */
import * as tf from '@tensorflow/tfjs';
import type { Params } from '../../tuner';
import { describeValue, messageOf, TrialFailure } from './failure';
import { restoreModelState } from './model-checkpoint';
import { loadModelData, shapeMismatch, type LoadedData, type ModelData } from './model-data';
import { fitEpoch } from './model-fit';
import type { TrialCheckpoint } from './protocol';

/** Options of `model.fit` a recipe may set per trial (epochs, batches and validation are the tuner's). */
export interface ModelFitOptions {
  /** Shuffle the train split every epoch, seeded by the trial's seed (default true). */
  readonly shuffle?: boolean;
  readonly classWeight?: tf.ClassWeight | tf.ClassWeightMap;
}

/** What `build` knows besides the params: seed the layers' initialisers with `seed` for repeatable trials. */
export interface BuildContext {
  readonly trialId: number;
  readonly seed: number;
}

/**
 * How to train a tfjs model per trial: what `serveModelTrials` takes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { ModelTrials } from 'tfjs-tuner/worker';
 *
 * const n = 100;
 * const recipe: ModelTrials = {
 *   data: () => ({ train: { xs: { values: new Float32Array(n * 8), shape: [n, 8] }, ys: { values: new Float32Array(n), shape: [n, 1] } } }),
 *   build: (params, { seed }) =>
 *     tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: params.units as number, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed }) }), tf.layers.dense({ units: 1 })] }),
 *   compile: (params) => ({ optimizer: tf.train.sgd(params.learningRate as number), loss: 'meanSquaredError', metrics: ['mae'] }),
 *   batchSize: (params) => params.batchSize as number,
 *   fit: { shuffle: true },
 * };
 * ```
 */
export interface ModelTrials {
  /** Loads the data once per worker; gets the `setup` data given to the runner. */
  data(setup: unknown): ModelData | Promise<ModelData>;
  /** A fresh, uncompiled model for `params` (built: its first layer has an `inputShape`). */
  build(params: Params, ctx: BuildContext): tf.LayersModel | Promise<tf.LayersModel>;
  /** `model.compile`'s arguments for `params`: a new optimizer per call, the loss, the metrics. */
  compile(params: Params): tf.ModelCompileArgs;
  /** Samples per batch (default 32). */
  readonly batchSize?: number | ((params: Params) => number);
  /** Further `model.fit` options, fixed or per trial (see `ModelFitOptions`). */
  readonly fit?: ModelFitOptions | ((params: Params) => ModelFitOptions);
}

/** A compiled model for one trial, with what frees it. */
export interface TrialModel {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  readonly paramCount: number;
  readonly batchSize: number;
  readonly fit: ModelFitOptions;
  dispose(): void;
}

const userCode = (trialId: number, problem: string) => new TrialFailure('user-code', `trial ${trialId}: ${problem}`);

function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  // SGD and Momentum keep their learning rate as a tensor that `dispose` leaves behind.
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c !== undefined && !c.isDisposed) c.dispose();
}

async function buildModel(recipe: ModelTrials, params: Params, ctx: BuildContext): Promise<tf.LayersModel> {
  let model: unknown;
  try {
    model = await recipe.build(params, ctx);
  } catch (error) {
    throw userCode(ctx.trialId, `build(params) threw: ${messageOf(error)}`);
  }
  if (model === undefined || model === null) {
    throw userCode(ctx.trialId, `build(params) returned ${describeValue(model)}, not a tf.LayersModel (did it forget to return the model?)`);
  }
  if (!(model instanceof tf.LayersModel)) {
    throw userCode(ctx.trialId, `build(params) returned ${describeValue(model)}, not a tf.LayersModel (make one with tf.sequential() or tf.model())`);
  }
  return model;
}

function positiveInteger(trialId: number, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw userCode(trialId, `${what} is ${describeValue(value)}, not a whole number ≥ 1`);
  return value;
}

/** Builds, checks and compiles the trial's model, restoring `startFrom` when given. */
export async function prepareModel(recipe: ModelTrials, data: LoadedData, params: Params, ctx: BuildContext, startFrom?: TrialCheckpoint): Promise<TrialModel> {
  const { trialId } = ctx;
  const perTrial = <T>(option: T | ((params: Params) => T) | undefined, name: string): T | undefined => {
    if (typeof option !== 'function') return option;
    try {
      return (option as (params: Params) => T)(params);
    } catch (error) {
      throw userCode(trialId, `${name}(params) threw: ${messageOf(error)}`);
    }
  };
  const batchSize = positiveInteger(trialId, 'batchSize', perTrial(recipe.batchSize, 'batchSize') ?? 32);
  const fit = perTrial(recipe.fit, 'fit') ?? {};
  const model = await buildModel(recipe, params, ctx);
  let optimizer: tf.Optimizer | null = null;
  let ownsOptimizer = false;
  const dispose = () => {
    model.dispose();
    if (optimizer !== null && ownsOptimizer) disposeOptimizer(optimizer);
  };
  try {
    if (!Array.isArray(model.inputs) || model.inputs.length === 0) throw userCode(trialId, 'build(params) returned a model that is not built: give its first layer an inputShape');
    const mismatch = shapeMismatch(model, data.train);
    if (mismatch !== null) throw userCode(trialId, mismatch);
    let args: tf.ModelCompileArgs;
    try {
      args = recipe.compile(params);
    } catch (error) {
      throw userCode(trialId, `compile(params) threw: ${messageOf(error)}`);
    }
    if (typeof args !== 'object' || args === null) throw userCode(trialId, `compile(params) returned ${describeValue(args)}, not { optimizer, loss, metrics }`);
    // A model frees an optimizer it made from a name; one passed in as an object is ours to free.
    ownsOptimizer = args.optimizer instanceof tf.Optimizer;
    if (ownsOptimizer) optimizer = args.optimizer as tf.Optimizer;
    try {
      model.compile(args);
    } catch (error) {
      throw userCode(trialId, `model.compile() refused what compile(params) returned: ${messageOf(error)}`);
    }
    optimizer = model.optimizer;
    if (startFrom !== undefined) {
      try {
        await restoreModelState(startFrom, model, optimizer);
      } catch (error) {
        throw new TrialFailure('error', `trial ${trialId}: cannot resume from the checkpoint: ${messageOf(error)}`);
      }
    }
    return { model, optimizer, paramCount: model.countParams(), batchSize, fit, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** Trains `trial` for one epoch on `data` (see model-fit.ts), failing as 'error' when tfjs throws. */
export async function trainEpoch(
  trial: TrialModel,
  data: LoadedData,
  at: { readonly trialId: number; readonly seed: number; readonly epoch: number; readonly timing: { slowestBatchMs: number } },
  stopMidEpoch: () => boolean,
  reportBatch: (batch: number, batches: number, loss: number) => void,
): ReturnType<typeof fitEpoch> {
  try {
    return await fitEpoch({
      model: trial.model,
      train: data.train,
      ...(data.validation === undefined ? {} : { validation: data.validation }),
      batchSize: trial.batchSize,
      shuffle: trial.fit.shuffle ?? true,
      ...(trial.fit.classWeight === undefined ? {} : { classWeight: trial.fit.classWeight }),
      seed: at.seed,
      epoch: at.epoch,
      stopMidEpoch,
      reportBatch,
      timing: at.timing,
    });
  } catch (error) {
    throw new TrialFailure('error', `trial ${at.trialId}: model.fit failed in epoch ${at.epoch}: ${messageOf(error)}`);
  }
}
