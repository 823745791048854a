/**
 * The layers, losses and optimisers the wasm layer sweep checks: everything a user's tfjs model
 * commonly has. Each layer case is one small model, input → [dense on the last axis] → the layer(s)
 * under test → [flatten] → dense(3), so the gradient of every weight before the tested layer passes
 * through the tested layer's own gradient.
 */
import * as tf from '@tensorflow/tfjs';

/** One layer (or short stack) under test. */
export interface LayerCase {
  readonly name: string;
  /** The input's shape without the batch axis. */
  readonly inputShape: readonly number[];
  /** Integer ids in [0, vocabulary) instead of normal floats (embedding). */
  readonly vocabulary?: number;
  readonly layers: () => tf.layers.Layer[];
  /** The batch size when not the sweep's default. */
  readonly batch?: number;
}

const DENSE_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'gelu_new'] as const;

/** Every layer case, the dense activations first. */
export const LAYER_CASES: readonly LayerCase[] = [
  ...DENSE_ACTIVATIONS.map((activation): LayerCase => ({ name: `dense ${activation}`, inputShape: [6], layers: () => [tf.layers.dense({ units: 5, activation })] })),
  { name: 'conv1d valid', inputShape: [12, 3], layers: () => [tf.layers.conv1d({ filters: 4, kernelSize: 3, activation: 'relu' })] },
  { name: 'conv1d same stride 2', inputShape: [12, 3], layers: () => [tf.layers.conv1d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' })] },
  { name: 'conv2d same', inputShape: [8, 8, 2], layers: () => [tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })] },
  { name: 'conv2d valid stride 2', inputShape: [9, 9, 2], layers: () => [tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2 })] },
  { name: 'conv2d 5×5 same, no bias', inputShape: [8, 8, 2], layers: () => [tf.layers.conv2d({ filters: 3, kernelSize: 5, padding: 'same', useBias: false })] },
  { name: 'separableConv2d', inputShape: [8, 8, 3], layers: () => [tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', depthMultiplier: 2 })] },
  { name: 'depthwiseConv2d', inputShape: [8, 8, 3], layers: () => [tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 })] },
  { name: 'conv2dTranspose', inputShape: [5, 5, 3], layers: () => [tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' })] },
  { name: 'maxPooling1d', inputShape: [10, 3], layers: () => [tf.layers.maxPooling1d({ poolSize: 2 })] },
  { name: 'maxPooling2d 2×2', inputShape: [8, 8, 3], layers: () => [tf.layers.maxPooling2d({ poolSize: 2 })] },
  { name: 'maxPooling2d 3×3 stride 2 same', inputShape: [7, 7, 3], layers: () => [tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })] },
  { name: 'averagePooling1d', inputShape: [10, 3], layers: () => [tf.layers.averagePooling1d({ poolSize: 2 })] },
  { name: 'averagePooling2d', inputShape: [8, 8, 3], layers: () => [tf.layers.averagePooling2d({ poolSize: 2 })] },
  { name: 'globalMaxPooling1d', inputShape: [10, 3], layers: () => [tf.layers.globalMaxPooling1d()] },
  { name: 'globalMaxPooling2d', inputShape: [6, 6, 3], layers: () => [tf.layers.globalMaxPooling2d({})] },
  { name: 'globalAveragePooling1d', inputShape: [10, 3], layers: () => [tf.layers.globalAveragePooling1d()] },
  { name: 'globalAveragePooling2d', inputShape: [6, 6, 3], layers: () => [tf.layers.globalAveragePooling2d({})] },
  { name: 'batchNormalization', inputShape: [6, 6, 3], layers: () => [tf.layers.batchNormalization()] },
  { name: 'layerNormalization', inputShape: [7], layers: () => [tf.layers.layerNormalization()] },
  { name: 'dropout (seeded)', inputShape: [8], layers: () => [tf.layers.dropout({ rate: 0.3, seed: 5 })] },
  { name: 'spatialDropout1d (seeded)', inputShape: [6, 4], layers: () => [tf.layers.spatialDropout1d({ rate: 0.3, seed: 5 })] },
  { name: 'embedding', inputShape: [5], vocabulary: 11, layers: () => [tf.layers.embedding({ inputDim: 11, outputDim: 4 })] },
  { name: 'lstm', inputShape: [5, 3], layers: () => [tf.layers.lstm({ units: 4 })] },
  { name: 'lstm returnSequences', inputShape: [5, 3], layers: () => [tf.layers.lstm({ units: 4, returnSequences: true })] },
  { name: 'gru', inputShape: [5, 3], layers: () => [tf.layers.gru({ units: 4 })] },
  { name: 'simpleRNN', inputShape: [5, 3], layers: () => [tf.layers.simpleRNN({ units: 4 })] },
  // Batch 1: cpu's resize gradient, the reference here, is wrong for larger batches (see resize-nearest-grad.test.ts).
  { name: 'bidirectional lstm', inputShape: [5, 3], layers: () => [tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3 }) as tf.RNN })] },
  { name: 'timeDistributed dense', inputShape: [5, 3], layers: () => [tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2, activation: 'relu' }) })] },
  { name: 'upSampling2d', inputShape: [4, 4, 2], batch: 1, layers: () => [tf.layers.upSampling2d({ size: [2, 2] })] },
  { name: 'upSampling2d bilinear', inputShape: [4, 4, 2], layers: () => [tf.layers.upSampling2d({ size: [2, 3], interpolation: 'bilinear' })] },
  { name: 'zeroPadding2d', inputShape: [4, 4, 2], layers: () => [tf.layers.zeroPadding2d({ padding: 1 })] },
  { name: 'cropping2D', inputShape: [6, 6, 2], layers: () => [tf.layers.cropping2D({ cropping: [[1, 1], [0, 2]] })] },
  { name: 'flatten', inputShape: [3, 4, 2], layers: () => [tf.layers.flatten()] },
  { name: 'reshape', inputShape: [12], layers: () => [tf.layers.reshape({ targetShape: [3, 4] })] },
  { name: 'permute', inputShape: [3, 4], layers: () => [tf.layers.permute({ dims: [2, 1] })] },
  { name: 'repeatVector', inputShape: [4], layers: () => [tf.layers.repeatVector({ n: 3 })] },
  { name: 'leakyReLU', inputShape: [6], layers: () => [tf.layers.leakyReLU({ alpha: 0.2 })] },
  { name: 'prelu', inputShape: [6], layers: () => [tf.layers.prelu({ alphaInitializer: tf.initializers.constant({ value: 0.25 }) })] },
  { name: 'elu layer', inputShape: [6], layers: () => [tf.layers.elu()] },
  { name: 'softmax layer', inputShape: [6], layers: () => [tf.layers.softmax()] },
  { name: 'the default CNN block: conv → batchNorm → relu → maxPool', inputShape: [8, 8, 1], layers: () => [
    tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
    tf.layers.batchNormalization(),
    tf.layers.activation({ activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
  ] },
];

/** A loss the layers API compiles by name, with the targets it expects. */
export interface LossCase {
  readonly loss: 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';
  /** The output layer's units and activation. */
  readonly units: number;
  readonly activation: 'softmax' | 'sigmoid' | 'linear';
  readonly targets: 'one-hot' | 'class ids' | 'zeros and ones' | 'real';
}

export const LOSS_CASES: readonly LossCase[] = [
  { loss: 'categoricalCrossentropy', units: 4, activation: 'softmax', targets: 'one-hot' },
  { loss: 'sparseCategoricalCrossentropy', units: 4, activation: 'softmax', targets: 'class ids' },
  { loss: 'binaryCrossentropy', units: 1, activation: 'sigmoid', targets: 'zeros and ones' },
  { loss: 'meanSquaredError', units: 2, activation: 'linear', targets: 'real' },
  { loss: 'meanAbsoluteError', units: 2, activation: 'linear', targets: 'real' },
];

/** An optimiser, made fresh for each backend. */
export interface OptimizerCase {
  readonly name: string;
  readonly make: () => tf.Optimizer;
}

export const OPTIMIZER_CASES: readonly OptimizerCase[] = [
  { name: 'sgd', make: () => tf.train.sgd(0.1) },
  { name: 'momentum', make: () => tf.train.momentum(0.1, 0.9) },
  { name: 'adam', make: () => tf.train.adam(0.01) },
  { name: 'rmsprop', make: () => tf.train.rmsprop(0.01) },
  { name: 'adagrad', make: () => tf.train.adagrad(0.1) },
  { name: 'adamax', make: () => tf.train.adamax(0.01) },
  { name: 'adadelta', make: () => tf.train.adadelta(1) },
];
