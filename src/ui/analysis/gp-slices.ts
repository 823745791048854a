/**
 * What the GP sees, as plain arrays for the slice charts: a 1-D slice through one parameter and a
 * 2-D grid over two, both through an anchor point (default: the point the GP picks next), with the
 * complete trials the model saw projected onto the slice.
 *
 * Notation
 *   u, v ∈ [0, 1]   encoded coordinates of the sliced parameter(s) (src/tuner/space/encode.ts)
 *   anchor          values of the parameters that are not sliced
 *   μ, σ, EI        posterior mean and std of the objective, expected improvement (objective units)
 *   res             grid resolution: res × res cells, row-major, row 0 at v = lowest
 */
import { encodeValue, type GpInspection, type InspectableStudy, type ParamDef, type ParamValue, type Params } from '../../tuner';
import { sampleTrials } from './downsample';

export interface SliceSample {
  readonly u: number;
  readonly value: ParamValue;
  readonly mean: number;
  readonly std: number;
  readonly ei: number;
}

export interface ObservedPoint {
  readonly id: number;
  readonly u: number;
  /** Second coordinate (2-D grids only; 0 for slices). */
  readonly v: number;
  /** The objective value the trial reached. */
  readonly value: number;
}

export interface GpSlice1DData {
  readonly param: string;
  readonly def: ParamDef;
  /** Ascending in u; one per allowed value for categoricals and small int ranges. */
  readonly samples: readonly SliceSample[];
  readonly observed: readonly ObservedPoint[];
  /** Complete trials the model saw; `observed` holds at most `maxObserved` of them (the best always). */
  readonly observedCount: number;
  /** Where the next point lies along the slice. */
  readonly nextU: number;
  readonly bestValue: number;
}

export interface GpGrid2DData {
  readonly xParam: string;
  readonly yParam: string;
  readonly res: number;
  /** res² values each, row-major from v = 0 upwards. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly ei: readonly number[];
  readonly observed: readonly ObservedPoint[];
  /** Complete trials the model saw; `observed` holds at most `maxObserved` of them (the best always). */
  readonly observedCount: number;
  readonly next: { readonly u: number; readonly v: number };
}

/** Positions along one parameter: its allowed values when there are at most `count`, else `count` even steps. */
function sliceValues(def: ParamDef, count: number): { u: number; value: ParamValue }[] {
  if (def.type === 'categorical') return def.choices.map((c, i) => ({ u: (i + 0.5) / def.choices.length, value: c }));
  if (def.type === 'int' && !def.log) {
    const step = def.step ?? 1;
    const n = Math.floor((def.high - def.low) / step) + 1;
    if (n <= count) return Array.from({ length: n }, (_, i) => def.low + i * step).map((value) => ({ u: encodeValue(def, value), value }));
  }
  return Array.from({ length: count }, (_, i) => {
    const u = i / (count - 1);
    const value = def.type === 'float' ? floatAt(def, u) : intAt(def, u);
    return { u: def.type === 'float' ? u : encodeValue(def, value), value };
  });
}

function floatAt(def: Extract<ParamDef, { type: 'float' }>, u: number): number {
  return def.log ? Math.exp(Math.log(def.low) + u * (Math.log(def.high) - Math.log(def.low))) : def.low + u * (def.high - def.low);
}

function intAt(def: Extract<ParamDef, { type: 'int' }>, u: number): number {
  const real = def.log ? Math.exp(Math.log(def.low) + u * (Math.log(def.high) - Math.log(def.low))) : def.low + u * (def.high - def.low);
  const step = def.step ?? 1;
  return Math.min(def.high, Math.max(def.low, def.low + Math.round((real - def.low) / step) * step));
}

/** The complete trials the model saw (how many), and at most `cap` of them to draw: the best 20 always, an even stride through the rest. */
function observedTrials(study: InspectableStudy, inspection: GpInspection, cap: number): { count: number; shown: { id: number; params: Params; value: number }[] } {
  const complete = study.trials.slice(0, inspection.upTo).filter((t) => t.state === 'complete' && t.value !== null);
  const shown = sampleTrials(complete, study.direction, Math.max(1, cap), 20);
  return { count: complete.length, shown: shown.map((t) => ({ id: t.id, params: t.params, value: t.value as number })) };
}

/** The posterior along `param` through `anchor` (default: `inspection.next`), at about `count` positions. */
export function gpSlice1D(study: InspectableStudy, inspection: GpInspection, param: string, options: { anchor?: Params; count?: number; maxObserved?: number } = {}): GpSlice1DData {
  const def = study.space[param];
  if (def === undefined) throw new RangeError(`gpSlice1D: no parameter "${param}"`);
  const anchor = options.anchor ?? inspection.next;
  const positions = sliceValues(def, Math.max(2, options.count ?? 121));
  const points = positions.map((p) => ({ ...anchor, [param]: p.value }));
  const { mean, std } = inspection.predict(points);
  const { ei } = inspection.acquisition(points);
  const observed = observedTrials(study, inspection, options.maxObserved ?? Infinity);
  return {
    param,
    def,
    samples: positions.map((p, i) => ({ u: p.u, value: p.value, mean: mean[i] as number, std: std[i] as number, ei: ei[i] as number })),
    observed: observed.shown.map((t) => ({ id: t.id, u: encodeValue(def, t.params[param] as ParamValue), v: 0, value: t.value })),
    observedCount: observed.count,
    nextU: encodeValue(def, inspection.next[param] as ParamValue),
    bestValue: inspection.bestValue,
  };
}

/** The posterior on a res × res grid over (xParam, yParam) through `anchor` (default: `inspection.next`). */
export function gpGrid2D(
  study: InspectableStudy,
  inspection: GpInspection,
  xParam: string,
  yParam: string,
  options: { anchor?: Params; res?: number; maxObserved?: number } = {},
): GpGrid2DData {
  const dx = study.space[xParam];
  const dy = study.space[yParam];
  if (dx === undefined || dy === undefined) throw new RangeError(`gpGrid2D: no parameter "${dx === undefined ? xParam : yParam}"`);
  const res = Math.max(2, Math.floor(options.res ?? 40));
  const anchor = options.anchor ?? inspection.next;
  const xs = Array.from({ length: res }, (_, i) => valueAtCell(dx, (i + 0.5) / res));
  const ys = Array.from({ length: res }, (_, i) => valueAtCell(dy, (i + 0.5) / res));
  const points: Params[] = [];
  for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) points.push({ ...anchor, [xParam]: xs[c] as ParamValue, [yParam]: ys[r] as ParamValue });
  const { mean, std } = inspection.predict(points);
  const { ei } = inspection.acquisition(points);
  const observed = observedTrials(study, inspection, options.maxObserved ?? Infinity);
  return {
    xParam,
    yParam,
    res,
    mean,
    std,
    ei,
    observed: observed.shown.map((t) => ({
      id: t.id,
      u: encodeValue(dx, t.params[xParam] as ParamValue),
      v: encodeValue(dy, t.params[yParam] as ParamValue),
      value: t.value,
    })),
    observedCount: observed.count,
    next: { u: encodeValue(dx, inspection.next[xParam] as ParamValue), v: encodeValue(dy, inspection.next[yParam] as ParamValue) },
  };
}

/** The value whose encoded coordinate is u (nearest allowed value for ints and categoricals). */
function valueAtCell(def: ParamDef, u: number): ParamValue {
  switch (def.type) {
    case 'float':
      return floatAt(def, u);
    case 'int': {
      const a = def.log ? Math.log(def.low - 0.5) : def.low - (def.step ?? 1) / 2;
      const b = def.log ? Math.log(def.high + 0.5) : def.high + (def.step ?? 1) / 2;
      const real = a + u * (b - a);
      const value = def.log ? Math.round(Math.exp(real)) : def.low + Math.round((real - def.low) / (def.step ?? 1)) * (def.step ?? 1);
      return Math.min(def.high, Math.max(def.low, value));
    }
    case 'categorical':
      return def.choices[Math.min(def.choices.length - 1, Math.floor(u * def.choices.length))] as ParamValue;
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}
