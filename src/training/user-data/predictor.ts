/**
 * The predictor (served by workers/predict.worker.ts): loads a downloaded model's three files —
 * model.json, weights.bin and preprocessing.json — with `tf.loadLayersModel(tf.io.fromMemory(…))`
 * and predicts exactly as a page that loads those files would: a table row is encoded with
 * `encodeRow` and the preprocessing, an image is decoded, resized and scaled as the preprocessing
 * says, and a regression output is put back on the target's scale.
 *
 * Notation (n = rows predicted, d = values per sample, k = classes):
 *   x  [n, ...sampleShape]  model input (a table: d = featureCount; images: side × side × channels)
 *   p  [n, k]  class probabilities (softmax output)        z  [n, 1]  standardised regression output
 *   value = z × std + mean   (preprocessing.json's targetScale)
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../serve/backend';
import type { BackendPreference, BackendReport } from '../serve/protocol';
import { cellNumber, encodeRow, isMissing, type Preprocessing } from '../table';
import { checkModelFiles, type UserModelFiles } from '../user-model';
import { decodeImagePixels } from './decode-image';
import type { Prediction, PredictorApi, PredictorFiles } from './predict-protocol';
import { checkPreprocessingJson } from './preprocessing-json';
import type { PreprocessingJson } from './protocol';

/** Rows given to one `model.predict` call by `predictRows`. */
const ROWS_PER_BATCH = 256;

interface Loaded {
  readonly model: tf.LayersModel;
  readonly preprocessing: PreprocessingJson;
  /** The model's per-sample input shape (what the preprocessing gives). */
  readonly sampleShape: readonly number[];
  readonly sampleSize: number;
}

/** The per-sample input shape the preprocessing produces. */
export function preprocessedShape(preprocessing: PreprocessingJson): readonly number[] {
  const input = preprocessing.input;
  switch (input.kind) {
    case 'table':
      return [input.table.featureCount];
    case 'images':
      return [input.side, input.side, input.channels];
    default:
      return assertNever(input);
  }
}

/** How many outputs the preprocessing expects of the model: one per label, or one value. */
function expectedOutputs(preprocessing: PreprocessingJson): number {
  return preprocessing.task === 'classification' ? (preprocessing.labels?.length ?? 0) : 1;
}

/** Parses model.json and checks its weights (names the weights after the one file the manifest lists). */
function checkedModelFiles(files: PredictorFiles): UserModelFiles {
  let paths: string[] = [];
  try {
    const manifest = (JSON.parse(files.modelJson) as { weightsManifest?: { paths?: unknown }[] }).weightsManifest;
    paths = Array.isArray(manifest) ? manifest.flatMap((group) => (Array.isArray(group?.paths) ? group.paths.filter((p): p is string => typeof p === 'string') : [])) : [];
  } catch {
    // checkModelFiles says what is wrong with the text.
  }
  if (paths.length > 1) throw new Error(`model.json names ${paths.length} weight files (${paths.join(', ')}); the predictor takes one weights file`);
  const weightsName = paths[0] ?? 'weights.bin';
  return checkModelFiles([
    { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson) },
    { name: weightsName, bytes: files.weights },
  ]);
}

/** Refuses a model whose input or output does not fit the preprocessing, naming both shapes. */
function checkModelFitsPreprocessing(model: tf.LayersModel, preprocessing: PreprocessingJson): readonly number[] {
  const sampleShape = preprocessedShape(preprocessing);
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; the predictor needs one of each`);
  }
  const input = model.inputs[0]?.shape.slice(1) ?? [];
  const fits = input.length === sampleShape.length && input.every((dim, i) => dim === null || dim === sampleShape[i]);
  if (!fits) {
    throw new Error(`the model takes inputs of shape [${input.map((d) => d ?? '?').join(', ')}] but preprocessing.json gives [${sampleShape.join(', ')}]: the files do not belong together`);
  }
  const output = model.outputs[0]?.shape.slice(1) ?? [];
  const wanted = expectedOutputs(preprocessing);
  if (output.length !== 1 || output[0] !== wanted) {
    const what = preprocessing.task === 'classification' ? `${wanted} class probabilities` : 'one value';
    throw new Error(`the model outputs shape [${output.map((d) => d ?? '?').join(', ')}] but preprocessing.json expects ${what}: the files do not belong together`);
  }
  return sampleShape;
}

/** Refuses a record that lacks a column the model uses, or holds text that is not a number in a number column. */
function checkRecord(table: Preprocessing, record: Readonly<Record<string, string>>): void {
  for (const feature of table.features) {
    if (!Object.hasOwn(record, feature.column)) {
      throw new Error(`the row has no value for the column "${feature.column}" (leave it empty to mark it missing)`);
    }
    const cell = record[feature.column];
    if (typeof cell !== 'string') throw new Error(`the column "${feature.column}" holds ${JSON.stringify(cell)}; give its value as text`);
    if (feature.kind === 'numeric' && !isMissing(cell) && cellNumber(cell) === null) {
      throw new Error(`the column "${feature.column}" holds "${cell}", which is not a number (leave it empty to mark it missing)`);
    }
  }
}

/** A `PredictorApi` over this thread's tfjs. */
export function createPredictor(): PredictorApi {
  let loaded: Loaded | null = null;
  let backend: { preference: BackendPreference; report: BackendReport } | null = null;

  const current = (): Loaded => {
    if (loaded === null) throw new Error('no model is loaded: call load first');
    return loaded;
  };

  /** Runs the model on `n` samples whose values are in `x` (row-major); returns its raw outputs. */
  const run = async (model: tf.LayersModel, sampleShape: readonly number[], x: Float32Array, n: number): Promise<Float32Array> => {
    const output = tf.tidy(() => model.predict(tf.tensor(x, [n, ...sampleShape], 'float32')) as tf.Tensor);
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  };

  /** Turns raw outputs (n × k or n × 1) into what predictRows returns: probabilities, or values on the original scale. */
  const outputsOf = (preprocessing: PreprocessingJson, raw: Float32Array): Float32Array => {
    if (preprocessing.task === 'classification') return Float32Array.from(raw);
    const scale = preprocessing.targetScale;
    if (scale === null) throw new Error('preprocessing.json has no targetScale for a regression model');
    return raw.map((z) => z * scale.std + scale.mean);
  };

  const predictionOf = (preprocessing: PreprocessingJson, raw: Float32Array): Prediction => {
    const outputs = outputsOf(preprocessing, raw);
    if (preprocessing.task === 'regression') return { kind: 'regression', value: outputs[0] as number };
    const labels = preprocessing.labels ?? [];
    const probabilities = labels.map((label, i) => ({ label, probability: outputs[i] as number }));
    let best = 0;
    for (let i = 1; i < probabilities.length; i++) if ((probabilities[i]?.probability ?? 0) > (probabilities[best]?.probability ?? 0)) best = i;
    return { kind: 'classification', label: labels[best] ?? '', probabilities };
  };

  const predictOne = async (x: Float32Array): Promise<Prediction> => {
    const { model, preprocessing, sampleShape } = current();
    return predictionOf(preprocessing, await run(model, sampleShape, x, 1));
  };

  return {
    async load(files, preference) {
      const preprocessing = checkPreprocessingJson(files.preprocessing);
      const checked = checkedModelFiles(files);
      if (backend === null || backend.preference !== preference) backend = { preference, report: (await selectBackend(preference)).report };
      let model: tf.LayersModel;
      try {
        const artifacts: tf.io.ModelArtifacts = {
          modelTopology: checked.modelJson['modelTopology'] as tf.io.ModelArtifacts['modelTopology'],
          weightSpecs: checked.weightSpecs.map((spec) => ({ name: spec.name, shape: [...spec.shape], dtype: spec.dtype })),
          weightData: checked.weightData,
        };
        model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      } catch (error) {
        throw new Error(`model.json and its weights do not load as a tfjs LayersModel: ${error instanceof Error ? error.message : String(error)}`);
      }
      let sampleShape: readonly number[];
      try {
        sampleShape = checkModelFitsPreprocessing(model, preprocessing);
      } catch (error) {
        model.dispose();
        throw error;
      }
      loaded?.model.dispose();
      loaded = { model, preprocessing, sampleShape, sampleSize: sampleShape.reduce((a, b) => a * b, 1) };
      return backend.report;
    },

    async predictRecord(record) {
      const { preprocessing } = current();
      const input = preprocessing.input;
      if (input.kind !== 'table') throw new Error('this model predicts images, not table rows');
      checkRecord(input.table, record);
      return predictOne(encodeRow(input.table, record));
    },

    async predictImage(image) {
      const { preprocessing } = current();
      const input = preprocessing.input;
      if (input.kind !== 'images') throw new Error('this model predicts table rows, not images');
      let pixels: Float32Array;
      try {
        pixels = await decodeImagePixels(image, input.side, input.channels);
      } catch (error) {
        throw new Error(`the image could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
      }
      // decodeImagePixels gives value / 255; the preprocessing divides by `scale`.
      if (input.scale !== 255) pixels = pixels.map((v) => (v * 255) / input.scale);
      return predictOne(pixels);
    },

    async predictRows(features, rows, sampleSize) {
      const { model, preprocessing, sampleShape } = current();
      if (sampleSize !== current().sampleSize) {
        throw new Error(`the rows have ${sampleSize} values each but the model takes ${current().sampleSize}`);
      }
      const total = features.length / sampleSize;
      const width = expectedOutputs(preprocessing);
      const out = new Float32Array(rows.length * width);
      for (let start = 0; start < rows.length; start += ROWS_PER_BATCH) {
        const batch = rows.subarray(start, Math.min(rows.length, start + ROWS_PER_BATCH));
        const x = new Float32Array(batch.length * sampleSize);
        batch.forEach((row, i) => {
          if (!(row >= 0 && row < total)) throw new Error(`row ${row} is outside the ${total} rows given`);
          x.set(features.subarray(row * sampleSize, (row + 1) * sampleSize), i * sampleSize);
        });
        out.set(outputsOf(preprocessing, await run(model, sampleShape, x, batch.length)), start * width);
      }
      return out;
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`unknown input kind in ${JSON.stringify(value)}`);
}
