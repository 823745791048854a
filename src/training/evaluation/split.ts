/**
 * Seeded train/validation splits and k folds of user data, stratified by class for
 * classification and plain for regression. Same (rows, fraction or folds, seed) → same split, on
 * every platform: every random choice goes through the engine's seeded RNG.
 *
 * Notation
 *   n      number of rows (or of pool rows, for folds)
 *   f      validation fraction, in (0, 1)
 *   m      validation size: round(n·f), kept in [1, n − 1]
 *   n_c    rows of class c;  m·n_c/n is class c's ideal share of the validation rows
 *   v_c    validation rows of class c: the ideal share rounded by largest remainder (Σ v_c = m),
 *          then, where the total allows, kept in [1, n_c − 1] for each class with n_c ≥ 2, so the
 *          class appears on both sides; a class with one row trains on it (v_c = 0)
 *   k      number of folds, in [2, n]
 *
 * Stratified folds deal the rows round-robin: the rows of each class in a seeded order, classes
 * in ascending order, row j of that list to fold j mod k. Each fold then validates on ⌊n/k⌋ or
 * ⌈n/k⌉ rows, and each class's rows differ by at most one between folds.
 */
import { createRng, deriveSeed } from '../../tuner/index';
import { EvaluationError } from './errors';

/** The rows to split: their classes (stratified), or just how many there are (plain). */
export type SplitRows =
  | { readonly kind: 'stratified'; /** classes[r]: the class index of row r (≥ 0). */ readonly classes: Int32Array }
  | { readonly kind: 'plain'; readonly count: number };

/** Row indices to train on and to validate on; disjoint, together every row split. */
export interface RowSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

const SPLIT_STREAM = 0x5b1;
const FOLD_STREAM = 0xf01d;

function rowCount(rows: SplitRows): number {
  switch (rows.kind) {
    case 'stratified':
      return rows.classes.length;
    case 'plain':
      if (!Number.isInteger(rows.count) || rows.count < 0) throw new EvaluationError(`split: row count must be a non-negative integer, got ${rows.count}`);
      return rows.count;
    default: {
      const unknown: never = rows;
      throw new EvaluationError(`split: unknown kind of rows ${JSON.stringify(unknown)}`);
    }
  }
}

/** Rows grouped by class, classes ascending; one group of every row for a plain split. */
function groupsOf(rows: SplitRows, pool: Int32Array): Int32Array[] {
  if (rows.kind === 'plain') return [pool];
  const byClass = new Map<number, number[]>();
  for (const r of pool) {
    const c = rows.classes[r] as number;
    if (c < 0) throw new EvaluationError(`split: row ${r} has class ${c}; classes must be ≥ 0`);
    const group = byClass.get(c);
    if (group === undefined) byClass.set(c, [r]);
    else group.push(r);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((c) => Int32Array.from(byClass.get(c) as number[]));
}

/** v_c for each group: largest-remainder shares of m, then each group with ≥ 2 rows kept on both sides where the total allows. */
function validationCounts(sizes: readonly number[], n: number, m: number): number[] {
  const ideal = sizes.map((size) => (m * size) / n);
  const counts = ideal.map(Math.floor);
  const byRemainder = ideal.map((_, c) => c).sort((a, b) => ideal[b]! - counts[b]! - (ideal[a]! - counts[a]!) || a - b);
  for (let given = counts.reduce((a, b) => a + b, 0), i = 0; given < m; given++, i++) counts[byRemainder[i]!]!++;
  const low = sizes.map((size) => (size >= 2 ? 1 : 0));
  const high = sizes.map((size) => (size >= 2 ? size - 1 : 0));
  counts.forEach((v, c) => (counts[c] = Math.min(high[c]!, Math.max(low[c]!, v))));
  // Back to Σ v_c = m where the bounds allow: move the group furthest from its ideal share.
  let total = counts.reduce((a, b) => a + b, 0);
  while (total !== m) {
    const step = total > m ? -1 : 1;
    let pick = -1;
    for (let c = 0; c < sizes.length; c++) {
      const movable = step < 0 ? counts[c]! > low[c]! : counts[c]! < high[c]!;
      const gap = step * (ideal[c]! - counts[c]!);
      if (movable && (pick < 0 || gap > step * (ideal[pick]! - counts[pick]!))) pick = c;
    }
    if (pick < 0) break;
    counts[pick]! += step;
    total += step;
  }
  return counts;
}

/**
 * A seeded train/validation split of the rows. Stratified: each class's share of the validation
 * rows follows its share of all rows, and each class with ≥ 2 rows lands on both sides where the
 * validation size allows. Both sides come back in a seeded order.
 */
export function trainValidationSplit(rows: SplitRows, validationFraction: number, seed: number): RowSplit {
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new EvaluationError(`split: validation fraction must be in (0, 1), got ${validationFraction}`);
  }
  const n = rowCount(rows);
  if (n < 2) throw new EvaluationError(`split: a train/validation split needs at least 2 rows, got ${n}`);
  const m = Math.min(n - 1, Math.max(1, Math.round(n * validationFraction)));
  const rng = createRng(deriveSeed(seed, n, SPLIT_STREAM));
  const groups = groupsOf(rows, Int32Array.from({ length: n }, (_, r) => r));
  const counts = validationCounts(groups.map((group) => group.length), n, m);
  const train: number[] = [];
  const validation: number[] = [];
  groups.forEach((group, c) => {
    const shuffled = rng.shuffle(Array.from(group));
    // A loop, not push(...rows): spreading a class of 100,000 rows overflows a worker's stack.
    shuffled.forEach((row, i) => (i < (counts[c] as number) ? validation : train).push(row));
  });
  return { train: Int32Array.from(rng.shuffle(train)), validation: Int32Array.from(rng.shuffle(validation)) };
}

/**
 * k-fold cross-validation over `pool` (row indices; every row by default), with the contract of
 * the built-in tasks' `foldSplits`: fold f validates on its rows and trains on all the others; the
 * validation rows of the folds are disjoint and together are the pool. Stratified rows are dealt
 * so that each class spreads evenly over the folds. Same (rows, pool, folds, seed) → same folds.
 */
export function kFoldSplits(rows: SplitRows, folds: number, seed: number, pool?: Int32Array): RowSplit[] {
  const total = rowCount(rows);
  const rowsToSplit = pool ?? Int32Array.from({ length: total }, (_, r) => r);
  const n = rowsToSplit.length;
  for (const r of rowsToSplit) {
    if (!(r >= 0 && r < total)) throw new EvaluationError(`folds: pool row ${r} is not in [0, ${total})`);
  }
  if (!Number.isInteger(folds) || folds < 2) throw new EvaluationError(`folds: the number of folds must be an integer ≥ 2, got ${folds}`);
  if (n < folds) throw new EvaluationError(`folds: ${folds} folds need at least ${folds} rows, got ${n}`);
  const rng = createRng(deriveSeed(seed, n, folds, FOLD_STREAM));
  const dealt: number[][] = Array.from({ length: folds }, () => []);
  let position = 0;
  for (const group of groupsOf(rows, rowsToSplit)) {
    for (const r of rng.shuffle(Array.from(group))) dealt[position++ % folds]!.push(r);
  }
  const validations = dealt.map((fold) => rng.shuffle(fold));
  return validations.map((validation, f) => ({
    train: Int32Array.from(validations.filter((_, g) => g !== f).flat()),
    validation: Int32Array.from(validation),
  }));
}
