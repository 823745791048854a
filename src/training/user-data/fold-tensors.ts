/**
 * A user dataset's folds as tensors, made once per worker (in the task's setup) and kept for all
 * its trials: batches and validation chunks are gathered from them by row index, so no trial copies
 * the data.
 *
 * Notation (r = dataset rows, s… = one sample's shape, k = classes):
 *   features  [r, s…]  float32   one per distinct features array: image folds share one, each table
 *                                fold has its own (encoded with that fold's preprocessing)
 *   classes   [r]      int32     class indices (classification), shared by every fold
 *   targets   [r, 1]   float32   (y − mean) / std with the fold's target scale (regression)
 *   truth     the validation rows' labels as they are (class indices, or targets on their own scale)
 *
 * Memory: the dataset's arrays sit on SharedArrayBuffers. On the cpu backend a tensor keeps the
 * array it is made from, so the features are not copied at all; WebGL and WebGPU refuse shared
 * views, so there the features are copied once per worker into a plain array before upload.
 */
import * as tf from '@tensorflow/tfjs';
import type { TargetScale, UserDataset } from './protocol';

/** One fold's tensors and row lists. */
export interface FoldTensors {
  readonly features: tf.Tensor;
  /** Classification: int32 [r] class indices; regression: float32 [r, 1] standardised targets. */
  readonly targets: tf.Tensor;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** Labels of `validation`'s rows, in its order: class indices, or targets on their own scale. */
  readonly truth: Int32Array | Float32Array;
  readonly targetScale: TargetScale | null;
}

/** Every fold's tensors, and what frees them. */
export interface DatasetTensors {
  readonly folds: readonly FoldTensors[];
  dispose(): void;
}

const isShared = (array: Float32Array | Int32Array): boolean => typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer;

/** `array` as tfjs may upload it: as it is on the cpu backend or when not shared, else a plain copy. */
function uploadable<T extends Float32Array | Int32Array>(array: T): T {
  if (tf.getBackend() === 'cpu' || !isShared(array)) return array;
  return array.slice() as T;
}

const sameView = (a: Float32Array, b: Float32Array) => a === b || (a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length);

/** The tensors of every fold of `dataset` (one features tensor per distinct features array). */
export function datasetTensors(dataset: UserDataset): DatasetTensors {
  const made: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(tensor: T): T => {
    made.push(tensor);
    return tensor;
  };
  try {
    const byArray: { readonly array: Float32Array; readonly tensor: tf.Tensor }[] = [];
    const featuresOf = (array: Float32Array): tf.Tensor => {
      const found = byArray.find((entry) => sameView(entry.array, array));
      if (found !== undefined) return found.tensor;
      const tensor = keep(tf.tensor(uploadable(array), [dataset.rows, ...dataset.sampleShape], 'float32'));
      byArray.push({ array, tensor });
      return tensor;
    };
    const classes = dataset.task === 'classification' ? keep(tf.tensor1d(uploadable(dataset.labels as Int32Array), 'int32')) : null;
    const folds = dataset.folds.map((fold): FoldTensors => {
      const features = featuresOf(fold.features);
      const truth = dataset.task === 'classification' ? new Int32Array(fold.validation.length) : new Float32Array(fold.validation.length);
      fold.validation.forEach((row, i) => {
        truth[i] = dataset.labels[row] as number;
      });
      if (classes !== null) return { features, targets: classes, train: fold.train, validation: fold.validation, truth, targetScale: null };
      const scale = fold.targetScale as TargetScale;
      const standardised = new Float32Array(dataset.rows);
      for (let row = 0; row < dataset.rows; row++) standardised[row] = ((dataset.labels[row] as number) - scale.mean) / scale.std;
      const targets = keep(tf.tensor2d(standardised, [dataset.rows, 1], 'float32'));
      return { features, targets, train: fold.train, validation: fold.validation, truth, targetScale: scale };
    });
    return { folds, dispose: () => tf.dispose(made) };
  } catch (error) {
    tf.dispose(made);
    throw error;
  }
}

/** Inputs of `rows` [rows, s…]; the caller disposes it. */
export function inputsOf(fold: FoldTensors, rows: Int32Array): tf.Tensor {
  return tf.tidy(() => tf.gather(fold.features, tf.tensor1d(uploadable(rows), 'int32')));
}

/**
 * Inputs and one-hot (classification, k classes) or standardised (regression) labels of `rows`.
 * The caller disposes both.
 */
export function batchOf(fold: FoldTensors, rows: Int32Array, classCount: number | null): { readonly x: tf.Tensor; readonly y: tf.Tensor } {
  return tf.tidy(() => {
    const indices = tf.tensor1d(uploadable(rows), 'int32');
    const x = tf.gather(fold.features, indices);
    const picked = tf.gather(fold.targets, indices);
    const y = classCount === null ? picked : tf.cast(tf.oneHot(picked as tf.Tensor1D, classCount), 'float32');
    return { x, y };
  });
}
