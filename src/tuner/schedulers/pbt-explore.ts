/**
 * PBT's explore step: perturb a parent's algorithm hyperparameters.
 *
 * Notation: for each name h in H (the hyperparameters PBT may change), u ~ U[0, 1):
 *   u < p_resample → h ~ U(domain of h) (log-uniform for log-scaled numbers);
 *   otherwise      → float/int: h · f with f ∈ {0.8, 1.2} equally likely, clipped to [low, high]
 *                    (ints rounded to their step grid); categorical: a neighbouring choice.
 */
import type { Rng } from '../rng';
import type { ParamDef, Params, ParamValue, SearchSpace } from '../space/types';

export function perturb(space: SearchSpace, parent: Params, names: readonly string[], resampleProbability: number, rng: Rng): { params: Params; changed: string[] } {
  const out: Record<string, ParamValue> = { ...parent };
  const changed: string[] = [];
  for (const name of names) {
    const def = space[name] as ParamDef;
    const before = parent[name] as ParamValue;
    const after = rng.next() < resampleProbability ? resample(def, rng) : nudge(def, before, rng);
    out[name] = after;
    if (after !== before) changed.push(name);
  }
  return { params: out, changed };
}

function resample(def: ParamDef, rng: Rng): ParamValue {
  switch (def.type) {
    case 'float':
      return def.log === true ? Math.exp(Math.log(def.low) + rng.next() * (Math.log(def.high) - Math.log(def.low))) : def.low + rng.next() * (def.high - def.low);
    case 'int': {
      const x = def.log === true ? Math.exp(Math.log(def.low) + rng.next() * (Math.log(def.high + 1) - Math.log(def.low))) : def.low + rng.next() * (def.high - def.low + 1);
      return snapInt(def, Math.floor(x));
    }
    case 'categorical':
      return def.choices[rng.int(0, def.choices.length)] as ParamValue;
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

function nudge(def: ParamDef, value: ParamValue, rng: Rng): ParamValue {
  const up = rng.next() < 0.5;
  switch (def.type) {
    case 'float':
      return Math.min(def.high, Math.max(def.low, (value as number) * (up ? 1.2 : 0.8)));
    case 'int': {
      const v = value as number;
      const scaled = snapInt(def, Math.round(v * (up ? 1.2 : 0.8)));
      // Small integers would not move under ×1.2: step to the neighbour instead.
      if (scaled !== v) return scaled;
      return snapInt(def, v + (up ? 1 : -1) * (def.step ?? 1));
    }
    case 'categorical': {
      const i = def.choices.indexOf(value as never);
      const j = Math.min(def.choices.length - 1, Math.max(0, i + (up ? 1 : -1)));
      return def.choices[j] as ParamValue;
    }
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

function snapInt(def: { low: number; high: number; step?: number }, v: number): number {
  const step = def.step ?? 1;
  const snapped = def.low + Math.round((v - def.low) / step) * step;
  return Math.min(def.high, Math.max(def.low, snapped));
}
