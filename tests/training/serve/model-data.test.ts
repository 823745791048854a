/**
 * The model task's data checks and metric names, in Node on tfjs's cpu backend: what `data()` may
 * return, every mismatch named by split and tensor, a model's shapes checked against the data
 * before any fitting, and tfjs's metric names camelCased.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricName } from '../../../src/training/serve/metric-names';
import { loadModelData, shapeMismatch, type ModelData } from '../../../src/training/serve/model-data';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const typed = (n: number, width: number) => ({ values: new Float32Array(n * width), shape: [n, width] });
const GOOD: ModelData = { train: { xs: typed(10, 4), ys: typed(10, 3) }, validation: { xs: typed(5, 4), ys: typed(5, 3) } };

describe('loadModelData', () => {
  const before = tf.memory().numTensors;
  afterAll(() => expect(tf.memory().numTensors).toBe(before));

  it('makes float32 tensors of typed arrays, keeps given tensors, and frees only its own', async () => {
    const given = tf.zeros([5, 3]);
    const data = await loadModelData(() => ({ ...GOOD, validation: { xs: { values: new Uint8Array(20), shape: [5, 4] }, ys: given } }), null);
    expect([data.train.samples, data.validation?.samples]).toEqual([10, 5]);
    expect(data.validation?.xs.dtype).toBe('float32');
    expect(data.validation?.ys).toBe(given);
    data.dispose();
    expect(given.isDisposed).toBe(false);
    given.dispose();
  });

  it('passes the setup data to the loader', async () => {
    let seen: unknown;
    const data = await loadModelData((setup) => ((seen = setup), GOOD), { rows: 10 });
    expect(seen).toEqual({ rows: 10 });
    data.dispose();
  });

  it.each<[string, () => unknown, string]>([
    ['a throwing loader', () => { throw new Error('offline'); }, 'data() threw: offline'],
    ['nothing', () => undefined, 'data() returned undefined, not { train: { xs, ys }, validation?: { xs, ys } }'],
    ['no train split', () => ({ validation: GOOD.train }), 'data() returned no train split: return { train: { xs, ys }, validation?: { xs, ys } }'],
    ['a plain array', () => ({ train: { xs: [[1, 2]], ys: typed(1, 1) } }), 'data(): train.xs.values is not a typed array (a Float32Array, Int32Array, Uint8Array, …)'],
    ['values that do not fill the shape', () => ({ train: { xs: { values: new Float32Array(39), shape: [10, 4] }, ys: typed(10, 3) } }), 'data(): train.xs.values holds 39 numbers, which do not fill its shape [10, 4] (40)'],
    ['a bad shape', () => ({ train: { xs: { values: new Float32Array(4), shape: [2, 2.5] }, ys: typed(2, 3) } }), 'data(): train.xs.shape must be a non-empty array of whole numbers ≥ 1, got [2,2.5]'],
    ['xs without a sample axis', () => ({ train: { xs: { values: new Float32Array(4), shape: [4] }, ys: typed(4, 1) } }), 'data(): train.xs has shape [4]: it needs a sample dimension first, then each sample\'s shape (e.g. [n, features])'],
    ['xs and ys of different lengths', () => ({ ...GOOD, validation: { xs: typed(5, 4), ys: typed(6, 3) } }), 'data(): validation.xs has 5 samples (shape [5, 4]) but validation.ys has 6 (shape [6, 3])'],
    ['validation samples shaped unlike train', () => ({ ...GOOD, validation: { xs: typed(5, 5), ys: typed(5, 3) } }), 'data(): validation.xs samples have shape [5] but train.xs samples have shape [4]'],
  ])('refuses %s, naming the split and the tensor', async (_, data, message) => {
    await expect(loadModelData(data as () => ModelData, null)).rejects.toThrow(message);
  });
});

describe('shapeMismatch', () => {
  const model = (inputs: number, outputs: number) =>
    tf.sequential({ layers: [tf.layers.dense({ inputShape: [inputs], units: outputs })] });

  it('accepts a model whose input and output fit a sample of xs and ys', async () => {
    const data = await loadModelData(() => GOOD, null);
    const fits = model(4, 3);
    expect(shapeMismatch(fits, data.train)).toBe(null);
    const wrongIn = model(5, 3);
    expect(shapeMismatch(wrongIn, data.train)).toBe("the model's input shape [null, 5] does not fit the samples' shape [10, 4]");
    const wrongOut = model(4, 10);
    expect(shapeMismatch(wrongOut, data.train)).toBe("the model's output shape [null, 10] does not fit the labels' shape [10, 3] (10 outputs per sample against 3 label values)");
    const flatLabels = await loadModelData(() => ({ train: { xs: typed(10, 4), ys: { values: new Float32Array(10), shape: [10] } } }), null);
    expect(shapeMismatch(fits, flatLabels.train)).toBe("the model's output shape [null, 3] does not fit the labels' shape [10] (rank 2 against rank 1)");
    for (const m of [fits, wrongIn, wrongOut]) m.dispose();
    data.dispose();
    flatLabels.dispose();
  });
});

describe('metricName', () => {
  it.each([
    ['loss', 'loss'],
    ['acc', 'accuracy'],
    ['val_loss', 'valLoss'],
    ['val_acc', 'valAccuracy'],
    ['val_categoricalAccuracy', 'valCategoricalAccuracy'],
    ['mean_absolute_error', 'meanAbsoluteError'],
    ['val_gap', 'valGap'],
  ])('reports tfjs\'s %s as %s', (tfjsName, name) => {
    expect(metricName(tfjsName)).toBe(name);
  });
});
