/**
 * One strategy's run in a race, as plain data: the trials it made, when each ended (seconds on the
 * race's time axis) and why it stopped early, if it did. Pure functions turn runs into the
 * best-so-far curves the race charts aggregate.
 *
 * Notation
 *   seconds[i]   time at which trial i ended: the simulated training time of trials 0 … i plus the
 *                real time the strategy spent deciding (synthetic tasks), or wall time (real tasks)
 *   y            the best objective so far, or its regret y − f* when the task's optimum is known
 */
import type { SamplerName, Trial } from '../../tuner';
import { aggregateRuns, bestSoFarByTrial, evenXs, toRegret, type BandPoint, type CurvePoint } from '../analysis/curves';

export interface RaceRun {
  readonly strategy: SamplerName;
  readonly repeat: number;
  readonly seed: number;
  readonly trials: readonly Trial[];
  /** seconds[i]: when trial i ended, from the run's start. */
  readonly seconds: readonly number[];
  /** Why the run stopped before its budget (an exhausted grid), else null. */
  readonly note: string | null;
}

export interface StrategyCurves {
  readonly strategy: SamplerName;
  readonly byTrial: readonly BandPoint[];
  readonly byTime: readonly BandPoint[];
  /** Centre of the final best value (or regret) over repeats. */
  readonly final: number | null;
}

/** Best-so-far (or regret when `optimum` is known) against trial number. */
export function runCurveByTrial(run: RaceRun, optimum: number | null): CurvePoint[] {
  const curve = bestSoFarByTrial(run.trials, 'minimize');
  return optimum === null ? curve : toRegret(curve, optimum);
}

/** Best-so-far (or regret) against the run's seconds (trials ordered by when they ended). */
export function runCurveByTime(run: RaceRun, optimum: number | null): CurvePoint[] {
  const ended = run.trials
    .map((t, i) => ({ t, at: run.seconds[i] }))
    .filter((e): e is { t: RaceRun['trials'][number]; at: number } => e.at !== undefined)
    .sort((a, b) => a.at - b.at);
  const out: CurvePoint[] = [];
  let best: number | null = null;
  for (const { t, at } of ended) {
    if (t.state === 'complete' && t.value !== null && (best === null || t.value < best)) best = t.value;
    if (best !== null) out.push({ x: at, y: optimum === null ? best : Math.abs(best - optimum) });
  }
  return out;
}

/** Every strategy's curves, aggregated over its repeats (median and interquartile band). */
export function raceCurves(runs: readonly RaceRun[], strategies: readonly SamplerName[], optimum: number | null, budget: number): StrategyCurves[] {
  const maxSeconds = Math.max(1e-9, ...runs.map((r) => r.seconds.at(-1) ?? 0));
  const timeXs = evenXs(0, maxSeconds, 80);
  const trialXs = Array.from({ length: budget }, (_, i) => i + 1);
  return strategies.map((strategy) => {
    const mine = runs.filter((r) => r.strategy === strategy);
    const byTrial = aggregateRuns(mine.map((r) => runCurveByTrial(r, optimum)), trialXs);
    const byTime = aggregateRuns(mine.map((r) => runCurveByTime(r, optimum)), timeXs);
    return { strategy, byTrial, byTime, final: byTrial.at(-1)?.centre ?? null };
  });
}

/** How often each value of `param` was tried in a run: grid's repeated values show up as tall bars. */
export function distinctValues(run: RaceRun, param: string): number {
  return new Set(run.trials.map((t) => String(t.params[param]))).size;
}
