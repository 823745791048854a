/**
 * The worker module: your data, your model, how to compile it. Each of tune()'s workers runs this
 * file; it trains one trial at a time and reports every epoch's metrics (loss, valLoss, accuracy,
 * valAccuracy) back to the page.
 */
import * as tf from '@tensorflow/tfjs';
import { serveModelTrials } from 'tfjs-tuner/worker';

/** Two noisy concentric rings of 2-D points, labelled inner (0) or outer (1); the same every time. */
function rings(count: number, seed: number): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const outer = i % 2;
    const radius = (outer === 1 ? 2 : 1) + (random() - 0.5) * 0.8;
    const angle = random() * 2 * Math.PI;
    points.push(radius * Math.cos(angle), radius * Math.sin(angle));
    labels.push(outer);
  }
  return { xs: tf.tensor2d(points, [count, 2]), ys: tf.tensor2d(labels, [count, 1]) };
}

serveModelTrials({
  data: async () => ({ train: rings(512, 1), validation: rings(256, 2) }),
  build: (params) =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: params.units as number, activation: params.activation as 'relu' | 'tanh' }),
        tf.layers.dense({ units: params.units as number, activation: params.activation as 'relu' | 'tanh' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  compile: (params) => ({
    optimizer: tf.train.adam(params.learningRate as number),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  }),
  batchSize: 32,
});
