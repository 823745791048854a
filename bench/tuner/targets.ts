/**
 * The project's targets for the GP sampler, checked against a benchmark's results, and the
 * reference figures they were set against.
 *
 *   regret   median simple regret after E evaluations (E = 60 in a full run) over seeds
 *   ratio    random's median regret / gp's; the target is ratio ≥ 10
 *   ms       median ms per suggestion in the 6-D Hartmann space at n observations
 */
import type { SamplerName } from '../../src/tuner';
import { medianAt, ratioToRandom, type CellSummary } from './summary';
import { formatMs, formatNumber, type Table } from './table';
import type { SuggestTiming } from './timing';

export type TargetStatus = 'PASS' | 'MISS' | 'SKIP';

export interface TargetCheck {
  readonly target: string;
  readonly status: TargetStatus;
  /** The measured figure, or why it was not measured. */
  readonly measured: string;
}

export interface BenchResults {
  readonly evals: number;
  readonly cells: readonly CellSummary[];
  readonly timings: readonly SuggestTiming[];
}

const cellOf = (r: BenchResults, sampler: SamplerName, fn: string): CellSummary | undefined =>
  r.cells.find((c) => c.sampler === sampler && c.fn === fn);

function regretTarget(r: BenchResults, fn: string, label: string): TargetCheck {
  const target = `gp median regret @${r.evals} on ${label} ≥ 10× below random's`;
  const gp = cellOf(r, 'gp', fn);
  const random = cellOf(r, 'random', fn);
  if (gp === undefined || random === undefined) return { target, status: 'SKIP', measured: `needs gp and random on ${fn}` };
  if (gp.error !== null) return { target, status: 'MISS', measured: `gp failed: ${gp.error}` };
  const ratio = ratioToRandom(random, gp, r.evals);
  const measured = `random ${formatNumber(medianAt(random, r.evals))} / gp ${formatNumber(medianAt(gp, r.evals))} = ${formatNumber(ratio)}×`;
  return { target, status: ratio >= 10 ? 'PASS' : 'MISS', measured };
}

function speedTarget(r: BenchResults, observations: number, limitMs: number): TargetCheck {
  const target = `gp ms per suggestion, 6-D, ${observations} observations ≤ ${limitMs}`;
  const t = r.timings.find((x) => x.sampler === 'gp' && x.observations === observations);
  if (t === undefined) return { target, status: 'SKIP', measured: 'not timed in this run' };
  if (t.error !== undefined) return { target, status: 'MISS', measured: `gp failed: ${t.error}` };
  if (t.ms === null) return { target, status: 'MISS', measured: 'sampler exhausted' };
  return { target, status: t.ms <= limitMs ? 'PASS' : 'MISS', measured: `${formatMs(t.ms)} ms` };
}

export function checkTargets(r: BenchResults): TargetCheck[] {
  return [
    regretTarget(r, 'branin', 'Branin'),
    regretTarget(r, 'hartmann6', 'Hartmann-6'),
    speedTarget(r, 60, 5),
    speedTarget(r, 300, 50),
  ];
}

export function targetsTable(checks: readonly TargetCheck[], evals: number): Table {
  const notes = evals === 60 ? [] : [`Note: this run used ${evals} evaluations; the targets are defined at 60.`];
  return {
    title: 'Targets',
    header: ['status', 'target', 'measured'],
    rows: checks.map((c) => [c.status, c.target, c.measured]),
    notes,
  };
}

/** Reference figures measured by the project (median of 10 seeds), followed by this run's samplers. */
export function referenceTable(r: BenchResults, samplers: readonly SamplerName[]): Table {
  const rows: string[][] = [
    ['Optuna 3.1 TPE (reference)', '0.11', '0.55', '2–8'],
    ['scikit-learn 1.2 GP-EI loop (reference)', '0.017', '0.28', '30–40'],
  ];
  for (const s of samplers) {
    const branin = cellOf(r, s, 'branin');
    const h6 = cellOf(r, s, 'hartmann6');
    const t = r.timings.find((x) => x.sampler === s && x.observations === 60);
    rows.push([
      `${s} (this run)`,
      branin === undefined ? '–' : formatNumber(medianAt(branin, r.evals)),
      h6 === undefined ? '–' : formatNumber(medianAt(h6, r.evals)),
      t === undefined ? '–' : formatMs(t.ms),
    ]);
  }
  return {
    title: 'Reference (Optuna 3.1 / scikit-learn 1.2, median of 10 seeds)',
    header: ['sampler', 'Branin regret @60', 'Hartmann-6 regret @60', 'ms / suggestion (6-D, 60 obs)'],
    rows,
    rightAligned: [1, 2, 3],
    notes: r.evals === 60 ? [] : [`Note: this run's rows are regret @${r.evals}, not @60.`],
  };
}
