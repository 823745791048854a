import { describe, expect, it } from 'vitest';
import { kFoldSplits, trainValidationSplit } from '../../../src/training/evaluation';
import { folderClassIndices, folderClassNames, folderImages, folderSplitRows, planImageFolder, type PickedFile } from '../../../src/training/image-folder';

const folder = (counts: Record<string, number>): PickedFile[] =>
  Object.entries(counts).flatMap(([name, count]) => Array.from({ length: count }, (_, i) => ({ path: `data/${name}/${i}.png`, size: 10 })));

describe('folder class labels', () => {
  const plan = planImageFolder(folder({ zebra: 4, ant: 2, cat: 6 }));

  it('numbers images class by class, each row labelled with its class index', () => {
    expect(folderClassNames(plan)).toEqual(['ant', 'cat', 'zebra']);
    expect(Array.from(folderClassIndices(plan))).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
    const images = folderImages(plan);
    expect(images).toHaveLength(12);
    expect(images[0]!.path).toBe('data/ant/0.png');
    expect(images[11]!.path).toBe('data/zebra/3.png');
  });

  it('feeds the stratified split and folds: every class on both sides', () => {
    const rows = folderSplitRows(plan);
    expect(rows.kind).toBe('stratified');
    const classes = folderClassIndices(plan);
    const split = trainValidationSplit(rows, 0.25, 7);
    expect(split.train.length + split.validation.length).toBe(12);
    for (const side of [split.train, split.validation]) expect(new Set(Array.from(side, (r) => classes[r])).size).toBe(3);
    expect(trainValidationSplit(rows, 0.25, 7)).toEqual(split);
    const folds = kFoldSplits(rows, 2, 7);
    expect(folds).toHaveLength(2);
    for (const fold of folds) expect(new Set(Array.from(fold.validation, (r) => classes[r])).size).toBe(3);
  });
});
