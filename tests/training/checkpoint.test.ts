/**
 * Checkpoints ('tfjs-weights/1') on tfjs's cpu backend in Node: a trial hands back its weights and
 * optimiser state, and another trial continues from them. Tiny nets, 64 samples. The browser suite
 * (tests/browser/checkpoint.test.ts) hands them between real workers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEIGHTS_CHECKPOINT_FORMAT, type WeightsManifest } from '../../src/training/serve/checkpoint';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/training/config';
import type { TrainBudget, TrainProgress, TrainResult } from '../../src/training/protocol';
import type { TrialCheckpoint } from '../../src/training/serve/protocol';
import { TrialSession } from '../../src/training/session';
import { loadShippedDataset } from './fixtures';

const TINY: TrainConfig = { ...DEFAULT_CONFIG, convBlocks: 1, filters: 2, denseUnits: 0, dropout: 0, batchSize: 16, epochs: 3 };
const BUDGET: TrainBudget = { dataset: 'mnist', trainSamples: 64, validationSamples: 32, splitSeed: 1, seed: 7 };

let session: TrialSession;

beforeAll(async () => {
  await tf.setBackend('cpu');
  session = new TrialSession();
  session.loadDataset(loadShippedDataset('mnist'));
});

function checkpointOf(result: TrainResult): TrialCheckpoint {
  if (result.kind === 'failed' || result.checkpoint === undefined) throw new Error(`no checkpoint in ${JSON.stringify(result)}`);
  return result.checkpoint;
}

const epochsOf = (progress: TrainProgress[]) => progress.flatMap((p) => (p.kind === 'epoch' ? [p.epoch] : []));

describe('training checkpoints (cpu backend)', () => {
  it("'at-end' hands back one buffer per tensor and a manifest of stable names, shapes and dtypes", async () => {
    const result = await session.train({ ...TINY, batchNorm: true, epochs: 1 }, BUDGET, () => undefined, { saveCheckpoint: 'at-end' });
    const checkpoint = checkpointOf(result);
    expect(checkpoint).toMatchObject({ format: WEIGHTS_CHECKPOINT_FORMAT, epochsDone: 1 });
    const manifest = checkpoint.manifest as WeightsManifest;
    expect(manifest.optimizerName).toBe('adam');
    expect(manifest.model.map((e) => e.name)).toEqual([
      'Conv2D[0]/kernel',
      'BatchNormalization[1]/gamma',
      'BatchNormalization[1]/beta',
      'BatchNormalization[1]/moving_mean',
      'BatchNormalization[1]/moving_variance',
      'Dense[5]/kernel',
      'Dense[5]/bias',
    ]);
    expect(manifest.model[0]).toEqual({ name: 'Conv2D[0]/kernel', shape: [3, 3, 1, 2], dtype: 'float32' });
    // adam: iter, then a first and a second moment per trainable weight (5 of them).
    expect(manifest.optimizer).toHaveLength(1 + 2 * 5);
    expect(manifest.optimizer[0]).toEqual({ name: 'iter', shape: [], dtype: 'int32' });
    expect(new Int32Array(checkpoint.buffers[manifest.model.length] as ArrayBuffer)[0]).toBe(4); // 64 samples / 16 per step
    expect(checkpoint.buffers).toHaveLength(manifest.model.length + manifest.optimizer.length);
    expect(new Set(checkpoint.buffers).size).toBe(checkpoint.buffers.length);
  });

  it('returns no checkpoint unless asked', async () => {
    const result = await session.train({ ...TINY, epochs: 1 }, BUDGET, () => undefined);
    expect(result.kind === 'complete' && result.checkpoint).toBeFalsy();
  });

  it.each(['sgd', 'momentum', 'adam'] as const)(
    'pausing after epoch 1 and resuming matches one run straight through (%s: weights and optimiser state), leaking nothing',
    async (optimizer) => {
      const config = { ...TINY, optimizer, learningRate: optimizer === 'adam' ? 3e-3 : 3e-2 };
      const baseline = tf.memory().numTensors;
      const straight = await session.train({ ...config, epochs: 2 }, BUDGET, () => undefined);
      const first = await session.train({ ...config, epochs: 1 }, BUDGET, () => undefined, { saveCheckpoint: 'at-end' });
      const progress: TrainProgress[] = [];
      const resumed = await session.train({ ...config, epochs: 2 }, BUDGET, (p) => void progress.push(p), {
        startFrom: checkpointOf(first),
        saveCheckpoint: 'at-end',
      });
      expect(epochsOf(progress)).toEqual([2]);
      expect(resumed).toMatchObject({ kind: 'complete', epochs: 2 });
      expect(checkpointOf(resumed).epochsDone).toBe(2);
      if (straight.kind !== 'complete' || resumed.kind !== 'complete') throw new Error('both runs should complete');
      expect(resumed.metrics.valLoss).toBeCloseTo(straight.metrics.valLoss, 5);
      expect(resumed.metrics.loss).toBeCloseTo(straight.metrics.loss, 5);
      expect(tf.memory().numTensors).toBe(baseline);
    },
  );

  it("continues with the current config's learning rate, and with fresh optimiser state when the optimiser changed", async () => {
    const first = checkpointOf(await session.train({ ...TINY, epochs: 1 }, BUDGET, () => undefined, { saveCheckpoint: 'at-end' }));
    const copy = { ...first, buffers: first.buffers.map((b) => b.slice(0)) };
    const frozen = await session.train({ ...TINY, learningRate: 1e-12, epochs: 2 }, BUDGET, () => undefined, { startFrom: first, saveCheckpoint: 'at-end' });
    // A learning rate of 1e-12 leaves the weights as they were.
    const before = new Float32Array(copy.buffers[0] as ArrayBuffer);
    const after = new Float32Array(checkpointOf(frozen).buffers[0] as ArrayBuffer);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i] as number, 6);
    const switched = await session.train({ ...TINY, optimizer: 'momentum', epochs: 2 }, BUDGET, () => undefined, { startFrom: copy, saveCheckpoint: 'at-end' });
    expect(switched).toMatchObject({ kind: 'complete', epochs: 2 });
    expect((checkpointOf(switched).manifest as WeightsManifest).optimizerName).toBe('momentum');
  });

  it("'every-epoch' sends the state with each epoch; a stop mid-epoch returns the last finished epoch's state", async () => {
    const baseline = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const running = session.train({ ...TINY, batchSize: 4 }, BUDGET, (p) => {
      progress.push(p);
      // Stop a little into epoch 2 (after its first batch report).
      if (p.kind === 'batch' && p.epoch === 2) session.stop();
    }, { saveCheckpoint: 'every-epoch' });
    const result = await running;
    expect(result).toMatchObject({ kind: 'stopped', epochs: 1 });
    const epochOne = progress.find((p) => p.kind === 'epoch');
    if (epochOne?.kind !== 'epoch' || epochOne.checkpoint === undefined) throw new Error('epoch 1 carried no checkpoint');
    expect(epochOne.checkpoint.epochsDone).toBe(1);
    const kept = checkpointOf(result);
    expect(kept.epochsDone).toBe(1);
    // The same state, in buffers of its own (both leave the worker by transfer).
    expect(kept.buffers.map((b) => Array.from(new Float32Array(b)))).toEqual(epochOne.checkpoint.buffers.map((b) => Array.from(new Float32Array(b))));
    expect(kept.buffers.every((b, i) => b !== epochOne.checkpoint?.buffers[i])).toBe(true);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('a resumed trial stopped before finishing an epoch hands its start state back', async () => {
    const first = checkpointOf(await session.train({ ...TINY, epochs: 1 }, BUDGET, () => undefined, { saveCheckpoint: 'at-end' }));
    const running = session.train({ ...TINY, batchSize: 4 }, BUDGET, (p) => void (p.kind === 'batch' && session.stop()), { startFrom: first, saveCheckpoint: 'at-end' });
    const result = await running;
    expect(result).toMatchObject({ kind: 'stopped', epochs: 1, metrics: null });
    expect(checkpointOf(result).epochsDone).toBe(1);
  });

  it('refuses a structurally different network, naming the first weight that differs, and leaks nothing', async () => {
    const baseline = tf.memory().numTensors;
    const first = checkpointOf(await session.train({ ...TINY, epochs: 1 }, BUDGET, () => undefined, { saveCheckpoint: 'at-end' }));
    const wider = await session.train({ ...TINY, filters: 4 }, BUDGET, () => undefined, { startFrom: first });
    expect(wider).toMatchObject({ kind: 'failed', cause: 'error' });
    if (wider.kind === 'failed') {
      expect(wider.reason).toBe('checkpoint does not fit this model: weight 1 is Conv2D[0]/kernel [3, 3, 1, 2] in the checkpoint but Conv2D[0]/kernel [3, 3, 1, 4] in this config');
    }
    const deeper = await session.train({ ...TINY, denseUnits: 8 }, BUDGET, () => undefined, { startFrom: first });
    if (deeper.kind !== 'failed') throw new Error('a deeper net should not load the checkpoint');
    expect(deeper.reason).toBe('checkpoint does not fit this model: weight 3 is Dense[4]/kernel [392, 10] in the checkpoint but Dense[4]/kernel [392, 8] in this config');
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('refuses a checkpoint of another format, one already done, and one with missing bytes', async () => {
    const first = checkpointOf(await session.train({ ...TINY, epochs: 1 }, BUDGET, () => undefined, { saveCheckpoint: 'at-end' }));
    const simulated = { format: 'simulated-curve/1', epochsDone: 1, buffers: [new ArrayBuffer(8)], manifest: null };
    expect(await session.train(TINY, BUDGET, () => undefined, { startFrom: simulated })).toMatchObject({
      kind: 'failed',
      reason: 'checkpoint format "simulated-curve/1" cannot be read by the tfjs trainer (it reads "tfjs-weights/1")',
    });
    expect(await session.train({ ...TINY, epochs: 1 }, BUDGET, () => undefined, { startFrom: first })).toMatchObject({
      kind: 'failed',
      reason: 'the checkpoint already holds 1 epochs; this trial may train 1',
    });
    const emptied = { ...first, buffers: first.buffers.map((b, i) => (i === 0 ? new ArrayBuffer(0) : b)) };
    expect(await session.train(TINY, BUDGET, () => undefined, { startFrom: emptied })).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/Conv2D\[0\]\/kernel \[3, 3, 1, 2\] needs 72 bytes, its buffer has 0 \(a detached buffer/),
    });
  });
});
