/** Seeded train/validation splits and k folds: stratification, coverage, determinism and bad input. */
import { describe, expect, it } from 'vitest';
import { EvaluationError, kFoldSplits, trainValidationSplit, type SplitRows } from '../../../src/training/evaluation';

const sorted = (indices: Iterable<number>) => [...indices].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Class c repeated sizes[c] times, then shuffled deterministically by a stride walk. */
function classesOf(sizes: readonly number[]): Int32Array {
  const flat = sizes.flatMap((size, c) => Array<number>(size).fill(c));
  const stride = 7;
  return Int32Array.from(flat.map((_, i) => flat[(i * stride) % flat.length]!));
}

const stratified = (classes: Int32Array): SplitRows => ({ kind: 'stratified', classes });
const countByClass = (rows: Int32Array, classes: Int32Array, k: number) => {
  const counts = new Array<number>(k).fill(0);
  for (const r of rows) counts[classes[r]!]!++;
  return counts;
};

describe('trainValidationSplit', () => {
  it('keeps each class in proportion on the validation side', () => {
    const classes = classesOf([60, 30, 10]);
    const split = trainValidationSplit(stratified(classes), 0.2, 42);
    expect(countByClass(split.validation, classes, 3)).toEqual([12, 6, 2]);
    expect(countByClass(split.train, classes, 3)).toEqual([48, 24, 8]);
    expect(sorted([...split.train, ...split.validation])).toEqual(range(100));
  });

  it('puts every class with at least 2 rows on both sides, and a single-row class in training', () => {
    const classes = classesOf([40, 2, 2, 1]);
    const split = trainValidationSplit(stratified(classes), 0.1, 7);
    const validation = countByClass(split.validation, classes, 4);
    const train = countByClass(split.train, classes, 4);
    expect(validation.slice(0, 3).every((v) => v >= 1)).toBe(true);
    expect(train.slice(0, 3).every((v) => v >= 1)).toBe(true);
    expect(validation[3]).toBe(0);
    expect(split.validation.length).toBe(Math.round(45 * 0.1));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const classes = classesOf([20, 20]);
    const a = trainValidationSplit(stratified(classes), 0.25, 1);
    const b = trainValidationSplit(stratified(classes), 0.25, 1);
    const c = trainValidationSplit(stratified(classes), 0.25, 2);
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(sorted(a.validation)).not.toEqual(sorted(c.validation));
  });

  it('splits plain rows (regression) by the fraction, keeping one row on each side at least', () => {
    const split = trainValidationSplit({ kind: 'plain', count: 50 }, 0.3, 3);
    expect(split.validation.length).toBe(15);
    expect(sorted([...split.train, ...split.validation])).toEqual(range(50));
    expect(trainValidationSplit({ kind: 'plain', count: 2 }, 0.01, 3).validation.length).toBe(1);
    expect(trainValidationSplit({ kind: 'plain', count: 2 }, 0.99, 3).train.length).toBe(1);
  });

  it('refuses a fraction outside (0, 1) and fewer than 2 rows, naming the problem', () => {
    for (const bad of [0, 1, -0.5, Number.NaN]) {
      expect(() => trainValidationSplit({ kind: 'plain', count: 10 }, bad, 1)).toThrow(/validation fraction must be in \(0, 1\)/);
    }
    expect(() => trainValidationSplit({ kind: 'plain', count: 1 }, 0.5, 1)).toThrow(/needs at least 2 rows, got 1/);
    expect(() => trainValidationSplit(stratified(Int32Array.from([0, -1])), 0.5, 1)).toThrow(EvaluationError);
  });
});

describe('kFoldSplits', () => {
  it('deals each class evenly over the folds; validation rows are disjoint and cover every row', () => {
    const classes = classesOf([13, 7, 4]);
    const folds = kFoldSplits(stratified(classes), 3, 9);
    expect(folds).toHaveLength(3);
    expect(sorted(folds.flatMap((f) => Array.from(f.validation)))).toEqual(range(24));
    for (const fold of folds) {
      expect(fold.validation.length).toBe(8);
      expect(sorted([...fold.train, ...fold.validation])).toEqual(range(24));
    }
    for (let c = 0; c < 3; c++) {
      const perFold = folds.map((f) => countByClass(f.validation, classes, 3)[c]!);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it('works with k = 2 and a pool of some rows only', () => {
    const classes = classesOf([10, 10]);
    const pool = Int32Array.from(range(20).filter((r) => r % 4 !== 0));
    const folds = kFoldSplits(stratified(classes), 2, 5, pool);
    expect(sorted(folds.flatMap((f) => Array.from(f.validation)))).toEqual(sorted(pool));
    expect(folds.map((f) => f.validation.length)).toEqual([8, 7]);
  });

  it('is deterministic for a seed, for plain rows too', () => {
    const a = kFoldSplits({ kind: 'plain', count: 11 }, 4, 8);
    const b = kFoldSplits({ kind: 'plain', count: 11 }, 4, 8);
    expect(a.map((f) => Array.from(f.validation))).toEqual(b.map((f) => Array.from(f.validation)));
    expect(a.map((f) => f.validation.length).sort()).toEqual([2, 3, 3, 3]);
  });

  it('says how many rows the folds need', () => {
    expect(() => kFoldSplits({ kind: 'plain', count: 3 }, 5, 1)).toThrow(/5 folds need at least 5 rows, got 3/);
    expect(() => kFoldSplits({ kind: 'plain', count: 10 }, 1, 1)).toThrow(/integer ≥ 2, got 1/);
    expect(() => kFoldSplits({ kind: 'plain', count: 10 }, 2, 1, Int32Array.from([0, 10]))).toThrow(/pool row 10 is not in \[0, 10\)/);
  });
});
