/**
 * The browser side of tests/browser/predictor.test.ts: a page that builds a tiny tfjs model, saves
 * it through `tf.io.withSaveHandler` (serve/model-export.ts's `modelFiles`), writes a
 * preprocessing.json for it, loads the three in the real predictor worker (workers/predict.worker.ts)
 * and predicts both there and directly here on the same input, driven from Node through
 * `window.predictorHarness` (playwright).
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { modelFiles } from '../../src/training/serve/model-export';
import type { BackendPreference } from '../../src/training/serve/protocol';
import { encodeRow, type Preprocessing } from '../../src/training/table';
import { decodeImagePixels } from '../../src/training/user-data/decode-image';
import type { Prediction, PredictorApi } from '../../src/training/user-data/predict-protocol';
import { PREDICT_WORKER } from '../../src/training/user-data/predict-script';
import { imagePreprocessingJson, tablePreprocessingJson } from '../../src/training/user-data/preprocessing-json';
import type { PreprocessingJson } from '../../src/training/user-data/protocol';

export type HarnessCase = 'classification' | 'regression' | 'images';

/** A 3-column table (two numbers, one category with a missing slot) → 6 features. */
const TABLE: Preprocessing = {
  format: 'table-preprocessing',
  version: 1,
  columns: ['x', 'y', 'colour', 'target'],
  features: [
    { kind: 'numeric', column: 'x', offset: 0, mean: 2, std: 0.5 },
    { kind: 'numeric', column: 'y', offset: 1, mean: -1, std: 3 },
    { kind: 'categorical', column: 'colour', offset: 2, categories: ['blue', 'green', 'red'], missingSlot: true },
  ],
  featureCount: 6,
  leftOut: [],
  target: { task: 'classification', column: 'target', labels: ['a', 'b', 'c'] },
};
const SIDE = 28;

function preprocessingFor(kind: HarnessCase): PreprocessingJson {
  switch (kind) {
    case 'classification':
      return tablePreprocessingJson(TABLE, null);
    case 'regression':
      return tablePreprocessingJson({ ...TABLE, target: { task: 'regression', column: 'target' } }, { mean: 10, std: 2 });
    case 'images':
      return imagePreprocessingJson(SIDE, 1, ['dark', 'light']);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown case ${String(unreachable)}`);
    }
  }
}

function modelFor(kind: HarnessCase): tf.Sequential {
  const model = tf.sequential();
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  if (kind === 'images') {
    model.add(tf.layers.flatten({ inputShape: [SIDE, SIDE, 1] }));
    model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(1) }));
    return model;
  }
  model.add(tf.layers.dense({ units: 5, activation: 'relu', inputShape: [6], kernelInitializer: init(2), biasInitializer: 'ones' }));
  model.add(kind === 'classification' ? tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }) : tf.layers.dense({ units: 1, kernelInitializer: init(4) }));
  return model;
}

let model: tf.Sequential | null = null;
let preprocessing: PreprocessingJson | null = null;
let predictor: Comlink.Remote<PredictorApi> | null = null;
let worker: Worker | null = null;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The model's raw outputs here, on the main thread, for `x` of `shape`. */
async function direct(x: Float32Array, shape: number[]): Promise<number[]> {
  if (model === null) throw new Error('set up first');
  const y = tf.tidy(() => model?.predict(tf.tensor(x, shape)) as tf.Tensor);
  const values = Array.from(await y.data());
  y.dispose();
  return values;
}

/** A 20 × 12 PNG, dark on the left and light on the right. */
async function pngImage(): Promise<Blob> {
  const canvas = new OffscreenCanvas(20, 12);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2D canvas');
  const gradient = context.createLinearGradient(0, 0, 20, 0);
  gradient.addColorStop(0, '#102030');
  gradient.addColorStop(1, '#f0e0a0');
  context.fillStyle = gradient;
  context.fillRect(0, 0, 20, 12);
  return canvas.convertToBlob({ type: 'image/png' });
}

export interface PredictorHarness {
  /** Builds and saves the case's model and preprocessing.json and loads them in a new predictor worker; returns its backend. */
  /** Loads `kind`'s model in a fresh predictor worker on `backend` (default cpu); resolves with the backend it got. */
  setUp(kind: HarnessCase, backend?: BackendPreference): Promise<string>;
  /** The worker's prediction for `record`, and the model's raw output here on `encodeRow` of it. */
  predictRecord(record: Record<string, string>): Promise<{ viaWorker: Prediction; direct: number[] }>;
  /** The worker's and the direct outputs for rows [2, 0] of 3 encoded rows. */
  predictRows(): Promise<{ viaWorker: number[]; direct: number[] }>;
  /** The worker's prediction for a PNG, and the model's output here on the same decoded pixels. */
  predictImage(): Promise<{ viaWorker: Prediction; direct: number[] }>;
  /** A call that should be refused, by name; resolves with the message. */
  refusal(what: 'missing-column' | 'not-a-number' | 'not-an-image' | 'mismatch'): Promise<string>;
}

declare global {
  interface Window {
    predictorHarness: PredictorHarness;
  }
}

const loaded = (): Comlink.Remote<PredictorApi> => {
  if (predictor === null) throw new Error('set up first');
  return predictor;
};

window.predictorHarness = {
  async setUp(kind, backend = 'cpu') {
    await tf.setBackend('cpu');
    model?.dispose();
    model = modelFor(kind);
    preprocessing = preprocessingFor(kind);
    const { modelJson, weights } = await modelFiles(model);
    worker?.terminate();
    worker = PREDICT_WORKER.create();
    predictor = Comlink.wrap<PredictorApi>(worker);
    const report = await predictor.load({ modelJson, weights, preprocessing }, backend);
    return report.backend;
  },

  async predictRecord(record) {
    if (preprocessing?.input.kind !== 'table') throw new Error('set up a table case first');
    const viaWorker = await loaded().predictRecord(record);
    return { viaWorker, direct: await direct(encodeRow(preprocessing.input.table, record), [1, 6]) };
  },

  async predictRows() {
    const features = Float32Array.from({ length: 18 }, (_, i) => Math.sin(i + 1));
    const viaWorker = Array.from(await loaded().predictRows(features, Int32Array.from([2, 0]), 6));
    const rows = new Float32Array(12);
    rows.set(features.subarray(12, 18), 0);
    rows.set(features.subarray(0, 6), 6);
    return { viaWorker, direct: await direct(rows, [2, 6]) };
  },

  async predictImage() {
    const image = await pngImage();
    const viaWorker = await loaded().predictImage(image);
    return { viaWorker, direct: await direct(await decodeImagePixels(image, SIDE, 1), [1, SIDE, SIDE, 1]) };
  },

  async refusal(what) {
    try {
      switch (what) {
        case 'missing-column':
          await loaded().predictRecord({ x: '1', colour: 'red' });
          break;
        case 'not-a-number':
          await loaded().predictRecord({ x: 'seven', y: '1', colour: 'red' });
          break;
        case 'not-an-image':
          await loaded().predictImage(new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' }));
          break;
        case 'mismatch': {
          if (model === null || preprocessing === null) throw new Error('set up first');
          const { modelJson, weights } = await modelFiles(model);
          const fewer: Preprocessing = { ...TABLE, features: TABLE.features.slice(0, 2), featureCount: 2 };
          await loaded().load({ modelJson, weights, preprocessing: tablePreprocessingJson(fewer, null) }, 'cpu');
          break;
        }
      }
    } catch (error) {
      return messageOf(error);
    }
    return 'not refused';
  },
};
