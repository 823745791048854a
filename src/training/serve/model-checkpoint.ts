/**
 * Checkpoints of a user's tfjs model: its weights plus its optimiser's state, in the
 * 'tfjs-weights/1' format the built-in trainer writes (see checkpoint.ts, whose readers this
 * reuses): one buffer per tensor, the model's first, then `optimizer.getWeights()`'s, and a
 * manifest `{ optimizerName, model, optimizer }` of their names, shapes and dtypes. Here
 * `optimizerName` is the optimiser's tfjs class name ('Adam', 'SGD', …).
 *
 * Model weights are named `<LayerClass>[<layer index>]/<weight>` (as checkpoint.ts names them),
 * so they match across workers whatever tfjs's global layer counters say. Restoring refuses a
 * checkpoint whose weights do not fit the model, naming the first one that differs; the optimiser
 * state is restored only when the optimiser is of the same class (the current learning rate
 * applies either way, since the optimiser is built from the current params).
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointMismatchError, readManifest, readModelWeights, readOptimizerState } from './checkpoint';
import { WEIGHTS_CHECKPOINT_FORMAT } from './protocol';
import { TrialFailure } from './failure';
import type { TrialCheckpoint } from './protocol';
import type { CheckpointState } from './task';

const direct = <T>(work: Promise<T>): Promise<T> => work;
const formatShape = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? 'null').join(', ')}]`;

function weightName(layer: tf.layers.Layer, index: number, variable: tf.LayerVariable): string {
  return `${layer.getClassName()}[${index}]/${variable.originalName.split('/').pop() ?? variable.originalName}`;
}

/**
 * The model's and optimiser's state now. Throws a 'diverged' `TrialFailure` when a weight holds NaN
 * or ±∞ (such a state is not worth resuming).
 */
export async function captureModelState(model: tf.LayersModel, optimizer: tf.Optimizer, trialId: number, epoch: number): Promise<CheckpointState> {
  const weights = await readModelWeights(model, true, direct);
  if (weights.nonFinite !== null) throw new TrialFailure('diverged', `trial ${trialId}: weight ${weights.nonFinite} became NaN or infinite in epoch ${epoch}`);
  const state = await readOptimizerState(optimizer, direct);
  return {
    format: WEIGHTS_CHECKPOINT_FORMAT,
    buffers: [...weights.buffers, ...state.buffers],
    manifest: { optimizerName: optimizer.getClassName(), model: weights.entries, optimizer: state.entries },
  };
}

/**
 * Loads `checkpoint` into a freshly built and compiled `model` and its `optimizer`. Throws a
 * CheckpointMismatchError naming the first weight that differs. Frees every tensor it makes.
 */
export async function restoreModelState(checkpoint: TrialCheckpoint, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<{ readonly optimizerRestored: boolean }> {
  const manifest = readManifest(checkpoint);
  const named = model.layers.flatMap((layer, index) => layer.weights.map((variable) => ({ name: weightName(layer, index, variable), shape: variable.shape })));
  if (named.length !== manifest.model.length) {
    throw new CheckpointMismatchError(`checkpoint does not fit this model: it has ${manifest.model.length} weight tensors, the model has ${named.length}`);
  }
  named.forEach((want, i) => {
    const have = manifest.model[i] as (typeof manifest.model)[number];
    if (want.name !== have.name || formatShape(want.shape) !== formatShape(have.shape)) {
      throw new CheckpointMismatchError(
        `checkpoint does not fit this model: weight ${i + 1} is ${have.name} ${formatShape(have.shape)} in the checkpoint but ${want.name} ${formatShape(want.shape)} in the model`,
      );
    }
  });
  const tensorAt = (i: number) => {
    const entry = i < manifest.model.length ? manifest.model[i] : manifest.optimizer[i - manifest.model.length];
    const buffer = (checkpoint.buffers[i] as ArrayBuffer).slice(0);
    const values = entry?.dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
    return tf.tensor(values, [...(entry?.shape ?? [])], entry?.dtype);
  };
  const modelTensors = manifest.model.map((_, i) => tensorAt(i));
  try {
    let at = 0;
    for (const layer of model.layers) {
      const n = layer.weights.length;
      if (n > 0) layer.setWeights(modelTensors.slice(at, at + n));
      at += n;
    }
  } finally {
    tf.dispose(modelTensors);
  }
  if (manifest.optimizerName !== optimizer.getClassName()) return { optimizerRestored: false };
  const state = manifest.optimizer.map((entry, i) => ({ name: entry.name, tensor: tensorAt(manifest.model.length + i) }));
  try {
    await optimizer.setWeights(state);
  } finally {
    tf.dispose(state.map((s) => s.tensor));
  }
  return { optimizerRestored: true };
}
