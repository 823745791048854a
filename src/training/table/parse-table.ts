/**
 * Parsing a CSV or TSV file's bytes into a table of text cells: the size limit, strict UTF-8, the
 * delimiter (comma, tab or semicolon, detected unless given), quoted fields (commas, quotes and
 * newlines inside quotes), blank lines skipped, every row as wide as the header (a ragged row is
 * refused with its line number as an editor shows it), and the header row found or refused.
 */

import Papa from 'papaparse';
import { cellNumber, isMissing } from './cell-values';
import { TableError } from './table-error';
import { decodeUtf8 } from './utf8';

/** The largest table file accepted, in bytes (50 MB). */
export const MAX_TABLE_BYTES = 50 * 1024 * 1024;

/** A parsed table: column names, then one array of text cells per data row. */
export interface Table {
  readonly columns: readonly string[];
  /** rows[r][c]: row r's cell in column c, as written (missing cells stay as written). */
  readonly rows: readonly (readonly string[])[];
  readonly delimiter: ',' | '\t' | ';';
}

export interface ParseTableOptions {
  /** The delimiter; detected from the text when absent. */
  readonly delimiter?: ',' | '\t' | ';';
  /** The size limit in bytes; `MAX_TABLE_BYTES` when absent. */
  readonly maxBytes?: number;
}

const DELIMITERS = [',', '\t', ';'] as const;

/** Parses a CSV or TSV file's bytes into a `Table`, or throws a `TableError` naming the problem. */
export function parseTable(bytes: ArrayBuffer | Uint8Array, options: ParseTableOptions = {}): Table {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  checkTableSize(view.length, options.maxBytes);
  const text = decodeUtf8(view);
  if (text.trim() === '') throw new TableError('empty', 'the file is empty: it holds no header and no rows');
  const { records, lines, delimiter } = splitRecords(text, options.delimiter);
  const [first, ...rest] = records;
  const width = first.length;
  rest.forEach((record, index) => {
    if (record.length !== width) {
      throw new TableError(
        'ragged',
        `line ${lines[index + 1]} has ${record.length} ${record.length === 1 ? 'field' : 'fields'} but the header has ${width}: every row needs one value per column (leave a value empty, or quote a value that holds a delimiter)`,
      );
    }
  });
  const headerProblem = whyNotAHeader(first, rest);
  if (headerProblem !== null) {
    throw new TableError('no-header', `no header row: the first line must name each column, but ${headerProblem}`);
  }
  if (rest.length === 0) throw new TableError('empty', 'the file has a header but no data rows');
  return { columns: first.map((name) => name.trim()), rows: rest, delimiter };
}

/** Throws a `TableError` when a file of `bytes` bytes is over the size limit (`MAX_TABLE_BYTES` unless given): checked before a file is read. */
export function checkTableSize(bytes: number, maxBytes: number = MAX_TABLE_BYTES): void {
  if (bytes > maxBytes) {
    // Just over the limit, both round alike ("50.0 MB, over the 50 MB limit"): say the bytes.
    const near = describeBytes(bytes).replace('.0 ', ' ') === describeBytes(maxBytes);
    const size = near ? `${bytes} bytes` : describeBytes(bytes);
    throw new TableError('too-large', `the file is ${size}, over the ${describeBytes(maxBytes)} limit for a table`);
  }
}

/** Splits the text into records with papaparse, with each record's first line (1-based). */
function splitRecords(text: string, delimiter: ParseTableOptions['delimiter']): { records: string[][]; lines: number[]; delimiter: Table['delimiter'] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let cursor = 0;
  let line = 1;
  let quoteError: string | null = null;
  let usedDelimiter = delimiter ?? ',';
  Papa.parse<string[]>(text, {
    delimiter: delimiter ?? '',
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: 'greedy',
    step: (result) => {
      // Skip the blank lines papaparse skipped, counting them, to find this record's first line.
      for (;;) {
        const end = text.indexOf('\n', cursor);
        if (end === -1 || text.slice(cursor, end).trim() !== '') break;
        cursor = end + 1;
        line += 1;
      }
      if (quoteError === null && result.errors.some((error) => error.type === 'Quotes')) {
        quoteError = `line ${line} opens a quoted value that is never closed: add the closing quote (")`;
      }
      records.push(result.data);
      lines.push(line);
      const next = result.meta.cursor;
      for (let index = cursor; index < next && index < text.length; index += 1) if (text.charCodeAt(index) === 10) line += 1;
      cursor = next;
      usedDelimiter = result.meta.delimiter as Table['delimiter'];
    },
  });
  if (quoteError !== null) throw new TableError('bad-quotes', quoteError);
  if (records.length === 0) throw new TableError('empty', 'the file is empty: it holds no header and no rows');
  const found = DELIMITERS.find((candidate) => candidate === usedDelimiter) ?? ',';
  return { records, lines, delimiter: found };
}

/**
 * Why the first record is not a header, or null when it is one. A header names every column
 * (no empty or repeated names, no numbers). When no column below holds numbers, a first line
 * whose values also appear below it in the same column is data, not names.
 */
function whyNotAHeader(first: readonly string[], rest: readonly (readonly string[])[]): string | null {
  const names = first.map((cell) => cell.trim());
  const empty = names.findIndex((name) => name === '');
  if (empty !== -1) return `column ${empty + 1} has no name`;
  const numeric = names.find((name) => cellNumber(name) !== null);
  if (numeric !== undefined) return `"${numeric}" is a number, which reads as data`;
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) return `the name "${name}" is used twice`;
    seen.add(name);
  }
  const someNumericColumn = names.some((_, column) => rest.length > 0 && rest.every((row) => isMissing(row[column]) || cellNumber(row[column]) !== null) && rest.some((row) => cellNumber(row[column]) !== null));
  if (someNumericColumn) return null;
  const repeated = names.findIndex((name, column) => rest.some((row) => row[column].trim() === name));
  if (repeated !== -1) return `"${names[repeated]}" also appears below it in column ${repeated + 1}, so the first line reads as data`;
  return null;
}

/** A byte count in words: "512 bytes", "3.2 kB", "62.5 MB" (1 MB = 1024 × 1024 bytes). */
export function describeBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${formatSize(bytes / 1024)} kB`;
  return `${formatSize(bytes / (1024 * 1024))} MB`;
}

function formatSize(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
