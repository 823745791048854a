/** k-fold cross-validation splits (foldSplits): pure index arithmetic, no tfjs. */
import { describe, expect, it } from 'vitest';
import { DatasetError, foldSplits } from '../../src/training/datasets';

const sorted = (indices: Iterable<number>) => [...indices].sort((a, b) => a - b);
/** A pool of sample indices as a split hands them over: arbitrary, distinct, unsorted. */
const pool = Int32Array.from({ length: 23 }, (_, i) => (i * 37 + 11) % 101);

describe('foldSplits(pool, k, seed)', () => {
  it.each([2, 3, 5, 23])('cuts the pool into %i disjoint validation sets that together are the pool', (k) => {
    const folds = foldSplits(pool, k, 1);
    expect(folds).toHaveLength(k);
    expect(sorted(folds.flatMap((f) => [...f.validation]))).toEqual(sorted(pool));
  });

  it('trains each fold on exactly the pool minus its validation set', () => {
    for (const fold of foldSplits(pool, 4, 9)) {
      const validation = new Set(fold.validation);
      expect([...fold.train].some((i) => validation.has(i))).toBe(false);
      expect(sorted([...fold.train, ...fold.validation])).toEqual(sorted(pool));
    }
  });

  it('makes validation sets whose sizes differ by at most one', () => {
    for (const k of [2, 3, 4, 5, 7]) {
      const sizes = foldSplits(pool, k, 3).map((f) => f.validation.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(pool.length);
    }
  });

  it('is the same for the same seed and differs between seeds', () => {
    const a = foldSplits(pool, 3, 5);
    expect(foldSplits(pool, 3, 5)).toEqual(a);
    expect(foldSplits(pool, 3, 6).map((f) => [...f.validation])).not.toEqual(a.map((f) => [...f.validation]));
  });

  it('leaves the pool as it was', () => {
    const copy = pool.slice();
    foldSplits(pool, 3, 1);
    expect(pool).toEqual(copy);
  });

  it('rejects fewer than two folds, fractional folds and more folds than samples', () => {
    expect(() => foldSplits(pool, 1, 1)).toThrow(DatasetError);
    expect(() => foldSplits(pool, 2.5, 1)).toThrow(/folds/);
    expect(() => foldSplits(pool, 24, 1)).toThrow(/\[2, 23\]/);
  });
});
