import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/training/datasets';
import type { BackendPreference, ExportedModel, TaskJob, TaskWorkerApi } from '../../../src/training/serve/protocol';
import { deriveSeed, type Params } from '../../../src/tuner';
import { ModelExport } from '../../../src/ui/model-export/model-export.svelte';
import { defaultSetup, validateSetup } from '../../../src/ui/setup/setup-config';

const dataset: Dataset = { name: 'mnist', shape: [28, 28, 1], classCount: 10, testCount: 0, images: new Uint8Array(784), labels: new Uint8Array(1) };
const setup = validateSetup({ ...defaultSetup('mnist-cnn'), backend: 'webgl', samples: { train: 64, validation: 32 } });

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
