/**
 * One strategy's run in a race, as plain data: the trials it made, when each ended (seconds on the
 * race's time axis) and why it stopped early, if it did. Pure functions turn runs into the
 * best-so-far curves the race charts aggregate.
 *
 * Every run carries its own best-so-far curves, built as its trials end (BestSoFarLine), and how far
 * it has got, so aggregating a race of thousands of trials costs no more than its improvements
 * (race-curves.ts does it a strategy at a time, between turns of the page).
 *
 * Notation
 *   seconds[i]   time at which trial i ended: the simulated training time of trials 0 … i plus the
 *                real time the strategy spent deciding (synthetic tasks), or wall time (real tasks);
 *                NaN while it runs
 *   epochs[i]    epochs of compute spent by the whole run (every trial) when trial i ended; NaN while
 *                it runs. Plain strategies spend a full trial's epochs per trial; schedulers less
 *   y            the best objective so far, or its regret y − f* when the task's optimum is known
 */
import type { SchedulerJSON, Trial } from '../../tuner';
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
  /** How far it has got: the largest finite `seconds` and `epochs` (0 when none). */
  readonly reach: RunReach;
  /** A finished PBT run's scheduler state (its population and lineage), kept when the run is saved; absent otherwise. */
  readonly scheduler?: SchedulerJSON;
}

export interface RunReach {
  readonly seconds: number;
  readonly epochs: number;
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
  private copy: readonly CurvePoint[] | null = null;

  /** Records value `y` (null or non-finite: nothing to count) observed at `x`. */
  add(x: number, y: number | null): void {
    if (y === null || !Number.isFinite(y) || (this.best !== null && y >= this.best)) return;
    this.best = y;
    const last = this.list.at(-1);
    if (last !== undefined && last.x === x) this.list[this.list.length - 1] = { x, y };
    else this.list.push({ x, y });
    this.copy = null;
  }

  /** The curve so far (a copy: later additions do not change it); the same array while the best has not changed. */
  points(): readonly CurvePoint[] {
    this.copy ??= this.list.slice();
    return this.copy;
  }
}

/** A run's curves computed from its data (real-task runs, and tests): the same steps the lines build. */
export function curvesOf(run: Omit<RaceRun, 'curves' | 'reach'>): RunCurves {
  const steps = (curve: readonly CurvePoint[]) => {
    const line = new BestSoFarLine();
    for (const p of curve) line.add(p.x, p.y);
    return line.points();
  };
  const data = { ...run, curves: { byTrial: [], byTime: [], byEpochs: [] }, reach: { seconds: 0, epochs: 0 } };
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
/** Positions at which the time and epoch curves are aggregated. */
const SPAN_XS = 80;

/** The common x positions of a race's aggregated curves, from how far its runs have got. */
export interface CurveGrids {
  readonly trialXs: readonly number[];
  readonly timeXs: readonly number[];
  readonly epochXs: readonly number[];
}

/** The x positions for `runs`: every trial number up to TRIAL_XS of them, and SPAN_XS along time and epochs. */
export function curveGrids(runs: readonly RaceRun[], budget: number): CurveGrids {
  let maxSeconds = 1e-9;
  let maxEpochs = 1;
  let maxTrials = budget;
  for (const r of runs) {
    maxSeconds = Math.max(maxSeconds, r.reach.seconds);
    maxEpochs = Math.max(maxEpochs, r.reach.epochs);
    maxTrials = Math.max(maxTrials, r.trials.length);
  }
  // Scheduled runs make many short trials: at most TRIAL_XS positions, as many as a chart can show.
  const trialXs = maxTrials <= TRIAL_XS ? Array.from({ length: maxTrials }, (_, i) => i + 1) : [...new Set(evenXs(1, maxTrials, TRIAL_XS).map(Math.round))];
  return { trialXs, timeXs: evenXs(0, maxSeconds, SPAN_XS), epochXs: evenXs(0, maxEpochs, SPAN_XS) };
}

/**
 * One strategy's curves, aggregated over its runs (median and interquartile band) at the grids'
 * positions, from the runs' own best-so-far curves: the cost grows with the runs' improvements
 * and the grids' sizes, not with the trials.
 */
export function strategyCurves(strategy: RaceEntry, mine: readonly RaceRun[], grids: CurveGrids, optimum: number | null): StrategyCurves {
  const shown = (curve: readonly CurvePoint[]) => (optimum === null ? curve : toRegret(curve, optimum));
  const byEpochs = aggregateRuns(mine.map((r) => shown(r.curves.byEpochs)), grids.epochXs);
  // At equal compute every run ends with the same epochs spent (plain runs also with `budget` trials): the centre there.
  const last = byEpochs.at(-1);
  const final = last !== undefined && last.x === grids.epochXs.at(-1) ? last.centre : null;
  return {
    strategy,
    byTrial: aggregateRuns(mine.map((r) => shown(r.curves.byTrial)), grids.trialXs),
    byTime: aggregateRuns(mine.map((r) => shown(r.curves.byTime)), grids.timeXs),
    byEpochs,
    final,
  };
}

/** Every strategy's curves at once (tests, and small races): race-curves.ts spreads the same work over turns of the page. */
export function raceCurves(runs: readonly RaceRun[], strategies: readonly RaceEntry[], optimum: number | null, budget: number): StrategyCurves[] {
  const grids = curveGrids(runs, budget);
  return strategies.map((strategy) => strategyCurves(strategy, runs.filter((r) => r.strategy === strategy), grids, optimum));
}

/** The largest finite value of xs (0 when none): how far a run has got on an axis. */
export function mostFinite(xs: readonly number[]): number {
  let most = 0;
  for (const x of xs) if (Number.isFinite(x) && x > most) most = x;
  return most;
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
