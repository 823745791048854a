/**
 * Intermediate values: what `Study.report` records for a trial at a step (the objective's value and
 * every metric the trial's code reported), checked, and kept in ascending step order.
 */
import type { IntermediateValue, Metrics } from '../trial/trial';
import { StudyError } from './ask';

/** The entry a report records. NaN/∞ values are stored as null; NaN/∞ metrics are left out (JSON cannot hold them). */
export function intermediateEntry(id: number, step: number, value: number, metrics: Metrics | undefined): IntermediateValue {
  if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) {
    throw new StudyError(`trial ${id}: step must be a finite number ≥ 0, got ${step}`);
  }
  const finite = typeof value === 'number' && Number.isFinite(value) ? value : null;
  return metrics === undefined ? { step, value: finite } : { step, value: finite, metrics: finiteMetrics(id, metrics) };
}

/** Puts `entry` in step order; it replaces an entry at the same step. */
export function insertByStep(list: IntermediateValue[], entry: IntermediateValue): void {
  const at = list.findIndex((e) => e.step >= entry.step);
  if (at < 0) list.push(entry);
  else if (list[at]?.step === entry.step) list[at] = entry;
  else list.splice(at, 0, entry);
}

/** The finite entries of reported metrics, as a frozen copy; a StudyError for anything not a number. */
function finiteMetrics(id: number, metrics: Metrics): Metrics {
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) {
    throw new StudyError(`trial ${id}: metrics must be an object of numbers by name, got ${JSON.stringify(metrics)}`);
  }
  const entries: [string, number][] = [];
  for (const [name, v] of Object.entries(metrics)) {
    if (typeof v !== 'number') throw new StudyError(`trial ${id}: metric "${name}" must be a number, got ${JSON.stringify(v)}`);
    if (Number.isFinite(v)) entries.push([name, v]);
  }
  return Object.freeze(Object.fromEntries(entries));
}
