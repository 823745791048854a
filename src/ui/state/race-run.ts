/**
 * One strategy's run in a race, as plain data: the trials it made, when each ended (seconds on the
 * race's time axis) and why it stopped early, if it did. Pure functions turn runs into the
 * best-so-far curves the race charts aggregate.
 *
 * Every run carries its own best-so-far curves, built as its trials end (BestSoFarLine), so
 * aggregating a race of thousands of trials costs no more than its improvements.
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
  /** Its best-so-far curves (objective values, not regret), kept up to date by whoever runs it. */
  readonly curves: RunCurves;
}

/** One run's best-so-far step curves: a point wherever the best improved, x ascending. */
export interface RunCurves {
  readonly byTrial: readonly CurvePoint[];
  readonly byTime: readonly CurvePoint[];
  readonly byEpochs: readonly CurvePoint[];
}

/**
 * A best-so-far step curve built one observation at a time (observations in ascending x): a point
 * only where the best improves, so a long run's curve stays as short as its improvements.
 */
export class BestSoFarLine {
  private readonly list: CurvePoint[] = [];
  private best: number | null = null;

  /** Records value `y` (null or non-finite: nothing to count) observed at `x`. */
  add(x: number, y: number | null): void {
    if (y === null || !Number.isFinite(y) || (this.best !== null && y >= this.best)) return;
    this.best = y;
    const last = this.list.at(-1);
    if (last !== undefined && last.x === x) this.list[this.list.length - 1] = { x, y };
    else this.list.push({ x, y });
  }

  /** The curve so far (a copy: later additions do not change it). */
  points(): CurvePoint[] {
    return this.list.slice();
  }
}

/** A run's curves computed from its data (real-task runs, and tests): the same steps the lines build. */
export function curvesOf(run: Omit<RaceRun, 'curves'>): RunCurves {
  const steps = (curve: readonly CurvePoint[]) => {
    const line = new BestSoFarLine();
    for (const p of curve) line.add(p.x, p.y);
    return line.points();
  };
  const data = { ...run, curves: { byTrial: [], byTime: [], byEpochs: [] } };
  return { byTrial: steps(runCurveByTrial(data, null)), byTime: steps(runCurveByTime(data, null)), byEpochs: steps(runCurveByEpochs(data, null)) };
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

/** Most trial numbers at which the trial-axis curves are aggregated. */
const TRIAL_XS = 200;

/**
 * Every strategy's curves, aggregated over its repeats (median and interquartile band), from the
 * runs' own best-so-far curves: the cost grows with the runs' improvements, not their trials.
 */
export function raceCurves(runs: readonly RaceRun[], strategies: readonly RaceEntry[], optimum: number | null, budget: number): StrategyCurves[] {
  let maxSeconds = 1e-9;
  let maxEpochs = 1;
  let maxTrials = budget;
  for (const r of runs) {
    maxSeconds = Math.max(maxSeconds, runReach(r).seconds);
    maxEpochs = Math.max(maxEpochs, runReach(r).epochs);
    maxTrials = Math.max(maxTrials, r.trials.length);
  }
  const timeXs = evenXs(0, maxSeconds, 80);
  const epochXs = evenXs(0, maxEpochs, 80);
  // Scheduled runs make many short trials: at most TRIAL_XS positions, as many as a chart can show.
  const trialXs = maxTrials <= TRIAL_XS ? Array.from({ length: maxTrials }, (_, i) => i + 1) : [...new Set(evenXs(1, maxTrials, TRIAL_XS).map(Math.round))];
  const shown = (curve: readonly CurvePoint[]) => (optimum === null ? curve : toRegret(curve, optimum));
  return strategies.map((strategy) => {
    const mine = runs.filter((r) => r.strategy === strategy);
    // Each axis is aggregated when first read: a redraw pays only for the axis the chart shows.
    const byTrial = once(() => aggregateRuns(mine.map((r) => shown(r.curves.byTrial)), trialXs));
    const byTime = once(() => aggregateRuns(mine.map((r) => shown(r.curves.byTime)), timeXs));
    const byEpochs = once(() => aggregateRuns(mine.map((r) => shown(r.curves.byEpochs)), epochXs));
    // At equal compute every run ends with the same epochs spent; plain runs also with `budget` trials.
    const final = once(() => aggregateRuns(mine.map((r) => shown(r.curves.byEpochs)), epochXs.slice(-1)).at(-1)?.centre ?? null);
    return {
      strategy,
      get byTrial() {
        return byTrial();
      },
      get byTime() {
        return byTime();
      },
      get byEpochs() {
        return byEpochs();
      },
      get final() {
        return final();
      },
    };
  });
}

/** f's value, computed on the first call. */
function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [f(), true];
    return value as T;
  };
}

/** The largest finite value of xs (0 when none): how far a run has got on an axis. */
function mostFinite(xs: readonly number[]): number {
  let most = 0;
  for (const x of xs) if (Number.isFinite(x) && x > most) most = x;
  return most;
}

/** How far a run has got (seconds, epochs of compute), remembered per run object: an unchanged run is not scanned again. */
const reach = new WeakMap<RaceRun, { readonly seconds: number; readonly epochs: number }>();
export function runReach(run: RaceRun): { readonly seconds: number; readonly epochs: number } {
  let r = reach.get(run);
  if (r === undefined) reach.set(run, (r = { seconds: mostFinite(run.seconds), epochs: mostFinite(run.epochs) }));
  return r;
}

/** How often each value of `param` was tried in a run: grid's repeated values show up as tall bars. */
export function distinctValues(run: RaceRun, param: string): number {
  const counted = distinctCounts.get(run) ?? new Map<string, number>();
  distinctCounts.set(run, counted);
  let n = counted.get(param);
  if (n === undefined) counted.set(param, (n = new Set(run.trials.map((t) => String(t.params[param]))).size));
  return n;
}
const distinctCounts = new WeakMap<RaceRun, Map<string, number>>();
