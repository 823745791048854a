/**
 * What the learning-curves chart draws, prepared once per change of the trials: which curves are
 * drawn one by one (all of them, or above `maxCurves` the best and an even sample), the per-step
 * bands of all of them when sampled, the extents of steps and values, and the count per state.
 * O(n·p) for n trials of p reported points (plus a sort per step when sampled).
 *
 * Notation
 *   n      trials
 *   p      reported points per trial (epochs)
 *   step   a curve's x (epoch)
 */
import { bestTrial, type Direction, type Trial, type TrialState } from '../../tuner';
import { sampleTrials, summariseByStep, type StepSummary } from './downsample';

/** States in drawing order: complete first, running last (on top). */
export const CURVE_STATES: readonly TrialState[] = ['complete', 'pruned', 'failed', 'running'];

export interface CurvesLayoutOptions {
  /** Curves drawn one by one at most. */
  readonly maxCurves: number;
  /** Of those, how many are always the best. */
  readonly bestCurves: number;
}

export interface CurvesLayout {
  /** Trials with at least one finite reported value. */
  readonly withCurves: number;
  readonly best: Trial | null;
  /** True when only a sample of the curves is drawn one by one. */
  readonly sampled: boolean;
  /** The curves drawn one by one, in drawing order (by state, as CURVE_STATES). */
  readonly drawn: readonly Trial[];
  /** Range, 10–90 % band and median per step of all curves; empty unless sampled. */
  readonly bands: readonly StepSummary[];
  /** [first, last] step of all curves ([1, 2] without any). */
  readonly steps: readonly [number, number];
  /** [lowest, highest] finite value of all curves; null without any. */
  readonly values: readonly [number, number] | null;
  /** Trials per state, in CURVE_STATES order. */
  readonly counts: readonly number[];
}

function hasCurve(t: Trial): boolean {
  for (const p of t.intermediate) if (p.value !== null) return true;
  return false;
}

export function curvesLayout(trials: readonly Trial[], direction: Direction, options: CurvesLayoutOptions): CurvesLayout {
  const withCurves = trials.filter(hasCurve);
  const sampled = withCurves.length > options.maxCurves;
  const chosen = sampled ? sampleTrials(withCurves, direction, options.maxCurves, options.bestCurves) : withCurves;
  let s0 = Infinity;
  let s1 = -Infinity;
  let v0 = Infinity;
  let v1 = -Infinity;
  for (const t of withCurves)
    for (const p of t.intermediate) {
      if (p.step < s0) s0 = p.step;
      if (p.step > s1) s1 = p.step;
      if (p.value === null) continue;
      if (p.value < v0) v0 = p.value;
      if (p.value > v1) v1 = p.value;
    }
  const byState = new Map<TrialState, number>();
  for (const t of trials) byState.set(t.state, (byState.get(t.state) ?? 0) + 1);
  const rank = (t: Trial) => CURVE_STATES.indexOf(t.state);
  return {
    withCurves: withCurves.length,
    best: bestTrial(trials, direction),
    sampled,
    drawn: [...chosen].sort((a, b) => rank(a) - rank(b)),
    bands: sampled ? summariseByStep(withCurves) : [],
    steps: s1 >= s0 ? [s0, s1] : [1, 2],
    values: v1 >= v0 ? [v0, v1] : null,
    counts: CURVE_STATES.map((s) => byState.get(s) ?? 0),
  };
}
