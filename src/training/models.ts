/**
 * Builds the tiny CNN a config describes, with seeded initialisers and dropout masks, and the
 * optimiser that trains it.
 *
 * Notation (n = batch, h × w × c = image shape, k = classes, F = config.filters, b = block 0, 1, 2):
 *   input      [n, h, w, c]  float32 pixels in [0, 1]
 *   block b    conv kernelSize², F·2^b filters, 'same' → [batch norm] → activation → max-pool 2×2
 *              → [n, ⌊h/2^(b+1)⌋, ⌊w/2^(b+1)⌋, F·2^b]
 *   head       flatten → dropout → [dense denseUnits → activation → dropout] → dense k → softmax
 *   output     [n, k]  class probabilities
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../tuner/rng';
import type { Activation, AlgorithmConfig, ModelConfig } from './config';

export interface BuiltModel {
  readonly model: tf.Sequential;
  /** Trainable and non-trainable weights (batch-norm statistics included). */
  readonly paramCount: number;
}

/**
 * Dropout whose mask seed advances on every training call, so a run is reproducible without
 * repeating one mask (tfjs's own Dropout with a seed draws the same mask at every step).
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  private nextSeed: number;

  constructor(
    private readonly rate: number,
    seed: number,
  ) {
    super({});
    this.nextSeed = seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true || this.rate === 0) return x;
    this.nextSeed = deriveSeed(this.nextSeed, 1);
    const seed = this.nextSeed;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}

tf.serialization.registerClass(SeededDropout);

/** He initialisation for the ReLU family, Glorot for tanh; seeded per layer. */
function initializer(activation: Activation, seed: number) {
  return activation === 'tanh' ? tf.initializers.glorotUniform({ seed }) : tf.initializers.heNormal({ seed });
}

/** A fresh, uncompiled model; L2 `weightDecay` goes on every kernel. `seed` fixes initial weights and dropout masks. */
export function buildModel(
  config: ModelConfig & Pick<AlgorithmConfig, 'weightDecay'>,
  input: { readonly shape: readonly [number, number, number]; readonly classCount: number },
  seed: number,
): BuiltModel {
  const model = tf.sequential();
  const regularizer = (weightDecay: number) => (weightDecay > 0 ? tf.regularizers.l2({ l2: weightDecay }) : undefined);
  const layerSeed = (i: number) => deriveSeed(seed, i) % 2147483647;
  let [h, w] = input.shape;
  for (let b = 0; b < config.convBlocks; b++) {
    model.add(
      tf.layers.conv2d({
        ...(b === 0 ? { inputShape: [...input.shape] } : {}),
        filters: config.filters * 2 ** b,
        kernelSize: config.kernelSize,
        padding: 'same',
        useBias: !config.batchNorm,
        kernelInitializer: initializer(config.activation, layerSeed(b)),
        kernelRegularizer: regularizer(config.weightDecay),
      }),
    );
    if (config.batchNorm) model.add(tf.layers.batchNormalization());
    model.add(tf.layers.activation({ activation: config.activation }));
    if (h >= 2 && w >= 2) {
      model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
  }
  model.add(tf.layers.flatten());
  if (config.dropout > 0) model.add(new SeededDropout(config.dropout, layerSeed(100)));
  if (config.denseUnits > 0) {
    model.add(
      tf.layers.dense({
        units: config.denseUnits,
        activation: config.activation,
        kernelInitializer: initializer(config.activation, layerSeed(101)),
        kernelRegularizer: regularizer(config.weightDecay),
      }),
    );
    if (config.dropout > 0) model.add(new SeededDropout(config.dropout, layerSeed(102)));
  }
  model.add(
    tf.layers.dense({
      units: input.classCount,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(103) }),
      kernelRegularizer: regularizer(config.weightDecay),
    }),
  );
  return { model, paramCount: model.countParams() };
}

/**
 * The optimiser for a config. The caller owns it: `model.dispose()` does not free an optimiser
 * object passed to `compile`, so call `disposeOptimizer` after training.
 */
export function buildOptimizer(config: AlgorithmConfig): tf.Optimizer {
  switch (config.optimizer) {
    case 'sgd':
      return tf.train.sgd(config.learningRate);
    case 'momentum':
      return tf.train.momentum(config.learningRate, 0.9);
    case 'adam':
      return tf.train.adam(config.learningRate);
    default: {
      const unreachable: never = config.optimizer;
      throw new Error(`unknown optimizer ${String(unreachable)}`);
    }
  }
}

/**
 * Frees an optimiser and all its state. tfjs 4.22's `MomentumOptimizer.dispose()` does not call
 * `SGDOptimizer.dispose()`, so its −learningRate scalar `c` would leak one tensor per trial.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c !== undefined && !c.isDisposed) c.dispose();
}
