/**
 * The user-data task (src/training/user-data/user-data-task.ts) in Node on tfjs's cpu backend:
 * served through the task protocol (a TaskWorker, driven as the runner drives a worker) and called
 * in-process as a benchmark does. Tiny hand-made datasets (tiny-datasets.ts), a few epochs each.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateMetrics } from '../../../src/training/evaluation';
import type { ExportedModel, TaskJob, TaskProgress, TaskResult } from '../../../src/training/serve/protocol';
import { TaskWorker } from '../../../src/training/serve/task-worker';
import { createDataPrepApi } from '../../../src/training/user-data/data-prep-api';
import type { UserDataset, UserTaskSetup } from '../../../src/training/user-data/protocol';
import { userDataMetricNames } from '../../../src/training/user-data/spaces';
import { createUserDataTask } from '../../../src/training/user-data/user-data-task';
import type { Metrics, Params } from '../../../src/tuner';
import { regressionTable, tinyImages, tinyUserModel, twoClassTable, weightNames, weightValues } from './tiny-datasets';

const MLP: Params = { layers: 1, units: 16, dropout: 0, learningRate: 0.02, batchSize: 16 };
const job = (trialId: number, maxEpochs: number, extra: Partial<TaskJob> = {}): TaskJob => ({ trialId, attempt: 0, params: MLP, seed: 7, maxEpochs, ...extra });

async function served(setup: UserTaskSetup): Promise<TaskWorker> {
  const worker = new TaskWorker(createUserDataTask());
  await worker.init('cpu', setup);
  return worker;
}

async function run(worker: TaskWorker, j: TaskJob): Promise<{ result: TaskResult; epochs: Metrics[] }> {
  const epochs: Metrics[] = [];
  const result = await worker.run(j, (p: TaskProgress) => void (p.kind === 'epoch' && epochs.push(p.metrics)));
  return { result, epochs };
}

/** The exported files loaded back with plain tfjs, and their metrics recomputed on folds[0]'s validation rows. */
async function reloadedMetrics(exported: ExportedModel, dataset: UserDataset): Promise<Metrics> {
  const json = JSON.parse(exported.modelJson) as tf.io.ModelJSON;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: exported.weights }),
  );
  const fold = dataset.folds[0] as UserDataset['folds'][number];
  const rows = Array.from(fold.validation);
  const width = dataset.sampleShape.reduce((a, d) => a * d, 1);
  const x = tf.tensor(Float32Array.from(rows.flatMap((r) => Array.from(fold.features.subarray(r * width, (r + 1) * width)))), [rows.length, ...dataset.sampleShape]);
  const out = model.predict(x) as tf.Tensor;
  const predicted = (await out.data()) as Float32Array;
  tf.dispose([x, out]);
  model.dispose();
  if (dataset.task === 'classification') {
    return evaluateMetrics({ kind: 'classification', probabilities: predicted, labels: Int32Array.from(rows, (r) => dataset.labels[r] as number), classCount: 2 });
  }
  const scale = fold.targetScale as { mean: number; std: number };
  return evaluateMetrics({ kind: 'regression', predictions: predicted.map((p) => p * scale.std + scale.mean), targets: Float32Array.from(rows, (r) => dataset.labels[r] as number) });
}

const expectAllFinite = (metrics: Metrics, names: readonly string[]) => {
  expect(Object.keys(metrics).sort()).toEqual([...names].sort());
  for (const name of names) expect(Number.isFinite(metrics[name]), name).toBe(true);
};

describe('an MLP on a 2-class table', () => {
  const dataset = twoClassTable();
  let worker: TaskWorker;
  let baseline: number;
  beforeAll(async () => {
    worker = await served({ dataset, family: { kind: 'mlp' } });
    baseline = tf.memory().numTensors;
  });

  it('reports every classification metric each epoch, finite, learns the easy problem, and holds no more tensors epoch after epoch', async () => {
    const tensorsAtEpoch: number[] = [];
    const epochs: Metrics[] = [];
    const result = await worker.run(job(1, 6), (p) => {
      if (p.kind !== 'epoch') return;
      epochs.push(p.metrics);
      tensorsAtEpoch.push(tf.memory().numTensors);
    });
    expect(new Set(tensorsAtEpoch.slice(1))).toEqual(new Set([tensorsAtEpoch[1]]));
    expect(tensorsAtEpoch[0]).toBe(tensorsAtEpoch[1]);
    expect(result).toMatchObject({ kind: 'complete', epochs: 6, paramCount: 2 * 16 + 16 + 16 * 2 + 2 });
    expect(epochs).toHaveLength(6);
    for (const metrics of epochs) expectAllFinite(metrics, userDataMetricNames('classification'));
    expect(epochs[5]?.valAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(epochs[5]?.loss).toBeLessThan(epochs[0]?.loss as number);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('keeps no tensor across trials with dropout, batch norm and weight decay, one of which diverges', async () => {
    const trials: Params[] = [
      { ...MLP, layers: 2, dropout: 0.3, batchNorm: true, weightDecay: 1e-3, optimizer: 'momentum' },
      { ...MLP, optimizer: 'sgd', learningRate: 1e38, units: 64 },
      { ...MLP, activation: 'tanh', optimizer: 'sgd' },
    ];
    const results: TaskResult[] = [];
    for (const [i, params] of trials.entries()) {
      results.push((await run(worker, job(10 + i, 2, { params }))).result);
      expect(tf.memory().numTensors).toBe(baseline);
    }
    expect(results.map((r) => r.kind)).toEqual(['complete', 'failed', 'complete']);
    expect(results[1]).toMatchObject({ cause: 'diverged', reason: expect.stringMatching(/became (NaN|-?Infinity)/) });
  });

  it('fails a trial with a bad param, naming it', async () => {
    expect((await run(worker, job(20, 1, { params: { units: 0 } }))).result).toMatchObject({
      kind: 'failed',
      cause: 'error',
      reason: expect.stringMatching(/"units": must be an integer in \[1, 1024\], got 0/),
    });
  });

  it('pauses after an epoch with its checkpoint and resumes to the same result as a straight run', async () => {
    const straight = await run(worker, job(30, 3, { saveCheckpoint: 'at-end' }));
    const paused = await worker.run(job(31, 3, { saveCheckpoint: 'every-epoch' }), (p) => {
      if (p.kind === 'epoch' && p.epoch === 1) worker.stop();
    });
    expect(paused).toMatchObject({ kind: 'stopped', epochs: 1, checkpoint: { format: 'tfjs-weights/1', epochsDone: 1 } });
    const checkpoint = paused.kind === 'stopped' ? paused.checkpoint : undefined;
    if (checkpoint === undefined) return;
    const resumed = await run(worker, job(31, 3, { startFrom: checkpoint, saveCheckpoint: 'at-end' }));
    expect(resumed.result).toMatchObject({ kind: 'complete', epochs: 3, checkpoint: { epochsDone: 3 } });
    expect(resumed.epochs).toHaveLength(2);
    for (const name of userDataMetricNames('classification')) expect(resumed.epochs[1]?.[name]).toBeCloseTo(straight.epochs[2]?.[name] as number, 5);
    // Exported straight from the final checkpoint: nothing left to train, its validation metrics measured.
    const final = resumed.result.kind === 'complete' ? resumed.result.checkpoint : undefined;
    if (final === undefined) return;
    const exported = await worker.exportModel(MLP, job(31, 3, { startFrom: final }));
    expect(exported.epochs).toBe(3);
    expect(exported.metrics.valLoss).toBeCloseTo(resumed.epochs[1]?.valLoss as number, 5);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('exports files that plain tfjs loads and that predict as the last epoch measured', async () => {
    const params = { ...MLP, dropout: 0.2 };
    const exported = await worker.exportModel(params, job(40, 2, { params }));
    expect(exported).toMatchObject({ epochs: 2, paramCount: 2 * 16 + 16 + 16 * 2 + 2 });
    expect(exported.modelJson).not.toMatch(/"class_name":"SeededDropout"/);
    expect(exported.modelJson).toMatch(/"class_name":"Dropout"/);
    expectAllFinite(exported.metrics, userDataMetricNames('classification'));
    const again = await reloadedMetrics(exported, dataset);
    for (const name of ['valLoss', 'valAccuracy', 'valMacroF1'] as const) expect(again[name]).toBeCloseTo(exported.metrics[name] as number, 5);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('an MLP on a regression table', () => {
  it('reports every regression metric on the target’s own scale, learns, and exports a model that predicts the same', async () => {
    const dataset = regressionTable();
    const worker = await served({ dataset, family: { kind: 'mlp' } });
    const { result, epochs } = await run(worker, job(1, 8, { params: { ...MLP, units: 32, learningRate: 0.03 } }));
    expect(result.kind).toBe('complete');
    for (const metrics of epochs) {
      expectAllFinite(metrics, userDataMetricNames('regression'));
      expect(metrics.valRmse).toBeCloseTo(Math.sqrt(metrics.valLoss as number), 6);
    }
    // y spans ±100 around 100: an untrained model's MSE is in the hundreds, not near 1.
    expect(epochs[0]?.loss).toBeGreaterThan(50);
    expect(epochs[7]?.valR2).toBeGreaterThan(0.8);
    const params = { ...MLP, units: 32 };
    const exported = await worker.exportModel(params, job(2, 2, { params }));
    const again = await reloadedMetrics(exported, dataset);
    expect(again.valRmse).toBeCloseTo(exported.metrics.valRmse as number, 3);
  });
});

describe('k-fold cross-validation', () => {
  it('trains one model per fold in lockstep and reports the mean over the folds', async () => {
    const folds = 3;
    const dataset = twoClassTable(60, folds);
    const crossValidated = (await run(await served({ dataset, family: { kind: 'mlp' } }), job(1, 2))).epochs;
    const single: Metrics[][] = [];
    for (const fold of dataset.folds) single.push((await run(await served({ dataset: { ...dataset, folds: [fold] }, family: { kind: 'mlp' } }), job(1, 2))).epochs);
    for (const epoch of [0, 1]) {
      for (const name of userDataMetricNames('classification')) {
        const mean = single.reduce((sum, runs) => sum + (runs[epoch]?.[name] as number), 0) / folds;
        expect(crossValidated[epoch]?.[name]).toBeCloseTo(mean, 5);
      }
    }
  });

  it('refuses checkpoints with several folds', async () => {
    const worker = await served({ dataset: twoClassTable(60, 3), family: { kind: 'mlp' } });
    expect((await run(worker, job(1, 1, { saveCheckpoint: 'at-end' }))).result).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/3 cross-validation folds/) });
  });
});

describe('the CNN on a 28 × 28 × 1 image folder', () => {
  it('trains the built-in CNN with the images’ shape and class count, reporting every metric', async () => {
    const worker = await served({ dataset: tinyImages(), family: { kind: 'cnn' } });
    const before = tf.memory().numTensors;
    const { result, epochs } = await run(worker, job(1, 1, { params: { convBlocks: 1, filters: 2, denseUnits: 0, dropout: 0, batchSize: 16 } }));
    expect(result).toMatchObject({ kind: 'complete', epochs: 1, paramCount: 3 * 3 * 2 + 2 + 14 * 14 * 2 * 2 + 2 });
    expectAllFinite(epochs[0] as Metrics, userDataMetricNames('classification'));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("the user's own model", () => {
  it('trains with its first weighted layers frozen, and exports them unchanged', async () => {
    const family = await tinyUserModel(2);
    const worker = await served({ dataset: twoClassTable(), family });
    const params = { learningRate: 0.05, batchSize: 16, frozenLayers: 1 };
    const { epochs } = await run(worker, job(1, 2, { params }));
    expectAllFinite(epochs[1] as Metrics, userDataMetricNames('classification'));
    const exported = await worker.exportModel(params, job(2, 2, { params }));
    // The original manifest lists each dense layer's kernel and bias (the dropout layer holds none); a
    // saved model lists its frozen weights last, so weights are found by name.
    const names = weightNames(family.modelJson);
    const [first, last] = [names[0] as string, names[4] as string];
    expect(weightValues(exported.modelJson, exported.weights, first)).toEqual(weightValues(family.modelJson, family.weights, first));
    expect(weightValues(exported.modelJson, exported.weights, last)).not.toEqual(weightValues(family.modelJson, family.weights, last));
    expect((await run(worker, job(3, 1, { params: { frozenLayers: 3 } }))).result).toMatchObject({ reason: expect.stringMatching(/"frozenLayers": must be an integer in \[0, 2\]/) });
  });

  it('refuses a model whose output does not fit the data, or that gives no probabilities for classes', async () => {
    const worker = new TaskWorker(createUserDataTask());
    await expect(worker.init('cpu', { dataset: regressionTable(), family: await tinyUserModel(2) })).rejects.toThrow(/ends in 2 outputs .* needs 1/);
    await expect(worker.init('cpu', { dataset: twoClassTable(), family: await tinyUserModel(2, 'linear') })).rejects.toThrow(
      /your model outputs \[.*\] for row 0, which are not probabilities; a classification model must output class probabilities \(end it in a softmax\)/,
    );
  });
});

describe('setup', () => {
  it('refuses what is not a UserTaskSetup, naming the problem', async () => {
    const task = createUserDataTask();
    const dataset = twoClassTable();
    const fold = dataset.folds[0] as UserDataset['folds'][number];
    await expect(task.setup?.({ dataset: { ...dataset, format: 'x' }, family: { kind: 'mlp' } })).rejects.toThrow(/dataset.format must be "user-dataset\/1"/);
    await expect(task.setup?.({ dataset: { ...dataset, folds: [{ ...fold, features: new Float32Array(3) }] }, family: { kind: 'mlp' } })).rejects.toThrow(
      /folds\[0\].features holds 3 values; 80 rows of 2 need 160/,
    );
    await expect(task.setup?.({ dataset, family: { kind: 'cnn' } })).rejects.toThrow(/the CNN trains on image folders/);
    await expect(task.setup?.({ dataset, family: { kind: 'tree' } })).rejects.toThrow(/family.kind must be/);
  });

  it('runs in-process without a worker, as a benchmark calls it, and frees the dataset tensors on a new setup', async () => {
    const before = tf.memory().numTensors;
    const task = createUserDataTask();
    await task.setup?.({ dataset: regressionTable(), family: { kind: 'mlp' } });
    const withOne = tf.memory().numTensors;
    await task.setup?.({ dataset: twoClassTable(), family: { kind: 'mlp' } });
    expect(tf.memory().numTensors).toBe(withOne);
    const seen: number[] = [];
    const summary = await task.train(MLP, async (epoch) => (seen.push(epoch), 'continue'), {
      trialId: 1,
      attempt: 0,
      seed: 1,
      maxEpochs: 2,
      signal: new AbortController().signal,
      reportBatch: () => undefined,
    });
    expect(seen).toEqual([1, 2]);
    expect(summary).toMatchObject({ paramCount: 2 * 16 + 16 + 16 * 2 + 2 });
    await task.setup?.(undefined);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a table prepared by the data-preparation API', () => {
  it.each([1, 2])('trains on what buildTable gives, with %i fold(s)', async (folds) => {
    const lines = ['x,colour,label'];
    for (let i = 0; i < 40; i++) lines.push(`${i % 10},${i % 3 === 0 ? 'red' : 'blue'},${i % 10 < 5 ? 'low' : 'high'}`);
    const file = { path: 'tiny.csv', data: new Blob([lines.join('\n')], { type: 'text/csv' }) };
    const built = await createDataPrepApi().buildTable(file, {
      name: 'tiny.csv',
      fingerprint: 'f'.repeat(64),
      target: 'label',
      task: 'classification',
      validationFraction: 0.25,
      folds,
      seed: 7,
    });
    if (!built.ok) throw new Error(built.message);
    const { result, epochs } = await run(await served({ dataset: built.value.dataset, family: { kind: 'mlp' } }), job(1, 2));
    expect(result).toMatchObject({ kind: 'complete', epochs: 2 });
    expectAllFinite(epochs[1] as Metrics, userDataMetricNames('classification'));
  });
});
