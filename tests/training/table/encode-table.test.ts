import { describe, expect, it } from 'vitest';
import { TableError, chooseTarget, encodeRow, encodeTable, fitPreprocessing, parseTable, profileColumns, type Preprocessing } from '../../../src/training/table';

const table = (text: string) => parseTable(new TextEncoder().encode(text));

const CSV = [
  'id,height,colour,constant,label',
  '1,1.0,red,k,yes',
  '2,2.0,blue,k,no',
  '3,,red,k,yes',
  '4,3.0,,k,no',
  '5,4.0,green,k,yes',
  '6,NA,purple,k,no',
].join('\n');

function fitted(trainRows: readonly number[]) {
  const data = table(CSV);
  const profiles = profileColumns(data);
  const target = chooseTarget(data, profiles, 'label');
  return { data, target, preprocessing: fitPreprocessing(data, profiles, target, trainRows) };
}

describe('fitPreprocessing', () => {
  it('fits scaling and categories on the training rows only, and leaves out ID-like and constant columns with a note', () => {
    const { preprocessing } = fitted([0, 1, 2, 3]);
    const [height, colour] = preprocessing.features;
    // train heights 1, 2, 3 (row 2 missing): μ = 2, σ = sqrt(2/3)
    expect(height).toMatchObject({ kind: 'numeric', column: 'height', offset: 0, mean: 2 });
    expect(height.kind === 'numeric' && height.std).toBeCloseTo(Math.sqrt(2 / 3), 12);
    // green and purple are only in rows 4 and 5, outside the training rows; row 3 lacks a colour
    expect(colour).toEqual({ kind: 'categorical', column: 'colour', offset: 1, categories: ['blue', 'red'], missingSlot: true });
    expect(preprocessing.featureCount).toBe(4);
    expect(preprocessing.leftOut.map((entry) => entry.column)).toEqual(['id', 'constant']);
    expect(preprocessing.leftOut[0].reason).toMatch(/ID-like/);
    expect(preprocessing.leftOut[1].reason).toBe('constant: always "k"');
    expect(preprocessing.target).toEqual({ task: 'classification', column: 'label', labels: ['no', 'yes'] });
  });

  it('is JSON-serialisable as it is', () => {
    const { preprocessing } = fitted([0, 1, 2, 3]);
    expect(JSON.parse(JSON.stringify(preprocessing))).toEqual(preprocessing);
  });

  it('leaves out a numeric column that is constant in the training rows', () => {
    const data = table('a,b,y\n1,5,0.5\n1,7,1.5\n2,6,2.5\n3,9,3.25\n');
    const profiles = profileColumns(data);
    const preprocessing = fitPreprocessing(data, profiles, chooseTarget(data, profiles, 'y'), [0, 1]);
    expect(preprocessing.features.map((feature) => feature.column)).toEqual(['b']);
    expect(preprocessing.leftOut).toEqual([{ column: 'a', reason: 'constant in the training rows (always 1)' }]);
  });

  it('refuses when no column is left to learn from', () => {
    const data = table('id,y\n1,a\n2,b\n3,a\n');
    const profiles = profileColumns(data);
    expect(() => fitPreprocessing(data, profiles, chooseTarget(data, profiles, 'y'), [0, 1])).toThrow(TableError);
  });
});

describe('encodeTable', () => {
  it('standardises, one-hot encodes, imputes and counts, row-major', () => {
    const { data, preprocessing } = fitted([0, 1, 2, 3]);
    const encoded = encodeTable(preprocessing, data, [0, 1, 2, 3, 4, 5]);
    expect(encoded.shape).toEqual([6, 4]);
    const s = Math.sqrt(2 / 3);
    const rows = Array.from({ length: 6 }, (_, r) => Array.from(encoded.features.subarray(r * 4, r * 4 + 4)));
    const expected = [
      [-1 / s, 0, 1, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0], // height missing → train mean → 0
      [1 / s, 0, 0, 1], // colour missing → the missing slot
      [2 / s, 0, 0, 0], // green unseen in training → all zeros
      [0, 0, 0, 0], // NA height → 0; purple unseen → all zeros
    ];
    rows.forEach((row, r) => row.forEach((value, j) => expect(value).toBeCloseTo(expected[r][j], 5)));
    expect(encoded.labels).toEqual({ task: 'classification', classIndices: Int32Array.from([1, 0, 1, 0, 1, 0]), names: ['no', 'yes'] });
    expect(encoded.imputed).toEqual([
      { column: 'height', count: 2, method: 'train-mean' },
      { column: 'colour', count: 1, method: 'missing-category' },
    ]);
    expect(encoded.unseen).toEqual([{ column: 'colour', count: 2 }]);
  });

  it('encodes a regression target as a Float32Array', () => {
    const data = table('x,y\n10,0.5\n30,1.5\n20,2.25\n50,0.75\n');
    const profiles = profileColumns(data);
    const preprocessing = fitPreprocessing(data, profiles, chooseTarget(data, profiles, 'y'), [0, 1, 2]);
    const encoded = encodeTable(preprocessing, data, [3, 0]);
    expect(encoded.labels).toEqual({ task: 'regression', values: Float32Array.from([0.75, 0.5]) });
  });

  it('refuses a row whose target is missing, naming the row and the column', () => {
    const data = table('x,y\n10,a\n30,b\n20,\n50,a\n');
    const profiles = profileColumns(data);
    const preprocessing = fitPreprocessing(data, profiles, chooseTarget(data, profiles, 'y'), [0, 1]);
    expect(() => encodeTable(preprocessing, data, [2])).toThrow('data row 3 has no value in the target column "y"');
  });
});

describe('encodeRow', () => {
  it('gives a training row the same features as the batch encoding (round trip through JSON)', () => {
    const { data, preprocessing } = fitted([0, 1, 2, 3]);
    const saved: Preprocessing = JSON.parse(JSON.stringify(preprocessing));
    const batch = encodeTable(preprocessing, data, [0, 1, 2, 3, 4, 5]);
    data.rows.forEach((cells, r) => {
      const record = Object.fromEntries(data.columns.map((column, c) => [column, cells[c]]));
      expect(Array.from(encodeRow(saved, record))).toEqual(Array.from(batch.features.subarray(r * 4, r * 4 + 4)));
    });
  });

  it('takes typed numbers, and reads an absent column or null as missing', () => {
    const { preprocessing } = fitted([0, 1, 2, 3]);
    expect(Array.from(encodeRow(preprocessing, { height: 2, colour: 'blue' }))).toEqual([0, 1, 0, 0]);
    expect(Array.from(encodeRow(preprocessing, { height: null }))).toEqual([0, 0, 0, 1]);
  });
});
