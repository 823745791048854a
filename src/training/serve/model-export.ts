/**
 * A trained user model as files in the tfjs layers format: model.json (topology plus a weights
 * manifest pointing at "weights.bin") and the bytes of weights.bin, captured through
 * `tf.io.withSaveHandler` so the worker writes nothing anywhere. Loads back with
 * `tf.loadLayersModel`. Also: the metrics of a model that trained no epoch here (exported straight
 * from a checkpoint), by evaluating it.
 */
import * as tf from '@tensorflow/tfjs';
import { metricName } from './metric-names';
import type { Split } from './model-data';
import type { Metrics } from './protocol';

/** File name the weights manifest points at. */
export const WEIGHTS_FILE = 'weights.bin';

/**
 * model.json text and the weights' bytes of `model` as it is now. `topology` rewrites the Keras
 * topology before it is written (the identity unless given), e.g. to swap a custom layer class
 * for a standard one with the same inference behaviour.
 */
export async function modelFiles(
  model: tf.LayersModel,
  topology: (keras: unknown) => unknown = (keras) => keras,
): Promise<{ readonly modelJson: string; readonly weights: ArrayBuffer }> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (artifacts === null || artifacts.weightData === undefined) throw new Error('tfjs saved no weights');
  const modelJson: tf.io.ModelJSON = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: topology(artifacts.modelTopology) as tf.io.ModelJSON['modelTopology'],
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  return { modelJson: JSON.stringify(modelJson), weights: new tf.io.CompositeArrayBuffer(artifacts.weightData).slice() };
}

/** `model.evaluate` on `split`, named as an epoch's metrics are (`valLoss`, … when `validation`). */
export async function evaluateMetrics(model: tf.LayersModel, split: Split, batchSize: number, validation: boolean): Promise<Metrics> {
  const out = model.evaluate(split.xs, split.ys, { batchSize });
  const scalars = Array.isArray(out) ? out : [out];
  try {
    const metrics: Record<string, number> = {};
    for (const [i, name] of model.metricsNames.entries()) {
      const scalar = scalars[i];
      if (scalar !== undefined) metrics[metricName(validation ? `val_${name}` : name)] = (await scalar.data())[0] as number;
    }
    return metrics;
  } finally {
    tf.dispose(scalars);
  }
}
