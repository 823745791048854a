/**
 * The bounded working set the GP conditions on. Exact GP work grows as n³ (factor) and n² (each
 * prediction), so past W rows the model keeps the most informative W of them:
 *
 *   best     the ⌈W/3⌉ lowest losses (the incumbent first): the model is exact where EI matters most
 *   recent   the ⌊W/6⌋ most recently asked finished trials: where the search has just been, so it
 *            does not propose the same region again
 *   spread   the rest, stratified over the remaining rows in loss order (observed, then failed)
 *            with one seeded random offset: a coarse picture of the whole landscape at every level
 *
 * With at most W rows every row is kept, in the same order as before, so small studies are modelled
 * exactly as without a working set. Deterministic for a given history and rng.
 *
 * Notation
 *   W          maxModelPoints (default 300)
 *   rows       observed (best first, ties by id) then failed (by id), as in encoded-history.ts
 */
import type { Rng } from '../rng';
import type { EncodedHistory, EncodedRow } from './encoded-history';

export const DEFAULT_MAX_MODEL_POINTS = 300;

export interface WorkingSet {
  /** Chosen observed rows, best first (ties by id). */
  readonly observed: readonly EncodedRow[];
  /** Chosen failed rows, by id. */
  readonly failed: readonly EncodedRow[];
}

/** The rows to condition on: every row when there are at most `maxPoints`, else W chosen as above. */
export function selectWorkingSet(history: EncodedHistory, maxPoints: number, rng: Rng): WorkingSet {
  const { observed, failed } = history;
  if (observed.length + failed.length <= maxPoints) return { observed, failed };

  const chosen = new Set<number>();
  const take = (row: EncodedRow): void => {
    chosen.add(row.id);
  };
  // best
  for (const row of observed.slice(0, Math.ceil(maxPoints / 3))) take(row);
  // recent: walk ids downwards over the finished rows
  const byId: (EncodedRow | undefined)[] = new Array<EncodedRow | undefined>(history.size);
  for (const row of observed) byId[row.id] = row;
  for (const row of failed) byId[row.id] = row;
  const recentTarget = chosen.size + Math.floor(maxPoints / 6);
  for (let id = history.size - 1; id >= 0 && chosen.size < recentTarget; id--) {
    const row = byId[id];
    if (row !== undefined && !chosen.has(row.id)) take(row);
  }
  // spread: stratified over what is left, in loss order
  const rest: EncodedRow[] = [];
  for (const row of observed) if (!chosen.has(row.id)) rest.push(row);
  for (const row of failed) if (!chosen.has(row.id)) rest.push(row);
  const m = maxPoints - chosen.size;
  const stride = rest.length / m;
  const offset = rng.next();
  for (let k = 0; k < m; k++) {
    const row = rest[Math.min(rest.length - 1, Math.floor((k + offset) * stride))];
    if (row !== undefined) take(row);
  }
  return {
    observed: observed.filter((r) => chosen.has(r.id)),
    failed: failed.filter((r) => chosen.has(r.id)),
  };
}
