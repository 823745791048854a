/**
 * The tabular benchmarks as benchmark functions: each stored table (bench/tuner/tables/<name>.json,
 * built by `npm run bench:tables`) looked up by configuration. Noise-free: every configuration was
 * trained once, and the table holds that one run's final validation loss.
 *
 *   f(c)  = the stored value of configuration c
 *   f*    = the least stored value; x* = every configuration that has it
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFunction } from '../functions';
import { parseTable, tableLookup, type StoredTable } from './table-format';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The stored tables' names, each a file <name>.json beside this module. */
export const TABLE_NAMES = ['penguins-sex-mlp', 'cars-mlp', 'seattle-weather-mlp', 'mnist-cnn'] as const;

/** Reads and checks the stored table `name`. */
export function loadTable(name: string): StoredTable {
  const file = `${name}.json`;
  return parseTable(JSON.parse(readFileSync(join(HERE, file), 'utf8')) as unknown, file);
}

/** A stored table as a benchmark function (see the module comment). */
export function tableFunction(table: StoredTable): BenchFunction {
  const fStar = Math.min(...table.rows.map((row) => row.value));
  return {
    name: table.name,
    description: `${table.description} (${table.dataset.split(':')[0]})`,
    space: table.space,
    value: tableLookup(table),
    fStar,
    minimisers: table.rows.filter((row) => row.value === fStar).map((row) => row.params),
    noiseSigma: 0,
  };
}

/** Every stored table, read once when this module loads. */
export const TABLES: readonly StoredTable[] = TABLE_NAMES.map(loadTable);

/** Every stored table as a benchmark function, in TABLE_NAMES order. */
export const TABLE_FUNCTIONS: readonly BenchFunction[] = TABLES.map(tableFunction);
