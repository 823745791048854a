/**
 * Whole models on wasm: the project's default CNN (and a batch-norm variant, and an MLP) trained a
 * few epochs on wasm and on cpu from the same initial weights, data and dropout seeds, epoch losses
 * compared; and no tensor or wasm buffer left behind per epoch.
 *
 * Notation:
 *   L_e, L̂_e   the training loss of epoch e on cpu and on wasm
 *   the check   |L̂_e − L_e| ≤ 1e-3 · L_e for every e
 * Why 1e-3: the per-step gradients agree to ~1e-6 of their scale (layer-sweep.test.ts), and a few
 * epochs of Adam keep the losses within ~1e-6 of each other here, while one wrong kernel shows at
 * once: the built-in max-pool gradient (which drops windows whose maximum is ≤ 0) moves the
 * batch-norm tanh CNN's epoch losses by 0.8 %, 4.5 % and 8.7 %. (With ReLU that bug is invisible: a
 * window whose maximum is 0 has a zero ReLU gradient anyway; hence the tanh variant.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG, type TrainConfig } from '../../../src/training/config';
import { buildModel } from '../../../src/training/models';
import type { BackendWasm } from '../../../src/training/serve/wasm-kernels/wasm-heap';
import { loadShippedDataset } from '../fixtures';
import { useBothBackends, type ComparedBackend } from './wasm-test-env';

// MNIST's first 128 images at every second pixel (14×14): the reference, tfjs's cpu backend, trains
// the CNN at only tens of samples per second, and the comparison needs the same steps, not many.
const SAMPLES = 128;
const BATCH = 32;
const EPOCHS = 3;
const LOSS_BOUND = 1e-3;

interface Batch {
  readonly pixels: Float32Array;
  readonly oneHot: Float32Array;
  readonly shape: readonly [number, number, number];
  readonly classCount: number;
}

let data: Batch;

beforeAll(async () => {
  await useBothBackends();
  const mnist = loadShippedDataset('mnist');
  const [h, w] = mnist.shape;
  if (mnist.shape[2] !== 1) throw new Error(`expected one-channel MNIST images, got shape [${mnist.shape.join(', ')}]`);
  const [sh, sw] = [Math.floor(h / 2), Math.floor(w / 2)];
  const pixels = new Float32Array(SAMPLES * sh * sw);
  for (let i = 0; i < SAMPLES; i++) {
    for (let r = 0; r < sh; r++) for (let c = 0; c < sw; c++) pixels[(i * sh + r) * sw + c] = (mnist.images[(i * h + 2 * r) * w + 2 * c] as number) / 255;
  }
  const oneHot = new Float32Array(SAMPLES * mnist.classCount);
  for (let i = 0; i < SAMPLES; i++) oneHot[i * mnist.classCount + (mnist.labels[i] as number)] = 1;
  data = { pixels, oneHot, shape: [sh, sw, 1], classCount: mnist.classCount };
});

type ModelMaker = () => tf.Sequential;

const cnn = (config: TrainConfig): ModelMaker => () => buildModel(config, { shape: data.shape, classCount: data.classCount }, 42).model;
const mlp: ModelMaker = () => tf.sequential({ layers: [
  tf.layers.flatten({ inputShape: [...data.shape] }),
  tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
  tf.layers.dense({ units: data.classCount, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
] });

interface Run {
  readonly weights: readonly Float32Array[];
  readonly losses: readonly number[];
  /** After each epoch: [tf.memory().numTensors, the backend's numDataIds()]. */
  readonly counts: readonly (readonly [number, number])[];
}

/** Trains `make`'s model for `epochs` on `backend` (Adam, batch 32, no shuffling), from `weights` when given. */
async function train(backend: ComparedBackend, make: ModelMaker, epochs: number, weights?: readonly Float32Array[]): Promise<Run> {
  if (!(await tf.setBackend(backend))) throw new Error(`could not switch to ${backend}`);
  const model = make();
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.tensor4d(data.pixels, [SAMPLES, ...data.shape]);
  const ys = tf.tensor2d(data.oneHot, [SAMPLES, data.classCount]);
  try {
    if (weights !== undefined) tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape))));
    const start = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const counts: [number, number][] = [];
    const history = await model.fit(xs, ys, {
      epochs,
      batchSize: BATCH,
      shuffle: false,
      verbose: 0,
      callbacks: { onEpochEnd: () => void counts.push([tf.memory().numTensors, tf.backend().numDataIds()]) },
    });
    return { weights: start, losses: history.history.loss as number[], counts };
  } finally {
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  }
}

async function compareTraining(label: string, make: ModelMaker): Promise<void> {
  const cpu = await train('cpu', make, EPOCHS);
  const wasm = await train('wasm', make, EPOCHS, cpu.weights);
  const worst = Math.max(...cpu.losses.map((l, e) => Math.abs((wasm.losses[e] as number) - l) / l));
  console.log(`${label}: cpu losses ${cpu.losses.map((l) => l.toFixed(5)).join(', ')}; wasm ${wasm.losses.map((l) => l.toFixed(5)).join(', ')}; worst relative gap ${worst.toExponential(2)}`);
  expect(wasm.losses).toHaveLength(EPOCHS);
  expect(worst).toBeLessThan(LOSS_BOUND);
  expect(cpu.losses[EPOCHS - 1]).toBeLessThan(cpu.losses[0] as number);
}

describe('the same seeded model learns the same on wasm as on cpu', () => {
  it('the default CNN (conv 8 → pool → conv 16 → pool → dense 32 → 10, dropout)', () => compareTraining('default CNN', cnn(DEFAULT_CONFIG)));
  it('the default CNN with batch norm and tanh', () => compareTraining('CNN + batch norm + tanh', cnn({ ...DEFAULT_CONFIG, batchNorm: true, activation: 'tanh' })));
  it('an MLP', () => compareTraining('MLP', mlp));
});

describe('training on wasm leaves nothing behind', () => {
  it('holds as many tensors and wasm buffers after every epoch as after the first', async () => {
    const run = await train('wasm', cnn({ ...DEFAULT_CONFIG, batchNorm: true }), 4);
    console.log(`after each epoch on wasm: [tensors, data ids] ${run.counts.map((c) => `[${c.join(', ')}]`).join(' ')}`);
    for (const count of run.counts) expect(count).toEqual(run.counts[0]);
  });

  it('frees everything it made once the model, optimiser and data are disposed', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const before = [tf.memory().numTensors, backend.numDataIds()];
    await train('wasm', cnn(DEFAULT_CONFIG), 1);
    await tf.setBackend('wasm');
    expect([tf.memory().numTensors, backend.numDataIds()]).toEqual(before);
  });
});
