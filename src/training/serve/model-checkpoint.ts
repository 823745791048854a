/**
 * Checkpoints of a user's tfjs model: its weights plus its optimiser's state, in the
 * 'tfjs-weights/1' format the built-in trainer writes (see checkpoint.ts, whose readers this
 * reuses): one buffer per tensor, the model's first, then `optimizer.getWeights()`'s, and a
 * manifest `{ optimizerName, model, optimizer }` of their names, shapes and dtypes. Here
 * `optimizerName` is the optimiser's tfjs class name ('Adam', 'SGD', …).
 *
 * Model weights are named `<LayerClass>[<layer index>]/<weight>` (as checkpoint.ts names them),
 * so they match across workers whatever tfjs's global layer counters say. Restoring (checkpoint.ts's
 * restoreCheckpoint) refuses a checkpoint whose weights do not fit the model, naming the first one
 * that differs; the optimiser state is restored only when the optimiser is of the same class (the
 * current learning rate applies either way, since the optimiser is built from the current params).
 */
import * as tf from '@tensorflow/tfjs';
import { readModelWeights, readOptimizerState, restoreCheckpoint } from './checkpoint';
import { WEIGHTS_CHECKPOINT_FORMAT } from './protocol';
import { TrialFailure } from './failure';
import type { TrialCheckpoint } from './protocol';
import type { CheckpointState } from './task';

const direct = <T>(work: Promise<T>): Promise<T> => work;

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
export function restoreModelState(checkpoint: TrialCheckpoint, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<{ readonly optimizerRestored: boolean }> {
  return restoreCheckpoint(checkpoint, model, optimizer, optimizer.getClassName(), 'the model');
}
