/**
 * Reading one cell: what counts as missing, and what counts as a number. Shared by the profiler,
 * the encoder fit and `encodeRow`, so that a cell means the same thing everywhere.
 */

/** Cell texts read as missing (compared trimmed, case-insensitively); the empty cell is one. */
export const MISSING_TOKENS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', 'none', '?'];

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The longest of `MISSING_TOKENS`, so that longer cells with no space at either end are known present at a glance. */
const LONGEST_TOKEN = Math.max(...MISSING_TOKENS.map((token) => token.length));

/** Whether a character code is one `String.prototype.trim` may remove (ASCII whitespace or above ASCII). */
const mayTrim = (code: number): boolean => code <= 32 || code > 127;

/** Whether a cell is missing: absent, or one of `MISSING_TOKENS`. */
export function isMissing(cell: string | number | null | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return !Number.isFinite(cell);
  if (cell.length > LONGEST_TOKEN && !mayTrim(cell.charCodeAt(0)) && !mayTrim(cell.charCodeAt(cell.length - 1))) return false;
  return MISSING_TOKENS.includes(cell.trim().toLowerCase());
}

/** The number a cell holds, or null when it is missing or not a plain decimal number. */
export function cellNumber(cell: string | number | null | undefined): number | null {
  if (isMissing(cell)) return null;
  if (typeof cell === 'number') return cell;
  return trimmedNumber((cell as string).trim());
}

/** The number a trimmed, present cell text holds, or null when it is not a plain decimal number. */
export function trimmedNumber(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The text a cell holds as a category (trimmed), or null when it is missing. */
export function cellCategory(cell: string | number | null | undefined): string | null {
  if (isMissing(cell)) return null;
  return typeof cell === 'number' ? String(cell) : (cell as string).trim();
}
