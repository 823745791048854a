/** The benchmark's tables: regret by evaluations, ratio to random, and ms per suggestion. */
import type { SamplerName } from '../../src/tuner';
import type { BenchFunction } from './functions';
import { checkpointsFor, ratioToRandom, type CellSummary } from './summary';
import { formatMs, formatNumber, type Table } from './table';
import type { BenchResults } from './targets';

function cellOf(r: BenchResults, sampler: SamplerName, fn: string): CellSummary {
  const cell = r.cells.find((c) => c.sampler === sampler && c.fn === fn);
  if (cell === undefined) throw new Error(`no results for ${sampler} on ${fn}`);
  return cell;
}

/** Median simple regret [25th–75th percentile] at each checkpoint, one row per (function, sampler). */
export function regretTable(r: BenchResults, fns: readonly BenchFunction[], samplers: readonly SamplerName[]): Table {
  const points = checkpointsFor(r.evals);
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const fn of fns) {
    samplers.forEach((s, i) => {
      const cell = cellOf(r, s, fn.name);
      const cols = points.map((t) => {
        const q = cell.curve[t - 1];
        if (cell.error !== null) return 'failed';
        return q === undefined ? '–' : `${formatNumber(q.median)} [${formatNumber(q.q1)}–${formatNumber(q.q3)}]`;
      });
      rows.push([i === 0 ? fn.name : '', s, ...cols]);
      if (cell.error !== null) notes.push(`${s} on ${fn.name}: FAILED: ${cell.error}`);
      if (cell.exhaustedRuns > 0) {
        notes.push(
          `${s} on ${fn.name}: exhausted in ${cell.exhaustedRuns} run(s), after as few as ${cell.fewestEvals} evaluations; ` +
            'the last regret is carried forward.',
        );
      }
    });
  }
  return {
    title: 'Median simple regret [interquartile range] after t evaluations',
    header: ['function', 'sampler', ...points.map((t) => `t = ${t}`)],
    rows,
    rightAligned: points.map((_, j) => j + 2),
    notes,
  };
}

/** random's median regret at E over each sampler's, per function (> 1 means better than random). */
export function ratioTable(r: BenchResults, fns: readonly BenchFunction[], samplers: readonly SamplerName[]): Table {
  const withRandom = samplers.includes('random');
  const rows = fns.map((fn) => [
    fn.name,
    ...samplers.map((s) => (withRandom ? formatNumber(ratioToRandom(cellOf(r, 'random', fn.name), cellOf(r, s, fn.name), r.evals)) : '–')),
  ]);
  return {
    title: `Random's median regret @${r.evals} / sampler's median regret @${r.evals} (higher is better)`,
    header: ['function', ...samplers],
    rows,
    rightAligned: samplers.map((_, j) => j + 1),
    notes: withRandom ? [] : ['random was not run, so there is nothing to compare with.'],
  };
}

/** Median ms per suggestion at fixed history sizes (6-D), and mean ms per suggestion in the runs. */
export function timingTable(r: BenchResults, fns: readonly BenchFunction[], samplers: readonly SamplerName[]): Table {
  const sizes = [...new Set(r.timings.map((t) => t.observations))].sort((a, b) => a - b);
  const rows = samplers.map((s) => {
    const fixed = sizes.map((n) => formatMs(r.timings.find((t) => t.sampler === s && t.observations === n)?.ms ?? null));
    const runs = fns.map((fn) => formatMs(cellOf(r, s, fn.name).meanAskMs));
    const all = r.cells.filter((c) => c.sampler === s);
    return [s, ...fixed, ...runs, formatMs(all.reduce((a, c) => a + c.meanAskMs, 0) / all.length)];
  });
  return {
    title: 'Milliseconds per suggestion',
    header: ['sampler', ...sizes.map((n) => `6-D, ${n} obs`), ...fns.map((fn) => `runs: ${fn.name}`), 'runs: mean'],
    rows,
    rightAligned: rows[0]?.map((_, j) => j).slice(1) ?? [],
    notes: [
      ...r.timings.filter((t) => t.error !== undefined).map((t) => `${t.sampler}, ${t.observations} obs: FAILED: ${t.error}`),
      `"6-D, n obs": median of the timed asks after n random observations in the Hartmann-6 space.`,
      `"runs": mean over every ask of the ${r.evals}-evaluation optimisation runs ("mean": over functions).`,
    ],
  };
}
