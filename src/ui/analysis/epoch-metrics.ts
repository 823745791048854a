/**
 * One trial's metrics per epoch as a table: a row per reported step, a column per metric the
 * trial's code reported (`IntermediateValue.metrics`), the study's objective metric first, the
 * others in the order they were first reported. Steps reported without metrics (older studies,
 * tasks that report the objective alone) fill the objective's column from the step's value.
 * Built for the one trial the page shows in detail: O(steps × metrics), never over all trials.
 * For the whole study, `lastMetrics` and `reportedMetricNames` read only each trial's latest
 * report with metrics: O(n × metrics) for n trials, once per change of the study.
 *
 *   step   epoch the row is after (the report's step)
 *   m      metric names, the column order
 *   v[m]   the metric's value at the step, null when that step did not report it
 */
import type { Metrics, Trial } from '../../tuner';

export interface EpochMetricRow {
  readonly step: number;
  /** One value per column of `metrics`, null where the step did not report that metric. */
  readonly values: readonly (number | null)[];
}

export interface EpochMetricTable {
  /** Column names: the objective metric (or `objectiveLabel`) first, then every other reported metric. */
  readonly metrics: readonly string[];
  readonly rows: readonly EpochMetricRow[];
}

/** The table for `trial`; `objective` names the column the steps' own values go in. */
export function epochMetricTable(trial: Pick<Trial, 'intermediate'>, objective: string): EpochMetricTable {
  const names: string[] = [objective];
  const seen = new Set(names);
  for (const entry of trial.intermediate) {
    for (const name of Object.keys(entry.metrics ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      names.push(name);
    }
  }
  const rows = trial.intermediate.map((entry): EpochMetricRow => {
    const metrics = entry.metrics ?? {};
    return { step: entry.step, values: names.map((name, i) => metrics[name] ?? (i === 0 ? entry.value : null)) };
  });
  return { metrics: names, rows };
}

const NO_METRICS: Metrics = Object.freeze({});

/**
 * The metrics of the trial's latest step that reported any (its last epoch's, for a task that
 * reports every epoch); an empty record when it reported none. The trial's own object, not a copy.
 */
export function lastMetrics(trial: Pick<Trial, 'intermediate'>): Metrics {
  for (let i = trial.intermediate.length - 1; i >= 0; i--) {
    const metrics = trial.intermediate[i]?.metrics;
    if (metrics !== undefined && Object.keys(metrics).length > 0) return metrics;
  }
  return NO_METRICS;
}

/**
 * Every metric name the trials' latest reports hold (`lastMetrics`), in the order first seen
 * (trial by trial, then key by key), so a task's own report order (loss, accuracy, valLoss, …)
 * is kept. With `first`, that name leads (when reported, or `always`: whether reported or not).
 */
export function reportedMetricNames(trials: readonly Pick<Trial, 'intermediate'>[], first?: string, always = false): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const trial of trials) {
    for (const name of Object.keys(lastMetrics(trial))) {
      if (seen.has(name)) continue;
      seen.add(name);
      names.push(name);
    }
  }
  if (first === undefined || (!seen.has(first) && !always)) return names;
  return [first, ...names.filter((name) => name !== first)];
}
