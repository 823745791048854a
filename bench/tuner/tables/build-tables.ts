/**
 * `npm run bench:tables -- [flags]`: builds the tabular benchmarks of `npm run bench:tuner`. For each
 * table of specs.ts, every configuration of its grid trains once (train-table.ts: the user-data
 * task on tfjs's WebAssembly backend, one fixed seed), and the rows go to
 * bench/tuner/tables/<name>.json (table-format.ts), with the best configuration printed. Run it
 * niced on a shared machine: `nice -n 10 npm run bench:tables`. It took 19 minutes on two cores that
 * other jobs kept busy (load average 8), most of it the CNN. One seed for everything: a rebuild
 * with the same versions writes the same files.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, settingsOrExit, UsageError } from '../../flags';
import { TABLE_SPECS } from './specs';
import { parseTable, type StoredTable } from './table-format';
import { trainTable } from './train-table';

const HERE = dirname(fileURLToPath(import.meta.url));

const USAGE = `usage: npm run bench:tables -- [flags]
  --only a,b   only these tables (${TABLE_SPECS.map((s) => s.name).join(', ')})
  --out DIR    where the JSON files go (default bench/tuner/tables)
  --help       this text`;

interface Settings {
  readonly only: readonly string[] | null;
  readonly outDir: string;
}

function parseArgs(argv: readonly string[]): Settings | 'help' {
  let settings: Settings = { only: null, outDir: HERE };
  const read = parseFlags(argv, {
    '--only': ({ name, value }) => {
      const only = value().split(',').map((id) => id.trim());
      const unknown = only.find((id) => !TABLE_SPECS.some((s) => s.name === id));
      if (unknown !== undefined) throw new UsageError(`${name}: no table "${unknown}" (known: ${TABLE_SPECS.map((s) => s.name).join(', ')})`);
      settings = { ...settings, only };
    },
    '--out': ({ value }) => (settings = { ...settings, outDir: value() }),
  });
  return read === 'help' ? 'help' : settings;
}

/** One line on the table: its size, value range, divergences and best configuration. */
function summary(table: StoredTable): string {
  const values = table.rows.map((row) => row.value);
  const best = table.rows.reduce((a, b) => (b.value < a.value ? b : a));
  return `${table.name}: ${table.rows.length} configurations, values ${Math.min(...values).toPrecision(4)} … ${Math.max(...values).toPrecision(4)}, ${table.diverged.count} diverged; best ${JSON.stringify(best.params)}`;
}

/** The table as JSON: its description indented, then one row a line. */
function tableJson(table: StoredTable): string {
  const { rows, ...head } = table;
  const headText = JSON.stringify({ ...head, rows: [] }, null, 2);
  const rowsText = rows.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return `${headText.replace(/"rows": \[\]\n\}$/, `"rows": [\n${rowsText}\n  ]\n}`)}\n`;
}

async function main(): Promise<void> {
  const settings = settingsOrExit(() => parseArgs(process.argv.slice(2)), USAGE);
  if (settings === null) return;
  const started = performance.now();
  for (const spec of TABLE_SPECS) {
    if (settings.only !== null && !settings.only.includes(spec.name)) continue;
    process.stderr.write(`[tables] ${spec.name}: training every configuration for ${spec.epochs} epochs…\n`);
    const table = await trainTable(spec, (index, count, outcome, seconds) => {
      if ((index + 1) % 12 === 0 || index + 1 === count) process.stderr.write(`[tables]   ${spec.name} ${index + 1}/${count}: ${outcome} (${seconds.toFixed(2)} s)\n`);
    });
    const text = tableJson(table);
    parseTable(JSON.parse(text), `${spec.name}.json`);
    const path = join(settings.outDir, `${spec.name}.json`);
    writeFileSync(path, text);
    process.stdout.write(`${summary(table)}\n  → ${path}\n`);
  }
  process.stderr.write(`[tables] done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

await main();
