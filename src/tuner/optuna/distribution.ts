/**
 * Parameter definitions ↔ Optuna distributions, and parameter values ↔ Optuna's internal repr.
 *
 * Optuna keeps a distribution in its journal as the JSON *string* `distribution_to_json` makes,
 * `{"name": "<class>", "attributes": {...}}`, and a param as a number (its internal repr):
 *
 *   engine ParamDef                         Optuna distribution (3.x names)
 *   float  [low, high]                      FloatDistribution(low, high, log=False, step=None)
 *   float  [low, high], log                 FloatDistribution(low, high, log=True,  step=None)
 *   int    [low, high], step s (default 1)  IntDistribution(low, high, log=False, step=s)
 *   int    [low, high], log                 IntDistribution(low, high, log=True,  step=1)
 *   categorical choices c₀ … cₙ₋₁          CategoricalDistribution(choices=(c₀, …, cₙ₋₁))
 *
 * Internal repr: a float or int param is its value; a categorical param is the index i of its
 * choice cᵢ. Reading also accepts the distributions Optuna 3.0 deprecated (UniformDistribution,
 * LogUniformDistribution, DiscreteUniformDistribution, IntUniformDistribution,
 * IntLogUniformDistribution) and the abbreviated `{"type": "float", ...}` form `json_to_distribution`
 * takes. Floats with a step (discrete floats) and single-value ranges have no engine counterpart
 * and are refused with a message that says so.
 */
import type { CategoricalValue, ParamDef, ParamValue } from '../space/types';
import { SearchSpaceError } from '../space/types';
import { checkValue, validateSpace } from '../space/validate';
import { describeValue } from '../describe-value';

/** A distribution as Optuna's `distribution_to_json` writes it: a JSON string. */
export type OptunaDistributionJSON = string;

/** The distribution JSON string Optuna would write for `def` (what a journal stores per param). */
export function toOptunaDistribution(def: ParamDef): OptunaDistributionJSON {
  switch (def.type) {
    case 'float':
      return JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: def.low, high: def.high, log: def.log === true } });
    case 'int':
      return JSON.stringify({ name: 'IntDistribution', attributes: { log: def.log === true, step: def.step ?? 1, low: def.low, high: def.high } });
    case 'categorical':
      return JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: def.choices } });
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/**
 * The engine's parameter definition for an Optuna distribution, given as the JSON string a
 * journal holds or as its parsed object. Throws `Error` naming the problem.
 */
export function fromOptunaDistribution(json: unknown): ParamDef {
  let raw = json;
  if (typeof json === 'string') {
    try {
      raw = JSON.parse(json);
    } catch {
      throw new Error(`distribution ${shortText(json)} is not JSON`);
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`distribution must be an object, got ${describeValue(raw)}`);
  const obj = raw as Record<string, unknown>;
  const def = 'name' in obj ? fromNamedForm(obj) : fromAbbreviatedForm(obj);
  try {
    return (validateSpace({ param: def }) as Record<string, ParamDef>).param as ParamDef;
  } catch (e) {
    if (e instanceof SearchSpaceError) throw new Error(`distribution ${shortText(JSON.stringify(raw))}: ${e.problem}`);
    throw e;
  }
}

/** A param's internal repr in Optuna (categorical: the choice's index); throws when `value` does not fit `def`. */
export function toOptunaInternal(def: ParamDef, value: ParamValue): number {
  const problem = checkValue(def, value);
  if (problem !== null) throw new Error(problem);
  switch (def.type) {
    case 'categorical':
      return def.choices.indexOf(value);
    case 'float':
    case 'int':
      return value as number;
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** A param's value from Optuna's internal repr; throws naming the problem when it is outside `def`. */
export function fromOptunaInternal(def: ParamDef, internal: number): ParamValue {
  if (typeof internal !== 'number' || !Number.isFinite(internal)) throw new Error(`param value ${describeValue(internal)} is not a finite number`);
  switch (def.type) {
    case 'categorical': {
      if (!Number.isInteger(internal) || internal < 0 || internal >= def.choices.length) {
        throw new Error(`categorical index ${internal} is not in 0…${def.choices.length - 1} (${def.choices.length} choices)`);
      }
      return def.choices[internal] as CategoricalValue;
    }
    case 'float':
    case 'int': {
      const problem = checkValue(def, internal);
      if (problem !== null) throw new Error(problem);
      return internal;
    }
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

type Attributes = Record<string, unknown>;

function fromNamedForm(obj: Record<string, unknown>): ParamDef {
  const name = obj.name;
  const attrs = obj.attributes;
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) throw new Error(`distribution ${describeValue(name)} has no attributes object`);
  const a = attrs as Attributes;
  switch (name) {
    case 'FloatDistribution':
      onlyKeys(name, a, ['low', 'high', 'log', 'step']);
      if (a.step !== undefined && a.step !== null) discreteFloat(a.step);
      return float(name, a, flag(name, a.log));
    case 'UniformDistribution':
      onlyKeys(name, a, ['low', 'high']);
      return float(name, a, false);
    case 'LogUniformDistribution':
      onlyKeys(name, a, ['low', 'high']);
      return float(name, a, true);
    case 'DiscreteUniformDistribution':
      onlyKeys(name, a, ['low', 'high', 'q']);
      return discreteFloat(a.q);
    case 'IntDistribution':
      onlyKeys(name, a, ['low', 'high', 'log', 'step']);
      return int(name, a, flag(name, a.log));
    case 'IntUniformDistribution':
      onlyKeys(name, a, ['low', 'high', 'step']);
      return int(name, a, false);
    case 'IntLogUniformDistribution':
      onlyKeys(name, a, ['low', 'high', 'step']);
      return int(name, a, true);
    case 'CategoricalDistribution':
      onlyKeys(name, a, ['choices']);
      return categorical(a.choices);
    default:
      throw new Error(`unknown distribution class ${describeValue(name)}`);
  }
}

function fromAbbreviatedForm(obj: Record<string, unknown>): ParamDef {
  switch (obj.type) {
    case 'categorical':
      return categorical(obj.choices);
    case 'float':
      if (obj.step !== undefined && obj.step !== null) discreteFloat(obj.step);
      return float('float distribution', obj, flag('float distribution', obj.log));
    case 'int':
      return int('int distribution', obj, flag('int distribution', obj.log));
    default:
      throw new Error(`distribution has neither a known "name" nor a known "type" (got type ${describeValue(obj.type)})`);
  }
}

function onlyKeys(name: string, a: Attributes, known: readonly string[]): void {
  for (const key of Object.keys(a)) if (!known.includes(key)) throw new Error(`${name} has an unknown attribute "${key}"`);
}

function flag(name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new Error(`${name}: log must be true or false, got ${describeValue(v)}`);
  return v;
}

function bounds(name: string, a: Attributes): [number, number] {
  const { low, high } = a;
  if (typeof low !== 'number' || !Number.isFinite(low)) throw new Error(`${name}: low must be a finite number, got ${describeValue(low)}`);
  if (typeof high !== 'number' || !Number.isFinite(high)) throw new Error(`${name}: high must be a finite number, got ${describeValue(high)}`);
  if (low > high) throw new Error(`${name}: low (${low}) is above high (${high})`);
  if (low === high) throw new Error(`${name}: low = high = ${low} is a single value, not a range; the engine needs low < high`);
  return [low, high];
}

function float(name: string, a: Attributes, log: boolean): ParamDef {
  const [low, high] = bounds(name, a);
  return log ? { type: 'float', low, high, log } : { type: 'float', low, high };
}

function int(name: string, a: Attributes, log: boolean): ParamDef {
  const [low, high] = bounds(name, a);
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new Error(`${name}: int bounds must be integers, got [${low}, ${high}]`);
  const step = a.step ?? 1;
  if (typeof step !== 'number' || !Number.isInteger(step) || step <= 0) throw new Error(`${name}: step must be a positive integer, got ${describeValue(step)}`);
  if (log) {
    if (step !== 1) throw new Error(`${name}: step ${step} cannot be combined with log scale`);
    return { type: 'int', low, high, log };
  }
  // Optuna lowers high onto the step grid (_adjust_int_uniform_high); so do we.
  const top = low + Math.floor((high - low) / step) * step;
  if (top === low) throw new Error(`${name}: step ${step} leaves the single value ${low} in [${low}, ${high}]`);
  return step === 1 ? { type: 'int', low, high: top } : { type: 'int', low, high: top, step };
}

function categorical(choices: unknown): ParamDef {
  if (!Array.isArray(choices)) throw new Error(`CategoricalDistribution: choices must be a list, got ${describeValue(choices)}`);
  for (const c of choices) {
    if (c === null) throw new Error('CategoricalDistribution: a None choice is not supported (choices must be strings, numbers or booleans)');
  }
  return { type: 'categorical', choices: choices as CategoricalValue[] };
}

function discreteFloat(step: unknown): never {
  throw new Error(`a float distribution with step ${describeValue(step)} (a discrete float) is not supported: the engine's floats are continuous (use an int or categorical parameter instead)`);
}

function shortText(text: string): string {
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 77))}…` : JSON.stringify(text);
}
