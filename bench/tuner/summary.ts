/**
 * Aggregation of runs over seeds.
 *
 * Notation
 *   S            number of seeds; each (sampler, function) cell has S runs
 *   r_t^(s)      simple regret after t evaluations in the run with seed s
 *   curve_t      median, 25th and 75th percentile of r_t^(1…S), for t = 1 … E
 *   ratio        median r_E of random / median r_E of the sampler (> 1: better than random)
 */
import type { SamplerName } from '../../src/tuner';
import type { RunResult } from './run';
import { mean, spreadOf, type Spread } from './stats';

export interface CellSummary {
  readonly sampler: SamplerName;
  readonly fn: string;
  /** curve[t − 1] summarises r_t over seeds (length E). */
  readonly curve: readonly Spread[];
  /** Mean ms per suggestion over every ask of every seed. */
  readonly meanAskMs: number;
  /** Runs (seeds) in which the sampler ran out of suggestions before E evaluations. */
  readonly exhaustedRuns: number;
  /** Fewest evaluations done by an exhausted run, or null if none was exhausted. */
  readonly fewestEvals: number | null;
  /** The sampler threw: its message (the curve is then all NaN). */
  readonly error: string | null;
}

/** A cell whose sampler threw: NaN everywhere, so tables print "–" and the chart skips it. */
export function failedCell(sampler: SamplerName, fn: string, evals: number, error: string): CellSummary {
  const nan = { median: Number.NaN, q1: Number.NaN, q3: Number.NaN };
  return { sampler, fn, curve: Array.from({ length: evals }, () => nan), meanAskMs: Number.NaN, exhaustedRuns: 0, fewestEvals: null, error };
}

export function summarise(sampler: SamplerName, fn: string, runs: readonly RunResult[], evals: number): CellSummary {
  const curve: Spread[] = [];
  for (let t = 0; t < evals; t++) curve.push(spreadOf(runs.map((r) => r.regret[t] as number)));
  const exhausted = runs.filter((r) => r.exhaustedAfter !== null).map((r) => r.exhaustedAfter as number);
  return {
    sampler,
    fn,
    curve,
    meanAskMs: mean(runs.flatMap((r) => r.askMs)),
    exhaustedRuns: exhausted.length,
    fewestEvals: exhausted.length > 0 ? Math.min(...exhausted) : null,
    error: null,
  };
}

/** Evaluation counts at which the tables report regret: 20, 40, 60 up to E, and E itself. */
export function checkpointsFor(evals: number): number[] {
  const points = [20, 40, 60].filter((t) => t <= evals);
  if (!points.includes(evals)) points.push(evals);
  return points;
}

/** Median regret after t evaluations. */
export function medianAt(cell: CellSummary, t: number): number {
  return (cell.curve[t - 1] as Spread).median;
}

/** random's median r_E over the sampler's; ∞ when the sampler reached 0 and random did not. */
export function ratioToRandom(random: CellSummary, cell: CellSummary, evals: number): number {
  const a = medianAt(random, evals);
  const b = medianAt(cell, evals);
  if (b === 0) return a === 0 ? 1 : Number.POSITIVE_INFINITY;
  return a / b;
}
