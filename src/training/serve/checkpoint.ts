/**
 * A trial's training state as a 'tfjs-weights/1' checkpoint: the model's weights and the
 * optimiser's state, one ArrayBuffer per tensor plus a manifest of names, shapes and dtypes, so a
 * paused trial can resume and a PBT child can start from its parent (possibly in another worker).
 *
 * Entries, in buffer order:
 *   model      every layer's weights in layer order, named `<LayerClass>[<layer index>]/<weight>`
 *              (e.g. `Conv2D[0]/kernel`, `BatchNormalization[1]/moving_mean`): names that do not
 *              depend on tfjs's global layer counters, so they match across models and workers.
 *   optimizer  what `optimizer.getWeights()` returns: `iter` (int32 scalar, steps taken), then the
 *              accumulators per trainable weight (momentum: 1 each; adam: first moments, then
 *              second moments; sgd: none), in the model's trainable-weight order.
 *
 * Restoring checks the model entries against the model the current config builds and refuses a
 * mismatch with the first entry that differs. The optimiser state is restored only when the
 * checkpoint was made with the same optimiser; the learning rate is always the current config's.
 * The buffers are copies made here: no tensor ever aliases a buffer that may be transferred.
 */
import * as tf from '@tensorflow/tfjs';
import { WEIGHTS_CHECKPOINT_FORMAT, type TrialCheckpoint } from './protocol';

export { WEIGHTS_CHECKPOINT_FORMAT };

type CheckpointDtype = 'float32' | 'int32';

export interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: CheckpointDtype;
}

export interface WeightsManifest {
  /** The optimiser whose state `optimizer` holds (a name its trainer chose, e.g. 'adam'); restored only into the same. */
  readonly optimizerName: string;
  /** One per buffer, in order: `model.length` model weights, then `optimizer.length` optimiser tensors. */
  readonly model: readonly TensorEntry[];
  readonly optimizer: readonly TensorEntry[];
}

/** A checkpoint this trainer cannot use; the message says why (shown as the trial's failed reason). */
export class CheckpointMismatchError extends Error {
  override readonly name = 'CheckpointMismatchError';
}

/** Every model weight with its stable name, in checkpoint order. */
function namedModelWeights(model: tf.LayersModel): Array<{ readonly name: string; readonly variable: tf.LayerVariable }> {
  return model.layers.flatMap((layer, index) =>
    layer.weights.map((variable) => ({ name: `${layer.getClassName()}[${index}]/${variable.originalName.split('/').pop() ?? variable.originalName}`, variable })),
  );
}

const formatShape = (shape: ReadonlyArray<number | null>) => `[${shape.join(', ')}]`;

/**
 * A fresh buffer holding `values`. Never the array `data()` returned: the cpu backend hands out the
 * tensor's own storage and webgl caches what it read, so transferring that would detach live data.
 * This copy stays inside the worker; across postMessage the buffer moves (transfer), it is not copied.
 */
function ownBuffer(values: tf.TypedArray): ArrayBuffer {
  return values.slice().buffer as ArrayBuffer;
}

function dtypeOf(tensor: tf.Tensor): CheckpointDtype {
  if (tensor.dtype === 'float32' || tensor.dtype === 'int32') return tensor.dtype;
  throw new Error(`cannot checkpoint a ${tensor.dtype} tensor`);
}

/**
 * Reads the model's weights back and checks them: the name of the first weight holding NaN or ±∞,
 * or null; with `keep`, also each weight's values (copied into own buffers) for a checkpoint.
 * Read after every epoch anyway because the loss alone can hide a blow-up (on WebGPU,
 * relu(NaN) = max(NaN, 0) comes out as 0), so a checkpoint costs no extra read of the model.
 */
export async function readModelWeights(
  model: tf.LayersModel,
  keep: boolean,
  read: <T>(work: Promise<T>) => Promise<T>,
): Promise<{ readonly nonFinite: string | null; readonly entries: TensorEntry[]; readonly buffers: ArrayBuffer[] }> {
  const entries: TensorEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const { name, variable } of namedModelWeights(model)) {
    const tensor = variable.read();
    const values = await read(tensor.data());
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return { nonFinite: variable.name, entries: [], buffers: [] };
    if (keep) {
      entries.push({ name, shape: tensor.shape, dtype: dtypeOf(tensor) });
      buffers.push(ownBuffer(values as tf.TypedArray));
    }
  }
  return { nonFinite: null, entries, buffers };
}

/** The optimiser's state (`getWeights()`), copied into own buffers; frees the `iter` scalar it makes. */
export async function readOptimizerState(
  optimizer: tf.Optimizer,
  read: <T>(work: Promise<T>) => Promise<T>,
): Promise<{ readonly entries: TensorEntry[]; readonly buffers: ArrayBuffer[] }> {
  const named = await optimizer.getWeights();
  const entries: TensorEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  try {
    for (const { name, tensor } of named) {
      const values = await read(tensor.data());
      entries.push({ name, shape: tensor.shape, dtype: dtypeOf(tensor) });
      buffers.push(ownBuffer(values as tf.TypedArray));
    }
  } finally {
    // `iter` is a new scalar; the accumulators are the optimiser's own variables and stay.
    for (const { name, tensor } of named) if (name === 'iter') tensor.dispose();
  }
  return { entries, buffers };
}

/** Assembles a checkpoint from what `readModelWeights` (with `keep`) and `readOptimizerState` read. */
export function assembleCheckpoint(
  epochsDone: number,
  optimizerName: string,
  model: { readonly entries: readonly TensorEntry[]; readonly buffers: readonly ArrayBuffer[] },
  optimizer: { readonly entries: readonly TensorEntry[]; readonly buffers: readonly ArrayBuffer[] },
): TrialCheckpoint {
  const manifest: WeightsManifest = { optimizerName, model: model.entries, optimizer: optimizer.entries };
  return { format: WEIGHTS_CHECKPOINT_FORMAT, epochsDone, buffers: [...model.buffers, ...optimizer.buffers], manifest };
}

/** A copy with new buffers, for when the same state leaves the worker twice (an epoch's progress and the result). */
export function cloneCheckpoint(checkpoint: TrialCheckpoint): TrialCheckpoint {
  return { ...checkpoint, buffers: checkpoint.buffers.map((b) => b.slice(0)) };
}

function isEntry(value: unknown): value is TensorEntry {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.name === 'string' &&
    Array.isArray(e.shape) &&
    e.shape.every((d) => Number.isInteger(d) && d >= 0) &&
    (e.dtype === 'float32' || e.dtype === 'int32')
  );
}

/** The manifest of a 'tfjs-weights/1' checkpoint, checked against its buffers; throws CheckpointMismatchError. */
export function readManifest(checkpoint: TrialCheckpoint): WeightsManifest {
  if (checkpoint.format !== WEIGHTS_CHECKPOINT_FORMAT) {
    throw new CheckpointMismatchError(`checkpoint format "${checkpoint.format}" cannot be read by the tfjs trainer (it reads "${WEIGHTS_CHECKPOINT_FORMAT}")`);
  }
  if (!Number.isInteger(checkpoint.epochsDone) || checkpoint.epochsDone < 0) {
    throw new CheckpointMismatchError(`checkpoint epochsDone must be an integer ≥ 0, got ${checkpoint.epochsDone}`);
  }
  const m = checkpoint.manifest as Partial<Record<keyof WeightsManifest, unknown>> | null;
  if (
    m === null ||
    typeof m !== 'object' ||
    typeof m.optimizerName !== 'string' ||
    !Array.isArray(m.model) ||
    !Array.isArray(m.optimizer) ||
    !m.model.every(isEntry) ||
    !m.optimizer.every(isEntry)
  ) {
    throw new CheckpointMismatchError('checkpoint manifest is not a tfjs-weights/1 manifest (optimizerName, model and optimizer entries)');
  }
  const manifest = m as WeightsManifest;
  const entries = [...manifest.model, ...manifest.optimizer];
  if (entries.length !== checkpoint.buffers.length) {
    throw new CheckpointMismatchError(`checkpoint lists ${entries.length} tensors but holds ${checkpoint.buffers.length} buffers`);
  }
  entries.forEach((entry, i) => {
    const bytes = entry.shape.reduce((n, d) => n * d, 1) * 4;
    const got = checkpoint.buffers[i]?.byteLength ?? 0;
    if (got !== bytes) {
      const detached = got === 0 && bytes > 0 ? ' (a detached buffer: was the checkpoint handed over already?)' : '';
      throw new CheckpointMismatchError(`checkpoint tensor ${entry.name} ${formatShape(entry.shape)} needs ${bytes} bytes, its buffer has ${got}${detached}`);
    }
  });
  return manifest;
}

function tensorOf(entry: TensorEntry, buffer: ArrayBuffer): tf.Tensor {
  // Copied, so the tensor never aliases a buffer the caller may transfer later.
  const values = entry.dtype === 'int32' ? new Int32Array(buffer.slice(0)) : new Float32Array(buffer.slice(0));
  return tf.tensor(values, [...entry.shape], entry.dtype);
}

/**
 * Loads a checkpoint into a freshly built, compiled `model` and its `optimizer` (built from the
 * current config, so the current learning rate applies). Throws CheckpointMismatchError naming the
 * first weight whose layer or shape differs; `modelLabel` is how that message names the model's
 * side ('this config' for the built-in trainer). Frees every tensor it makes.
 * Returns whether the optimiser state was restored (false when the checkpoint used another optimiser).
 */
export async function restoreCheckpoint(
  checkpoint: TrialCheckpoint,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  optimizerName: string,
  modelLabel = 'this config',
): Promise<{ readonly optimizerRestored: boolean }> {
  const manifest = readManifest(checkpoint);
  const weights = namedModelWeights(model);
  const count = Math.max(weights.length, manifest.model.length);
  for (let i = 0; i < count; i++) {
    const want = weights[i];
    const have = manifest.model[i];
    if (want === undefined || have === undefined) {
      throw new CheckpointMismatchError(
        `checkpoint does not fit this model: it has ${manifest.model.length} weight tensors, the model has ${weights.length}` +
          (want === undefined ? ` (extra in the checkpoint: ${have?.name} ${formatShape(have?.shape ?? [])})` : ` (missing from the checkpoint: ${want.name} ${formatShape(want.variable.shape)})`),
      );
    }
    const shape = want.variable.shape;
    if (want.name !== have.name || formatShape(shape) !== formatShape(have.shape)) {
      throw new CheckpointMismatchError(
        `checkpoint does not fit this model: weight ${i + 1} is ${have.name} ${formatShape(have.shape)} in the checkpoint but ${want.name} ${formatShape(shape)} in ${modelLabel}`,
      );
    }
  }
  const modelTensors = manifest.model.map((entry, i) => tensorOf(entry, checkpoint.buffers[i] as ArrayBuffer));
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
  if (manifest.optimizerName !== optimizerName) return { optimizerRestored: false };
  const offset = manifest.model.length;
  const named = manifest.optimizer.map((entry, i) => ({ name: entry.name, tensor: tensorOf(entry, checkpoint.buffers[offset + i] as ArrayBuffer) }));
  try {
    // setWeights makes its own variables from these (sharing data, with a reference of their own).
    await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
  return { optimizerRestored: true };
}
