/**
 * A downloaded best model used outside the page, as its README tells a user to: model.json +
 * weights.bin loaded with tfjs (here in Node, cpu backend), preprocessing.json read strictly, a
 * table row encoded with the project's `encodeRow`, an image given as pixel values divided by the
 * file's scale; the output read as class probabilities (classification) or un-standardised with
 * the target's scale (regression). What it predicts is what the page's Try it must show.
 */
import * as tf from '@tensorflow/tfjs';
import { encodeRow } from '../../src/training/table';
import type { PreprocessingJson } from '../../src/training/user-data';
import { checkPreprocessingJson } from '../../src/training/user-data/preprocessing-json';
import type { DownloadedModel, ShownPrediction } from './automl-page';

/** Predicts from model input features of one sample. */
export interface NodeModel {
  readonly preprocessing: PreprocessingJson;
  /** A table row (column → text as typed; absent or missing tokens: missing). */
  predictRecord(record: Readonly<Record<string, string>>): ShownPrediction;
  /** An image as grey or RGB bytes, side × side × channels, row-major. */
  predictPixels(bytes: Uint8Array): ShownPrediction;
  dispose(): void;
}

/** Loads the downloaded files with tfjs's cpu backend. */
export async function loadDownloadedModel(files: DownloadedModel): Promise<NodeModel> {
  await tf.setBackend('cpu');
  const preprocessing = checkPreprocessingJson(files.preprocessing);
  const weights = files.weights;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: files.modelJson.modelTopology as tf.io.ModelJSON['modelTopology'],
      weightSpecs: files.modelJson.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  const read = (output: number[]): ShownPrediction => {
    if (preprocessing.task === 'regression') {
      const scale = preprocessing.targetScale ?? { mean: 0, std: 1 };
      return { kind: 'regression', value: (output[0] as number) * scale.std + scale.mean };
    }
    const labels = preprocessing.labels ?? [];
    const best = output.indexOf(Math.max(...output));
    return { kind: 'classification', label: labels[best] as string, probabilities: Object.fromEntries(labels.map((label, i) => [label, output[i] as number])) };
  };
  const run = (features: Float32Array, shape: number[]): number[] =>
    tf.tidy(() => Array.from((model.predict(tf.tensor(features, shape)) as tf.Tensor).dataSync()));
  const input = preprocessing.input;
  return {
    preprocessing,
    predictRecord(record) {
      if (input.kind !== 'table') throw new Error('this model takes images, not table rows');
      const features = encodeRow(input.table, record);
      return read(run(features, [1, features.length]));
    },
    predictPixels(bytes) {
      if (input.kind !== 'images') throw new Error('this model takes table rows, not images');
      const expected = input.side * input.side * input.channels;
      if (bytes.length !== expected) throw new Error(`expected ${expected} pixel values, got ${bytes.length}`);
      return read(run(Float32Array.from(bytes, (v) => v / input.scale), [1, input.side, input.side, input.channels]));
    },
    dispose: () => model.dispose(),
  };
}

/** Expects the page's prediction to be the Node model's: the same class and probabilities within 1e-4, or the same number within 1e-4 relative. */
export function predictionsAgree(shown: ShownPrediction, expected: ShownPrediction): string | null {
  if (shown.kind === 'regression' && expected.kind === 'regression') {
    const tolerance = 1e-4 * Math.max(1, Math.abs(expected.value));
    return Math.abs(shown.value - expected.value) <= tolerance ? null : `the page shows ${shown.value}, tfjs in Node predicts ${expected.value}`;
  }
  if (shown.kind === 'classification' && expected.kind === 'classification') {
    if (shown.label !== expected.label) return `the page shows "${shown.label}", tfjs in Node predicts "${expected.label}"`;
    const off = Object.entries(expected.probabilities).find(([label, p]) => !(Math.abs((shown.probabilities[label] ?? Number.NaN) - p) <= 1e-4));
    return off === undefined ? null : `P(${off[0]}): the page shows ${shown.probabilities[off[0]]}, tfjs in Node predicts ${off[1]}`;
  }
  return `the page shows a ${shown.kind} prediction for a ${expected.kind} model`;
}
