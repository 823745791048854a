/**
 * Learning curves of any metric the trials reported, not only the objective: each trial seen
 * through one metric, its intermediate values replaced by that metric's value at each step
 * (`IntermediateValue.metrics`; null where a step did not report it, so the curve breaks there).
 * Everything else of the trial (id, state, params, final value) is its own, so the best trial and
 * the sample of curves stay those of the objective whichever metric is drawn.
 *
 * A finished trial never changes, so its projection is made once and kept (by the trial object:
 * a replaced trial gets a new one), and charts that keep work per trial object
 * (curves-layout.ts CurvesLayouts) keep it across refreshes; a running trial is projected anew
 * each time. O(n) per call plus O(p) per trial projected, for n trials of p reported points.
 */
import type { IntermediateValue, Trial } from '../../tuner';

/** `trial` with the values of `metric` as its intermediate values. */
export function trialThroughMetric(trial: Trial, metric: string): Trial {
  const intermediate = trial.intermediate.map((entry): IntermediateValue => {
    const value = entry.metrics?.[metric];
    return { step: entry.step, value: value !== undefined && Number.isFinite(value) ? value : null };
  });
  return { ...trial, intermediate };
}

/**
 * The trials seen through one metric, kept from call to call.
 *
 *   const curves = new MetricCurves();
 *   curves.of(session.trials, 'valAccuracy');   // each refresh; null: the trials as they are
 */
export class MetricCurves {
  #metric: string | null = null;
  #kept = new WeakMap<Trial, Trial>();

  /** The trials through `metric`; with null, the trials themselves (their objective). */
  of(trials: readonly Trial[], metric: string | null): readonly Trial[] {
    if (metric === null) return trials;
    if (metric !== this.#metric) {
      this.#metric = metric;
      this.#kept = new WeakMap();
    }
    return trials.map((trial) => {
      if (trial.state === 'running') return trialThroughMetric(trial, metric);
      let seen = this.#kept.get(trial);
      if (seen === undefined) this.#kept.set(trial, (seen = trialThroughMetric(trial, metric)));
      return seen;
    });
  }
}
