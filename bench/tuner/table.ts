/** Plain tables rendered two ways: aligned text for the console and GitHub markdown for docs. */

export interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns (by index) to right-align; numbers read better that way. */
  readonly rightAligned?: readonly number[];
  /** Lines printed under the table. */
  readonly notes?: readonly string[];
}

export function renderText(table: Table): string {
  const widths = table.header.map((h, j) => Math.max(width(h), ...table.rows.map((r) => width(r[j] ?? ''))));
  const right = new Set(table.rightAligned ?? []);
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => {
        const pad = ' '.repeat((widths[j] as number) - width(c));
        return right.has(j) ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  const out = [table.title, line(table.header), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const row of table.rows) out.push(line(row));
  for (const note of table.notes ?? []) out.push(note);
  return out.join('\n');
}

export function renderMarkdown(table: Table, level = 3): string {
  const right = new Set(table.rightAligned ?? []);
  const escape = (c: string): string => c.replace(/\|/g, '\\|');
  const out = [`${'#'.repeat(level)} ${table.title}`, ''];
  out.push(`| ${table.header.map(escape).join(' | ')} |`);
  out.push(`|${table.header.map((_, j) => (right.has(j) ? ' ---: ' : ' --- ')).join('|')}|`);
  for (const row of table.rows) out.push(`| ${row.map(escape).join(' | ')} |`);
  if ((table.notes ?? []).length > 0) out.push('', ...(table.notes ?? []).map((n) => `${n}  `));
  return out.join('\n');
}

/** Display width, counting each code point as one column. */
function width(s: string): number {
  return [...s].length;
}

/** A regret or ratio with 3 significant figures; exponent form outside [0.001, 10000). */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '–';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return Number(x.toPrecision(3)).toString();
  return x.toExponential(2);
}

/** Milliseconds: three decimals below 1, two below 10, one below 100, none above. */
export function formatMs(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return '–';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}
