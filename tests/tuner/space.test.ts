import { describe, expect, it } from 'vitest';
import {
  decodeParams,
  decodeValue,
  encodeParams,
  encodeValue,
  ParamsError,
  SearchSpaceError,
  validateParams,
  validateSpace,
  type ParamDef,
} from '../../src/tuner';

function problem(raw: unknown): SearchSpaceError {
  try {
    validateSpace(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(SearchSpaceError);
    return e as SearchSpaceError;
  }
  throw new Error('expected validateSpace to throw');
}

describe('validateSpace refuses bad definitions, naming the parameter and the problem', () => {
  const cases: [string, unknown, string | null, RegExp][] = [
    ['low ≥ high', { lr: { type: 'float', low: 1, high: 1 } }, 'lr', /low \(1\) must be below high \(1\)/],
    ['low > high (int)', { n: { type: 'int', low: 5, high: 2 } }, 'n', /low \(5\) must be below high \(2\)/],
    ['log with low ≤ 0', { lr: { type: 'float', low: 0, high: 1, log: true } }, 'lr', /log scale needs low > 0/],
    ['log int with low ≤ 0', { n: { type: 'int', low: -1, high: 8, log: true } }, 'n', /log scale needs low > 0/],
    ['non-finite low', { lr: { type: 'float', low: -Infinity, high: 1 } }, 'lr', /low must be a finite number/],
    ['NaN high', { lr: { type: 'float', low: 0, high: Number.NaN } }, 'lr', /high must be a finite number/],
    ['string bound', { lr: { type: 'float', low: '0', high: 1 } }, 'lr', /low must be a finite number, got "0"/],
    ['empty choices', { act: { type: 'categorical', choices: [] } }, 'act', /choices must not be empty/],
    ['choices not an array', { act: { type: 'categorical', choices: 'relu' } }, 'act', /choices must be an array/],
    ['duplicate choices', { act: { type: 'categorical', choices: ['relu', 'tanh', 'relu'] } }, 'act', /duplicate choice "relu"/],
    ['bad choice type', { act: { type: 'categorical', choices: ['relu', null] } }, 'act', /string, boolean or finite number/],
    ['unknown type', { lr: { type: 'double', low: 0, high: 1 } }, 'lr', /unknown type "double"/],
    ['missing type', { lr: { low: 0, high: 1 } }, 'lr', /unknown type undefined/],
    ['step that does not fit', { n: { type: 'int', low: 0, high: 10, step: 3 } }, 'n', /step 3 does not fit the range \[0, 10\]/],
    ['non-integer step', { n: { type: 'int', low: 0, high: 10, step: 2.5 } }, 'n', /step must be a positive integer/],
    ['step with log', { n: { type: 'int', low: 1, high: 9, step: 2, log: true } }, 'n', /step cannot be combined with log/],
    ['non-integer int bounds', { n: { type: 'int', low: 0.5, high: 10 } }, 'n', /int bounds must be integers/],
    ['unknown key', { lr: { type: 'float', low: 0, high: 1, step: 0.1 } }, 'lr', /unknown key "step" for a float parameter/],
    ['unknown key (categorical)', { act: { type: 'categorical', choices: ['a'], log: true } }, 'act', /unknown key "log"/],
    ['log not boolean', { lr: { type: 'float', low: 1, high: 2, log: 'yes' } }, 'lr', /log must be true or false/],
    ['definition not an object', { lr: 0.1 }, 'lr', /definition must be an object/],
    ['empty name', { ' ': { type: 'float', low: 0, high: 1 } }, ' ', /the name is empty/],
    ['non-object space', [{ type: 'float', low: 0, high: 1 }], null, /must be an object/],
    ['null space', null, null, /must be an object/],
    ['empty space', {}, null, /has no parameters/],
  ];
  for (const [label, raw, param, message] of cases) {
    it(label, () => {
      const e = problem(raw);
      expect(e.param).toBe(param);
      expect(e.message).toMatch(message);
      if (param !== null) expect(e.message).toContain(`"${param}"`);
    });
  }

  it('refuses "__proto__" as a parameter name', () => {
    const e = problem(JSON.parse('{"__proto__": {"type": "float", "low": 0, "high": 1}}'));
    expect(e.message).toMatch(/"__proto__": the name is reserved/);
  });

  it('returns a frozen copy of a good space', () => {
    const raw = { lr: { type: 'float', low: 1e-4, high: 1, log: true }, act: { type: 'categorical', choices: ['a', 1, true] } };
    const space = validateSpace(raw);
    expect(space).toEqual(raw);
    expect(Object.isFrozen(space)).toBe(true);
    expect(Object.isFrozen(space.lr)).toBe(true);
    raw.lr.low = 5;
    expect(space.lr).toMatchObject({ low: 1e-4 });
  });
});

describe('validateSpace refuses ranges that double precision cannot sample', () => {
  const cases: [string, ParamDef, RegExp][] = [
    ['a span that overflows', { type: 'float', low: -1e308, high: 1e308 }, /range \[-1e\+308, 1e\+308\] is too wide: its span high − low overflows to infinity/],
    ['a span that just overflows', { type: 'float', low: -Number.MAX_VALUE, high: Number.MAX_VALUE / 2 }, /too wide/],
    ['a range too narrow for its magnitude', { type: 'float', low: 1, high: 1 + 1e-13 }, /too narrow for numbers of its size: fewer than 1024 distinct/],
    ['a narrow range at a large magnitude', { type: 'float', low: 1e300, high: 1.0000000000001e300 }, /too narrow/],
    ['a log range whose logarithms are too close', { type: 'float', low: 1e300, high: 1.00000000001e300, log: true }, /log scale: the range .* is too narrow: fewer than 1024 distinct values lie between ln\(low\) and ln\(high\)/],
    ['int bounds past 2^53', { type: 'int', low: 0, high: 1e300 }, /int bounds must be safe integers, between −9007199254740991 and 9007199254740991/],
    ['an int span past 2^53', { type: 'int', low: -(2 ** 52), high: 2 ** 52 + 1 }, /int range .* is too wide: high − low must be at most 9007199254740991/],
    ['a step that collapses at 2^53', { type: 'int', low: 2 ** 53, high: 2 ** 53 + 2, step: 1 }, /safe integers/],
  ];
  for (const [label, def, message] of cases) {
    it(label, () => {
      const e = problem({ w: def });
      expect(e.param).toBe('w');
      expect(e.message).toMatch(/parameter "w"/);
      expect(e.message).toMatch(message);
    });
  }

  it('accepts wide, tiny and large ranges that can be sampled', () => {
    for (const def of [
      { type: 'float', low: -1e307, high: 1e307 },
      { type: 'float', low: 0, high: 1e-300 },
      { type: 'float', low: 1e-300, high: 1e300, log: true },
      { type: 'float', low: Number.MIN_VALUE, high: Number.MAX_VALUE, log: true },
      { type: 'float', low: 1, high: 1 + 1e-12 },
      { type: 'int', low: -(2 ** 52), high: 2 ** 52 - 1 },
      { type: 'int', low: 1, high: Number.MAX_SAFE_INTEGER, log: true },
    ] as ParamDef[]) {
      const space = validateSpace({ w: def });
      for (const u of [0, 0.25, 0.5, 1]) expect(Number.isFinite(decodeValue(space.w as ParamDef, u) as number)).toBe(true);
    }
  });

  it('a wide but finite range decodes to distinct, finite points across the cube', () => {
    const def: ParamDef = { type: 'float', low: -1e307, high: 1e307 };
    const values = [0.1, 0.3, 0.5, 0.7, 0.9].map((u) => decodeValue(def, u) as number);
    expect(new Set(values).size).toBe(5);
    expect(values.every(Number.isFinite)).toBe(true);
  });
});

describe('validateParams', () => {
  const space = validateSpace({ x: { type: 'float', low: 0, high: 1 }, n: { type: 'int', low: 0, high: 10, step: 2 } });

  it('accepts legal values and refuses illegal ones, naming the parameter', () => {
    expect(validateParams(space, { x: 0.5, n: 4 })).toEqual({ x: 0.5, n: 4 });
    expect(() => validateParams(space, { x: 1.5, n: 4 })).toThrow(/"x": 1.5 is outside \[0, 1\]/);
    expect(() => validateParams(space, { x: 0.5, n: 3 })).toThrow(/"n": 3 is not on the step-2 grid/);
    expect(() => validateParams(space, { x: 0.5 })).toThrow(/"n": is missing/);
    expect(() => validateParams(space, { x: 0.5, n: 4, y: 1 })).toThrow(/"y": is not in the search space/);
    expect(() => validateParams(space, [0.5, 4])).toThrow(ParamsError);
  });

  it('refuses inherited names such as "constructor" and "__proto__"', () => {
    expect(() => validateParams(space, { x: 0.5, n: 4, constructor: 1 })).toThrow(/"constructor": is not in the search space/);
    expect(() => validateParams(space, JSON.parse('{"x": 0.5, "n": 4, "__proto__": {"polluted": 1}}'))).toThrow(/"__proto__"/);
  });
});

describe('unit-cube encoding', () => {
  const roundTrip = (def: ParamDef, values: readonly (number | string | boolean)[]) => {
    for (const v of values) {
      const u = encodeValue(def, v);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThanOrEqual(1);
      const back = decodeValue(def, u);
      if (typeof v === 'number' && def.type === 'float') expect(Math.abs((back as number) - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
      else expect(back).toBe(v);
    }
  };

  it('round-trips floats, log floats, stepped ints, log ints and mixed categoricals', () => {
    roundTrip({ type: 'float', low: -3, high: 7 }, [-3, -1.25, 0, 0.1, 6.999, 7]);
    roundTrip({ type: 'float', low: 1e-6, high: 10, log: true }, [1e-6, 3.3e-5, 0.01, 1, 10]);
    roundTrip({ type: 'int', low: -4, high: 20, step: 4 }, [-4, 0, 4, 16, 20]);
    roundTrip({ type: 'int', low: 1, high: 1000, log: true }, [1, 2, 3, 10, 999, 1000]);
    roundTrip({ type: 'categorical', choices: ['relu', 3, true, false, 0.5] }, ['relu', 3, true, false, 0.5]);
  });

  it('relative error of float round trips stays within 1e-9', () => {
    const def: ParamDef = { type: 'float', low: 1e-8, high: 1e8, log: true };
    for (const v of [1e-8, 1.2345e-5, 3.3, 7.77e7, 1e8]) {
      const back = decodeValue(def, encodeValue(def, v)) as number;
      expect(Math.abs(back - v) / v).toBeLessThan(1e-9);
    }
  });

  it('a uniform u gives ints and categoricals equal bin widths', () => {
    const grid = Array.from({ length: 12000 }, (_, i) => (i + 0.5) / 12000);
    const count = (def: ParamDef) => {
      const counts = new Map<unknown, number>();
      for (const u of grid) counts.set(decodeValue(def, u), (counts.get(decodeValue(def, u)) ?? 0) + 1);
      return counts;
    };
    const ints = count({ type: 'int', low: 0, high: 10, step: 2 });
    expect([...ints.keys()].sort((a, b) => (a as number) - (b as number))).toEqual([0, 2, 4, 6, 8, 10]);
    for (const n of ints.values()) expect(n).toBe(2000);
    const plain = count({ type: 'int', low: 1, high: 4 });
    for (const n of plain.values()) expect(n).toBe(3000);
    const cats = count({ type: 'categorical', choices: ['a', 'b', 'c', 'd', 'e'] });
    for (const n of cats.values()) expect(n).toBe(2400);
  });

  it('encodes params in key order and decodes back; out-of-cube coordinates are clamped', () => {
    const space = validateSpace({
      lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
      n: { type: 'int', low: 8, high: 64, step: 8 },
      act: { type: 'categorical', choices: ['relu', 'tanh'] },
    });
    const params = { lr: 1e-3, n: 32, act: 'tanh' };
    const u = encodeParams(space, params);
    expect(u).toHaveLength(3);
    expect(u[0]).toBeCloseTo(1 / 3, 12);
    expect(u[2]).toBe(0.75);
    const back = decodeParams(space, u);
    expect(back.n).toBe(32);
    expect(back.act).toBe('tanh');
    expect(back.lr as number).toBeCloseTo(1e-3, 12);
    const clamped = decodeParams(space, [-1, 2, Number.NaN]);
    expect(clamped.lr as number).toBeCloseTo(1e-4, 15);
    expect(clamped).toMatchObject({ n: 64, act: 'tanh' });
  });
});
