/**
 * The MLP a user-data trial tunes on a table (or on images, flattened), with seeded initialisers
 * and seeded dropout masks (the CNN's SeededDropout, written as a standard Dropout on export).
 *
 * Notation (n = batch, s… = one sample's shape, d = Π s…, u = params.units, k = classes):
 *   input    [n, s…]   float32 features (flattened to [n, d] when s… has more than one dimension)
 *   hidden ℓ dense u (no bias with batch norm) → [batch norm] → activation → [dropout]   ℓ = 1 … layers
 *   output   classification: dense k → softmax → [n, k] class probabilities
 *            regression:     dense 1, linear    → [n, 1] the standardised target (y − mean) / std
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../tuner/rng';
import type { Activation } from '../config';
import { SeededDropout } from '../models';
import type { MlpParams } from './family-params';
import type { UserTaskKind } from './protocol';

/** He initialisation for the ReLU family, Glorot for tanh; seeded per layer. */
function initializer(activation: Activation, seed: number) {
  return activation === 'tanh' ? tf.initializers.glorotUniform({ seed }) : tf.initializers.heNormal({ seed });
}

/** A fresh, uncompiled MLP for `params` on samples of `sampleShape`; `seed` fixes its initial weights and dropout masks. */
export function buildMlp(
  params: MlpParams,
  data: { readonly sampleShape: readonly number[]; readonly task: UserTaskKind; readonly outputUnits: number },
  seed: number,
): tf.Sequential {
  const layerSeed = (i: number) => deriveSeed(seed, i) % 2147483647;
  const model = tf.sequential();
  const flat = data.sampleShape.length > 1;
  if (flat) model.add(tf.layers.flatten({ inputShape: [...data.sampleShape] }));
  for (let l = 0; l < params.layers; l++) {
    model.add(
      tf.layers.dense({
        ...(l === 0 && !flat ? { inputShape: [...data.sampleShape] } : {}),
        units: params.units,
        useBias: !params.batchNorm,
        kernelInitializer: initializer(params.activation, layerSeed(l)),
      }),
    );
    if (params.batchNorm) model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: params.activation }));
    if (params.dropout > 0) model.add(new SeededDropout(params.dropout, layerSeed(100 + l)));
  }
  switch (data.task) {
    case 'classification':
      model.add(tf.layers.dense({ units: data.outputUnits, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(200) }) }));
      break;
    case 'regression':
      model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(200) }) }));
      break;
    default: {
      const unreachable: never = data.task;
      throw new Error(`buildMlp: unknown task kind ${JSON.stringify(unreachable)}`);
    }
  }
  return model;
}
