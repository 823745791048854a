/**
 * Hyperparameter importance as first-order (main-effect) functional-ANOVA fractions of a surrogate,
 * as in fANOVA (Hutter, Hoos & Leyton-Brown, "An Efficient Approach for Assessing Hyperparameter
 * Importance", ICML 2014), computed on the GP posterior mean instead of a random forest.
 *
 * Notation
 *   d              number of parameters, j = 0 … d − 1
 *   N              number of Sobol points x_1 … x_N, uniform over the encoded cube [0, 1]^d and
 *                  decoded to parameter values (so log parameters are sampled log-uniformly)
 *   f(x)           the surrogate's prediction at x (GP posterior mean of the objective)
 *   f̄              mean of f over the points;   V = (1/N) Σ_i (f(x_i) − f̄)²   total variance
 *   B_j            the groups of parameter j: one per choice for categoricals, one per allowed
 *                  value for ints with ≤ `bins` values, else `bins` equal-count (quantile) bins of u_j
 *   f̄_b            mean of f over the points in group b;  n_b its size
 *   V_j            (1/N) Σ_b n_b (f̄_b − f̄)²   variance of the main effect of parameter j
 *   F_j            V_j / V, the fraction of variance parameter j explains on its own
 * Each F_j ∈ [0, 1] (law of total variance). The main effects of a function sum to at most its
 * variance; binning noise can push the estimated sum slightly above 1, in which case the fractions
 * are scaled to sum to 1. `interactions` = 1 − Σ_j F_j is what no single parameter explains.
 */
import { decodeParams, inspectGp, paramNames, sobolPoints, type InspectableStudy, type ParamDef, type Params, type SearchSpace } from '../../tuner';

export interface ParamImportance {
  readonly name: string;
  /** F_j, ≥ 0. */
  readonly fraction: number;
}

export interface Importance {
  /** One entry per parameter, most important first (ties keep space order). */
  readonly params: readonly ParamImportance[];
  /** 1 − Σ F_j ≥ 0: variance left to interactions. */
  readonly interactions: number;
  /** Total variance V of the surrogate over the space (0: flat, every fraction 0). */
  readonly variance: number;
}

export interface ImportanceOptions {
  /** Sobol points N; default 1024. */
  samples?: number;
  /** Quantile bins for continuous parameters; default 10. */
  bins?: number;
  /** Scramble seed of the Sobol points; default the study's seed. */
  seed?: number;
}

/** Importance from a surrogate `predict` (values at points); pure and deterministic. */
export function mainEffectImportance(
  space: SearchSpace,
  predict: (points: readonly Params[]) => readonly number[],
  options: ImportanceOptions = {},
): Importance {
  const names = paramNames(space);
  const samples = Math.max(16, Math.floor(options.samples ?? 1024));
  const bins = Math.max(2, Math.floor(options.bins ?? 10));
  const cube = sobolPoints(samples, names.length, options.seed ?? 0);
  const points = cube.map((u) => decodeParams(space, u));
  const f = predict(points);
  if (f.length !== samples) throw new RangeError(`importance: predict returned ${f.length} values for ${samples} points`);

  const mean = f.reduce((s, v) => s + v, 0) / samples;
  const variance = f.reduce((s, v) => s + (v - mean) ** 2, 0) / samples;
  const raw = names.map((name, j) => {
    if (!(variance > 0)) return 0;
    const groups = groupOf(space[name] as ParamDef, name, points, cube.map((u) => u[j] as number), bins);
    return betweenGroupVariance(f, groups, mean) / variance;
  });
  const total = raw.reduce((s, v) => s + v, 0);
  const scale = total > 1 ? 1 / total : 1;
  const params = names
    .map((name, j) => ({ name, fraction: Math.max(0, (raw[j] as number) * scale), order: j }))
    .sort((a, b) => b.fraction - a.fraction || a.order - b.order)
    .map(({ name, fraction }) => ({ name, fraction }));
  const explained = params.reduce((s, p) => s + p.fraction, 0);
  return { params, interactions: Math.max(0, 1 - explained), variance };
}

/**
 * Importance on the GP posterior mean of a study's complete trials; null when none has completed.
 * The Sobol seed defaults to the study's seed, so the result is deterministic.
 */
export function gpImportance(study: InspectableStudy, options: ImportanceOptions = {}): Importance | null {
  const inspection = inspectGp(study);
  if (inspection === null) return null;
  return mainEffectImportance(study.space, (points) => inspection.predict(points).mean, { seed: study.seed, ...options });
}

/** Group index of each point for parameter `name`. */
function groupOf(def: ParamDef, name: string, points: readonly Params[], u: readonly number[], bins: number): Int32Array {
  const groups = new Int32Array(points.length);
  const byValue = def.type === 'categorical' || (def.type === 'int' && Math.floor((def.high - def.low) / (def.step ?? 1)) + 1 <= bins);
  if (byValue) {
    const index = new Map<unknown, number>();
    points.forEach((p, i) => {
      const v = p[name];
      if (!index.has(v)) index.set(v, index.size);
      groups[i] = index.get(v) as number;
    });
    return groups;
  }
  const order = u.map((_, i) => i).sort((a, b) => (u[a] as number) - (u[b] as number) || a - b);
  order.forEach((i, rank) => {
    groups[i] = Math.min(bins - 1, Math.floor((rank * bins) / points.length));
  });
  return groups;
}

/** (1/N) Σ_b n_b (f̄_b − f̄)². */
function betweenGroupVariance(f: readonly number[], groups: Int32Array, mean: number): number {
  const sums = new Map<number, { sum: number; n: number }>();
  groups.forEach((g, i) => {
    const s = sums.get(g) ?? { sum: 0, n: 0 };
    s.sum += f[i] as number;
    s.n += 1;
    sums.set(g, s);
  });
  let between = 0;
  for (const { sum, n } of sums.values()) between += n * (sum / n - mean) ** 2;
  return between / f.length;
}
