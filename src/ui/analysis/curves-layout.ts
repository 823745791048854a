/**
 * What the learning-curves chart draws, prepared once per change of the trials: which curves are
 * drawn one by one (all of them, or above `maxCurves` the best and a sample that stays put as the
 * study grows, downsample.ts steadySample), the per-step
 * bands of all of them when sampled, the extents of steps and values, and the count per state.
 * `curvesLayout` is O(n·p) for n trials of p reported points (plus a sort per step when sampled).
 * `CurvesLayouts` gives the same layout for a study that grows: a finished trial never changes, so
 * its points are counted once, into sorted columns per step (step-columns.ts); each layout after
 * that walks the trials only to find new and running ones (O(n), no allocation per trial) and
 * merges what finished since: O(n + r·p + new·p·log) instead of O(n·p·log).
 *
 * Notation
 *   n      trials
 *   p      reported points per trial (epochs)
 *   step   a curve's x (epoch)
 */
import { bestTrial, type Direction, type Trial, type TrialState } from '../../tuner';
import { steadySample, summariseByStep, type StepSummary } from './downsample';
import { StepColumns } from './step-columns';

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

/** Above this many distinct steps, bands pool steps into columns (downsample.ts summariseByStep). */
const BAND_COLUMNS = 300;

export function curvesLayout(trials: readonly Trial[], direction: Direction, options: CurvesLayoutOptions): CurvesLayout {
  const withCurves = trials.filter(hasCurve);
  const sampled = withCurves.length > options.maxCurves;
  const chosen = sampled ? steadySample(withCurves, direction, options.maxCurves, options.bestCurves) : withCurves;
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

/** Reported steps and finite values of a set of trials: their extents, and their count per state. */
class CurveTotals {
  s0 = Infinity;
  s1 = -Infinity;
  v0 = Infinity;
  v1 = -Infinity;
  withCurves = 0;
  readonly counts = CURVE_STATES.map(() => 0);

  /** Counts `t`; returns whether it has a curve (then its points are in the extents). */
  add(t: Trial): boolean {
    const state = CURVE_STATES.indexOf(t.state);
    if (state >= 0) this.counts[state] = (this.counts[state] as number) + 1;
    if (!hasCurve(t)) return false;
    this.withCurves += 1;
    for (const p of t.intermediate) {
      if (p.step < this.s0) this.s0 = p.step;
      if (p.step > this.s1) this.s1 = p.step;
      if (p.value === null) continue;
      if (p.value < this.v0) this.v0 = p.value;
      if (p.value > this.v1) this.v1 = p.value;
    }
    return true;
  }
}

/**
 * `curvesLayout` for a study that grows between calls (a running one): the same layout, with the
 * points of finished trials counted once. A finished trial that changes afterwards (a read-only
 * view replacing it) makes the next call start over.
 *
 *   const layouts = new CurvesLayouts();
 *   layouts.layout(session.trials, 'minimize', { maxCurves: 150, bestCurves: 15 });   // each refresh
 */
export class CurvesLayouts {
  /** Each trial as last seen, by id; whether it was finished (counted for good) then, and has a curve. */
  #seen: Trial[] = [];
  #settled = new Uint8Array(0);
  #curve = new Uint8Array(0);
  #totals = new CurveTotals();
  #columns = new StepColumns();

  layout(trials: readonly Trial[], direction: Direction, options: CurvesLayoutOptions): CurvesLayout {
    if (trials.length < this.#seen.length || trials.some((t, i) => t.id !== i)) return curvesLayout(trials, direction, options);
    this.#grow(trials.length);
    const running: Trial[] = [];
    for (let i = 0; i < trials.length; i++) {
      const t = trials[i] as Trial;
      if (this.#settled[i] === 1) {
        if (t === this.#seen[i]) continue;
        this.#reset(trials.length);
        return this.layout(trials, direction, options);
      }
      this.#seen[i] = t;
      if (t.state === 'running') {
        running.push(t);
        continue;
      }
      this.#settled[i] = 1;
      this.#curve[i] = 0;
      if (!this.#totals.add(t)) continue;
      this.#curve[i] = 1;
      for (const p of t.intermediate) if (p.value !== null) this.#columns.add(p.step, p.value);
    }
    const totals = this.#totals;
    const live = new CurveTotals();
    const extra = new Map<number, number[]>();
    for (const t of running) {
      if (!live.add(t)) continue;
      this.#curve[t.id] = 1;
      for (const p of t.intermediate) {
        if (p.value === null) continue;
        let list = extra.get(p.step);
        if (list === undefined) extra.set(p.step, (list = []));
        list.push(p.value);
      }
    }
    const withCurves: Trial[] = [];
    for (let i = 0; i < trials.length; i++) if (this.#curve[i] === 1 && (this.#settled[i] === 1 || hasCurve(trials[i] as Trial))) withCurves.push(trials[i] as Trial);
    const sampled = withCurves.length > options.maxCurves;
    const chosen = sampled ? steadySample(withCurves, direction, options.maxCurves, options.bestCurves) : withCurves;
    const rank = (t: Trial) => CURVE_STATES.indexOf(t.state);
    let bands: StepSummary[] = [];
    if (sampled) bands = this.#columns.size + extra.size > BAND_COLUMNS ? summariseByStep(withCurves, BAND_COLUMNS) : this.#columns.summary(extra);
    const s0 = Math.min(totals.s0, live.s0);
    const s1 = Math.max(totals.s1, live.s1);
    const v0 = Math.min(totals.v0, live.v0);
    const v1 = Math.max(totals.v1, live.v1);
    return {
      withCurves: withCurves.length,
      best: bestTrial(trials, direction),
      sampled,
      drawn: [...chosen].sort((a, b) => rank(a) - rank(b)),
      bands,
      steps: s1 >= s0 ? [s0, s1] : [1, 2],
      values: v1 >= v0 ? [v0, v1] : null,
      counts: CURVE_STATES.map((_, i) => (totals.counts[i] as number) + (live.counts[i] as number)),
    };
  }

  #grow(n: number): void {
    if (n <= this.#settled.length) return;
    const size = Math.max(n, 2 * this.#settled.length, 64);
    const settled = new Uint8Array(size);
    settled.set(this.#settled);
    this.#settled = settled;
    const curve = new Uint8Array(size);
    curve.set(this.#curve);
    this.#curve = curve;
  }

  #reset(n: number): void {
    this.#seen = [];
    this.#settled = new Uint8Array(n);
    this.#curve = new Uint8Array(n);
    this.#totals = new CurveTotals();
    this.#columns = new StepColumns();
  }
}
