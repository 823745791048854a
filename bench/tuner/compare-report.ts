/**
 * The peer comparison's tables: median regret at 25 %, 50 % and 100 % of each case's budget for
 * every runner, and GP-EI against the best peer and random with one-sided rank tests and its
 * time per suggestion as a ratio to TPE's in the same run.
 */
import type { CompareCell, CompareResults } from './compare';
import { OURS, OUTSTANDING, peerLabel } from './compare';
import type { BenchCase } from './cases';
import { mannWhitneyLess } from './rank-test';
import { formatMs, formatNumber, type Table } from './table';

export const TPE = peerLabel('tpe');
export const RANDOM_PEER = peerLabel('random');

export const cellFor = (r: CompareResults, fn: string, k: number, runner: string): CompareCell | undefined =>
  r.cells.find((c) => c.fn === fn && c.outstanding === k && c.runner === runner && c.error === null);

export const finalMedian = (c: CompareCell): number => c.checkpoints[c.checkpoints.length - 1]?.median ?? Number.NaN;

/** The peer with the lowest median final regret at k (random included), or undefined if none ran. */
export function bestPeer(r: CompareResults, fn: string, k: number): CompareCell | undefined {
  const peers = r.cells.filter((c) => c.fn === fn && c.outstanding === k && c.runner !== OURS && c.error === null);
  return peers.reduce<CompareCell | undefined>((best, c) => (best === undefined || finalMedian(c) < finalMedian(best) ? c : best), undefined);
}

/** p of "ours has lower final regret than `other`", or NaN when either is missing. */
export function pLess(ours: CompareCell | undefined, other: CompareCell | undefined): number {
  if (ours === undefined || other === undefined || ours.finals.length === 0 || other.finals.length === 0) return Number.NaN;
  return mannWhitneyLess(ours.finals, other.finals).p;
}

/** Mean ms per ask of `runner` over both k, divided by TPE's, on one case. */
export function msRatioToTpe(r: CompareResults, fn: string, runner: string): number {
  const msOf = (who: string): number => {
    const cells = OUTSTANDING.map((k) => cellFor(r, fn, k, who)).filter((c): c is CompareCell => c !== undefined);
    return cells.length === 0 ? Number.NaN : cells.reduce((a, c) => a + c.meanAskMs, 0) / cells.length;
  };
  return msOf(runner) / msOf(TPE);
}

const kLabel = (k: number): string => (k === 1 ? 'sequential' : `${k} outstanding`);

export function compareRegretTable(r: CompareResults, cases: readonly BenchCase[]): Table {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const c of cases) {
    for (const k of OUTSTANDING) {
      const here = r.cells.filter((x) => x.fn === c.fn.name && x.outstanding === k);
      here.forEach((cell, i) => {
        const tpe = cellFor(r, c.fn.name, k, TPE);
        const ratio = tpe === undefined ? Number.NaN : cell.meanAskMs / tpe.meanAskMs;
        const cols = cell.error !== null ? ['failed', 'failed', 'failed'] : cell.checkpoints.map((q) => formatNumber(q.median));
        rows.push([i === 0 ? c.fn.name : '', i === 0 ? kLabel(k) : '', cell.runner, ...cols, formatMs(cell.meanAskMs), formatNumber(ratio)]);
        if (cell.error !== null) notes.push(`${cell.runner} on ${c.fn.name} (${kLabel(k)}): FAILED: ${cell.error}`);
        if (cell.exhaustedRuns > 0) notes.push(`${cell.runner} on ${c.fn.name} (${kLabel(k)}): ran out of configurations in ${cell.exhaustedRuns} run(s).`);
      });
    }
    if (Object.values(c.fn.space).some((d) => d.type === 'categorical') && r.cells.some((x) => x.fn === c.fn.name && x.runner === peerLabel('cmaes'))) {
      notes.push(`optuna cmaes on ${c.fn.name}: CMA-ES cannot model categorical parameters; Optuna samples those independently (at random).`);
    }
  }
  if (r.peersUnavailable !== null) notes.push(`Optuna peers did not run: ${r.peersUnavailable}`);
  return {
    title: 'Peer comparison: median simple regret at 25 %, 50 % and 100 % of each budget',
    header: ['case', 'trials', 'runner', '@25 %', '@50 %', '@100 %', 'ms / ask', '× TPE ms'],
    rows,
    rightAligned: [3, 4, 5, 6, 7],
    notes: [
      ...notes,
      'Budgets: see "Cases". "× TPE ms": mean ms per ask over TPE\'s in the same case and run (ours timed in Node, Optuna\'s inside Python).',
    ],
  };
}

export function compareRankTable(r: CompareResults, cases: readonly BenchCase[]): Table {
  const rows: string[][] = [];
  for (const c of cases) {
    for (const k of OUTSTANDING) {
      const ours = cellFor(r, c.fn.name, k, OURS);
      const best = bestPeer(r, c.fn.name, k);
      const random = cellFor(r, c.fn.name, k, RANDOM_PEER);
      rows.push([
        c.fn.name,
        kLabel(k),
        ours === undefined ? '–' : formatNumber(finalMedian(ours)),
        best?.runner ?? '–',
        best === undefined ? '–' : formatNumber(finalMedian(best)),
        formatP(pLess(ours, best)),
        formatP(pLess(ours, random)),
      ]);
    }
  }
  return {
    title: 'GP-EI against the best peer and random: final regret, one-sided Mann–Whitney U',
    header: ['case', 'trials', 'gp @100 %', 'best peer', 'its @100 %', 'p (gp < best peer)', 'p (gp < random)'],
    rows,
    rightAligned: [2, 4, 5, 6],
    notes: ['p: one-sided Mann–Whitney U on the final regrets over seeds (normal approximation, ties mid-ranked); small p means gp is lower.'],
  };
}

export function formatP(p: number): string {
  if (Number.isNaN(p)) return '–';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

export function casesTable(cases: readonly BenchCase[]): Table {
  return {
    title: 'Cases',
    header: ['case', 'group', 'd', 'evaluations × seeds', 'definition'],
    rows: cases.map((c) => [c.fn.name, c.group, String(Object.keys(c.fn.space).length), `${c.evals} × ${c.seeds}`, c.fn.description]),
    rightAligned: [2],
  };
}
