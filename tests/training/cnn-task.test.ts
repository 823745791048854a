/**
 * The built-in CNN task (src/training/cnn-task.ts) served through the task protocol, in Node on
 * tfjs's cpu backend: a TaskWorker over createCnnTask(), driven as the runner drives a worker (init,
 * run, stop, exportModel). Tiny nets, 64 samples. The browser suite runs the same task in real workers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CnnTaskSetup } from '../../src/training/builtin-worker';
import { createCnnTask } from '../../src/training/cnn-task';
import type { TaskJob, TaskProgress } from '../../src/training/serve/protocol';
import { TaskWorker } from '../../src/training/serve/task-worker';
import type { Params } from '../../src/tuner';
import { loadShippedDataset } from './fixtures';

const NET: Params = { convBlocks: 1, filters: 2, denseUnits: 0, dropout: 0, batchSize: 16 };
let SETUP: CnnTaskSetup;
const job = (trialId: number, maxEpochs: number, extra: Partial<TaskJob> = {}): TaskJob => ({ trialId, attempt: 0, params: NET, seed: 7, maxEpochs, ...extra });

let worker: TaskWorker;

beforeAll(async () => {
  SETUP = { dataset: loadShippedDataset('mnist'), trainSamples: 64, validationSamples: 32, splitSeed: 1 };
  worker = new TaskWorker(createCnnTask());
  expect(await worker.init('cpu', SETUP)).toMatchObject({ backend: 'cpu' });
});

describe('the CNN task served through the task protocol (cpu backend)', () => {
  it('trains epochs 1 … maxEpochs, reports every metric and batches, and returns the parameter count', async () => {
    const baseline = tf.memory().numTensors;
    const progress: TaskProgress[] = [];
    const result = await worker.run(job(1, 2), (p) => void progress.push(p));
    expect(result).toMatchObject({ kind: 'complete', epochs: 2 });
    if (result.kind !== 'complete') return;
    const epochs = progress.filter((p) => p.kind === 'epoch');
    expect(epochs.map((p) => p.epoch)).toEqual([1, 2]);
    expect(Object.keys(result.metrics).sort()).toEqual(['accuracy', 'loss', 'valAccuracy', 'valLoss']);
    expect(result.metrics).toEqual(epochs[1]?.metrics);
    expect(progress.some((p) => p.kind === 'batch')).toBe(true);
    expect(result.paramCount).toBe(3 * 3 * 2 + 2 + 14 * 14 * 2 * 10 + 10);
    expect(result.samplesPerSecond).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it("trains for the job's maxEpochs: a param `epochs` may lower it, never raise it", async () => {
    expect(await worker.run(job(2, 1, { params: { ...NET, epochs: 5 } }), () => undefined)).toMatchObject({ kind: 'complete', epochs: 1 });
    expect(await worker.run(job(3, 3, { params: { ...NET, epochs: 1 } }), () => undefined)).toMatchObject({ kind: 'complete', epochs: 1 });
  });

  it('fails a trial with a bad param naming it, and a diverging one with cause "diverged"', async () => {
    expect(await worker.run(job(4, 1, { params: { ...NET, convBlocks: 9 } }), () => undefined)).toMatchObject({
      kind: 'failed',
      cause: 'error',
      reason: expect.stringMatching(/"convBlocks": must be an integer in \[1, 3\]/),
    });
    const diverged = await worker.run(job(5, 1, { params: { ...NET, optimizer: 'sgd', learningRate: 1e38 } }), () => undefined);
    expect(diverged).toMatchObject({ kind: 'failed', cause: 'diverged', reason: expect.stringMatching(/became (NaN|-?Infinity|non-finite)/) });
  });

  it('stops between two reports with the state of the last reported epoch (every-epoch checkpoints), and resumes from it', async () => {
    const progress: TaskProgress[] = [];
    const paused = await worker.run(job(6, 3, { saveCheckpoint: 'every-epoch' }), (p) => {
      progress.push(p);
      if (p.kind === 'epoch' && p.epoch === 1) worker.stop();
    });
    expect(paused).toMatchObject({ kind: 'stopped', epochs: 1 });
    expect(progress.flatMap((p) => (p.kind === 'epoch' ? [p.checkpoint?.epochsDone] : []))).toEqual([1]);
    const checkpoint = paused.kind === 'stopped' ? paused.checkpoint : undefined;
    expect(checkpoint).toMatchObject({ format: 'tfjs-weights/1', epochsDone: 1 });
    if (checkpoint === undefined) return;
    const resumed: number[] = [];
    const result = await worker.run(job(6, 2, { startFrom: checkpoint, saveCheckpoint: 'at-end' }), (p) => void (p.kind === 'epoch' && resumed.push(p.epoch)));
    expect(resumed).toEqual([2]);
    expect(result).toMatchObject({ kind: 'complete', epochs: 2, checkpoint: { epochsDone: 2 } });
  });

  it('exports the model a trial of the job would train', async () => {
    const exported = await worker.exportModel(NET, job(7, 1));
    expect(exported).toMatchObject({ epochs: 1, paramCount: 3 * 3 * 2 + 2 + 14 * 14 * 2 * 10 + 10 });
    expect(Number.isFinite(exported.metrics.valLoss)).toBe(true);
    expect(JSON.parse(exported.modelJson)).toMatchObject({ format: 'layers-model' });
  });

  it('refuses a bad setup naming the field, and a worker set up without data runs no trial', async () => {
    const bad = new TaskWorker(createCnnTask());
    await expect(bad.init('cpu', { ...SETUP, trainSamples: 0 })).rejects.toThrow(/CNN task setup: trainSamples must be an integer ≥ 1, got 0/);
    await expect(new TaskWorker(createCnnTask()).init('cpu', { ...SETUP, dataset: { ...SETUP.dataset, name: 'cifar' } })).rejects.toThrow(/dataset\.name must be one of mnist, fashion-mnist/);
    const probe = new TaskWorker(createCnnTask());
    expect(await probe.init('cpu', undefined)).toMatchObject({ backend: 'cpu' });
    expect(await probe.run(job(8, 1), () => undefined)).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/started without a setup/) });
  });
});
