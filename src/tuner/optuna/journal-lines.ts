/**
 * Splitting an Optuna journal into records: one JSON object per line, as Python's `json.dumps`
 * writes them. Python writes a NaN or infinite float as the bare words `NaN`, `Infinity` and
 * `-Infinity`, which JSON.parse refuses; a line that holds them outside strings is read with those
 * words as numbers (an intermediate value of NaN is a normal thing for Optuna to log).
 *
 * Every refusal is an `OptunaJournalError` naming the line (counted from 1) and the problem.
 */

/** The largest journal accepted, in bytes (UTF-8): the same 20 MiB as a study file. */
export const OPTUNA_JOURNAL_MAX_BYTES = 20 * 1024 * 1024;

/** An Optuna journal was refused: `line` (from 1; null for the whole file) and the `problem`. */
export class OptunaJournalError extends Error {
  override readonly name = 'OptunaJournalError';
  constructor(
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(line === null ? `Optuna journal: ${problem}` : `Optuna journal line ${line}: ${problem}`);
  }
}

/** One parsed line: its number and its JSON object. */
export interface JournalLine {
  readonly line: number;
  readonly record: Readonly<Record<string, unknown>>;
}

/** The journal's records, and the number of an unfinished last line that was left out (or null). */
export interface JournalLines {
  readonly lines: readonly JournalLine[];
  /**
   * A last line that is not JSON and has no newline after it (a write still in progress when the
   * file was copied): left out, as Optuna's own reader leaves it out.
   */
  readonly unfinishedLastLine: number | null;
}

/**
 * The journal's lines as JSON objects, in order. Refuses a file over OPTUNA_JOURNAL_MAX_BYTES, an
 * empty one, a blank line or one that is not a JSON object (Optuna's own reader fails on those too).
 * Like Optuna's `JournalFileStorage.read_logs`, which fails only on a line that does not decode
 * with another after it, an unfinished last line (no newline after it) that does not parse is left
 * out, unless it is the only line.
 */
export function journalLines(text: string): JournalLines {
  if (typeof text !== 'string') throw new OptunaJournalError(null, 'expected the text of a journal file');
  const bytes = utf8Length(text);
  if (bytes > OPTUNA_JOURNAL_MAX_BYTES) {
    throw new OptunaJournalError(null, `the file is ${mib(bytes)} MiB, over the ${mib(OPTUNA_JOURNAL_MAX_BYTES)} MiB limit`);
  }
  const rows = text.replace(/^\uFEFF/, '').split('\n');
  const terminated = rows[rows.length - 1] === '';
  if (terminated) rows.pop();
  if (rows.length === 0) throw new OptunaJournalError(null, 'the file is empty');
  const last = rows.length;
  const unfinished = !terminated && last > 1 && !parses(rows[last - 1] as string);
  const kept = unfinished ? rows.slice(0, -1) : rows;
  return { lines: kept.map((row, i) => ({ line: i + 1, record: parseLine(row, i + 1) })), unfinishedLastLine: unfinished ? last : null };
}

/** Whether a line is JSON at all (Python's NaN/Infinity words allowed), whatever it holds. */
function parses(row: string): boolean {
  try {
    parseJson(row, 0);
    return true;
  } catch {
    return false;
  }
}

function parseLine(row: string, line: number): Record<string, unknown> {
  const value = parseJson(row, line);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OptunaJournalError(line, `not a journal record: expected a JSON object, got ${preview(row)}`);
  }
  return value as Record<string, unknown>;
}

/** The line's JSON value; refuses a blank line or one that is not JSON. */
function parseJson(row: string, line: number): unknown {
  if (row.trim() === '') throw new OptunaJournalError(line, 'the line is blank; a journal holds one JSON record per line');
  try {
    return JSON.parse(row) as unknown;
  } catch (e) {
    return parseWithPythonFloats(row, line, e as Error);
  }
}

/** Stand-ins for Python's NaN/Infinity words while JSON.parse reads the line. */
const STAND_INS: Readonly<Record<string, number>> = {
  '\u0000optuna-journal:NaN': Number.NaN,
  '\u0000optuna-journal:Infinity': Number.POSITIVE_INFINITY,
  '\u0000optuna-journal:-Infinity': Number.NEGATIVE_INFINITY,
};
const WORDS = ['-Infinity', 'Infinity', 'NaN'] as const;

/** Reads a line with Python's NaN/Infinity words outside strings; refuses anything else JSON.parse refused. */
function parseWithPythonFloats(row: string, line: number, first: Error): unknown {
  const notJSON = (): never => {
    throw new OptunaJournalError(line, `not JSON (${first.message}): ${preview(row)}`);
  };
  if (!row.includes('NaN') && !row.includes('Infinity')) return notJSON();
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    const word = WORDS.find((w) => row.startsWith(w, i));
    if (word === undefined) continue;
    out += `${row.slice(from, i)}${JSON.stringify(`\u0000optuna-journal:${word}`)}`;
    i += word.length - 1;
    from = i + 1;
  }
  out += row.slice(from);
  try {
    return JSON.parse(out, (_key, v: unknown) => (typeof v === 'string' && Object.hasOwn(STAND_INS, v) ? STAND_INS[v] : v));
  } catch {
    return notJSON();
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function preview(row: string): string {
  return row.length > 60 ? `${JSON.stringify(row.slice(0, 57))}…` : JSON.stringify(row);
}
