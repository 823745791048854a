/**
 * Parameter definitions ↔ Optuna distributions and internal values: round trips, Optuna's
 * deprecated classes and abbreviated form, and refusals that name the problem; then the same
 * mapping checked by real Optuna (its json_to_distribution / distribution_to_json and
 * to_internal_repr) both ways.
 */
import { describe, expect, it } from 'vitest';
import { fromOptunaDistribution, fromOptunaInternal, toOptunaDistribution, toOptunaInternal, type ParamDef } from '../../../src/tuner';
import { runPython } from './optuna-python';

const DEFS: Record<string, ParamDef> = {
  float: { type: 'float', low: -1.5, high: 2 },
  floatLog: { type: 'float', low: 1e-5, high: 1, log: true },
  int: { type: 'int', low: 0, high: 10 },
  intLog: { type: 'int', low: 1, high: 1024, log: true },
  intStep: { type: 'int', low: 2, high: 20, step: 3 },
  strings: { type: 'categorical', choices: ['adam', 'sgd', 'it\'s "quoted"'] },
  numbers: { type: 'categorical', choices: [1, 2.5, -3] },
  booleans: { type: 'categorical', choices: [false, true] },
  mixed: { type: 'categorical', choices: ['a', 2, true] },
};

describe('Optuna distributions', () => {
  it('round-trips every definition through its Optuna JSON', () => {
    for (const def of Object.values(DEFS)) expect(fromOptunaDistribution(toOptunaDistribution(def))).toEqual(def);
  });

  it('writes the class and attributes Optuna names', () => {
    expect(JSON.parse(toOptunaDistribution(DEFS.floatLog!))).toEqual({ name: 'FloatDistribution', attributes: { step: null, low: 1e-5, high: 1, log: true } });
    expect(JSON.parse(toOptunaDistribution(DEFS.intStep!))).toEqual({ name: 'IntDistribution', attributes: { log: false, step: 3, low: 2, high: 20 } });
    expect(JSON.parse(toOptunaDistribution(DEFS.booleans!))).toEqual({ name: 'CategoricalDistribution', attributes: { choices: [false, true] } });
  });

  it('reads the deprecated classes, the abbreviated form and parsed objects', () => {
    const read = (name: string, attributes: object) => fromOptunaDistribution(JSON.stringify({ name, attributes }));
    expect(read('UniformDistribution', { low: 0, high: 1 })).toEqual({ type: 'float', low: 0, high: 1 });
    expect(read('LogUniformDistribution', { low: 0.01, high: 1 })).toEqual({ type: 'float', low: 0.01, high: 1, log: true });
    expect(read('IntUniformDistribution', { low: 0, high: 9, step: 3 })).toEqual({ type: 'int', low: 0, high: 9, step: 3 });
    expect(read('IntLogUniformDistribution', { low: 1, high: 64, step: 1 })).toEqual({ type: 'int', low: 1, high: 64, log: true });
    expect(fromOptunaDistribution({ type: 'int', low: 0, high: 4 })).toEqual({ type: 'int', low: 0, high: 4 });
    expect(fromOptunaDistribution({ name: 'CategoricalDistribution', attributes: { choices: ['x', 'y'] } })).toEqual({ type: 'categorical', choices: ['x', 'y'] });
  });

  it('lowers an int high onto its step grid, as Optuna does', () => {
    expect(fromOptunaDistribution({ name: 'IntDistribution', attributes: { low: 0, high: 10, step: 3, log: false } })).toEqual({ type: 'int', low: 0, high: 9, step: 3 });
  });

  it('refuses what has no engine counterpart or does not parse, naming the problem', () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /is not JSON/],
      [42, /must be an object/],
      [{ name: 'BetaDistribution', attributes: {} }, /unknown distribution class "BetaDistribution"/],
      [{ name: 'FloatDistribution', attributes: { low: 0, high: 1, log: false, step: 0.1 } }, /discrete float/],
      [{ name: 'DiscreteUniformDistribution', attributes: { low: 0, high: 1, q: 0.25 } }, /discrete float/],
      [{ name: 'FloatDistribution', attributes: { low: 1, high: 1, log: false, step: null } }, /single value/],
      [{ name: 'FloatDistribution', attributes: { low: 2, high: 1, log: false, step: null } }, /low \(2\) is above high \(1\)/],
      [{ name: 'FloatDistribution', attributes: { low: 0, high: 1, log: true, step: null } }, /log scale needs low > 0/],
      [{ name: 'FloatDistribution', attributes: { low: 'a', high: 1 } }, /low must be a finite number/],
      [{ name: 'IntDistribution', attributes: { low: 0.5, high: 3, log: false, step: 1 } }, /must be integers/],
      [{ name: 'IntDistribution', attributes: { low: 1, high: 8, log: true, step: 2 } }, /cannot be combined with log/],
      [{ name: 'IntDistribution', attributes: { low: 0, high: 1, extra: 1 } }, /unknown attribute "extra"/],
      [{ name: 'CategoricalDistribution', attributes: { choices: [null, 'x'] } }, /None choice/],
      [{ name: 'CategoricalDistribution', attributes: { choices: ['x', 'x'] } }, /duplicate choice/],
      [{ name: 'CategoricalDistribution', attributes: { choices: [] } }, /must not be empty/],
      [{ type: 'beta' }, /neither a known "name" nor a known "type"/],
    ];
    for (const [json, message] of cases) expect(() => fromOptunaDistribution(json), JSON.stringify(json)).toThrow(message);
  });

  it('maps values to internal values and back (categorical: the index), refusing those outside', () => {
    expect(toOptunaInternal(DEFS.strings!, 'sgd')).toBe(1);
    expect(toOptunaInternal(DEFS.booleans!, true)).toBe(1);
    expect(toOptunaInternal(DEFS.mixed!, 2)).toBe(1);
    expect(toOptunaInternal(DEFS.floatLog!, 0.01)).toBe(0.01);
    expect(fromOptunaInternal(DEFS.numbers!, 2)).toBe(-3);
    expect(fromOptunaInternal(DEFS.intStep!, 5)).toBe(5);
    expect(() => toOptunaInternal(DEFS.strings!, 'rmsprop')).toThrow(/not one of the choices/);
    expect(() => fromOptunaInternal(DEFS.numbers!, 3)).toThrow(/categorical index 3 is not in 0…2/);
    expect(() => fromOptunaInternal(DEFS.numbers!, 0.5)).toThrow(/categorical index/);
    expect(() => fromOptunaInternal(DEFS.float!, 2.5)).toThrow(/outside \[-1.5, 2\]/);
    expect(() => fromOptunaInternal(DEFS.intStep!, 4)).toThrow(/step-3 grid/);
    expect(() => fromOptunaInternal(DEFS.int!, Number.NaN)).toThrow(/not a finite number/);
  });
});

describe('Optuna distributions, checked by real Optuna', () => {
  it('Optuna parses each distribution we write into the same distribution, and agrees on internal values', async () => {
    const cases = Object.entries(DEFS).map(([name, def]) => {
      const value = def.type === 'categorical' ? def.choices[def.choices.length - 1]! : def.high;
      return { name, json: toOptunaDistribution(def), value, internal: toOptunaInternal(def, value) };
    });
    const script = `
import json, sys
from optuna.distributions import json_to_distribution, distribution_to_json
out = {}
for c in json.loads(sys.argv[1]):
    d = json_to_distribution(c["json"])
    out[c["name"]] = {"json": distribution_to_json(d), "internal": d.to_internal_repr(c["value"]), "external": d.to_external_repr(c["internal"])}
print(json.dumps(out))
`;
    const seen = JSON.parse(await runPython(script, [JSON.stringify(cases)])) as Record<string, { json: string; internal: number; external: unknown }>;
    for (const c of cases) {
      expect(JSON.parse(seen[c.name]!.json), c.name).toEqual(JSON.parse(c.json));
      expect(seen[c.name]!.internal, c.name).toBe(c.internal);
      expect(seen[c.name]!.external, c.name).toEqual(c.value);
    }
  }, 60_000);

  it('reads every distribution class Optuna writes, deprecated ones included', async () => {
    const script = `
import json, warnings
warnings.simplefilter("ignore")
from optuna import distributions as D
made = {
    "float": D.FloatDistribution(0.5, 3.0),
    "floatLog": D.FloatDistribution(1e-3, 1.0, log=True),
    "int": D.IntDistribution(-2, 7),
    "intLog": D.IntDistribution(2, 300, log=True),
    "intStep": D.IntDistribution(0, 11, step=4),
    "categorical": D.CategoricalDistribution(["a", 2, 0.5, False]),
    "uniform": D.UniformDistribution(0.0, 1.0),
    "logUniform": D.LogUniformDistribution(0.01, 10.0),
    "intUniform": D.IntUniformDistribution(1, 10, step=3),
    "intLogUniform": D.IntLogUniformDistribution(1, 128),
}
print(json.dumps({k: D.distribution_to_json(d) for k, d in made.items()}))
`;
    const written = JSON.parse(await runPython(script)) as Record<string, string>;
    const read = Object.fromEntries(Object.entries(written).map(([k, json]) => [k, fromOptunaDistribution(json)]));
    expect(read).toEqual({
      float: { type: 'float', low: 0.5, high: 3 },
      floatLog: { type: 'float', low: 1e-3, high: 1, log: true },
      int: { type: 'int', low: -2, high: 7 },
      intLog: { type: 'int', low: 2, high: 300, log: true },
      intStep: { type: 'int', low: 0, high: 8, step: 4 },
      categorical: { type: 'categorical', choices: ['a', 2, 0.5, false] },
      uniform: { type: 'float', low: 0, high: 1 },
      logUniform: { type: 'float', low: 0.01, high: 10, log: true },
      intUniform: { type: 'int', low: 1, high: 10, step: 3 },
      intLogUniform: { type: 'int', low: 1, high: 128, log: true },
    });
  }, 60_000);
});
