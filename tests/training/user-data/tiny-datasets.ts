/**
 * Tiny user datasets built by hand for the user-data task's tests, on plain ArrayBuffers (the page
 * builds them on SharedArrayBuffers; the task reads both alike): a 2-class table, a regression table,
 * a 28 × 28 × 1 image set, and a user model saved by tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { modelFiles } from '../../../src/training/serve/model-export';
import { PREPROCESSING_FORMAT, USER_DATASET_FORMAT, type ModelFamily, type UserDataFold, type UserDataset, type UserTaskKind } from '../../../src/training/user-data/protocol';
import { createRng } from '../../../src/tuner';

/** Rows 0 … n−1 split into `folds` folds (row i in fold i mod folds), or train = the first 75 %. */
function splitRows(rows: number, folds: number): { train: Int32Array; validation: Int32Array }[] {
  const all = Array.from({ length: rows }, (_, i) => i);
  if (folds === 1) {
    const cut = Math.round(rows * 0.75);
    return [{ train: Int32Array.from(all.slice(0, cut)), validation: Int32Array.from(all.slice(cut)) }];
  }
  return Array.from({ length: folds }, (_, f) => ({
    train: Int32Array.from(all.filter((i) => i % folds !== f)),
    validation: Int32Array.from(all.filter((i) => i % folds === f)),
  }));
}

function dataset(
  task: UserTaskKind,
  kind: 'table' | 'images',
  sampleShape: number[],
  features: Float32Array,
  labels: Int32Array | Float32Array,
  folds: number,
): UserDataset {
  const rows = labels.length;
  const foldList: UserDataFold[] = splitRows(rows, folds).map(({ train, validation }) => {
    if (task === 'classification') return { features, train, validation, targetScale: null };
    const ys = Array.from(train, (row) => labels[row] as number);
    const mean = ys.reduce((a, y) => a + y, 0) / ys.length;
    const std = Math.sqrt(ys.reduce((a, y) => a + (y - mean) ** 2, 0) / ys.length);
    return { features, train, validation, targetScale: { mean, std } };
  });
  const classNames = task === 'classification' ? ['no', 'yes'] : null;
  return {
    format: USER_DATASET_FORMAT,
    kind,
    task,
    name: `tiny-${task}`,
    fingerprint: '0'.repeat(64),
    rows,
    sampleShape,
    labels,
    classNames,
    folds: foldList,
    preprocessing: {
      format: PREPROCESSING_FORMAT,
      task,
      input: { kind: 'images', side: sampleShape[0] as number, channels: 1, scale: 1 / 255 },
      labels: classNames,
      targetScale: foldList[0]?.targetScale ?? null,
    },
  };
}

/** `rows` rows of 2 standard-normal features; class 1 iff x0 + x1 > 0. */
export function twoClassTable(rows = 80, folds = 1): UserDataset {
  const rng = createRng(3);
  const features = Float32Array.from({ length: rows * 2 }, () => rng.normal());
  const labels = Int32Array.from({ length: rows }, (_, i) => ((features[2 * i] as number) + (features[2 * i + 1] as number) > 0 ? 1 : 0));
  return dataset('classification', 'table', [2], features, labels, folds);
}

/** `rows` rows of 2 standard-normal features; y = 30·x0 − 20·x1 + 100 (a scale far from 1). */
export function regressionTable(rows = 80, folds = 1): UserDataset {
  const rng = createRng(5);
  const features = Float32Array.from({ length: rows * 2 }, () => rng.normal());
  const labels = Float32Array.from({ length: rows }, (_, i) => 30 * (features[2 * i] as number) - 20 * (features[2 * i + 1] as number) + 100);
  return dataset('regression', 'table', [2], features, labels, folds);
}

/** `rows` 28 × 28 grey images: class 1 is bright on its left half, class 0 on its right half. */
export function tinyImages(rows = 32): UserDataset {
  const rng = createRng(9);
  const size = 28 * 28;
  const features = new Float32Array(rows * size);
  const labels = Int32Array.from({ length: rows }, (_, i) => i % 2);
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < size; p++) {
      const left = p % 28 < 14;
      features[i * size + p] = (left === (labels[i] === 1) ? 0.8 : 0.1) + 0.1 * rng.next();
    }
  }
  return dataset('classification', 'images', [28, 28, 1], features, labels, 1);
}

/** A user model for the 2-feature tables, saved by tfjs: dense 8 relu → dropout → dense 4 relu → dense `outputs` (softmax for 2, unless `last` says otherwise). */
export async function tinyUserModel(outputs: 1 | 2, last: 'softmax' | 'linear' = outputs === 2 ? 'softmax' : 'linear'): Promise<Extract<ModelFamily, { kind: 'user-model' }>> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dropout({ rate: 0.1 }),
      tf.layers.dense({ units: 4, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.dense({ units: outputs, activation: last, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  try {
    const { modelJson, weights } = await modelFiles(model);
    return { kind: 'user-model', modelJson, weights };
  } finally {
    model.dispose();
  }
}

/** The weight names of a model.json's manifest, in its order. */
export function weightNames(modelJson: string): string[] {
  return (JSON.parse(modelJson) as tf.io.ModelJSON).weightsManifest.flatMap((group) => group.weights.map((spec) => spec.name));
}

/** The float32 values of weight `name` in a model.json + weights pair (found through its manifest). */
export function weightValues(modelJson: string, weights: ArrayBuffer, name: string): Float32Array {
  const specs = (JSON.parse(modelJson) as tf.io.ModelJSON).weightsManifest.flatMap((group) => group.weights);
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, d) => a * d, 1);
    if (spec.name === name) return new Float32Array(weights.slice(offset, offset + count * 4));
    offset += count * 4;
  }
  throw new Error(`the manifest has no weight ${name}`);
}
