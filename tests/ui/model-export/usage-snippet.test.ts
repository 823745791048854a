import { describe, expect, it } from 'vitest';
import { encodeRow, type Preprocessing } from '../../../src/training/table';
import { imagePreprocessingJson, tablePreprocessingJson } from '../../../src/training/user-data/preprocessing-json';
import { exampleRow, TABLE_ENCODER_SOURCE, usageReadme, usageSnippet } from '../../../src/ui/model-export/usage-snippet';

const TABLE: Preprocessing = {
  format: 'table-preprocessing',
  version: 1,
  columns: ['age', 'income', 'city', 'pet', 'label'],
  features: [
    { kind: 'numeric', column: 'age', offset: 0, mean: 40, std: 12 },
    { kind: 'categorical', column: 'city', offset: 1, categories: ['Lyon', 'Paris'], missingSlot: true },
    { kind: 'numeric', column: 'income', offset: 4, mean: 3000, std: 800 },
    { kind: 'categorical', column: 'pet', offset: 5, categories: ['cat', 'dog'], missingSlot: false },
  ],
  featureCount: 7,
  leftOut: [],
  target: { task: 'classification', column: 'label', labels: ['no', 'yes'] },
};
const classification = tablePreprocessingJson(TABLE, null);
const regression = tablePreprocessingJson({ ...TABLE, target: { task: 'regression', column: 'label' } }, { mean: 5, std: 2 });

/** The snippet's own encoder, run as a page would run it. */
const snippetEncodeRow = new Function('prep', 'row', `${TABLE_ENCODER_SOURCE}\nreturn encodeRow(prep, row);`) as (prep: unknown, row: Record<string, unknown>) => Float32Array;

describe('the usage snippet', () => {
  it('encodes rows exactly as the page does: standardised numbers, one-hot categories, missing and unseen values', () => {
    const rows: Record<string, string | number | null>[] = [
      { age: '52', income: '2500.5', city: 'Paris', pet: 'dog' },
      { age: 31, income: 4100, city: ' Lyon ', pet: 'cat' },
      { age: '', income: 'NA', city: '', pet: '' },
      { age: ' 1e2 ', city: 'Berlin', pet: 'fish' },
      { age: null, income: '?', city: 'N/A', pet: 'None' },
    ];
    for (const row of rows) expect(Array.from(snippetEncodeRow(classification, row))).toEqual(Array.from(encodeRow(TABLE, row)));
  });

  it('loads the three files and reads the output as the task says', () => {
    const text = usageSnippet(classification);
    expect(text).toContain("tf.loadLayersModel('model.json')");
    expect(text).toContain("fetch('preprocessing.json')");
    expect(text).toContain('prep.labels.map');
    expect(text).toContain(JSON.stringify(exampleRow(classification)));
    expect(usageSnippet(regression)).toContain('y[0] * prep.targetScale.std + prep.targetScale.mean');
    expect(exampleRow(classification)).toEqual({ age: 40, city: 'Lyon', income: 3000, pet: 'cat' });
  });

  it('decodes images for an image model, and the README names every file', () => {
    const images = imagePreprocessingJson(32, 3, ['cat', 'dog']);
    expect(usageSnippet(images)).toContain('async function encodeImage(prep, blob)');
    expect(usageSnippet(images)).not.toContain('function encodeRow');
    const readme = usageReadme(images, 'pets');
    for (const name of ['model.json', 'weights.bin', 'preprocessing.json', 'pets', 'cat, dog']) expect(readme).toContain(name);
  });
});
