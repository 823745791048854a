import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { PredictorApi, UserDataset } from '../../../src/training/user-data';
import { imagePreprocessingJson } from '../../../src/training/user-data/preprocessing-json';
import { PredictorSession, validationRows } from '../../../src/ui/try-it/predictor-session.svelte';

const preprocessing = imagePreprocessingJson(28, 1, ['a', 'b']);
/** Regression-shaped labels on 3 rows of 2 values each, validation rows 2 and 0. */
const dataset = {
  format: 'user-dataset/1',
  kind: 'table',
  task: 'regression',
  name: 'flats.csv',
  fingerprint: '0'.repeat(64),
  rows: 3,
  sampleShape: [2],
  labels: Float32Array.from([100, 200, 300]),
  classNames: null,
  folds: [{ features: Float32Array.from([1, 2, 3, 4, 5, 6]), train: Int32Array.from([1]), validation: Int32Array.from([2, 0]), targetScale: { mean: 200, std: 100 } }],
  preprocessing,
} as unknown as UserDataset;

function stand(api: Partial<PredictorApi>): () => Worker {
  return () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(api, port1);
    return Object.assign(port2, { terminate: () => (port1.close(), port2.close()) }) as unknown as Worker;
  };
}

describe('PredictorSession', () => {
  it('reads the first fold’s validation rows with their actual values', () => {
    const rows = validationRows(dataset);
    expect(Array.from(rows.rows)).toEqual([2, 0]);
    expect(rows.sampleSize).toBe(2);
    expect(Array.from(rows.actual)).toEqual([300, 100]);
  });

  it('says why a model does not load, and predicts nothing then', async () => {
    const session = new PredictorSession({ createWorker: stand({ load: async () => Promise.reject(new Error('the model takes inputs of shape [4]')) }) });
    await session.open({ modelJson: '{}', weights: new ArrayBuffer(4), preprocessing }, 'cpu', dataset);
    expect(session.phase).toEqual({ kind: 'error', message: 'the model could not be loaded: the model takes inputs of shape [4]' });
    expect(session.validation.kind).toBe('error');
    await expect(session.predictRecord({})).rejects.toThrow(/not loaded/);
    session.close();
  });
});
