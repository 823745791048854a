/**
 * Grid search: every combination of a few values per parameter, in a fixed order.
 *
 *   float        `resolution` evenly spaced values, both ends included (evenly in log space when log)
 *   int          every allowed value when there are at most `resolution`, else `resolution` evenly
 *                spaced allowed values (log-spaced when log; repeats after rounding dropped)
 *   categorical  every choice
 *
 * Points are the Cartesian product in the space's key order (the first parameter varies slowest), or
 * a permutation of it seeded by the study's seed when `shuffle` is on. The sampler is stateless: the
 * next point is the first one, in that order, whose params no existing trial (in any state) has, so a
 * study restored from JSON continues exactly and manually asked grid points are not repeated.
 */
import { createRng, deriveSeed } from '../rng';
import { intCount, paramNames, paramsKey } from '../space/encode';
import type { ParamDef, ParamValue, Params, SearchSpace } from '../space/types';
import { booleanOption, checkOptionKeys, integerOption } from './options';
import type { Sampler, SamplerContext, Suggestion } from './types';

/** Grids with more points than this are refused. */
export const MAX_GRID_POINTS = 1_000_000;
export const DEFAULT_GRID_RESOLUTION = 5;

export interface GridOptions {
  readonly resolution: number;
  readonly shuffle: boolean;
}

/** The grid a `GridSampler` walks: each parameter's values and their product's size. */
export interface GridAxes {
  /** Parameter names in the space's key order; the first varies slowest. */
  readonly names: readonly string[];
  /** The values each parameter takes, ascending (choices in their given order). */
  readonly axes: readonly (readonly ParamValue[])[];
  /** Number of grid points: the product of the axis lengths. */
  readonly size: number;
}

/** The grid a `GridSampler` with this resolution walks over `space` (for display and planning). */
export function gridAxes(space: SearchSpace, resolution: number = DEFAULT_GRID_RESOLUTION): GridAxes {
  if (!Number.isInteger(resolution) || resolution < 2) {
    throw new RangeError(`grid: resolution must be an integer ≥ 2, got ${resolution}`);
  }
  const names = paramNames(space);
  const axes = names.map((name) => axisValues(space[name] as ParamDef, resolution));
  return { names, axes, size: axes.reduce((n, axis) => n * axis.length, 1) };
}

/** "5 × 4 × 3" (or "5-point" for a single parameter), for messages. */
export function gridShape(grid: GridAxes): string {
  return grid.axes.length === 1 ? `${grid.size}-point` : grid.axes.map((axis) => axis.length).join(' × ');
}

function axisValues(def: ParamDef, resolution: number): ParamValue[] {
  const last = resolution - 1;
  switch (def.type) {
    case 'float': {
      const values: number[] = [];
      for (let i = 0; i < resolution; i++) values.push(between(def.low, def.high, i / last, def.log === true));
      return values;
    }
    case 'int': {
      const n = intCount(def);
      const step = def.step ?? 1;
      const values: number[] = [];
      if (n <= resolution) {
        for (let i = 0; i < n; i++) values.push(def.low + i * step);
        return values;
      }
      for (let i = 0; i < resolution; i++) {
        const v = def.log === true
          ? Math.round(between(def.low, def.high, i / last, true))
          : def.low + Math.round((i * (n - 1)) / last) * step;
        values.push(Math.min(def.high, Math.max(def.low, v)));
      }
      return [...new Set(values)];
    }
    case 'categorical':
      return def.choices.slice();
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** The point a fraction t ∈ [0, 1] of the way from low to high, linearly or in log space. */
function between(low: number, high: number, t: number, log: boolean): number {
  if (t <= 0) return low;
  if (t >= 1) return high;
  const v = log ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low);
  return Math.min(high, Math.max(low, v));
}

/** The grid point with this index in product order (last parameter fastest). */
export function gridPoint(grid: GridAxes, index: number): Params {
  const out: Record<string, ParamValue> = {};
  let rest = index;
  for (let j = grid.axes.length - 1; j >= 0; j--) {
    const axis = grid.axes[j] as readonly ParamValue[];
    out[grid.names[j] as string] = axis[rest % axis.length] as ParamValue;
    rest = Math.floor(rest / axis.length);
  }
  return out;
}

/** Grid search (`'grid'`): every combination of each parameter's values (`resolution` per continuous one), in order or seeded-shuffled; says when it is exhausted. */
export class GridSampler implements Sampler {
  readonly name = 'grid';
  readonly options: Readonly<Record<string, unknown>>;
  private readonly settings: GridOptions;
  /** Memo of the last shuffled order, keyed by `seed:size`. */
  private order: { key: string; indices: Uint32Array } | null = null;

  constructor(options: Record<string, unknown> = {}) {
    const raw = checkOptionKeys('grid', options, ['resolution', 'shuffle']);
    this.settings = {
      resolution: integerOption('grid', raw, 'resolution', DEFAULT_GRID_RESOLUTION, 2),
      shuffle: booleanOption('grid', raw, 'shuffle', false),
    };
    this.options = { ...this.settings };
  }

  suggest(ctx: SamplerContext): Suggestion {
    const grid = gridAxes(ctx.space, this.settings.resolution);
    if (grid.size > MAX_GRID_POINTS) {
      throw new RangeError(
        `grid sampler: the ${gridShape(grid)} grid has ${grid.size} points, more than the limit of ${MAX_GRID_POINTS}; ` +
          'lower the resolution or narrow the space',
      );
    }
    const asked = new Set(ctx.trials.map((t) => paramsKey(ctx.space, t.params)));
    const order = this.settings.shuffle ? this.shuffled(grid.size, ctx.studySeed) : null;
    for (let position = 0; position < grid.size; position++) {
      const params = gridPoint(grid, order === null ? position : (order[position] as number));
      if (!asked.has(paramsKey(ctx.space, params))) return { kind: 'params', params };
    }
    return { kind: 'exhausted', reason: `grid exhausted: all ${grid.size} points of the ${gridShape(grid)} grid have been asked` };
  }

  /** A permutation of 0 … size − 1 that depends only on (seed, size). */
  private shuffled(size: number, seed: number): Uint32Array {
    const key = `${seed}:${size}`;
    if (this.order?.key === key) return this.order.indices;
    const rng = createRng(deriveSeed(seed, 0x67726964));
    const indices = new Uint32Array(size);
    for (let i = 0; i < size; i++) indices[i] = i;
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const tmp = indices[i] as number;
      indices[i] = indices[j] as number;
      indices[j] = tmp;
    }
    this.order = { key, indices };
    return indices;
  }
}
