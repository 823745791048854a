/**
 * Rows of the trials table and their ordering. Missing values (a running trial's value, a trial
 * without epochs, a metric a trial did not report) always sort last, whichever way the column is
 * sorted. Besides the objective, each metric the trials reported (`IntermediateValue.metrics`,
 * read generically: no per-task list) gets a column holding the trial's last reported value of it
 * (epoch-metrics.ts lastMetrics). Both are O(n) and O(n log n) over the trials, meant to run once
 * per change of the study, not per rendered row.
 */
import { bestTrial, durationOf, isFeasible, type Direction, type Metrics, type ParamValue, type SearchSpace, type Trial, type TrialState } from '../../tuner';
import { lastMetrics } from './epoch-metrics';

export interface TrialRow {
  readonly id: number;
  readonly state: TrialState;
  readonly value: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The metrics of its latest report that had any (its last epoch's); empty when none. */
  readonly metrics: Metrics;
  /**
   * A trial without a final value (pruned, stopped, failed, running): its last finite reported
   * value and the step it was reported at; null otherwise.
   */
  readonly reported: { readonly value: number; readonly step: number } | null;
  /** Highest reported step (epochs trained), null when none was reported. */
  readonly epochs: number | null;
  /** Seconds the trial cost (durationOf: training time when told, else start to end; to `nowMs` while running). */
  readonly duration: number | null;
  readonly best: boolean;
  /** A complete trial that violates a constraint (it can never be the best). */
  readonly infeasible: boolean;
}

/** Column keys: fixed columns, `metric:<name>` for each reported metric and `param:<name>` for each parameter. */
export type ColumnKey = 'id' | 'state' | 'value' | 'epochs' | 'duration' | `metric:${string}` | `param:${string}`;

export interface Column {
  readonly key: ColumnKey;
  readonly label: string;
  readonly numeric: boolean;
}

/**
 * The table's columns: id, state, the objective (`valueLabel`), one per name of `metrics` (the
 * trials' last reported values: pass reportedMetricNames without the objective's own name, whose
 * values the objective column already holds), one per parameter, epochs and time.
 */
export function trialColumns(space: SearchSpace, valueLabel = 'value', metrics: readonly string[] = []): Column[] {
  return [
    { key: 'id', label: '#', numeric: true },
    { key: 'state', label: 'state', numeric: false },
    { key: 'value', label: valueLabel, numeric: true },
    ...metrics.map((name) => ({ key: `metric:${name}` as ColumnKey, label: name, numeric: true })),
    ...Object.keys(space).map((name) => ({ key: `param:${name}` as ColumnKey, label: name, numeric: space[name]?.type !== 'categorical' })),
    { key: 'epochs', label: 'epochs', numeric: true },
    { key: 'duration', label: 'time', numeric: true },
  ];
}

export function trialRows(trials: readonly Trial[], direction: Direction, nowMs?: number): TrialRow[] {
  const best = bestTrial(trials, direction);
  return trials.map((t) => {
    const last = t.intermediate.at(-1);
    let lastFinite: { value: number | null; step: number } | undefined;
    for (let i = t.intermediate.length - 1; i >= 0 && lastFinite === undefined; i--) {
      const point = t.intermediate[i] as { value: number | null; step: number };
      if (Number.isFinite(point.value)) lastFinite = point;
    }
    // Finished: the time it cost (its training time when a scheduler paused it); running: so far.
    const spentMs = durationOf(t) ?? (nowMs === undefined ? null : nowMs - t.startedAt);
    return {
      id: t.id,
      state: t.state,
      value: t.value,
      reported: t.value === null && lastFinite !== undefined ? { value: lastFinite.value as number, step: lastFinite.step } : null,
      params: t.params,
      metrics: lastMetrics(t),
      epochs: last === undefined ? null : last.step,
      duration: spentMs === null ? null : Math.max(0, spentMs / 1000),
      best: best !== null && best.id === t.id,
      infeasible: t.state === 'complete' && !isFeasible(t),
    };
  });
}

function cell(row: TrialRow, key: ColumnKey): number | string | boolean | null {
  switch (key) {
    case 'id':
      return row.id;
    case 'state':
      return row.state;
    case 'value':
      return row.value;
    case 'epochs':
      return row.epochs;
    case 'duration':
      return row.duration;
    default:
      if (key.startsWith('metric:')) return row.metrics[key.slice('metric:'.length)] ?? null;
      return row.params[key.slice('param:'.length)] ?? null;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true });

/**
 * A stable sort by one column; nulls last; numbers numerically, everything else as text. Each
 * row's key is read once (not per comparison).
 */
export function sortRows(rows: readonly TrialRow[], key: ColumnKey, ascending: boolean): TrialRow[] {
  const sign = ascending ? 1 : -1;
  // The usual case (by id, ascending, rows in id order) needs no sort.
  if (key === 'id' && ascending && rows.every((row, i) => i === 0 || row.id > (rows[i - 1] as TrialRow).id)) return rows.slice();
  return rows
    .map((row, index) => {
      const v = cell(row, key);
      return { row, index, v: v === null || typeof v === 'number' ? v : String(v) };
    })
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.index - b.index : a.v === null ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
      return sign * c || a.index - b.index;
    })
    .map((e) => e.row);
}
