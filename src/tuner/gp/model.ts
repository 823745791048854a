/**
 * From a study's history to a fitted GP over the loss (the objective turned into a minimisation),
 * shared by the sampler and by the inspector the page draws.
 *
 * Notation
 *   n_o, n_f, n_p   observed (complete), failed and pending (running) trials
 *   ℓ_i             loss of observed trial i;  failed trials are imputed with max ℓ (the worst),
 *                   so the model learns to avoid regions that diverge or crash
 *   w               the output warp (output-warping.ts) fitted on the working set's observed losses:
 *                   increasing, the identity unless `outputWarping` asks for one; under 'auto' each
 *                   fit weighs the identity against the power warp (warp-selection.ts) and a reused
 *                   fit keeps the choice made with its hyperparameters
 *   m, s_y          mean and standard deviation of the warped losses w(ℓ_i);  y_i = (w(ℓ_i) − m)/s_y
 *                   (s_y = 1 if 0);  back on the user's scale ℓ = w⁻¹(m + s_y y)
 *   X               encoded inputs (see search-space.ts), n = n_o + n_f rows, then n_p believers
 *   f*              min over observed points of the posterior mean μ(X_i) = y_i − σ²ₙ α_i
 *   believers       pending points with y = max(μ(x), f*), μ of the model without them (a kriging
 *                   believer bounded below by the incumbent): σ shrinks there, so parallel asks
 *                   spread out instead of repeating; a running trial is never believed to beat f*,
 *                   so near convergence EI still rewards refining around the best observed point
 *                   instead of treating an unseen guess as the bar every other point must clear
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
import { defaultHyperparams, fitWithEvidenceSteps, type FitResult, type FitStart } from './fit';
import { GpRegressor, type GpHyperparams } from './regressor';
import { DEFAULT_LENGTHSCALE_PRIOR, type LengthscalePrior } from './prior';
import { createGpEncoding, type GpEncoding } from './search-space';
import { fitOutputWarp, IDENTITY_WARP, type OutputWarp, type OutputWarping } from './output-warping';
import { standardiseLosses, warpEvidence, type StandardisedLosses } from './warp-selection';
import { DEFAULT_MAX_MODEL_POINTS, selectWorkingSet } from './working-set';

/** How to get kernel hyperparameters: reuse given ones, or fit (from a warm start and/or defaults). */
export type HyperparamPlan =
  | {
      readonly kind: 'reuse';
      readonly hyper: GpHyperparams;
      /** Under 'auto' warping, the warp chosen when `hyper` was fitted (GpModel.warping); default 'power'. */
      readonly warping?: 'none' | 'power';
    }
  | { readonly kind: 'fit'; readonly warmStart: GpHyperparams | null; readonly coldStart: boolean };

export interface GpModelOptions {
  hyperparams: HyperparamPlan;
  /** Noise variance floor in standardised units. */
  minNoise: number;
  /** Fit hyperparameters on at most this many points (the best half plus a random rest). */
  maxFitPoints: number;
  /** W: condition on at most this many rows (working-set.ts); default 300. */
  maxModelPoints?: number;
  /** w: the output warp to fit (output-warping.ts; 'auto' chooses it on each fit, warp-selection.ts); default 'none'. */
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
  /** Which warp the model uses: 'none' (w is the identity) or 'power'; what a reuse plan passes back under 'auto'. */
  readonly warping: 'none' | 'power';
  /** loss = warp.inverse(lossMean + lossStd · y) */
  readonly lossMean: number;
  readonly lossStd: number;
  /** f* in standardised units, over observed points (the believers never lower it). */
  readonly incumbent: number;
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
  const losses = ranked.map((r) => r.loss).concat(working.failed.map(() => worst));
  const n = losses.length;
  const X = new Float64Array(n * d);
  ranked.forEach((r, i) => X.set(r.x, i * d));
  working.failed.forEach((r, k) => X.set(r.x, (ranked.length + k) * d));

  const kind = options.outputWarping ?? 'none';
  const plan = options.hyperparams;
  const reuse = plan.kind === 'reuse' && plan.hyper.lengthscales.length === d ? plan : null;
  const asked = kind === 'auto' && reuse !== null ? (reuse.warping ?? 'power') : kind;
  const fitted = fitOutputWarp(ranked.map((r) => r.loss), asked);
  let chosen: { warp: OutputWarp; standardised: StandardisedLosses; hyper: GpHyperparams };
  if (reuse !== null) {
    chosen = { warp: fitted, standardised: standardiseLosses(losses, fitted), hyper: reuse.hyper };
  } else {
    // 'auto': fit the GP to the raw and to the warped losses, keep the one that explains ℓ better.
    const candidates = asked === 'auto' && fitted.family !== 'identity' ? [IDENTITY_WARP, fitted] : [fitted];
    const rowsForFit = fitRows(n, options.maxFitPoints, options.rng);
    let best: { warp: OutputWarp; standardised: StandardisedLosses; hyper: GpHyperparams; evidence: number } | null = null;
    for (const warp of candidates) {
      const standardised = standardiseLosses(losses, warp);
      const fit = yield* fitOnRows(X, standardised.y, rowsForFit, d, enc.categorical, options);
      const evidence = warpEvidence(fit.logPosterior, standardised, rowsForFit);
      if (best === null || evidence > best.evidence) best = { warp, standardised, hyper: fit.hyper, evidence };
    }
    chosen = best as NonNullable<typeof best>;
  }
  const { warp, hyper } = chosen;
  const { y, mean: lossMean, std: lossStd } = chosen.standardised;
  const regressor = yield* GpRegressor.build(X, n, d, y, hyper, enc.categorical);

  // f* over observed points; the believers are bounded below by it, so they never lower it.
  let incumbent = Infinity;
  for (let i = 0; i < ranked.length; i++) {
    const mu = (y[i] as number) - regressor.diagonal * (regressor.alpha[i] as number);
    if (mu < incumbent) incumbent = mu;
  }

  let withPending = regressor;
  const p = history.pending.length;
  if (p > 0) {
    const Xp = new Float64Array(p * d);
    const yp = new Float64Array(p);
    history.pending.forEach((x, k) => {
      Xp.set(x, k * d);
      yp[k] = Math.max(regressor.posterior(x).mean, incumbent);
    });
    withPending = regressor.withRows(Xp, p, yp);
    yield { phase: 'model', work: p * (n + p) * (n + p + d) };
  }
  return {
    encoding: enc,
    regressor,
    withPending,
    hyper,
    warp,
    warping: warp.family === 'identity' ? 'none' : 'power',
    lossMean,
    lossStd,
    incumbent,
    ranked,
    observedCount: history.observed.length,
    rows: totalRows,
  };
}

/** The rows hyperparameters are fitted on: all n, or past maxFitPoints the best half plus a seeded random rest. */
function fitRows(n: number, maxFitPoints: number, rng: Rng): number[] {
  if (n <= maxFitPoints) return Array.from({ length: n }, (_, i) => i);
  // Rows are sorted best first (observed), failed last: keep the best half, sample the rest.
  const keep = Math.floor(maxFitPoints / 2);
  const rest = rng.shuffle(Array.from({ length: n - keep }, (_, i) => i + keep)).slice(0, maxFitPoints - keep);
  return Array.from({ length: keep }, (_, i) => i).concat(rest);
}

function* fitOnRows(X: Float64Array, y: Float64Array, rows: readonly number[], d: number, categorical: Uint8Array, options: GpModelOptions): Sliced<FitResult> {
  const m = rows.length;
  let Xf = X;
  let yf = y;
  if (m < y.length) {
    Xf = new Float64Array(m * d);
    yf = new Float64Array(m);
    rows.forEach((row, i) => {
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
  return yield* fitWithEvidenceSteps(Xf, m, d, yf, categorical, starts, { minNoise: options.minNoise, lengthscalePrior: prior });
}
