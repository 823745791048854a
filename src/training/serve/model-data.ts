/**
 * The data a model task trains on, loaded once per worker: what the user's `data()` returns,
 * checked and turned into tensors kept for every trial of the worker.
 *
 * Notation (n = samples in a split; x… / y… = one sample's feature / label dimensions):
 *   xs  [n, x…]   the inputs          ys  [n, y…]   the labels (one-hot, values, …)
 * Train and validation agree on x… and on y…; xs and ys of a split agree on n.
 *
 * Each tensor may be given as a `tf.Tensor` (used as it is; the user keeps it) or as
 * `{ values, shape }` with a typed array (made into a float32 tensor owned here). Every problem
 * throws an Error naming the split, the tensor and what is wrong.
 */
import * as tf from '@tensorflow/tfjs';
import { messageOf } from './failure';

/** A typed array and the shape it fills, row-major: `{ values: Float32Array(n * 4), shape: [n, 4] }`. */
export interface TensorData {
  readonly values: Float32Array | Int32Array | Uint8Array | Uint8ClampedArray | Int8Array | Uint16Array | Int16Array | Uint32Array | Float64Array;
  readonly shape: readonly number[];
}

/** One tensor of the data: a tf.Tensor or a typed array with its shape. */
export type TensorInput = tf.Tensor | TensorData;

/** Inputs and labels of one split, sample i of `xs` labelled by sample i of `ys`. */
export interface SplitInput {
  readonly xs: TensorInput;
  readonly ys: TensorInput;
}

/**
 * What a model task's `data()` returns: the train split, and a validation split for `val…` metrics.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { ModelData } from 'tfjs-tuner/worker';
 *
 * const data: ModelData = {
 *   train: { xs: { values: new Float32Array(800 * 8), shape: [800, 8] }, ys: { values: new Float32Array(800), shape: [800, 1] } },
 *   validation: { xs: tf.zeros([200, 8]), ys: tf.zeros([200, 1]) },
 * };
 * ```
 */
export interface ModelData {
  readonly train: SplitInput;
  readonly validation?: SplitInput;
}

export interface Split {
  readonly xs: tf.Tensor;
  readonly ys: tf.Tensor;
  readonly samples: number;
}

export interface LoadedData {
  readonly train: Split;
  readonly validation?: Split;
  /** Frees the tensors made here (not the ones the user passed in). */
  dispose(): void;
}

type SplitName = 'train' | 'validation';

const formatShape = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? 'null').join(', ')}]`;

function toTensor(input: unknown, where: string, made: tf.Tensor[]): tf.Tensor {
  if (input instanceof tf.Tensor) {
    if (input.isDisposed) throw new Error(`${where} is a disposed tensor`);
    return input;
  }
  if (typeof input !== 'object' || input === null) throw new Error(`${where} is ${input === null ? 'null' : typeof input}, not a tf.Tensor or { values, shape }`);
  const { values, shape } = input as Partial<TensorData>;
  if (!ArrayBuffer.isView(values) || values instanceof DataView || typeof (values as { length?: unknown }).length !== 'number') {
    throw new Error(`${where}.values is not a typed array (a Float32Array, Int32Array, Uint8Array, …)`);
  }
  if (typeof (values as unknown as BigInt64Array)[0] === 'bigint') throw new Error(`${where}.values is a BigInt array; use a Float32Array or Int32Array`);
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`${where}.shape must be a non-empty array of whole numbers ≥ 1, got ${JSON.stringify(shape)}`);
  }
  const size = shape.reduce((a, d) => a * d, 1);
  const typed = values as TensorData['values'];
  if (typed.length !== size) throw new Error(`${where}.values holds ${typed.length} numbers, which do not fill its shape ${formatShape(shape)} (${size})`);
  const tensor = tf.tensor(typed instanceof Float32Array ? typed : Float32Array.from(typed), [...shape], 'float32');
  made.push(tensor);
  return tensor;
}

function loadSplit(name: SplitName, input: unknown, made: tf.Tensor[]): Split {
  if (typeof input !== 'object' || input === null) throw new Error(`data() returned a ${name} split that is ${input === null ? 'null' : typeof input}, not { xs, ys }`);
  const { xs: xsIn, ys: ysIn } = input as Partial<SplitInput>;
  const xs = toTensor(xsIn, `${name}.xs`, made);
  const ys = toTensor(ysIn, `${name}.ys`, made);
  if (xs.rank < 2) throw new Error(`${name}.xs has shape ${formatShape(xs.shape)}: it needs a sample dimension first, then each sample's shape (e.g. [n, features])`);
  const samples = xs.shape[0] as number;
  if (samples === 0) throw new Error(`${name}.xs holds no samples`);
  if (ys.shape[0] !== samples) {
    throw new Error(`${name}.xs has ${samples} samples (shape ${formatShape(xs.shape)}) but ${name}.ys has ${ys.shape[0]} (shape ${formatShape(ys.shape)})`);
  }
  return { xs, ys, samples };
}

function checkAgree(train: Split, validation: Split): void {
  for (const key of ['xs', 'ys'] as const) {
    const t = train[key].shape.slice(1);
    const v = validation[key].shape.slice(1);
    if (formatShape(t) !== formatShape(v)) {
      throw new Error(`validation.${key} samples have shape ${formatShape(v)} but train.${key} samples have shape ${formatShape(t)}`);
    }
  }
}

/** Calls the user's `data(setup)` and checks what it returns; throws naming the problem. */
export async function loadModelData(data: (setup: unknown) => ModelData | Promise<ModelData>, setup: unknown): Promise<LoadedData> {
  let given: unknown;
  try {
    given = await data(setup);
  } catch (error) {
    throw new Error(`data() threw: ${messageOf(error)}`);
  }
  if (typeof given !== 'object' || given === null) throw new Error(`data() returned ${given === null ? 'null' : typeof given}, not { train: { xs, ys }, validation?: { xs, ys } }`);
  const { train, validation } = given as Partial<ModelData>;
  if (train === undefined) throw new Error('data() returned no train split: return { train: { xs, ys }, validation?: { xs, ys } }');
  const made: tf.Tensor[] = [];
  try {
    const loaded = { train: loadSplit('train', train, made), ...(validation === undefined ? {} : { validation: loadSplit('validation', validation, made) }) };
    if (loaded.validation !== undefined) checkAgree(loaded.train, loaded.validation);
    return { ...loaded, dispose: () => tf.dispose(made) };
  } catch (error) {
    tf.dispose(made);
    throw new Error(`data(): ${messageOf(error)}`);
  }
}

/**
 * Why `model` cannot train on `split`, or null: one input and one output, and the model's input
 * and output shapes fit a sample of xs and of ys (dimensions after the first; unknown ones pass).
 */
export function shapeMismatch(model: tf.LayersModel, split: Split): string | null {
  if (model.inputs.length !== 1) return `the model has ${model.inputs.length} inputs; serveModelTrials trains models with one input`;
  if (model.outputs.length !== 1) return `the model has ${model.outputs.length} outputs; serveModelTrials trains models with one output`;
  const fits = (modelShape: readonly (number | null)[], dataShape: readonly number[]) =>
    modelShape.length === dataShape.length && modelShape.every((d, i) => i === 0 || d === null || d === dataShape[i]);
  const input = (model.inputs[0] as tf.SymbolicTensor).shape;
  if (!fits(input, split.xs.shape)) {
    return `the model's input shape ${formatShape(input)} does not fit the samples' shape ${formatShape(split.xs.shape)}`;
  }
  const output = (model.outputs[0] as tf.SymbolicTensor).shape;
  if (!fits(output, split.ys.shape)) {
    const why =
      output.length !== split.ys.rank
        ? `rank ${output.length} against rank ${split.ys.rank}`
        : `${output[output.length - 1]} outputs per sample against ${split.ys.shape[split.ys.rank - 1]} label values`;
    return `the model's output shape ${formatShape(output)} does not fit the labels' shape ${formatShape(split.ys.shape)} (${why})`;
  }
  return null;
}
