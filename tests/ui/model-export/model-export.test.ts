import * as Comlink from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../../src/training/datasets';
import type { BackendPreference, ExportedModel, TaskJob, TaskWorkerApi } from '../../../src/training/serve/protocol';
import type { PredictorApi, PredictorFiles, PreprocessingJson, UserTaskSetup } from '../../../src/training/user-data';
import { deriveSeed, type Params } from '../../../src/tuner';
import { ModelExport } from '../../../src/ui/model-export/model-export.svelte';
import { defaultSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import { PredictorSession } from '../../../src/ui/try-it/predictor-session.svelte';

const dataset: Dataset = { name: 'mnist', shape: [28, 28, 1], classCount: 10, testCount: 0, images: new Uint8Array(784), labels: new Uint8Array(1) };
const setup = validateSetup({ ...defaultSetup('mnist-cnn'), backend: 'webgl', samples: { train: 64, validation: 32 } });

const preprocessing: PreprocessingJson = {
  format: 'tfjs-tuner.preprocessing/1',
  task: 'classification',
  input: {
    kind: 'table',
    table: {
      format: 'table-preprocessing',
      version: 1,
      columns: ['x', 'label'],
      features: [{ kind: 'numeric', column: 'x', offset: 0, mean: 0, std: 1 }],
      featureCount: 1,
      leftOut: [],
      target: { task: 'classification', column: 'label', labels: ['no', 'yes'] },
    },
  },
  labels: ['no', 'yes'],
  targetScale: null,
};
const userTask: UserTaskSetup = {
  dataset: {
    format: 'user-dataset/1',
    kind: 'table',
    task: 'classification',
    name: 'tiny.csv',
    fingerprint: 'f'.repeat(64),
    rows: 4,
    sampleShape: [1],
    labels: Int32Array.from([0, 1, 1, 0]),
    classNames: ['no', 'yes'],
    folds: [{ features: Float32Array.from([0, 10, 20, 30]), train: Int32Array.from([0, 2]), validation: Int32Array.from([1, 3]), targetScale: null }],
    preprocessing,
  },
  family: { kind: 'mlp' },
};
/** A user-data study's setup, as the exporter reads it (only its task, backend, seed and budget matter here). */
const userSetup: SetupConfig = { ...setup, task: 'user-data' };

/** A predictor worker stand-in: records the files it loads and "predicts" each row's first feature. */
function fakePredictor(loads: PredictorFiles[]): () => Worker {
  return () => {
    const { port1, port2 } = new MessageChannel();
    const api: PredictorApi = {
      load: async (files) => {
        loads.push(files);
        return { backend: 'cpu', detail: 'fake', skipped: [] };
      },
      predictRecord: async () => ({ kind: 'regression', value: 0 }),
      predictImage: async () => ({ kind: 'regression', value: 0 }),
      predictRows: async (features, rows, size) => Float32Array.from(rows, (row) => features[row * size] as number),
    };
    Comlink.expose(api, port1);
    return Object.assign(port2, { terminate: () => (port1.close(), port2.close()) }) as unknown as Worker;
  };
}

/** A task worker stand-in on a MessageChannel: records the calls and returns a tiny "model". */
function fakeWorker(calls: unknown[], fail = false): () => Worker {
  return () => {
    const { port1, port2 } = new MessageChannel();
    let given: unknown = null;
    const api: Pick<TaskWorkerApi, 'exportModel'> & { init(p: BackendPreference, setup: unknown): unknown } = {
      init: (preference, setup) => {
        given = setup;
        return { backend: preference === 'auto' ? 'webgpu' : preference, detail: 'fake', skipped: [] };
      },
      exportModel: async (params: Params, job: TaskJob): Promise<ExportedModel> => {
        calls.push({ setup: given, params, job });
        if (fail) throw new Error('out of memory');
        const weights = new Float32Array([1, 2, 3]).buffer;
        return Comlink.transfer({ modelJson: '{"format":"layers-model"}', weights, metrics: { valLoss: 0.5, valAccuracy: 0.9 }, paramCount: 3, epochs: 2 }, [weights]);
      },
    };
    Comlink.expose(api, port1);
    return Object.assign(port2, { terminate: () => (port1.close(), port2.close()) }) as unknown as Worker;
  };
}

describe('ModelExport', () => {
  it('retrains the params with the study’s budget in a worker and downloads model.json + weights.bin', async () => {
    const calls: unknown[] = [];
    const saved: [string, number][] = [];
    const exporter = new ModelExport({ dataset: async () => dataset, createWorker: fakeWorker(calls), download: (blob, name) => saved.push([name, blob.size]) });
    await exporter.train(setup, { learningRate: 0.01, filters: 4 }, 3);
    expect(exporter.phase.kind).toBe('ready');
    expect(calls[0]).toMatchObject({
      setup: { dataset: { name: 'mnist' }, trainSamples: 64, validationSamples: 32, splitSeed: setup.seed },
      params: { learningRate: 0.01, filters: 4 },
      job: { trialId: 3, maxEpochs: setup.budget.epochs, seed: deriveSeed(setup.seed, 3) },
    });
    exporter.download();
    expect(saved).toEqual([
      ['model.json', 25],
      ['weights.bin', 12],
    ]);
    expect(exporter.predictor).toBeNull();
  });

  it('retrains a user-data study in the user-data worker, adds preprocessing.json and loads the files in a predictor', async () => {
    const calls: unknown[] = [];
    const saved: [string, string][] = [];
    const loads: PredictorFiles[] = [];
    const exporter = new ModelExport({
      dataset: async () => dataset,
      userTask: async () => userTask,
      createWorker: fakeWorker(calls),
      download: (blob, name) => void blob.text().then((text) => saved.push([name, text])),
      predictorSession: () => new PredictorSession({ createWorker: fakePredictor(loads) }),
    });
    await exporter.train(userSetup, { learningRate: 0.01, units: 16 }, 2);
    expect(exporter.phase).toMatchObject({ kind: 'ready', userTask: { dataset: { name: 'tiny.csv' } } });
    expect(calls[0]).toMatchObject({ setup: { dataset: { name: 'tiny.csv' }, family: { kind: 'mlp' } }, job: { trialId: 2, seed: deriveSeed(userSetup.seed, 2) } });
    exporter.download();
    await vi.waitFor(() => expect(saved.map(([name]) => name)).toEqual(['model.json', 'weights.bin', 'preprocessing.json']));
    expect(JSON.parse(saved[2]?.[1] ?? '')).toEqual(preprocessing);
    await vi.waitFor(() => expect(exporter.predictor?.validation.kind).toBe('ready'));
    expect(loads[0]).toMatchObject({ modelJson: '{"format":"layers-model"}', preprocessing });
    const validation = exporter.predictor?.validation;
    if (validation?.kind !== 'ready') throw new Error('no predictions');
    // The fake predictor echoes each row's first feature: the validation rows are 1 and 3.
    expect(Array.from(validation.predictions.outputs)).toEqual([10, 30]);
    expect(Array.from(validation.predictions.actual)).toEqual([1, 0]);
    expect(validation.predictions.classNames).toEqual(['no', 'yes']);
    exporter.closePredictor();
    expect(exporter.predictor).toBeNull();
  });

  it('reports a failure and a bad config as messages', async () => {
    const failing = new ModelExport({ dataset: async () => dataset, createWorker: fakeWorker([], true) });
    await failing.train(setup, { learningRate: 0.01 }, 0);
    expect(failing.phase).toMatchObject({ kind: 'error', message: expect.stringMatching(/out of memory/) });
    const bad = new ModelExport({ dataset: async () => dataset, createWorker: fakeWorker([]) });
    await bad.train(setup, { notAParam: 1 }, 0);
    expect(bad.phase).toMatchObject({ kind: 'error', message: expect.stringMatching(/notAParam/) });
  });

  it('does nothing for a synthetic task', async () => {
    const exporter = new ModelExport({ dataset: async () => dataset, createWorker: fakeWorker([]) });
    await exporter.train(defaultSetup('branin'), { x1: 0, x2: 0 }, 0);
    expect(exporter.phase.kind).toBe('idle');
  });
});
