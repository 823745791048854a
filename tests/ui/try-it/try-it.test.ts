import { describe, expect, it } from 'vitest';
import type { Prediction, PreprocessingJson } from '../../../src/training/user-data';
import { imagePreprocessingJson, tablePreprocessingJson } from '../../../src/training/user-data/preprocessing-json';
import { rankedProbabilities, TryIt, tryItFields } from '../../../src/ui/try-it/try-it.svelte';

const table: PreprocessingJson = tablePreprocessingJson(
  {
    format: 'table-preprocessing',
    version: 1,
    columns: ['id', 'size', 'colour', 'kind'],
    features: [
      { kind: 'numeric', column: 'size', offset: 0, mean: 3.5, std: 1 },
      { kind: 'categorical', column: 'colour', offset: 1, categories: ['blue', 'red'], missingSlot: false },
    ],
    featureCount: 3,
    leftOut: [{ column: 'id', reason: 'ID-like' }],
    target: { task: 'classification', column: 'kind', labels: ['small', 'large'] },
  },
  null,
);
const answer: Prediction = { kind: 'classification', label: 'large', probabilities: [{ label: 'small', probability: 0.25 }, { label: 'large', probability: 0.75 }] };
const urls = { create: () => 'blob:preview', revoke: () => undefined };

describe('Try it', () => {
  it('has one field per column the preprocessing uses, with the known categories; none for images', () => {
    expect(tryItFields(table)).toEqual([
      { kind: 'numeric', column: 'size', typical: 3.5 },
      { kind: 'categorical', column: 'colour', categories: ['blue', 'red'] },
    ]);
    expect(tryItFields(imagePreprocessingJson(28, 1, ['a', 'b']))).toEqual([]);
    expect(rankedProbabilities(answer).map((p) => p.label)).toEqual(['large', 'small']);
  });

  it('sends the typed row (empty = missing) to the predictor and shows its answer or its refusal', async () => {
    const sent: Record<string, string>[] = [];
    let refuse = false;
    const tryIt = new TryIt(
      {
        predictRecord: async (record) => {
          sent.push({ ...record });
          if (refuse) throw new Error('the column "size" holds "big", which is not a number');
          return answer;
        },
        predictImage: async () => answer,
      },
      table,
      urls,
    );
    expect(tryIt.values).toEqual({ size: '', colour: '' });
    tryIt.set('colour', 'red');
    await tryIt.predictRow();
    expect(sent).toEqual([{ size: '', colour: 'red' }]);
    expect(tryIt.result).toEqual(answer);
    refuse = true;
    tryIt.set('size', 'big');
    await tryIt.predictRow();
    expect(tryIt.result).toBeNull();
    expect(tryIt.error).toMatch(/not a number/);
  });

  it('predicts a dropped image and previews it', async () => {
    const images: Blob[] = [];
    const tryIt = new TryIt({ predictRecord: async () => answer, predictImage: async (blob) => (images.push(blob), answer) }, imagePreprocessingJson(28, 1, ['small', 'large']), urls);
    expect(tryIt.input).toBe('images');
    await tryIt.predictImage(new Blob([new Uint8Array([1])]));
    expect(images).toHaveLength(1);
    expect(tryIt.imageUrl).toBe('blob:preview');
    expect(tryIt.result).toEqual(answer);
  });
});
