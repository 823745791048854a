/**
 * Trials as CSV in the layout of Optuna's `study.trials_dataframe()`, so a notebook or script that
 * reads Optuna's CSVs reads these too. One row per trial, columns (see tuner's trials-dataframe.ts):
 *
 *   number, value, datetime_start, datetime_complete, duration, params_<name>… (sorted by name),
 *   user_attrs_<key>… (each metric of the last reported step, reason, compute_ms),
 *   system_attrs_constraints (constrained studies), state (COMPLETE, PRUNED, FAIL, RUNNING)
 *
 * Cells are written as pandas' `to_csv` writes them for the same study exported to Optuna (floats
 * as Python prints them, `3.0`; times as naive UTC `2024-05-01 12:00:00.250`; durations as
 * `0 days 00:00:01.234000`). The file itself is RFC 4180: comma-separated, CRLF line ends, fields
 * with commas, quotes or line breaks quoted and quotes doubled; missing values are empty cells. A
 * text cell (a categorical choice, a reason) starting with =, +, -, @, tab or carriage return is
 * prefixed with ' so spreadsheets do not run it as a formula (CSV injection); numbers are not.
 */
import { optunaTrialsDataframe, type DataframeCell, type DataframeStudy } from '../../tuner';

/** What the CSV needs of a study: a `Study` and a `StudyJSON` both fit. */
export type TrialTable = DataframeStudy;

/** The study's trials as CSV text in Optuna's `trials_dataframe()` layout. */
export function trialsToCsv(table: TrialTable): string {
  const frame = optunaTrialsDataframe(table);
  const header = frame.columns.map((name) => csvCell({ kind: 'text', text: name }));
  const rows = frame.rows.map((row) => row.map(csvCell));
  return [header, ...rows].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/** One cell: text neutralised against formulas, then quoted if needed; pandas-formatted literals only quoted. */
export function csvCell(cell: DataframeCell): string {
  if (cell === null) return '';
  switch (cell.kind) {
    case 'text':
      return quote(neutraliseFormula(cell.text));
    case 'literal':
      return quote(cell.text);
    default: {
      const unreachable: never = cell.kind;
      return unreachable;
    }
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes ' to text a spreadsheet would run as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV blob with a UTF-8 byte-order mark, so spreadsheet programs read non-ASCII correctly. */
export function csvBlob(csv: string): Blob {
  return new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
}
