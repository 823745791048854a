/**
 * Encoding between parameter values and the unit cube [0, 1]^d, one dimension per parameter
 * in the space's key order.
 *
 * Notation
 *   d         number of parameters
 *   u ∈ [0,1] one parameter's encoded coordinate
 *   float     u = (v − low) / (high − low), or on log(v) when log
 *   int       the n allowed values each own a bin of width 1/n: the real line
 *             [low − step/2, high + step/2] (log: [log(low − ½), log(high + ½)]) is mapped onto
 *             [0, 1] and a coordinate decodes to the nearest allowed value. A value encodes to
 *             its bin's centre (log: its log).
 *   categorical  choice i of k encodes to (i + ½)/k; u decodes to choice ⌊u·k⌋.
 * So a uniform u gives uniform ints and categoricals, and decode(encode(v)) = v.
 */
import type { CategoricalParam, FloatParam, IntParam, ParamDef, ParamValue, Params, SearchSpace } from './types';

/** Names in dimension order. */
export function paramNames(space: SearchSpace): string[] {
  return Object.keys(space);
}

/** Number of allowed values of an int parameter. */
export function intCount(def: IntParam): number {
  return Math.floor((def.high - def.low) / (def.step ?? 1)) + 1;
}

/** Number of distinct points in the space: Infinity when it has a float parameter. */
export function spaceSize(space: SearchSpace): number {
  let size = 1;
  for (const def of Object.values(space)) {
    switch (def.type) {
      case 'float':
        return Infinity;
      case 'int':
        size *= intCount(def);
        break;
      case 'categorical':
        size *= def.choices.length;
        break;
      default: {
        const unreachable: never = def;
        return unreachable;
      }
    }
  }
  return size;
}

/** Every point of a finite space (no float parameters), first parameter slowest. */
export function* enumerateSpace(space: SearchSpace): Generator<Params> {
  const names = paramNames(space);
  const axes = names.map((name) => {
    const def = space[name] as ParamDef;
    switch (def.type) {
      case 'float':
        throw new RangeError(`enumerateSpace: "${name}" is a float parameter, so the space is not finite`);
      case 'int':
        return Array.from({ length: intCount(def) }, (_, i) => def.low + i * (def.step ?? 1));
      case 'categorical':
        return def.choices.slice();
      default: {
        const unreachable: never = def;
        return unreachable;
      }
    }
  });
  const index = names.map(() => 0);
  for (;;) {
    const point: Record<string, ParamValue> = {};
    names.forEach((name, j) => {
      point[name] = (axes[j] as ParamValue[])[index[j] as number] as ParamValue;
    });
    yield point;
    let j = names.length - 1;
    while (j >= 0 && (index[j] as number) + 1 >= (axes[j] as ParamValue[]).length) index[j--] = 0;
    if (j < 0) return;
    index[j] = (index[j] as number) + 1;
  }
}

/** The encoded interval [a, b] on the real (or log) line that maps onto [0, 1]. */
function intRealRange(def: IntParam): [number, number] {
  if (def.log) return [Math.log(def.low - 0.5), Math.log(def.high + 0.5)];
  const half = (def.step ?? 1) / 2;
  return [def.low - half, def.high + half];
}

/** One parameter's value in the unit interval (log parameters in log space; ints own equal-width bins). */
export function encodeValue(def: ParamDef, value: ParamValue): number {
  switch (def.type) {
    case 'float':
      return encodeFloat(def, value as number);
    case 'int': {
      const [a, b] = intRealRange(def);
      const real = def.log ? Math.log(value as number) : (value as number);
      return clamp01((real - a) / (b - a));
    }
    case 'categorical':
      return encodeCategorical(def, value);
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** The parameter value at `u` in the unit interval (the inverse of `encodeValue`, rounded to ints and steps). */
export function decodeValue(def: ParamDef, u: number): ParamValue {
  const x = clamp01(Number.isFinite(u) ? u : 0.5);
  switch (def.type) {
    case 'float': {
      if (def.log) return clamp(Math.exp(Math.log(def.low) + x * (Math.log(def.high) - Math.log(def.low))), def.low, def.high);
      return clamp(def.low + x * (def.high - def.low), def.low, def.high);
    }
    case 'int': {
      const [a, b] = intRealRange(def);
      const real = a + x * (b - a);
      if (def.log) return clamp(Math.round(Math.exp(real)), def.low, def.high);
      const step = def.step ?? 1;
      return clamp(def.low + Math.round((real - def.low) / step) * step, def.low, def.high);
    }
    case 'categorical': {
      const k = def.choices.length;
      return def.choices[Math.min(k - 1, Math.floor(x * k))] as ParamValue;
    }
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

function encodeFloat(def: FloatParam, v: number): number {
  if (def.log) return clamp01((Math.log(v) - Math.log(def.low)) / (Math.log(def.high) - Math.log(def.low)));
  return clamp01((v - def.low) / (def.high - def.low));
}

function encodeCategorical(def: CategoricalParam, v: ParamValue): number {
  const i = def.choices.indexOf(v);
  if (i < 0) throw new RangeError(`encode: ${JSON.stringify(v)} is not a choice`);
  return (i + 0.5) / def.choices.length;
}

/** Params → point in [0, 1]^d (dimension order = key order of the space). */
export function encodeParams(space: SearchSpace, params: Params): number[] {
  return paramNames(space).map((name) => encodeValue(space[name] as ParamDef, params[name] as ParamValue));
}

/** Point in [0, 1]^d → params; coordinates outside [0, 1] are clamped. */
export function decodeParams(space: SearchSpace, u: readonly number[]): Params {
  const out: Record<string, ParamValue> = {};
  paramNames(space).forEach((name, j) => {
    out[name] = decodeValue(space[name] as ParamDef, u[j] as number);
  });
  return out;
}

/** A stable string key for a parameter assignment (used to spot repeats). */
export function paramsKey(space: SearchSpace, params: Params): string {
  return JSON.stringify(paramNames(space).map((name) => params[name]));
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
