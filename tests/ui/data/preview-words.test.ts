/** The words of the data previews, and a user model's layers as the Setup view lists them. */
import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '../../../src/training';
import { describeShape, modelLayerRows, weightedLayerCount } from '../../../src/ui/data/model-layers';
import { count, delimiterName, imputedNote, kindIsFeature, leftOutReason, listNames, profileSummary, splitNote } from '../../../src/ui/data/preview-words';

describe('preview words', () => {
  it('counts with the right plural', () => {
    expect(count(1, 'row')).toBe('1 row');
    expect(count(2400, 'row')).toBe('2,400 rows');
    expect(count(3, 'class')).toBe('3 classes');
    expect(count(0, 'image')).toBe('0 images');
  });

  it('names delimiters and summarises a column without repeating its kind', () => {
    expect(delimiterName('\t')).toBe('tabs');
    expect(delimiterName(',')).toBe('commas');
    const numeric: ColumnProfile = { kind: 'numeric', name: 'age', index: 0, missing: 2, distinct: 9, allNumbers: true, allIntegers: true, min: 1, max: 9, mean: 5 };
    expect(profileSummary(numeric)).toBe('1 to 9, mean 5, 2 missing');
  });

  it('says which kinds are features and why the others are left out', () => {
    expect(kindIsFeature('numeric')).toBe(true);
    expect(kindIsFeature('categorical')).toBe(true);
    expect(kindIsFeature('id-like')).toBe(false);
    expect(leftOutReason('constant')).toMatch(/same value in every row/);
    expect(leftOutReason('numeric')).toBeNull();
  });

  it('tells how missing values were filled in', () => {
    expect(imputedNote({ column: 'weight', count: 15, method: 'train-mean' })).toBe('weight: 15 missing values, filled in with the training rows’ mean');
    expect(imputedNote({ column: 'colour', count: 1, method: 'missing-category' })).toBe('colour: 1 missing value, given a category of their own ("missing")');
  });

  it('describes one split and k folds', () => {
    expect(splitNote({ trainRows: 192, validationRows: 48 }, 1, 'row', true)).toBe('192 training rows and 48 validation rows, stratified by class.');
    expect(splitNote({ trainRows: 160, validationRows: 40 }, 5, 'row', false)).toBe(
      '5 folds over 200 rows: each trial trains 5 models, each validated on a different fold (about 40 rows).',
    );
  });

  it('lists a few names, then how many more', () => {
    expect(listNames(['a', 'b'])).toBe('a, b');
    expect(listNames(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
});

describe('model layers', () => {
  it('adds up each layer’s weights from the manifest, nested names included', () => {
    const rows = modelLayerRows({
      layers: [
        { name: 'dense', className: 'Dense', trainable: true },
        { name: 'drop', className: 'Dropout', trainable: true },
        { name: 'head', className: 'Dense', trainable: false },
      ],
      weightSpecs: [
        { name: 'dense/kernel', shape: [4, 8], dtype: 'float32' },
        { name: 'dense/bias', shape: [8], dtype: 'float32' },
        { name: 'outer/head/kernel', shape: [8, 3], dtype: 'float32' },
      ],
    });
    expect(rows).toEqual([
      { name: 'dense', type: 'Dense', params: 40, trainable: true },
      { name: 'drop', type: 'Dropout', params: 0, trainable: true },
      { name: 'head', type: 'Dense', params: 24, trainable: false },
    ]);
    expect(weightedLayerCount(rows)).toBe(2);
  });

  it('writes shapes with free dimensions', () => {
    expect(describeShape([28, 28, 1])).toBe('[28, 28, 1]');
    expect(describeShape([null, 4])).toBe('[any, 4]');
  });
});
