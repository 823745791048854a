/**
 * From a study's history to a fitted GP over the loss (the objective turned into a minimisation),
 * shared by the sampler and by the inspector the page draws.
 *
 * Notation
 *   n_o, n_f, n_p   observed (complete), failed and pending (running) trials
 *   ℓ_i             loss of observed trial i;  failed trials are imputed with max ℓ (the worst),
 *                   so the model learns to avoid regions that diverge or crash
 *   w               the output warp (output-warping.ts) fitted on the working set's observed losses:
 *                   increasing, the identity unless `outputWarping` asks for one
 *   m, s_y          mean and standard deviation of the warped losses w(ℓ_i);  y_i = (w(ℓ_i) − m)/s_y
 *                   (s_y = 1 if 0);  back on the user's scale ℓ = w⁻¹(m + s_y y)
 *   X               encoded inputs (see search-space.ts), n = n_o + n_f rows, then n_p believers
 *   believers       pending points with y = μ(x) of the model without them (kriging believer):
 *                   σ shrinks there, so parallel asks spread out instead of repeating
 *   f*              min over observed points of the posterior mean μ(X_i) = y_i − σ²ₙ α_i, and
 *                   over the believers' values (they are treated as observed)
 *   W               the working set's bound (working-set.ts): past W rows the GP conditions on W
 *                   chosen rows; m, s_y, the imputed worst value and `rows` still describe the whole
 *                   history's choice, and hyperparameters are fitted on at most maxFitPoints of them
 *
 * `gpModelSteps` is the construction as slices (slices.ts); `buildGpModel` runs it through.
 */
import type { Rng } from '../rng';
import type { SearchSpace } from '../space/types';
import { runSliced, type Sliced } from '../slices';
import type { Direction, Trial } from '../trial/trial';
import { encodeHistory, type EncodedHistory } from './encoded-history';
import { defaultHyperparams, fitHyperparamsSteps, type FitStart } from './fit';
import { GpRegressor, type GpHyperparams } from './regressor';
import { DEFAULT_LENGTHSCALE_PRIOR, type LengthscalePrior } from './prior';
import { createGpEncoding, type GpEncoding } from './search-space';
import { fitOutputWarp, type OutputWarp, type OutputWarping } from './output-warping';
import { DEFAULT_MAX_MODEL_POINTS, selectWorkingSet } from './working-set';

/** How to get kernel hyperparameters: reuse given ones, or fit (from a warm start and/or defaults). */
export type HyperparamPlan =
  | { readonly kind: 'reuse'; readonly hyper: GpHyperparams }
  | { readonly kind: 'fit'; readonly warmStart: GpHyperparams | null; readonly coldStart: boolean };

export interface GpModelOptions {
  hyperparams: HyperparamPlan;
  /** Noise variance floor in standardised units. */
  minNoise: number;
  /** Fit hyperparameters on at most this many points (the best half plus a random rest). */
  maxFitPoints: number;
  /** W: condition on at most this many rows (working-set.ts); default 300. */
  maxModelPoints?: number;
  /** w: the output warp to fit (output-warping.ts); default 'none'. */
  outputWarping?: OutputWarping;
  /** The lengthscales' prior (prior.ts); default DEFAULT_LENGTHSCALE_PRIOR. */
  lengthscalePrior?: LengthscalePrior;
  rng: Rng;
}

export interface GpModel {
  readonly encoding: GpEncoding;
  /** GP on the working set's observed + imputed failed points (no believers). */
  readonly regressor: GpRegressor;
  /** GP that also holds the pending believers; equals `regressor` without pending trials. */
  readonly withPending: GpRegressor;
  readonly hyper: GpHyperparams;
  /** The fitted output warp w. */
  readonly warp: OutputWarp;
  /** loss = warp.inverse(lossMean + lossStd · y) */
  readonly lossMean: number;
  readonly lossStd: number;
  /** f* in standardised units (over observed points and believers). */
  readonly incumbent: number;
  /** f* over observed points only. */
  readonly observedIncumbent: number;
  /** Encoded observed inputs of the working set and their losses, best first (the incumbent first). */
  readonly ranked: readonly { x: Float64Array; loss: number }[];
  /** Complete trials with a finite value in the whole history. */
  readonly observedCount: number;
  /** Rows of the whole history (observed + failed), for deciding when to refit. */
  readonly rows: number;
}

const encodings = new WeakMap<SearchSpace, GpEncoding>();

export function gpEncodingFor(space: SearchSpace): GpEncoding {
  let enc = encodings.get(space);
  if (enc === undefined) {
    enc = createGpEncoding(space);
    encodings.set(space, enc);
  }
  return enc;
}

/** Fits the GP; null when no trial has completed yet. */
export function buildGpModel(space: SearchSpace, direction: Direction, trials: readonly Trial[], options: GpModelOptions): GpModel | null {
  const enc = gpEncodingFor(space);
  return runSliced(gpModelSteps(enc, encodeHistory(enc, direction, trials), options));
}

/** `buildGpModel` from an encoded history, as slices. */
export function* gpModelSteps(enc: GpEncoding, history: EncodedHistory, options: GpModelOptions): Sliced<GpModel | null> {
  const d = enc.dims.length;
  if (history.observed.length === 0) return null;
  const totalRows = history.observed.length + history.failed.length;
  const worst = (history.observed[history.observed.length - 1] as { loss: number }).loss;
  const working = selectWorkingSet(history, options.maxModelPoints ?? DEFAULT_MAX_MODEL_POINTS, options.rng);
  yield { phase: 'model', work: 20 * totalRows };

  const ranked = working.observed;
  const warp = fitOutputWarp(ranked.map((r) => r.loss), options.outputWarping ?? 'none');
  const rows = ranked.map((r) => warp.forward(r.loss)).concat(working.failed.map(() => warp.forward(worst)));
  const n = rows.length;

  let sum = 0;
  for (const loss of rows) sum += loss;
  const lossMean = sum / n;
  let sq = 0;
  for (const loss of rows) sq += (loss - lossMean) ** 2;
  const sd = Math.sqrt(sq / n);
  const lossStd = sd > 1e-12 * Math.max(1, Math.abs(lossMean)) ? sd : 1;

  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  ranked.forEach((r, i) => X.set(r.x, i * d));
  working.failed.forEach((r, k) => X.set(r.x, (ranked.length + k) * d));
  rows.forEach((loss, i) => {
    y[i] = (loss - lossMean) / lossStd;
  });

  const plan = options.hyperparams;
  const hyper =
    plan.kind === 'reuse' && plan.hyper.lengthscales.length === d
      ? plan.hyper
      : yield* fitOnSubset(X, y, n, d, enc.categorical, options);
  const regressor = yield* GpRegressor.build(X, n, d, y, hyper, enc.categorical);

  let incumbent = Infinity;
  for (let i = 0; i < ranked.length; i++) {
    const mu = (y[i] as number) - regressor.diagonal * (regressor.alpha[i] as number);
    if (mu < incumbent) incumbent = mu;
  }

  const observedIncumbent = incumbent;
  let withPending = regressor;
  const p = history.pending.length;
  if (p > 0) {
    const Xp = new Float64Array(p * d);
    const yp = new Float64Array(p);
    history.pending.forEach((x, k) => {
      Xp.set(x, k * d);
      yp[k] = regressor.posterior(x).mean;
    });
    withPending = regressor.withRows(Xp, p, yp);
    yield { phase: 'model', work: p * (n + p) * (n + p + d) };
    // The believed values count as observations: a pending point predicted to beat the incumbent
    // becomes the incumbent, so EI no longer rewards asking right next to it again.
    for (let k = 0; k < p; k++) incumbent = Math.min(incumbent, yp[k] as number);
  }
  return {
    encoding: enc,
    regressor,
    withPending,
    hyper,
    warp,
    lossMean,
    lossStd,
    incumbent,
    observedIncumbent,
    ranked,
    observedCount: history.observed.length,
    rows: totalRows,
  };
}

function* fitOnSubset(X: Float64Array, y: Float64Array, n: number, d: number, categorical: Uint8Array, options: GpModelOptions): Sliced<GpHyperparams> {
  let Xf = X;
  let yf = y;
  let m = n;
  if (n > options.maxFitPoints) {
    // Rows are sorted best first (observed), failed last: keep the best half, sample the rest.
    m = options.maxFitPoints;
    const keep = Math.floor(m / 2);
    const rest = options.rng.shuffle(Array.from({ length: n - keep }, (_, i) => i + keep)).slice(0, m - keep);
    const chosen = Array.from({ length: keep }, (_, i) => i).concat(rest);
    Xf = new Float64Array(m * d);
    yf = new Float64Array(m);
    chosen.forEach((row, i) => {
      Xf.set(X.subarray(row * d, row * d + d), i * d);
      yf[i] = y[row] as number;
    });
  }
  const plan = options.hyperparams;
  const starts: FitStart[] = [];
  const warm = plan.kind === 'fit' ? plan.warmStart : plan.hyper;
  if (warm !== null && warm.lengthscales.length === d) starts.push({ hyper: warm });
  const prior = options.lengthscalePrior ?? DEFAULT_LENGTHSCALE_PRIOR;
  if (starts.length === 0 || (plan.kind === 'fit' && plan.coldStart)) starts.push({ hyper: defaultHyperparams(d, prior) });
  return yield* fitHyperparamsSteps(Xf, m, d, yf, categorical, starts, { minNoise: options.minNoise, lengthscalePrior: prior });
}
