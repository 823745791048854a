/**
 * One strategy's run in a race, as plain data: the trials it made, when each ended (seconds on the
 * race's time axis) and why it stopped early, if it did. Pure functions turn runs into the
 * best-so-far curves the race charts aggregate.
 *
 * Notation
 *   seconds[i]   time at which trial i ended: the simulated training time of trials 0 … i plus the
 *                real time the strategy spent deciding (synthetic tasks), or wall time (real tasks);
 *                NaN while it runs
 *   epochs[i]    epochs of compute spent by the whole run (every trial) when trial i ended; NaN while
 *                it runs. Plain strategies spend a full trial's epochs per trial; schedulers less
 *   y            the best objective so far, or its regret y − f* when the task's optimum is known
 */
import type { Trial } from '../../tuner';
import { aggregateRuns, bestSoFarByTrial, evenXs, toRegret, type BandPoint, type CurvePoint } from '../analysis/curves';
import { entryPlan, type RaceEntry } from './race-entries';

export interface RaceRun {
  readonly strategy: RaceEntry;
  readonly repeat: number;
  readonly seed: number;
  readonly trials: readonly Trial[];
  /** seconds[i]: when trial i ended, from the run's start. */
  readonly seconds: readonly number[];
  /** epochs[i]: compute (epochs, all trials) spent when trial i ended. */
  readonly epochs: readonly number[];
  /** Why the run stopped before its budget (an exhausted grid), else null. */
  readonly note: string | null;
}

export interface StrategyCurves {
  readonly strategy: RaceEntry;
  readonly byTrial: readonly BandPoint[];
  readonly byTime: readonly BandPoint[];
  readonly byEpochs: readonly BandPoint[];
  /** Centre of the final best value (or regret) over repeats, at the end of the compute spent. */
  readonly final: number | null;
}

/**
 * The trials as a run's curve counts them. A scheduler stops or pauses most trials early, and their
 * validation losses at those epochs are real results of trained models: a trial that did not
 * complete (yet) counts with its best reported value (Syne Tune's "best metric so far"); its x is
 * when it reported that value. Plain runs count complete trials only, as before.
 */
export function scoredTrials(run: RaceRun): readonly Trial[] {
  if (entryPlan(run.strategy).scheduler === null) return run.trials;
  return run.trials.map((t) => {
    if (t.state === 'complete') return t;
    const values = t.intermediate.map((i) => i.value).filter((v): v is number => v !== null && Number.isFinite(v));
    return values.length === 0 ? t : { ...t, state: 'complete' as const, value: Math.min(...values) };
  });
}

/** Best-so-far (or regret when `optimum` is known) against trial number. */
export function runCurveByTrial(run: RaceRun, optimum: number | null): CurvePoint[] {
  const curve = bestSoFarByTrial(scoredTrials(run), 'minimize');
  return optimum === null ? curve : toRegret(curve, optimum);
}

/** Best-so-far (or regret) against the run's seconds (trials ordered by when they ended). */
export function runCurveByTime(run: RaceRun, optimum: number | null): CurvePoint[] {
  return runCurveAgainst(run, run.seconds, optimum);
}

/** Best-so-far (or regret) against epochs of compute spent (equal compute for every entry). */
export function runCurveByEpochs(run: RaceRun, optimum: number | null): CurvePoint[] {
  return runCurveAgainst(run, run.epochs, optimum);
}

function runCurveAgainst(run: RaceRun, xs: readonly number[], optimum: number | null): CurvePoint[] {
  const ended = scoredTrials(run)
    .map((t, i) => ({ t, at: xs[i] }))
    .filter((e): e is { t: RaceRun['trials'][number]; at: number } => e.at !== undefined && Number.isFinite(e.at))
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
export function raceCurves(runs: readonly RaceRun[], strategies: readonly RaceEntry[], optimum: number | null, budget: number): StrategyCurves[] {
  const finite = (xs: readonly number[]) => xs.filter((x) => Number.isFinite(x));
  const maxSeconds = Math.max(1e-9, ...runs.flatMap((r) => finite(r.seconds)));
  const maxEpochs = Math.max(1, ...runs.flatMap((r) => finite(r.epochs)));
  const timeXs = evenXs(0, maxSeconds, 80);
  const epochXs = evenXs(0, maxEpochs, 80);
  const trialXs = Array.from({ length: Math.max(budget, ...runs.map((r) => r.trials.length)) }, (_, i) => i + 1);
  return strategies.map((strategy) => {
    const mine = runs.filter((r) => r.strategy === strategy);
    const byTrial = aggregateRuns(mine.map((r) => runCurveByTrial(r, optimum)), trialXs);
    const byTime = aggregateRuns(mine.map((r) => runCurveByTime(r, optimum)), timeXs);
    const byEpochs = aggregateRuns(mine.map((r) => runCurveByEpochs(r, optimum)), epochXs);
    // At equal compute every run ends with the same epochs spent; plain runs also with `budget` trials.
    return { strategy, byTrial, byTime, byEpochs, final: byEpochs.at(-1)?.centre ?? null };
  });
}

/** How often each value of `param` was tried in a run: grid's repeated values show up as tall bars. */
export function distinctValues(run: RaceRun, param: string): number {
  return new Set(run.trials.map((t) => String(t.params[param]))).size;
}
