/**
 * The GP's view of a search space: one input dimension per parameter.
 *
 * Notation
 *   d       number of parameters = GP input dimensions
 *   x ∈ Rᵈ  a GP input; per dimension j:
 *     continuous   float: x_j ∈ [0, 1], the unit-cube encoding (log scale when log)
 *     discrete     int:   x_j is the encoded centre of an allowed value, one of `values`
 *                        (ints with more than MAX_DISCRETE_VALUES values are treated as continuous
 *                        during optimisation and snapped to the nearest allowed value)
 *     categorical  x_j ∈ {0, …, k−1}, the choice index; the kernel compares it by equality
 */
import { decodeValue, encodeValue, intCount, paramNames } from '../space/encode';
import type { ParamDef, ParamValue, Params, SearchSpace } from '../space/types';

export const MAX_DISCRETE_VALUES = 64;

export type GpDim =
  | { readonly kind: 'continuous'; readonly name: string; readonly def: ParamDef; readonly snap: boolean }
  | { readonly kind: 'discrete'; readonly name: string; readonly def: ParamDef; readonly values: Float64Array }
  | { readonly kind: 'categorical'; readonly name: string; readonly def: ParamDef; readonly count: number };

export interface GpEncoding {
  readonly dims: readonly GpDim[];
  /** 1 where dimension j is categorical (kernel uses equality), else 0. */
  readonly categorical: Uint8Array;
  encode(params: Params): Float64Array;
  decode(x: ArrayLike<number>): Params;
  /** Maps x onto the nearest legal point in place (snaps ints, rounds category indices, clamps). */
  snap(x: Float64Array): void;
}

export function createGpEncoding(space: SearchSpace): GpEncoding {
  const dims: GpDim[] = paramNames(space).map((name) => gpDim(name, space[name] as ParamDef));
  const categorical = Uint8Array.from(dims, (dim) => (dim.kind === 'categorical' ? 1 : 0));

  const encodeOne = (dim: GpDim, value: ParamValue): number => {
    switch (dim.kind) {
      case 'categorical':
        return (dim.def as { choices: readonly ParamValue[] }).choices.indexOf(value);
      case 'continuous':
      case 'discrete':
        return encodeValue(dim.def, value);
      default: {
        const unreachable: never = dim;
        return unreachable;
      }
    }
  };

  const decodeOne = (dim: GpDim, x: number): ParamValue => {
    switch (dim.kind) {
      case 'categorical': {
        const choices = (dim.def as { choices: readonly ParamValue[] }).choices;
        return choices[clampIndex(Math.round(x), dim.count)] as ParamValue;
      }
      case 'continuous':
      case 'discrete':
        return decodeValue(dim.def, x);
      default: {
        const unreachable: never = dim;
        return unreachable;
      }
    }
  };

  return {
    dims,
    categorical,
    encode: (params) => Float64Array.from(dims, (dim) => encodeOne(dim, params[dim.name] as ParamValue)),
    decode: (x) => {
      const out: Record<string, ParamValue> = {};
      dims.forEach((dim, j) => {
        out[dim.name] = decodeOne(dim, x[j] as number);
      });
      return out;
    },
    snap: (x) => {
      dims.forEach((dim, j) => {
        const v = x[j] as number;
        switch (dim.kind) {
          case 'categorical':
            x[j] = clampIndex(Math.round(v), dim.count);
            break;
          case 'discrete':
            x[j] = nearest(dim.values, v);
            break;
          case 'continuous':
            x[j] = dim.snap ? encodeValue(dim.def, decodeValue(dim.def, v)) : clamp01(v);
            break;
          default: {
            const unreachable: never = dim;
            throw new Error(`unknown dim ${String(unreachable)}`);
          }
        }
      });
    },
  };
}

function gpDim(name: string, def: ParamDef): GpDim {
  switch (def.type) {
    case 'float':
      return { kind: 'continuous', name, def, snap: false };
    case 'int': {
      const count = intCount(def);
      if (count > MAX_DISCRETE_VALUES) return { kind: 'continuous', name, def, snap: true };
      const values = new Float64Array(count);
      for (let i = 0; i < count; i++) values[i] = encodeValue(def, def.low + i * (def.step ?? 1));
      return { kind: 'discrete', name, def, values };
    }
    case 'categorical':
      return { kind: 'categorical', name, def, count: def.choices.length };
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** Nearest entry of a sorted array. */
export function nearest(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= v) lo = mid;
    else hi = mid;
  }
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return Math.abs(v - a) <= Math.abs(b - v) ? a : b;
}

function clampIndex(i: number, count: number): number {
  return i < 0 ? 0 : i >= count ? count - 1 : i;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
