/**
 * A tabular benchmark as stored in bench/tuner/tables/<name>.json: every configuration of a finite
 * mixed int/categorical space, trained once, with its final validation loss (lower is better).
 * `parseTable` reads one back and checks it, naming the first problem; `tableLookup` answers a
 * configuration's value by its key.
 *
 *   const table = parseTable(JSON.parse(text), 'penguins-sex-mlp.json');
 *   tableLookup(table)({ layers: 2, units: 32, … })   // → its stored validation loss
 */
import { enumerateSpace, paramsKey, spaceSize, validateParams, validateSpace, type Params, type SearchSpace } from '../../../src/tuner';

/** `format` of a stored table. */
export const TABLE_FORMAT = 'tfjs-tuner.bench-table/1';

/** One configuration and its value. `diverged`: training failed with a non-finite loss, and `value` is the stored table's `diverged.value`. */
export interface TableRow {
  readonly params: Params;
  readonly value: number;
  readonly diverged?: true;
}

/** How the rows were made, so that a rebuild can be compared. */
export interface BuiltWith {
  readonly script: string;
  readonly backend: string;
  readonly tfjs: string;
  readonly node: string;
  readonly epochs: number;
  readonly trainingSeed: number;
  readonly split: { readonly validationFraction: number; readonly seed: number; readonly trainRows: number; readonly validationRows: number };
}

/** What a run that diverged records instead of its loss. */
export interface DivergedRule {
  /** The loss of predicting the prior, which every diverged row records. */
  readonly value: number;
  readonly rule: string;
  readonly count: number;
}

/** A stored table. */
export interface StoredTable {
  readonly format: typeof TABLE_FORMAT;
  readonly name: string;
  readonly description: string;
  /** The dataset: what it is, where it comes from, its licence. */
  readonly dataset: string;
  readonly model: string;
  /** What `value` is. */
  readonly metric: string;
  readonly space: SearchSpace;
  /** Every configuration of `space` exactly once, in enumeration order (first parameter slowest). */
  readonly rows: readonly TableRow[];
  readonly diverged: DivergedRule;
  readonly builtWith: BuiltWith;
}

function fail(file: string, problem: string): never {
  throw new Error(`${file}: ${problem}`);
}

function text(record: Record<string, unknown>, key: string, file: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') fail(file, `"${key}" must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/** Checks a parsed table: its space finite, every configuration present once with a finite value. */
export function parseTable(raw: unknown, file: string): StoredTable {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, 'a table must be a JSON object');
  const record = raw as Record<string, unknown>;
  if (record.format !== TABLE_FORMAT) fail(file, `"format" must be "${TABLE_FORMAT}", got ${JSON.stringify(record.format)}`);
  let space: SearchSpace;
  try {
    space = validateSpace(record.space);
  } catch (error) {
    fail(file, `"space" is not a search space: ${error instanceof Error ? error.message : String(error)}`);
  }
  const size = spaceSize(space);
  if (!Number.isFinite(size)) fail(file, '"space" must be finite (int and categorical parameters only)');
  if (!Array.isArray(record.rows)) fail(file, '"rows" must be an array');
  const seen = new Set<string>();
  const rows = record.rows.map((row: unknown, i): TableRow => {
    const r = row as { params?: unknown; value?: unknown; diverged?: unknown };
    let params: Params;
    try {
      params = validateParams(space, r.params);
    } catch (error) {
      fail(file, `row ${i}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const key = paramsKey(space, params);
    if (seen.has(key)) fail(file, `row ${i}: configuration ${key} appears twice`);
    seen.add(key);
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) fail(file, `row ${i}: "value" must be a finite number, got ${JSON.stringify(r.value)}`);
    if (r.diverged !== undefined && r.diverged !== true) fail(file, `row ${i}: "diverged" must be true or absent`);
    return r.diverged === true ? { params, value: r.value, diverged: true } : { params, value: r.value };
  });
  if (rows.length !== size) fail(file, `"rows" holds ${rows.length} configurations, the space has ${size}`);
  const diverged = record.diverged as DivergedRule | undefined;
  if (typeof diverged?.value !== 'number' || !Number.isFinite(diverged.value)) fail(file, '"diverged.value" must be a finite number');
  return {
    format: TABLE_FORMAT,
    name: text(record, 'name', file),
    description: text(record, 'description', file),
    dataset: text(record, 'dataset', file),
    model: text(record, 'model', file),
    metric: text(record, 'metric', file),
    space,
    rows,
    diverged,
    builtWith: record.builtWith as BuiltWith,
  };
}

/** The table's value of a configuration; one outside the table throws naming it. */
export function tableLookup(table: StoredTable): (params: Params) => number {
  const byKey = new Map(table.rows.map((row) => [paramsKey(table.space, row.params), row.value]));
  return (params) => {
    const value = byKey.get(paramsKey(table.space, params));
    if (value === undefined) throw new Error(`${table.name}: no row for ${paramsKey(table.space, params)} (the table holds every configuration of its space)`);
    return value;
  };
}

/** Every configuration of the table's space, in the order the rows are stored. */
export function tableConfigurations(space: SearchSpace): Params[] {
  return [...enumerateSpace(space)];
}
