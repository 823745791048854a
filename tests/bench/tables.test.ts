import { describe, expect, it } from 'vitest';
import { enumerateSpace, paramsKey, spaceSize } from '../../src/tuner';
import { TABLE_FUNCTIONS, TABLE_NAMES, TABLES } from '../../bench/tuner/tables';
import { TABLE_SPECS } from '../../bench/tuner/tables/specs';
import { parseTable, tableLookup, TABLE_FORMAT } from '../../bench/tuner/tables/table-format';

describe('tabular benchmarks (bench/tuner/tables)', () => {
  it('stores one table for every table the build script trains, with the space it trains', () => {
    expect(TABLE_NAMES).toEqual(TABLE_SPECS.map((spec) => spec.name));
    for (const spec of TABLE_SPECS) {
      const table = TABLES.find((t) => t.name === spec.name);
      expect(table?.space).toEqual(spec.space);
      expect(table?.builtWith.epochs).toBe(spec.epochs);
    }
  });

  describe.each(TABLES.map((table, i) => [table.name, table, TABLE_FUNCTIONS[i]] as const))('%s', (_, table, fn) => {
    it('mixes int and categorical parameters over a finite space of roughly 100 to 300 configurations', () => {
      const types = new Set(Object.values(table.space).map((def) => def.type));
      expect([...types].sort()).toEqual(['categorical', 'int']);
      expect(spaceSize(table.space)).toBeGreaterThanOrEqual(100);
      expect(spaceSize(table.space)).toBeLessThanOrEqual(300);
    });

    it('holds every configuration of its space exactly once, with a finite value', () => {
      const stored = table.rows.map((row) => paramsKey(table.space, row.params));
      const expected = [...enumerateSpace(table.space)].map((params) => paramsKey(table.space, params));
      expect(new Set(stored).size).toBe(stored.length);
      expect([...stored].sort()).toEqual([...expected].sort());
      for (const row of table.rows) expect(Number.isFinite(row.value)).toBe(true);
    });

    it('records the prior loss for every diverged run, and counts them', () => {
      const diverged = table.rows.filter((row) => row.diverged === true);
      expect(diverged.length).toBe(table.diverged.count);
      for (const row of diverged) expect(row.value).toBe(table.diverged.value);
    });

    it('is a noise-free benchmark function: f is the lookup, f* the least value, x* every configuration with it', () => {
      if (fn === undefined) throw new Error(`no function for ${table.name}`);
      const least = Math.min(...table.rows.map((row) => row.value));
      expect(fn.name).toBe(table.name);
      expect(fn.noiseSigma).toBe(0);
      expect(fn.fStar).toBe(least);
      expect(fn.minimisers.length).toBeGreaterThan(0);
      for (const x of fn.minimisers) expect(fn.value(x)).toBe(least);
      expect(fn.minimisers.length).toBe(table.rows.filter((row) => row.value === least).length);
      for (const row of table.rows) expect(fn.value(row.params)).toBe(row.value);
    });

    it('has cliffs: its worst configuration loses at least twice what its best does', () => {
      const values = table.rows.map((row) => row.value);
      expect(Math.max(...values)).toBeGreaterThan(2 * Math.min(...values));
    });
  });
});

describe('parseTable', () => {
  const space = { depth: { type: 'int', low: 1, high: 2 }, act: { type: 'categorical', choices: ['relu', 'tanh'] } } as const;
  const rows = [
    { params: { depth: 1, act: 'relu' }, value: 0.5 },
    { params: { depth: 1, act: 'tanh' }, value: 0.25 },
    { params: { depth: 2, act: 'relu' }, value: 0.75 },
    { params: { depth: 2, act: 'tanh' }, value: 1.5, diverged: true },
  ];
  const raw = (changes: Record<string, unknown>) => ({
    format: TABLE_FORMAT,
    name: 'tiny',
    description: 'four configurations',
    dataset: 'none',
    model: 'none',
    metric: 'loss',
    space,
    rows,
    diverged: { value: 1.5, rule: 'prior', count: 1 },
    builtWith: {},
    ...changes,
  });

  it('reads a complete table and looks configurations up by value', () => {
    const table = parseTable(raw({}), 'tiny.json');
    expect(tableLookup(table)({ act: 'tanh', depth: 1 })).toBe(0.25);
    expect(() => tableLookup(table)({ depth: 3, act: 'relu' })).toThrow(/tiny: no row for \[3,"relu"\]/);
  });

  it('refuses a missing configuration, a repeated one and a non-finite value, naming the file', () => {
    expect(() => parseTable(raw({ rows: rows.slice(1) }), 'tiny.json')).toThrow(/tiny.json: "rows" holds 3 configurations, the space has 4/);
    expect(() => parseTable(raw({ rows: [...rows.slice(1), rows[1]] }), 'tiny.json')).toThrow(/tiny.json: row 3: configuration \[1,"tanh"\] appears twice/);
    expect(() => parseTable(raw({ rows: [{ ...rows[0], value: null }, ...rows.slice(1)] }), 'tiny.json')).toThrow(/row 0: "value" must be a finite number/);
    expect(() => parseTable(raw({ space: { lr: { type: 'float', low: 0, high: 1 } } }), 'tiny.json')).toThrow(/"space" must be finite/);
  });
});
