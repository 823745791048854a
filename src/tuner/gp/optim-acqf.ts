/**
 * Maximising an acquisition over a mixed search space (after Optuna's optim_mixed):
 *   1. score quasi-random (scrambled Sobol) candidates and perturbations of the incumbents;
 *   2. from the best few, and from the best untaken one-coordinate neighbour of each of the first
 *      `incumbentStarts` incumbents, alternate (a) bounded L-BFGS over the continuous dimensions
 *      with the discrete ones fixed, and (b) an exhaustive sweep of each discrete/categorical
 *      dimension, until a sweep changes nothing. Ints and categoricals are thus chosen by the
 *      acquisition itself, never by blindly rounding a continuous optimum;
 *   3. return the best point not asked before; if every point found was, the best untaken
 *      one-coordinate neighbour of the best few, so a finite space is never asked twice while it
 *      has untried points near the optimum.
 * With a trust region (trust-region.ts), candidates are projected into it, sweeps do not leave it,
 * and the point returned lies in it unless every point in reach there was asked already.
 * `optimizeAcquisitionSteps` does the same as slices (slices.ts): candidates are scored in
 * chunks of about SLICE_WORK operations, and the local search pauses after each evaluation.
 *
 * Notation
 *   d        GP input dimensions;   x (d) a GP input (see search-space.ts)
 *   C        number of Sobol candidates;   R number of refined starts
 *   a(x)     the acquisition, maximised
 *   w        operations per evaluation of a(x) (≈ n²/2 + 30n per GP it consults, n its rows, plus
 *            EVALUATION_OVERHEAD)
 */
import type { Rng } from '../rng';
import { sobolPoints } from '../qmc/sobol-sequence';
import type { Acquisition } from './acquisition';
import { lbfgsSteps } from './lbfgs';
import { asSlices, runSliced, type Sliced } from '../slices';
import type { GpEncoding } from './search-space';
import { hammingFromCenter, projectIntoRegion, type DiscreteTrustRegion } from './trust-region';

export interface AcquisitionSearch {
  rng: Rng;
  /** Quasi-random candidates C. */
  candidates: number;
  /** Starts R refined by local search. */
  refinements: number;
  /** Encoded inputs of the best observed points, best first; perturbed as extra candidates. */
  incumbents: readonly Float64Array[];
  /** Incumbents (the first of `incumbents`) that also start a local search themselves; default 0. */
  incumbentStarts?: number;
  /** True for inputs that must not be suggested again (already asked). */
  isTaken: (x: Float64Array) => boolean;
  /** w: operations per evaluation of the acquisition (sizes the slices); default 1e4. */
  evaluationWork?: number;
  /** Keep suggestions within this Hamming ball over the discrete coordinates (trust-region.ts); default none. */
  trustRegion?: DiscreteTrustRegion | null;
}

export interface AcquisitionOptimum {
  x: Float64Array;
  value: number;
}

const MAX_SWEEP_VALUES = 24;

/** Operations scored between two slice marks. */
export const SLICE_WORK = 1e6;

/**
 * What one evaluation of a(x) costs beyond its flop count, in the same units: calls, the posterior's
 * objects, an exp per row. It dominates while the model is small, where counting flops alone would
 * put hundreds of evaluations between two marks.
 */
export const EVALUATION_OVERHEAD = 1e4;

export function optimizeAcquisition(acq: Acquisition, enc: GpEncoding, search: AcquisitionSearch): AcquisitionOptimum {
  return runSliced(optimizeAcquisitionSteps(acq, enc, search));
}

export function* optimizeAcquisitionSteps(acq: Acquisition, enc: GpEncoding, search: AcquisitionSearch): Sliced<AcquisitionOptimum> {
  const d = enc.dims.length;
  const w = search.evaluationWork ?? 1e4;
  const region = search.trustRegion ?? null;
  const inRegion = (x: Float64Array): boolean => region === null || hammingFromCenter(region, x) <= region.radius;
  const candidates = generateCandidates(enc, search);
  const chunk = Math.max(1, Math.floor(SLICE_WORK / w));
  const scored: AcquisitionOptimum[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const x = candidates[i] as Float64Array;
    scored.push({ x, value: acq.value(x) });
    if ((i + 1) % chunk === 0) yield { phase: 'score', work: chunk * w };
  }
  scored.sort((a, b) => b.value - a.value);

  const results: AcquisitionOptimum[] = [];
  const starts = scored.slice(0, Math.max(1, search.refinements));
  // The best incumbents themselves start a local search too (as Optuna's optim_mixed does): on
  // plateaus the acquisition barely separates far candidates, and a climb from the incumbent
  // keeps the search near configurations known to be good.
  const incumbentStarts = search.incumbentStarts ?? 0;
  // An incumbent was asked already: its climb starts from its best untaken neighbour.
  for (const x of search.incumbents.slice(0, incumbentStarts)) {
    const start = yield* bestUntakenNeighbour(acq, enc, x, (y) => search.isTaken(y) || !inRegion(y), w);
    if (start !== null) starts.push(start);
  }
  for (const start of starts) results.push(yield* refine(acq, enc, start.x, start.value, d, w, region));
  for (const c of scored) results.push(c);
  results.sort((a, b) => b.value - a.value);
  for (const r of results) if (Number.isFinite(r.value) && !search.isTaken(r.x) && inRegion(r.x)) return r;
  for (const r of results) if (!search.isTaken(r.x) && inRegion(r.x)) return r;
  // Every candidate was asked before: the best untaken one-coordinate neighbour of the best few,
  // inside the region if one is, else anywhere.
  for (const allowed of region === null ? [() => true] : [inRegion, () => true]) {
    for (const r of results.slice(0, 8)) {
      const neighbour = yield* bestUntakenNeighbour(acq, enc, r.x, (y) => search.isTaken(y) || !allowed(y), w);
      if (neighbour !== null) return neighbour;
    }
  }
  for (const r of results) if (!search.isTaken(r.x)) return r;
  return results[0] as AcquisitionOptimum;
}

/** Of the points that differ from x in one discrete coordinate, the untaken one with the highest a(x); null if none. */
function* bestUntakenNeighbour(
  acq: Acquisition,
  enc: GpEncoding,
  x: Float64Array,
  isTaken: (x: Float64Array) => boolean,
  w: number,
): Sliced<AcquisitionOptimum | null> {
  let best: AcquisitionOptimum | null = null;
  for (let j = 0; j < enc.dims.length; j++) {
    const dim = enc.dims[j] as GpEncoding['dims'][number];
    if (dim.kind === 'continuous' && !dim.snap) continue;
    const options =
      dim.kind === 'continuous' ? [0, 0.25, 0.5, 0.75, 1] : sweepValues(dim.kind === 'categorical' ? null : dim.values, dim.kind === 'categorical' ? dim.count : 0, x[j] as number);
    let evaluated = 0;
    for (const option of options) {
      const y = Float64Array.from(x);
      y[j] = option;
      enc.snap(y);
      if (y[j] === x[j] || isTaken(y)) continue;
      const value = acq.value(y);
      evaluated++;
      if (best === null || value > best.value) best = { x: y, value };
    }
    if (evaluated > 0) yield { phase: 'refine', work: evaluated * w };
  }
  return best;
}

function generateCandidates(enc: GpEncoding, search: AcquisitionSearch): Float64Array[] {
  const d = enc.dims.length;
  const out: Float64Array[] = [];
  const seed = search.rng.int(0, 2 ** 31);
  for (const u of sobolPoints(search.candidates, d, seed)) {
    const x = new Float64Array(d);
    enc.dims.forEach((dim, j) => {
      const uj = u[j] as number;
      x[j] = dim.kind === 'categorical' ? Math.min(dim.count - 1, Math.floor(uj * dim.count)) : uj;
    });
    enc.snap(x);
    if (search.trustRegion) projectIntoRegion(search.trustRegion, x, (k) => search.rng.int(0, k));
    out.push(x);
  }
  // Local candidates around the incumbents: exploitation that pure space-filling misses.
  const perIncumbent = 24;
  const scales = [0.005, 0.03, 0.12];
  for (const base of search.incumbents) {
    for (let c = 0; c < perIncumbent; c++) {
      const x = Float64Array.from(base);
      const sigma = scales[c % scales.length] as number;
      const p = Math.min(1, 2 / d);
      let changed = false;
      enc.dims.forEach((dim, j) => {
        if (search.rng.next() >= p && !(j === d - 1 && !changed)) return;
        changed = true;
        if (dim.kind === 'categorical') x[j] = search.rng.int(0, dim.count);
        else x[j] = reflect((x[j] as number) + sigma * search.rng.normal());
      });
      enc.snap(x);
      if (search.trustRegion) projectIntoRegion(search.trustRegion, x, (k) => search.rng.int(0, k));
      out.push(x);
    }
  }
  return out;
}

function* refine(
  acq: Acquisition,
  enc: GpEncoding,
  start: Float64Array,
  startValue: number,
  d: number,
  w: number,
  region: DiscreteTrustRegion | null,
): Sliced<AcquisitionOptimum> {
  const x = Float64Array.from(start);
  let value = startValue;
  const continuous: number[] = [];
  const discrete: number[] = [];
  enc.dims.forEach((dim, j) => (dim.kind === 'continuous' ? continuous : discrete).push(j));

  for (let round = 0; round < 3; round++) {
    if (continuous.length > 0) value = yield* refineContinuous(acq, x, continuous, d, value, w);
    let changed = false;
    for (const j of discrete) {
      const dim = enc.dims[j];
      if (dim === undefined || dim.kind === 'continuous') continue;
      const options = sweepValues(dim.kind === 'categorical' ? null : dim.values, dim.kind === 'categorical' ? dim.count : 0, x[j] as number);
      const current = x[j] as number;
      let bestV = value;
      let bestOption = current;
      // Within a trust region, a change may not take x further than L from its centre.
      const blocked = region !== null && region.restricted[j] === 1 && current === region.center[j] && hammingFromCenter(region, x) >= region.radius;
      for (const option of options) {
        if (option === current || (blocked && option !== region?.center[j])) continue;
        x[j] = option;
        const v = acq.value(x);
        if (v > bestV) {
          bestV = v;
          bestOption = option;
        }
      }
      x[j] = bestOption;
      yield { phase: 'refine', work: options.length * w };
      if (bestOption !== current) {
        value = bestV;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const snapped = Float64Array.from(x);
  enc.snap(snapped);
  let same = true;
  for (let j = 0; j < d; j++) if (snapped[j] !== x[j]) same = false;
  return { x: snapped, value: same ? value : acq.value(snapped) };
}

/** L-BFGS-B over the continuous coordinates `idx` of x (in place); returns the new a(x). */
function* refineContinuous(acq: Acquisition, x: Float64Array, idx: readonly number[], d: number, current: number, w: number): Sliced<number> {
  const m = idx.length;
  const full = new Float64Array(d);
  const sub0 = Float64Array.from(idx, (j) => x[j] as number);
  const work = Float64Array.from(x);
  const run = lbfgsSteps(
    (sub, grad) => {
      for (let i = 0; i < m; i++) work[idx[i] as number] = sub[i] as number;
      const v = acq.valueAndGrad(work, full);
      for (let i = 0; i < m; i++) grad[i] = -(full[idx[i] as number] as number);
      return -v;
    },
    sub0,
    { maxIterations: 25, gradientTolerance: 1e-6, valueTolerance: 1e-9, lower: new Float64Array(m), upper: new Float64Array(m).fill(1) },
  );
  // An evaluation with its gradient costs about twice a plain one.
  const result = yield* asSlices(run, 'refine', 2 * w);
  if (!(-result.value > current)) return current;
  for (let i = 0; i < m; i++) x[idx[i] as number] = result.x[i] as number;
  return -result.value;
}

/** Values to try for one discrete dimension: all of them, or the nearest few when there are many. */
function sweepValues(values: Float64Array | null, count: number, current: number): number[] {
  if (values === null) return Array.from({ length: count }, (_, i) => i);
  if (values.length <= MAX_SWEEP_VALUES) return Array.from(values);
  let at = 0;
  for (let i = 0; i < values.length; i++) if (Math.abs((values[i] as number) - current) < Math.abs((values[at] as number) - current)) at = i;
  const half = MAX_SWEEP_VALUES / 2;
  const lo = Math.max(0, Math.min(at - half, values.length - MAX_SWEEP_VALUES));
  return Array.from(values.subarray(lo, lo + MAX_SWEEP_VALUES));
}

function reflect(v: number): number {
  let r = v;
  for (let i = 0; i < 4 && (r < 0 || r > 1); i++) r = r < 0 ? -r : 2 - r;
  return r < 0 ? 0 : r > 1 ? 1 : r;
}
