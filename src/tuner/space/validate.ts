/** Validation of search spaces and of parameter values against them. */
import {
  ParamsError,
  SearchSpaceError,
  type CategoricalValue,
  type ParamDef,
  type Params,
  type SearchSpace,
} from './types';
import { describeValue } from '../describe-value';
import { floatRangeProblem, intRangeProblem } from './numeric-range';

const KNOWN_KEYS: Record<ParamDef['type'], readonly string[]> = {
  float: ['type', 'low', 'high', 'log'],
  int: ['type', 'low', 'high', 'log', 'step'],
  categorical: ['type', 'choices'],
};

/**
 * Checks an untrusted space definition and returns it as a `SearchSpace` (a frozen deep copy).
 * Throws `SearchSpaceError` naming the first bad parameter and what is wrong with it.
 */
export function validateSpace(raw: unknown): SearchSpace {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SearchSpaceError(null, 'must be an object mapping parameter names to definitions');
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw new SearchSpaceError(null, 'has no parameters');
  const out: Record<string, ParamDef> = {};
  for (const [name, def] of entries) {
    if (name.trim() === '') throw new SearchSpaceError(name, 'the name is empty');
    if (name === '__proto__') throw new SearchSpaceError(name, 'the name is reserved');
    out[name] = Object.freeze(validateParam(name, def));
  }
  return Object.freeze(out);
}

function validateParam(name: string, def: unknown): ParamDef {
  const fail = (problem: string): never => {
    throw new SearchSpaceError(name, problem);
  };
  if (def === null || typeof def !== 'object' || Array.isArray(def)) fail('definition must be an object');
  const d = def as Record<string, unknown>;
  const type = d.type;
  if (type !== 'float' && type !== 'int' && type !== 'categorical') {
    return fail(`unknown type ${JSON.stringify(type)} (expected "float", "int" or "categorical")`);
  }
  for (const key of Object.keys(d)) {
    if (!KNOWN_KEYS[type].includes(key)) fail(`unknown key "${key}" for a ${type} parameter`);
  }
  switch (type) {
    case 'categorical':
      return { type, choices: validateChoices(d.choices, fail) };
    case 'float':
    case 'int': {
      const { low, high } = d;
      if (typeof low !== 'number' || !Number.isFinite(low)) fail(`low must be a finite number, got ${describeValue(low)}`);
      if (typeof high !== 'number' || !Number.isFinite(high)) fail(`high must be a finite number, got ${describeValue(high)}`);
      const lo = low as number;
      const hi = high as number;
      if (!(lo < hi)) fail(`low (${lo}) must be below high (${hi})`);
      if (d.log !== undefined && typeof d.log !== 'boolean') fail(`log must be true or false, got ${describeValue(d.log)}`);
      const log = d.log === true;
      if (log && lo <= 0) fail(`log scale needs low > 0, got low = ${lo}`);
      if (type === 'float') {
        const problem = floatRangeProblem(lo, hi, log);
        if (problem !== null) fail(problem);
        return log ? { type, low: lo, high: hi, log } : { type, low: lo, high: hi };
      }
      if (!Number.isInteger(lo) || !Number.isInteger(hi)) fail(`int bounds must be integers, got [${lo}, ${hi}]`);
      const problem = intRangeProblem(lo, hi);
      if (problem !== null) fail(problem);
      if (d.step === undefined) return log ? { type, low: lo, high: hi, log } : { type, low: lo, high: hi };
      const step = d.step;
      if (typeof step !== 'number' || !Number.isInteger(step) || step <= 0) {
        fail(`step must be a positive integer, got ${describeValue(step)}`);
      }
      if (log && step !== 1) fail('step cannot be combined with log scale');
      if ((hi - lo) % (step as number) !== 0) {
        fail(`step ${step} does not fit the range [${lo}, ${hi}]: high − low must be a multiple of step`);
      }
      return log ? { type, low: lo, high: hi, log } : { type, low: lo, high: hi, step: step as number };
    }
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

function validateChoices(choices: unknown, fail: (problem: string) => never): CategoricalValue[] {
  if (!Array.isArray(choices)) return fail('choices must be an array');
  if (choices.length === 0) fail('choices must not be empty');
  const seen = new Set<string>();
  for (const c of choices) {
    const ok = typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c));
    if (!ok) fail(`each choice must be a string, boolean or finite number, got ${describeValue(c)}`);
    const key = `${typeof c}:${String(c)}`;
    if (seen.has(key)) fail(`duplicate choice ${JSON.stringify(c)}`);
    seen.add(key);
  }
  return choices.slice() as CategoricalValue[];
}

/** Returns a problem message when `value` is not a legal value of `def`, else null. */
export function checkValue(def: ParamDef, value: unknown): string | null {
  switch (def.type) {
    case 'categorical':
      return def.choices.some((c) => c === value) ? null : `${describeValue(value)} is not one of the choices`;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${describeValue(value)} is not a finite number`;
      return value < def.low || value > def.high ? `${value} is outside [${def.low}, ${def.high}]` : null;
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${describeValue(value)} is not an integer`;
      if (value < def.low || value > def.high) return `${value} is outside [${def.low}, ${def.high}]`;
      const step = def.step ?? 1;
      return (value - def.low) % step === 0 ? null : `${value} is not on the step-${step} grid from ${def.low}`;
    }
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** Checks that `params` has exactly the space's names with legal values; throws `ParamsError`. */
export function validateParams(space: SearchSpace, params: unknown): Params {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new ParamsError(null, 'must be an object of parameter values');
  }
  const p = params as Record<string, unknown>;
  for (const name of Object.keys(p)) {
    if (!Object.hasOwn(space, name)) throw new ParamsError(name, 'is not in the search space');
  }
  const out: Record<string, CategoricalValue> = {};
  for (const [name, def] of Object.entries(space)) {
    if (!Object.hasOwn(p, name)) throw new ParamsError(name, 'is missing');
    const problem = checkValue(def, p[name]);
    if (problem !== null) throw new ParamsError(name, problem);
    out[name] = p[name] as CategoricalValue;
  }
  return out;
}
