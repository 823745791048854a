/**
 * The cases of the peer comparison and each one's budget: the five original functions, the 10-D
 * and 20-D functions with few active dimensions, the heavy-tailed function, and the tabular cases
 * (every configuration of a mixed int/categorical grid trained once; bench/tuner/tables/).
 *
 * Budgets (evaluations × seeds) of a full run follow the targets: tables 50 × 20, 10-D/20-D
 * 100 × 10, the rest 60 × 10; `--quick` shrinks them; `--evals`/`--seeds` set them all.
 */
import { BENCH_FUNCTIONS, type BenchFunction } from './functions';
import { HEAVY_TAILED_FUNCTIONS, SPARSE_FUNCTIONS } from './hard-functions';
import { TABLE_FUNCTIONS } from './tables';

export type CaseGroup = 'function' | 'sparse' | 'heavy-tailed' | 'table';

export const CASE_GROUPS: readonly CaseGroup[] = ['function', 'sparse', 'heavy-tailed', 'table'];

export interface Budget {
  readonly evals: number;
  readonly seeds: number;
}

export interface BenchCase {
  readonly fn: BenchFunction;
  readonly group: CaseGroup;
  readonly evals: number;
  readonly seeds: number;
}

const FULL: Readonly<Record<CaseGroup, Budget>> = {
  function: { evals: 60, seeds: 10 },
  sparse: { evals: 100, seeds: 10 },
  'heavy-tailed': { evals: 60, seeds: 10 },
  table: { evals: 50, seeds: 20 },
};

const QUICK: Readonly<Record<CaseGroup, Budget>> = {
  function: { evals: 30, seeds: 3 },
  sparse: { evals: 50, seeds: 3 },
  'heavy-tailed': { evals: 30, seeds: 3 },
  table: { evals: 50, seeds: 5 },
};

/** Each group's budget: the full or quick default, with `evals`/`seeds` overriding every group. */
export function budgetsFor(quick: boolean, evals: number | null, seeds: number | null): Readonly<Record<CaseGroup, Budget>> {
  const base = quick ? QUICK : FULL;
  const out = {} as Record<CaseGroup, Budget>;
  for (const g of CASE_GROUPS) out[g] = { evals: evals ?? base[g].evals, seeds: seeds ?? base[g].seeds };
  return out;
}

/** Every function of the comparison with its group, in report order. */
export function allCaseFunctions(): readonly { fn: BenchFunction; group: CaseGroup }[] {
  return [
    ...BENCH_FUNCTIONS.map((fn) => ({ fn, group: 'function' as const })),
    ...SPARSE_FUNCTIONS.map((fn) => ({ fn, group: 'sparse' as const })),
    ...HEAVY_TAILED_FUNCTIONS.map((fn) => ({ fn, group: 'heavy-tailed' as const })),
    ...TABLE_FUNCTIONS.map((fn) => ({ fn, group: 'table' as const })),
  ];
}

/** The cases among `names` (every case when null), each with its group's budget. */
export function casesFor(names: readonly string[] | null, budgets: Readonly<Record<CaseGroup, Budget>>): BenchCase[] {
  return allCaseFunctions()
    .filter(({ fn }) => names === null || names.includes(fn.name))
    .map(({ fn, group }) => ({ fn, group, ...budgets[group] }));
}
