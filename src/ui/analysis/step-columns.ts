/**
 * Learning-curve values per step, kept sorted as trials finish, so that a running study's bands
 * (range, 10–90 % and median per step) are read off in O(log n) per quantile instead of sorting
 * every value again on each refresh. Values of trials that may still change (running ones) are
 * not added: they are passed to `summary` as a small sorted extra and merged on the fly.
 *
 * Notation
 *   step        a curve's x (epoch): one column per distinct step
 *   a (na)      a column's sorted values (its length)
 *   b (nb)      the extra sorted values at that step (nb small: the running trials)
 *   k           a 0-based rank in the union of a and b
 *   q10, q90    10th and 90th percentiles (type-7, as analysis/curves.ts quantileSorted)
 */
import type { StepSummary } from './downsample';

/** One step's values, ascending, in a buffer that grows by doubling. */
class SortedColumn {
  values = new Float64Array(16);
  length = 0;

  /** Merges ascending `batch` in: O(length + batch.length), from the back, in place. */
  merge(batch: Float64Array): void {
    const m = batch.length;
    if (m === 0) return;
    const n = this.length;
    if (n + m > this.values.length) {
      const grown = new Float64Array(Math.max(2 * this.values.length, n + m));
      grown.set(this.values.subarray(0, n));
      this.values = grown;
    }
    const a = this.values;
    let i = n - 1;
    let j = m - 1;
    for (let k = n + m - 1; j >= 0; k--) a[k] = i >= 0 && (a[i] as number) > (batch[j] as number) ? (a[i--] as number) : (batch[j--] as number);
    this.length = n + m;
  }
}

/** The k-th smallest (0-based) of sorted `a[0..na)` and sorted `b`; O(nb + log na). */
export function kthOfUnion(a: ArrayLike<number>, na: number, b: readonly number[], k: number): number {
  const nb = b.length;
  if (!(k >= 0 && k < na + nb)) throw new RangeError(`kthOfUnion: rank ${k} outside 0..${na + nb - 1}`);
  // Take j of b's smallest and k + 1 − j of a's: the k-th is the larger of the two last taken,
  // for the j where neither side's next value is smaller than the other side's last.
  for (let j = Math.max(0, k + 1 - na); j <= Math.min(nb, k + 1); j++) {
    const i = k + 1 - j;
    const aLast = i > 0 ? (a[i - 1] as number) : -Infinity;
    const bLast = j > 0 ? (b[j - 1] as number) : -Infinity;
    const aNext = i < na ? (a[i] as number) : Infinity;
    const bNext = j < nb ? (b[j] as number) : Infinity;
    if (aLast <= bNext && bLast <= aNext) return Math.max(aLast, bLast);
  }
  throw new Error('kthOfUnion: inputs are not sorted');
}

/** Type-7 quantile of the union of sorted `a[0..na)` and sorted `b`. */
function quantileOfUnion(a: ArrayLike<number>, na: number, b: readonly number[], q: number): number {
  const h = (na + b.length - 1) * q;
  const i = Math.floor(h);
  const lo = kthOfUnion(a, na, b, i);
  const hi = kthOfUnion(a, na, b, Math.min(na + b.length - 1, i + 1));
  return lo + (h - i) * (hi - lo);
}

export class StepColumns {
  readonly #columns = new Map<number, SortedColumn>();
  /** Values waiting to be merged, per step. */
  readonly #pending = new Map<number, number[]>();

  /** Distinct steps with at least one value. */
  get size(): number {
    let size = this.#columns.size;
    for (const step of this.#pending.keys()) if (!this.#columns.has(step)) size += 1;
    return size;
  }

  /** Adds one finite value at `step` (merged on the next `summary`). */
  add(step: number, value: number): void {
    let list = this.#pending.get(step);
    if (list === undefined) this.#pending.set(step, (list = []));
    list.push(value);
  }

  /**
   * Range, 10–90 % band and median per step, ascending by step, of the values added so far and
   * `extra` (per step, any order: the values of trials that may still change).
   */
  summary(extra: ReadonlyMap<number, readonly number[]> = new Map()): StepSummary[] {
    for (const [step, list] of this.#pending) {
      let column = this.#columns.get(step);
      if (column === undefined) this.#columns.set(step, (column = new SortedColumn()));
      column.merge(Float64Array.from(list).sort());
    }
    this.#pending.clear();
    const steps = new Set([...this.#columns.keys(), ...extra.keys()]);
    const out: StepSummary[] = [];
    for (const step of [...steps].sort((x, y) => x - y)) {
      const column = this.#columns.get(step);
      const a = column?.values ?? new Float64Array(0);
      const na = column?.length ?? 0;
      const b = [...(extra.get(step) ?? [])].sort((x, y) => x - y);
      const count = na + b.length;
      if (count === 0) continue;
      out.push({
        step,
        min: kthOfUnion(a, na, b, 0),
        q10: quantileOfUnion(a, na, b, 0.1),
        median: quantileOfUnion(a, na, b, 0.5),
        q90: quantileOfUnion(a, na, b, 0.9),
        max: kthOfUnion(a, na, b, count - 1),
        count,
      });
    }
    return out;
  }
}
