/**
 * Trials as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line
 * breaks quoted and quotes doubled). One row per trial, columns:
 *
 *   id, state, value, params_<name> … (one per parameter, in space order), epochs_reported,
 *   last_intermediate, metric_<name> … (each metric the trials reported, at their last epoch, in
 *   the order first seen), started_at, ended_at (ISO 8601), duration_ms, reason
 *
 * Numbers are written in full precision (shortest text that reads back as the same double);
 * missing values are empty cells. A text cell starting with =, +, -, @, tab or carriage return is
 * prefixed with ' so spreadsheets do not run it as a formula (CSV injection).
 */
import type { SearchSpace, Trial } from '../../tuner';

/** What the CSV needs of a study: a `Study` and a `StudyJSON` both fit. */
export interface TrialTable {
  readonly space: SearchSpace;
  readonly trials: readonly Pick<Trial, 'id' | 'state' | 'value' | 'params' | 'intermediate' | 'startedAt' | 'endedAt' | 'reason'>[];
}

type Cell = string | number | boolean | null;

export function trialsToCsv(table: TrialTable): string {
  const names = Object.keys(table.space);
  const metrics = metricNames(table.trials);
  const header: Cell[] = [
    'id',
    'state',
    'value',
    ...names.map((n) => `params_${n}`),
    'epochs_reported',
    'last_intermediate',
    ...metrics.map((m) => `metric_${m}`),
    'started_at',
    'ended_at',
    'duration_ms',
    'reason',
  ];
  const rows = table.trials.map((t): Cell[] => {
    const last = t.intermediate.length > 0 ? t.intermediate[t.intermediate.length - 1] : undefined;
    return [
      t.id,
      t.state,
      t.value,
      ...names.map((n) => t.params[n] ?? null),
      t.intermediate.length,
      last?.value ?? null,
      ...metrics.map((m) => lastMetric(t.intermediate, m)),
      isoTime(t.startedAt),
      t.endedAt === null ? null : isoTime(t.endedAt),
      t.endedAt === null ? null : t.endedAt - t.startedAt,
      t.reason,
    ];
  });
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Every metric name the trials reported, in the order first seen. */
function metricNames(trials: TrialTable['trials']): string[] {
  const names = new Set<string>();
  for (const trial of trials) for (const step of trial.intermediate) for (const name of Object.keys(step.metrics ?? {})) names.add(name);
  return [...names];
}

/** The metric's value at the last step that reported it; null when none did. */
function lastMetric(steps: TrialTable['trials'][number]['intermediate'], name: string): number | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const value = steps[i]?.metrics?.[name];
    if (value !== undefined) return value;
  }
  return null;
}

/** One cell: numbers in full precision, text neutralised against formulas and quoted if needed. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(neutraliseFormula(value));
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** ISO 8601 for a millisecond timestamp; empty for one no Date can hold. */
function isoTime(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A CSV blob with a UTF-8 byte-order mark, so spreadsheet programs read non-ASCII correctly. */
export function csvBlob(csv: string): Blob {
  return new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
}
