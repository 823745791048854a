/**
 * A trial's model for each family of a user-data study: the params read into the family's config
 * (a bad one fails the trial naming it), then one compiled model per fold ("lane") with its own
 * optimiser.
 *
 *   mlp          buildMlp (mlp.ts)                         decoupled weight decay on its kernels
 *   cnn          the built-in CNN's buildModel (models.ts) with the images' shape and class count;
 *                its weightDecay is the CNN's L2 penalty in the loss, as in the built-in tasks
 *   user-model   tf.loadLayersModel(tf.io.fromMemory(model.json's topology, the weights)), its first
 *                `frozenLayers` weighted layers (layers that hold weights) set trainable = false;
 *                decoupled weight decay on its trainable kernels. Its weights come from the file;
 *                tfjs's own Dropout layers in it draw unseeded masks.
 * Loss: categorical cross-entropy with accuracy (classification), mean squared error on the
 * standardised target (regression).
 */
import * as tf from '@tensorflow/tfjs';
import type { Params } from '../../tuner';
import { configFromParams, DEFAULT_CONFIG, TrainConfigError, type OptimizerName, type TrainConfig } from '../config';
import { buildModel, buildOptimizer, disposeOptimizer } from '../models';
import { messageOf, TrialFailure } from '../serve/failure';
import { mlpParams, userModelParams, type MlpParams, type TrainingParams, type UserModelParams } from './family-params';
import { buildMlp } from './mlp';
import type { CheckedTaskSetup } from './task-setup';

/** A trial's config by family, with what every family shares. */
export type TrialPlan = {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  /** Decoupled decay per step (0: none; the CNN's weight decay is in its loss instead). */
  readonly decoupledDecay: number;
  /** Epochs this trial trains: the budget, lowered by an `epochs` param. */
  readonly epochs: number;
} & (
  | { readonly kind: 'mlp'; readonly mlp: MlpParams }
  | { readonly kind: 'cnn'; readonly cnn: TrainConfig }
  | { readonly kind: 'user-model'; readonly userModel: UserModelParams }
);

/** One fold's compiled model and its optimiser. */
export interface LaneModel {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  /** The kernels decoupled decay shrinks after each step. */
  readonly decayed: readonly tf.LayerVariable[];
}

/** The user's model as the task loads it: model.json's topology, the weight specs and bytes, its weighted layers. */
export interface UserModelSource {
  readonly artifacts: tf.io.ModelArtifacts;
  readonly weightedLayers: number;
}

/** What every family's plan shares, from its training params. */
function shared(training: TrainingParams, epochs: number, decoupledDecay: number) {
  return { optimizer: training.optimizer, learningRate: training.learningRate, batchSize: training.batchSize, decoupledDecay, epochs };
}

/** Reads `params` for the setup's family within a budget of `maxEpochs`; a bad param throws a TrialFailure naming it. */
export function trialPlan(setup: CheckedTaskSetup, userModel: UserModelSource | null, params: Params, maxEpochs: number): TrialPlan {
  const budget = (epochs: number | null) => Math.min(maxEpochs, epochs ?? maxEpochs);
  try {
    switch (setup.family.kind) {
      case 'mlp': {
        const mlp = mlpParams(params);
        return { kind: 'mlp', mlp, ...shared(mlp, budget(mlp.epochs), mlp.weightDecay) };
      }
      case 'cnn': {
        const cnn = configFromParams(params, DEFAULT_CONFIG);
        return { kind: 'cnn', cnn, ...shared(cnn, budget('epochs' in params ? cnn.epochs : null), 0) };
      }
      case 'user-model': {
        if (userModel === null) throw new Error('the user model was not loaded in setup');
        const read = userModelParams(params, userModel.weightedLayers);
        return { kind: 'user-model', userModel: read, ...shared(read, budget(read.epochs), read.weightDecay) };
      }
      default: {
        const unreachable: never = setup.family;
        throw new Error(`unknown model family ${JSON.stringify(unreachable)}`);
      }
    }
  } catch (error) {
    if (error instanceof TrainConfigError) throw new TrialFailure('error', error.message);
    throw error;
  }
}

/**
 * Loads the setup's user model once (setup time): checks that tfjs builds it from the files, that
 * it has one input and one output of `outputUnits` values per sample, and counts its weighted layers.
 * Throws an Error naming the problem.
 */
export async function prepareUserModel(setup: CheckedTaskSetup): Promise<UserModelSource> {
  const files = setup.userModel;
  if (files === null || setup.family.kind !== 'user-model') throw new Error('prepareUserModel: the setup has no user model');
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: files.modelJson['modelTopology'] as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: files.weightSpecs.map((spec) => ({ name: spec.name, shape: [...spec.shape], dtype: spec.dtype })),
    weightData: setup.family.weights,
  };
  const fail = (problem: string) => new Error(`user-data task setup: your model ${problem}`);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw fail(`does not load in tfjs: ${messageOf(error)}`);
  }
  try {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) throw fail(`has ${model.inputs.length} inputs and ${model.outputs.length} outputs; one of each is needed`);
    const output = (model.outputs[0] as tf.SymbolicTensor).shape;
    if (output.length !== 2 || output[1] !== setup.outputUnits) {
      const wanted = setup.dataset.task === 'classification' ? `[null, ${setup.outputUnits}] (one probability per class)` : '[null, 1] (one value)';
      throw fail(`outputs shape [${output.map((d) => d ?? 'null').join(', ')}]; the data needs ${wanted}`);
    }
    const weightedLayers = weightedLayersOf(model).length;
    if (weightedLayers === 0) throw fail('has no layer with weights to train');
    if (setup.dataset.task === 'classification') {
      const problem = notProbabilities(model, setup);
      if (problem !== null) throw fail(`${problem}; a classification model must output class probabilities (end it in a softmax)`);
    }
    return { artifacts, weightedLayers };
  } finally {
    model.dispose();
  }
}

/** Rows the probability check predicts. */
const PROBE_ROWS = 8;

/** Why the model's outputs on a few training rows are not class probabilities (in [0, 1], summing to 1), or null. */
function notProbabilities(model: tf.LayersModel, setup: CheckedTaskSetup): string | null {
  const { dataset } = setup;
  const fold = dataset.folds[0];
  if (fold === undefined) return null;
  const width = dataset.sampleShape.reduce((a, d) => a * d, 1);
  const rows = Math.min(PROBE_ROWS, dataset.rows);
  const values = tf.tidy(() => (model.predict(tf.tensor(fold.features.slice(0, rows * width), [rows, ...dataset.sampleShape])) as tf.Tensor).dataSync());
  for (let r = 0; r < rows; r++) {
    const row = Array.from(values.subarray(r * setup.outputUnits, (r + 1) * setup.outputUnits));
    const sum = row.reduce((a, v) => a + v, 0);
    if (row.some((v) => !(v >= 0 && v <= 1)) || Math.abs(sum - 1) > 1e-3) return `outputs [${row.map((v) => v.toPrecision(3)).join(', ')}] for row ${r}, which are not probabilities`;
  }
  return null;
}

/** The layers of `model` that hold weights, first to last. */
export function weightedLayersOf(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((layer) => layer.weights.length > 0);
}

async function uncompiled(setup: CheckedTaskSetup, userModel: UserModelSource | null, plan: TrialPlan, seed: number): Promise<tf.LayersModel> {
  const { dataset } = setup;
  switch (plan.kind) {
    case 'mlp':
      return buildMlp(plan.mlp, { sampleShape: dataset.sampleShape, task: dataset.task, outputUnits: setup.outputUnits }, seed);
    case 'cnn': {
      const [h, w, c] = dataset.sampleShape as [number, number, number];
      return buildModel(plan.cnn, { shape: [h, w, c], classCount: setup.outputUnits }, seed).model;
    }
    case 'user-model': {
      const model = await tf.loadLayersModel(tf.io.fromMemory((userModel as UserModelSource).artifacts));
      weightedLayersOf(model)
        .slice(0, plan.userModel.frozenLayers)
        .forEach((layer) => {
          layer.trainable = false;
        });
      return model;
    }
    default: {
      const unreachable: never = plan;
      throw new Error(`unknown model family ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A compiled model for one fold; every fold of a trial starts from the same seeded weights. */
export async function buildLane(setup: CheckedTaskSetup, userModel: UserModelSource | null, plan: TrialPlan, seed: number, trialId: number): Promise<LaneModel> {
  let model: tf.LayersModel;
  try {
    model = await uncompiled(setup, userModel, plan, seed);
  } catch (error) {
    throw new TrialFailure('error', `trial ${trialId}: cannot build the ${plan.kind === 'user-model' ? 'model from your files' : plan.kind.toUpperCase()}: ${messageOf(error)}`);
  }
  const optimizer = buildOptimizer({ optimizer: plan.optimizer, learningRate: plan.learningRate, batchSize: plan.batchSize, weightDecay: 0, epochs: plan.epochs });
  try {
    const classification = setup.dataset.task === 'classification';
    model.compile({ optimizer, loss: classification ? 'categoricalCrossentropy' : 'meanSquaredError', ...(classification ? { metrics: ['accuracy'] } : {}) });
    const decayed = plan.decoupledDecay > 0 ? model.trainableWeights.filter((weight) => weight.shape.length >= 2) : [];
    return { model, optimizer, decayed };
  } catch (error) {
    model.dispose();
    disposeOptimizer(optimizer);
    throw new TrialFailure('error', `trial ${trialId}: cannot compile the model: ${messageOf(error)}`);
  }
}

/** Frees a lane's model and optimiser (a lost backend may refuse; the worker is replaced then anyway). */
export function disposeLane(lane: LaneModel): void {
  try {
    lane.model.dispose();
    disposeOptimizer(lane.optimizer);
  } catch {
    // See above.
  }
}

/** w ← w · (1 − learningRate · decay) for each decayed kernel, after a step. */
export function applyDecoupledDecay(lane: LaneModel, learningRate: number, decay: number): void {
  if (lane.decayed.length === 0) return;
  const factor = 1 - learningRate * decay;
  tf.tidy(() => {
    for (const weight of lane.decayed) weight.write(tf.mul(weight.read(), factor));
  });
}
