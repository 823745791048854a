/**
 * A trust region over the discrete and categorical coordinates (after CASMOPOLITAN's Hamming-ball
 * trust regions, TuRBO's success/failure rule): suggestions may differ from the incumbent in at
 * most L such coordinates. L grows after a run of improvements and shrinks after a run without
 * one; below 1 it restarts at its largest. The region is replayed from the history in trial order,
 * so it keeps no state of its own and a restored study continues exactly. Spaces with fewer than
 * TRUST_REGION_MIN_CONFIGURATIONS discrete configurations keep no region.
 *
 * Notation
 *   q        discrete + categorical dimensions (continuous ones are never restricted)
 *   L        the radius: the most discrete coordinates a suggestion may change, 1 ≤ L ≤ q
 *   ℓ_t      loss of the t-th observed trial (in trial order, after the `startup` first ones)
 *   success  ℓ_t < best so far − tol (tol = 1e-3 · the spread of the losses seen so far)
 *   τ_s, τ_f successes / failures in a row that grow / shrink L: τ_s = 2, τ_f = max(2, ⌈q/2⌉)
 */
import type { GpDim } from './search-space';

/** The region: suggestions differ from `center` in at most `radius` of the `restricted` coordinates. */
export interface DiscreteTrustRegion {
  readonly center: Float64Array;
  readonly radius: number;
  /** 1 for the discrete and categorical coordinates the radius counts. */
  readonly restricted: Uint8Array;
}

/**
 * Below this many discrete configurations (the product of the restricted dimensions' value
 * counts) no region is kept: a small space is covered well by the acquisition alone, and a Hamming
 * ball there only delays the visits to its other corners.
 */
export const TRUST_REGION_MIN_CONFIGURATIONS = 1000;

/** The number of distinct settings of the discrete and categorical dimensions (∞ past 2⁵³). */
export function discreteConfigurations(dims: readonly GpDim[]): number {
  let count = 1;
  for (const dim of dims) {
    if (dim.kind === 'discrete') count *= dim.values.length;
    else if (dim.kind === 'categorical') count *= dim.count;
  }
  return count > Number.MAX_SAFE_INTEGER ? Infinity : count;
}

/** Indices of the dimensions the trust region restricts (discrete and categorical). */
export function restrictedDims(dims: readonly GpDim[]): Uint8Array {
  return Uint8Array.from(dims, (dim) => (dim.kind === 'continuous' ? 0 : 1));
}

/** L after replaying `lossesInTrialOrder` (ℓ of every observed trial, in trial order) past the first `startup`. */
export function trustRadius(lossesInTrialOrder: readonly number[], startup: number, q: number): number {
  if (q <= 0) return 0;
  const tauFail = Math.max(2, Math.ceil(q / 2));
  let radius = q;
  let best = Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  let successes = 0;
  let failures = 0;
  lossesInTrialOrder.forEach((loss, t) => {
    const tol = Number.isFinite(hi - lo) ? 1e-3 * (hi - lo) : 0;
    const improved = loss < best - tol;
    best = Math.min(best, loss);
    lo = Math.min(lo, loss);
    hi = Math.max(hi, loss);
    if (t < startup) return;
    if (improved) {
      successes++;
      failures = 0;
    } else {
      failures++;
      successes = 0;
    }
    if (successes >= 2) {
      radius = Math.min(q, radius + 1);
      successes = 0;
    } else if (failures >= tauFail) {
      radius = radius - 1 < 1 ? q : radius - 1;
      failures = 0;
    }
  });
  return radius;
}

/** How many restricted coordinates of x differ from the centre. */
export function hammingFromCenter(region: DiscreteTrustRegion, x: Float64Array): number {
  let h = 0;
  for (let j = 0; j < x.length; j++) if (region.restricted[j] && x[j] !== region.center[j]) h++;
  return h;
}

/**
 * Moves x into the region in place: while it differs in more than L restricted coordinates, a
 * randomly chosen differing one takes the centre's value (`pick(k)` draws an index below k).
 */
export function projectIntoRegion(region: DiscreteTrustRegion, x: Float64Array, pick: (k: number) => number): void {
  const differing: number[] = [];
  for (let j = 0; j < x.length; j++) if (region.restricted[j] && x[j] !== region.center[j]) differing.push(j);
  while (differing.length > region.radius) {
    const [j] = differing.splice(pick(differing.length), 1) as [number];
    x[j] = region.center[j] as number;
  }
}
