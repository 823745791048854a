/**
 * The harder benchmark functions of the peer comparison: two where only a few of many dimensions
 * matter, and one whose values are heavy-tailed. All are minimised, on the unit cube or a box.
 *
 * Notation
 *   u ∈ [0, 1]^D     one point of the D-dimensional space (params u1 … uD)
 *   A ⊂ {1 … D}      the active dimensions, in the order the embedded function reads them;
 *                    every other dimension is inert (f does not depend on it)
 *   R(x)             Rosenbrock-4, Σ_{i=1}^{3} 100(x_{i+1} − x_i²)² + (1 − x_i)², on x ∈ [−2, 2]^4
 *   R_max            max of R on [−2, 2]^4, at x = (−2, −2, −2, −2): 3 · (100 · 36 + 9) = 10 827
 *   p                5 / log10(1 + R_max), so that f spans 10^2 … 10^7 exactly
 */
import type { Params, SearchSpace } from '../../src/tuner';
import { branin, hartmann6, rosenbrock, type BenchFunction } from './functions';

/** Floats named `${prefix}1` … `${prefix}d`, each on [low, high]. */
function box(prefix: string, d: number, low: number, high: number): SearchSpace {
  const space: Record<string, { type: 'float'; low: number; high: number }> = {};
  for (let i = 1; i <= d; i++) space[`${prefix}${i}`] = { type: 'float', low, high };
  return space;
}

/** The values of `${prefix}i` for i in `dims` (1-based), in that order. */
function pick(params: Params, prefix: string, dims: readonly number[]): number[] {
  return dims.map((i) => params[`${prefix}${i}`] as number);
}

/** A point of the D-cube with `active` (1-based) set to `values` and the inert rest at 0.5. */
function embed(d: number, active: readonly number[], values: readonly number[]): Params {
  const out: Record<string, number> = {};
  for (let i = 1; i <= d; i++) out[`u${i}`] = 0.5;
  active.forEach((dim, j) => (out[`u${dim}`] = values[j] as number));
  return out;
}

/** Hartmann-6 reads these six of the ten dimensions. */
const H6_IN_10 = [2, 3, 5, 7, 8, 10] as const;
const HARTMANN6_STAR = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573];

const HARTMANN6_IN_10D: BenchFunction = {
  name: 'hartmann6-in-10d',
  description: `Hartmann-6 of u${H6_IN_10.join(', u')} on [0, 1]^10; the other four dimensions are inert`,
  space: box('u', 10, 0, 1),
  value: (p) => hartmann6(pick(p, 'u', H6_IN_10)),
  fStar: -3.32236801141551,
  minimisers: [embed(10, H6_IN_10, HARTMANN6_STAR)],
  noiseSigma: 0,
};

/** Branin reads these two of the twenty dimensions, mapped x1 = −5 + 15u, x2 = 15u. */
const BRANIN_IN_20 = [4, 13] as const;
const BRANIN_STARS: readonly (readonly [number, number])[] = [
  [-Math.PI, 12.275],
  [Math.PI, 2.275],
  [9.42477796, 2.475],
];

const BRANIN_IN_20D: BenchFunction = {
  name: 'branin-in-20d',
  description: `Branin of (−5 + 15u${BRANIN_IN_20[0]}, 15u${BRANIN_IN_20[1]}) on [0, 1]^20; the other eighteen dimensions are inert`,
  space: box('u', 20, 0, 1),
  value: (p) => {
    const [a, b] = pick(p, 'u', BRANIN_IN_20) as [number, number];
    return branin(-5 + 15 * a, 15 * b);
  },
  fStar: 0.397887357729739,
  minimisers: BRANIN_STARS.map(([x1, x2]) => embed(20, BRANIN_IN_20, [(x1 + 5) / 15, x2 / 15])),
  noiseSigma: 0,
};

const ROSENBROCK_MAX = 3 * (100 * 36 + 9);
const HEAVY_POWER = 5 / Math.log10(1 + ROSENBROCK_MAX);

/** f(x) = 100 · (1 + R(x))^p: 100 at x = (1, 1, 1, 1), 10^7 at the worst corner. */
export function heavyRosenbrock(x: readonly number[]): number {
  return 100 * (1 + rosenbrock(x)) ** HEAVY_POWER;
}

const HEAVY_ROSENBROCK4: BenchFunction = {
  name: 'heavy-rosenbrock4',
  description: `100 · (1 + Rosenbrock-4(x))^${HEAVY_POWER.toFixed(3)} on [−2, 2]^4: values span 1e2 … 1e7, most of the box above 1e4`,
  space: box('x', 4, -2, 2),
  value: (p) => heavyRosenbrock(pick(p, 'x', [1, 2, 3, 4])),
  fStar: 100,
  minimisers: [{ x1: 1, x2: 1, x3: 1, x4: 1 }],
  noiseSigma: 0,
};

/** The 10-D and 20-D functions with few active dimensions (100 evaluations × 10 seeds in a full run). */
export const SPARSE_FUNCTIONS: readonly BenchFunction[] = [HARTMANN6_IN_10D, BRANIN_IN_20D];

/** The heavy-tailed function. */
export const HEAVY_TAILED_FUNCTIONS: readonly BenchFunction[] = [HEAVY_ROSENBROCK4];
