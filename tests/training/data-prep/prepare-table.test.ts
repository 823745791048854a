/**
 * Tables through the data-preparation API in Node: the preview the page shows before a target is
 * chosen, and the dataset a build lays on shared memory (labels, folds, per-fold features and
 * target scales, the imputation and left-out report, preprocessing.json).
 */
import { describe, expect, it } from 'vitest';
import { createDataPrepApi } from '../../../src/training/user-data/data-prep-api';
import type { PrepResult } from '../../../src/training/user-data/prep-protocol';
import { checkPreprocessingJson } from '../../../src/training/user-data/preprocessing-json';
import { classificationCsv, csvFile, regressionCsv, request } from './fixtures';

const api = createDataPrepApi();

function value<T>(result: PrepResult<T>): T {
  if (!result.ok) throw new Error(`refused (${result.problem}): ${result.message}`);
  return result.value;
}

describe('previewTable', () => {
  it('profiles each column, suggests the last usable column as target and names the task each target implies', async () => {
    const preview = value(await api.previewTable(csvFile(classificationCsv(), 'penguins.csv')));
    expect(preview).toMatchObject({ name: 'penguins.csv', rows: 24, columns: ['id', 'x', 'z', 'colour', 'species'], delimiter: ',', header: true });
    expect(preview.profiles.map((profile) => profile.kind)).toEqual(['id-like', 'numeric', 'numeric', 'categorical', 'categorical']);
    expect(preview.suggestedTarget).toBe('species');
    expect(preview.taskKinds).toEqual({ id: 'regression', x: 'regression', z: 'regression', colour: 'classification', species: 'classification' });
    expect(preview.sample).toHaveLength(5);
    expect(preview.sample[0]).toEqual(['1', '10', '0', 'red', 'adelie']);
    expect(preview.bytes).toBe(new Blob([classificationCsv()]).size);
  });

  it('reads TSV', async () => {
    const preview = value(await api.previewTable(csvFile('a\tb\n1\tx\n2\ty\n3\tx\n', 'data.tsv')));
    expect(preview.delimiter).toBe('\t');
    expect(preview.columns).toEqual(['a', 'b']);
  });
});

describe('buildTable: classification', () => {
  it('encodes every row on shared memory with a stratified split, and reports imputation and left-out columns', async () => {
    const { dataset, report } = value(await api.buildTable(csvFile(classificationCsv()), request({ target: 'species' })));
    expect(dataset).toMatchObject({ format: 'user-dataset/1', kind: 'table', task: 'classification', name: 'data.csv', rows: 24, classNames: ['adelie', 'chinstrap', 'gentoo'] });
    // x (1) + z (1) + colour: blue, red and a missing slot (3)
    expect(dataset.sampleShape).toEqual([5]);
    expect(dataset.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(dataset.labels.slice(0, 3))).toEqual([0, 2, 1]);
    const [fold] = dataset.folds;
    for (const array of [dataset.labels, fold.features, fold.train, fold.validation]) expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(fold.features.length).toBe(24 * 5);
    expect(fold.validation.length).toBe(6);
    expect(fold.train.length).toBe(18);
    expect(new Set([...fold.train, ...fold.validation]).size).toBe(24);
    // stratified: each species (8 rows) gives 2 validation rows
    const validationClasses = Array.from(fold.validation, (row) => dataset.labels[row]);
    expect([0, 1, 2].map((c) => validationClasses.filter((v) => v === c).length)).toEqual([2, 2, 2]);
    expect(fold.targetScale).toBeNull();
    expect(report).toMatchObject({ featureCount: 5, trainRows: 18, validationRows: 6, droppedRows: 0 });
    expect(report.leftOut.map((entry) => entry.column)).toEqual(['id']);
    expect(report.imputed).toEqual([
      { column: 'x', count: 4, method: 'train-mean' },
      { column: 'colour', count: 3, method: 'missing-category' },
    ]);
    expect(checkPreprocessingJson(JSON.parse(JSON.stringify(dataset.preprocessing)))).toEqual(dataset.preprocessing);
    expect(dataset.preprocessing.labels).toEqual(['adelie', 'chinstrap', 'gentoo']);
  });

  it('standardises with the training rows only: the training features of x have mean 0', async () => {
    const { dataset } = value(await api.buildTable(csvFile(classificationCsv()), request({ target: 'species' })));
    const [fold] = dataset.folds;
    const input = dataset.preprocessing.input;
    if (input.kind !== 'table') throw new Error('a table dataset has a table input');
    const present = Array.from(fold.train).filter((row) => row % 5 !== 4);
    const mean = present.reduce((sum, row) => sum + fold.features[row * 5], 0) / present.length;
    expect(mean).toBeCloseTo(0, 5);
  });

  it('gives the same dataset for the same seed, and another split for another seed', async () => {
    const file = csvFile(classificationCsv());
    const a = value(await api.buildTable(file, request({ target: 'species' }))).dataset;
    const b = value(await api.buildTable(file, request({ target: 'species' }))).dataset;
    const c = value(await api.buildTable(file, request({ target: 'species', seed: 8 }))).dataset;
    expect(Array.from(b.folds[0].validation)).toEqual(Array.from(a.folds[0].validation));
    expect(Array.from(b.folds[0].features)).toEqual(Array.from(a.folds[0].features));
    expect(Array.from(c.folds[0].validation)).not.toEqual(Array.from(a.folds[0].validation));
  });

  it('builds the same dataset after a preview (which it reuses) as without one, and never reuses another file', async () => {
    const alone = value(await createDataPrepApi().buildTable(csvFile(classificationCsv()), request({ target: 'species' }))).dataset;
    const fresh = createDataPrepApi();
    value(await fresh.previewTable(csvFile(classificationCsv())));
    const afterPreview = value(await fresh.buildTable(csvFile(classificationCsv()), request({ target: 'species' }))).dataset;
    expect(Array.from(afterPreview.folds[0].features)).toEqual(Array.from(alone.folds[0].features));
    value(await fresh.previewTable(csvFile(classificationCsv())));
    const other = await fresh.buildTable(csvFile(regressionCsv()), request({ target: 'species' }));
    expect(other).toMatchObject({ ok: false, problem: 'no-column' });
  });

  it('cross-validates over k folds that share one feature layout, each validating on its own rows', async () => {
    const { dataset, report } = value(await api.buildTable(csvFile(classificationCsv()), request({ target: 'species', folds: 4 })));
    expect(dataset.folds).toHaveLength(4);
    const validated = dataset.folds.flatMap((fold) => Array.from(fold.validation)).sort((a, b) => a - b);
    expect(validated).toEqual(Array.from({ length: 24 }, (_, i) => i));
    for (const fold of dataset.folds) {
      expect(fold.features.length).toBe(24 * dataset.sampleShape[0]);
      expect(fold.train.length + fold.validation.length).toBe(24);
    }
    expect(report.trainRows).toBe(dataset.folds[0].train.length);
  });
});

describe('buildTable: regression', () => {
  it('drops rows without a target, keeps raw values as labels and fits a target scale per fold', async () => {
    const { dataset, report } = value(await api.buildTable(csvFile(regressionCsv()), request({ target: 'y', task: 'regression', validationFraction: 0.2 })));
    expect(report.droppedRows).toBe(2);
    expect(dataset.rows).toBe(28);
    expect(dataset.task).toBe('regression');
    expect(dataset.classNames).toBeNull();
    expect(dataset.labels).toBeInstanceOf(Float32Array);
    expect(dataset.labels.buffer).toBeInstanceOf(SharedArrayBuffer);
    // rows 5 and 17 are gone: dataset row 5 is file row 6 (y = 7)
    expect(dataset.labels[4]).toBe(5);
    expect(dataset.labels[5]).toBe(7);
    const [fold] = dataset.folds;
    const train = Array.from(fold.train, (row) => dataset.labels[row]);
    const mean = train.reduce((a, b) => a + b, 0) / train.length;
    const std = Math.sqrt(train.reduce((sum, y) => sum + (y - mean) ** 2, 0) / train.length);
    expect(fold.targetScale?.mean).toBeCloseTo(mean, 4);
    expect(fold.targetScale?.std).toBeCloseTo(std, 4);
    expect(dataset.preprocessing).toMatchObject({ task: 'regression', labels: null, targetScale: fold.targetScale });
    expect(report).toMatchObject({ trainRows: 22, validationRows: 6, featureCount: 3 });
  });

  it('gives each fold the target scale of its own training rows', async () => {
    const { dataset } = value(await api.buildTable(csvFile(regressionCsv()), request({ target: 'y', task: 'regression', folds: 3 })));
    const means = dataset.folds.map((fold) => fold.targetScale?.mean);
    expect(new Set(means).size).toBe(3);
  });

  it('treats a whole-number target as classes or values, as the request says', async () => {
    const csv = 'x,y\n' + Array.from({ length: 12 }, (_, i) => `${i * 0.5},${i % 3}`).join('\n');
    const classes = value(await api.buildTable(csvFile(csv), request({ target: 'y' }))).dataset;
    const values = value(await api.buildTable(csvFile(csv), request({ target: 'y', task: 'regression' }))).dataset;
    expect(classes.classNames).toEqual(['0', '1', '2']);
    expect(values.labels).toBeInstanceOf(Float32Array);
  });
});
