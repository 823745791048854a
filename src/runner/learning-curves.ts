/**
 * Learning curves as state machines, for the simulated backend. A curve's state s (a short vector
 * of numbers) is what one epoch of training with params p advances and what a checkpoint keeps:
 *
 *   s_0 = initial(p),   s_e = step(s_{e−1}, p, e),   y_e = value(s_e, p) (+ noise, added by the executor)
 *
 * Because p is passed to every step, a run that continues from another trial's state with new
 * params (a PBT child) inherits that trial's progress and goes on with its own params.
 */
import type { Params } from '../tuner';

/** How a simulated trial's state moves epoch by epoch, and the metric it gives at each state. */
export interface CurveDynamics {
  /** s_0: the state before any training. */
  initial(params: Params): readonly number[];
  /** s_e from s_{e−1}; `epoch` = e (1-based, counted from scratch). */
  step(state: readonly number[], params: Params, epoch: number): readonly number[];
  /** The noise-free metric at state s (lower is better). */
  value(state: readonly number[], params: Params): number;
}

/** What the default curve needs to know: f(p) and the curve's shape. */
export interface DefaultCurveOptions {
  readonly objective: {
    /** f(p): the value the curve converges to for params p. */
    readonly value: (params: Params) => number;
  };
  /** g; default 1. */
  readonly startGap?: number;
  /** τ in epochs; default 3. */
  readonly decayEpochs?: number;
}

/**
 * The simulated backend's classic curve, y = f(p) + (1 + |f(p)|)·g·exp(−s/τ), with s = [epochs
 * trained so far]. A child continuing from s with params p' is as far along as its parent but
 * converges to f(p').
 */
export function defaultDynamics(options: DefaultCurveOptions): CurveDynamics {
  const g = options.startGap ?? 1;
  const tau = options.decayEpochs ?? 3;
  return {
    initial: () => [0],
    step: (state) => [(state[0] ?? 0) + 1],
    value: (state, params) => {
      const f = options.objective.value(params);
      return f + (1 + Math.abs(f)) * g * Math.exp(-(state[0] ?? 0) / tau);
    },
  };
}
