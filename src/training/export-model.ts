/**
 * Retrains one configuration and captures the trained model in the tfjs layers format, for the
 * page's "download the best model" (runs inside a trial worker; see workers/trial.worker.ts).
 *
 * The model is trained on the same seeded train split a trial of this budget sees (first
 * `trainSamples` of the split for `splitSeed`), with `model.fit`, then scored on the validation
 * samples and saved through `tf.io.withSaveHandler`. The seeded dropout layer the trials use is
 * written as a standard `Dropout` (both are the identity at inference), so the files load with
 * plain `tf.loadLayersModel` and no custom classes.
 *
 * Notation (n = samples, h × w × c = image shape, k = classes):
 *   x  [n, h, w, c]  float32 pixels / 255        y  [n, k]  one-hot labels
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from './config';
import { sampleSize, splitDataset, type Dataset } from './datasets';
import { buildModel, buildOptimizer, disposeOptimizer } from './models';
import type { TrainBudget } from './protocol';
import { modelFiles } from './serve/model-export';
import type { ExportedModel } from './serve/protocol';

function tensorsOf(dataset: Dataset, indices: Int32Array): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const size = sampleSize(dataset.shape);
  const pixels = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  indices.forEach((sample, i) => {
    const from = sample * size;
    for (let p = 0; p < size; p++) pixels[i * size + p] = (dataset.images[from + p] as number) / 255;
    labels[i] = dataset.labels[sample] as number;
  });
  const [h, w, c] = dataset.shape;
  return tf.tidy(() => ({
    x: tf.tensor4d(pixels, [indices.length, h, w, c]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), dataset.classCount).toFloat() as tf.Tensor2D,
  }));
}

/** Renames every `SeededDropout` layer in a Keras topology to `Dropout` (same config: rate). */
export function standardTopology(topology: unknown): unknown {
  if (Array.isArray(topology)) return topology.map(standardTopology);
  if (topology === null || typeof topology !== 'object') return topology;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(topology)) out[key] = key === 'class_name' && value === 'SeededDropout' ? 'Dropout' : standardTopology(value);
  return out;
}

/** Trains `config` within `budget` on `dataset` and returns model.json text plus the weights' bytes. */
export async function trainAndExport(dataset: Dataset, config: TrainConfig, budget: TrainBudget): Promise<ExportedModel> {
  const split = splitDataset(dataset.labels.length, dataset.testCount, budget.splitSeed);
  const trainIdx = split.train.subarray(0, Math.min(budget.trainSamples, split.train.length));
  const validIdx = split.validation.subarray(0, Math.min(budget.validationSamples, split.validation.length));
  const train = tensorsOf(dataset, trainIdx);
  const valid = tensorsOf(dataset, validIdx);
  const { model, paramCount } = buildModel(config, { shape: dataset.shape, classCount: dataset.classCount }, budget.seed);
  const optimizer = buildOptimizer(config);
  try {
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { epochs } = config;
    await model.fit(train.x, train.y, { epochs, batchSize: config.batchSize, shuffle: true, verbose: 0 });
    const [valLoss, valAccuracy] = tf.tidy(() => {
      const p = model.predict(valid.x) as tf.Tensor2D;
      return [tf.metrics.categoricalCrossentropy(valid.y, p).mean(), tf.metrics.categoricalAccuracy(valid.y, p).mean()];
    }) as [tf.Scalar, tf.Scalar];
    const metrics = { valLoss: (await valLoss.data())[0] as number, valAccuracy: (await valAccuracy.data())[0] as number };
    tf.dispose([valLoss, valAccuracy]);
    const { modelJson, weights } = await modelFiles(model, standardTopology);
    return { modelJson, weights, metrics, paramCount, epochs };
  } finally {
    model.dispose();
    disposeOptimizer(optimizer);
    tf.dispose([train.x, train.y, valid.x, valid.y]);
  }
}
