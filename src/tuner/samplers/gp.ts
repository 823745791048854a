/**
 * Bayesian optimisation with a Gaussian process and log expected improvement (GP-EI).
 *
 * Per suggestion it wires the GP pieces together (Optuna's split): encode the history
 * (gp/search-space.ts), standardise and fit the kernel by maximum a posteriori marginal likelihood
 * (gp/model.ts, gp/fit.ts, gp/prior.ts; `outputWarping` warps the losses first, by default a power
 * warp kept only where the GP's evidence prefers it, gp/output-warping.ts, gp/warp-selection.ts),
 * account for pending trials (`pendingStrategy`: kriging believers, never believed better than the best
 * observed point, by default),
 * build log-EI (gp/acquisition.ts) and maximise it over the mixed space (gp/optim-acqf.ts), then decode.
 * The first `startupTrials` suggestions come from a scrambled Sobol design (qmc/).
 *
 * Constraints (trials told `{ constraints }`, see study/feasibility.ts): one GP per constraint, and
 * log EI (against the best *feasible* posterior mean) plus Σ log PoF is maximised; with no feasible
 * trial yet only Σ log PoF. Option `costAware: true` subtracts the predicted log wall-clock cost
 * (a GP on log duration), i.e. maximises EI · ΠPoF / exp(E[log cost]). See gp/composite-acquisition.ts.
 *
 * Bounded and cooperative: the encoded history is kept incrementally between calls
 * (gp/encoded-history.ts), the GP conditions on a working set of at most `maxModelPoints` rows
 * (gp/working-set.ts) and fits hyperparameters on at most `maxFitPoints`, so a suggestion costs about
 * the same at 1,000 or 10,000 observations. `suggestSliced` is the suggestion as slices (a generator
 * that marks where it may pause, slices.ts); `suggest` runs it through, so both give the
 * same suggestion. The sampler's own state (hyperparameters, fit counters) changes only when a
 * suggestion completes, so an abandoned sliced suggestion leaves no trace.
 */
import { decodeParams, enumerateSpace, paramsKey, spaceSize } from '../space/encode';
import type { Params } from '../space/types';
import { sobolPoints } from '../qmc/sobol-sequence';
import { runSliced, type Sliced } from '../slices';
import type { Sampler, SamplerContext, Suggestion } from './types';
import { isFeasible } from '../trial/trial';
import { LogExpectedImprovement, type Acquisition } from '../gp/acquisition';
import { CompositeLogAcquisition } from '../gp/composite-acquisition';
import { pendingAwareLogEi } from '../gp/pending-strategy';
import { HistoryCache } from '../gp/encoded-history';
import { constraintModelsSteps, costModelSteps } from '../gp/side-models';
import { gpEncodingFor, gpModelSteps, type GpModel } from '../gp/model';
import { EVALUATION_OVERHEAD, optimizeAcquisitionSteps, SLICE_WORK } from '../gp/optim-acqf';
import type { GpHyperparams } from '../gp/regressor';
import { discreteConfigurations, restrictedDims, TRUST_REGION_MIN_CONFIGURATIONS, trustRadius, type DiscreteTrustRegion } from '../gp/trust-region';
import type { EncodedHistory } from '../gp/encoded-history';
import type { GpEncoding } from '../gp/search-space';
import { gpSettings, objectiveWarping, startupTrialCount, type GpSamplerSettings } from './gp-settings';

export { gpSettings, type GpSamplerSettings } from './gp-settings';

/** The trust region around the best observed point; null while it spans every discrete dimension, or when the space has few discrete configurations. */
function discreteTrustRegion(enc: GpEncoding, history: EncodedHistory, model: GpModel, startup: number): DiscreteTrustRegion | null {
  if (discreteConfigurations(enc.dims) < TRUST_REGION_MIN_CONFIGURATIONS) return null;
  const restricted = restrictedDims(enc.dims);
  const q = restricted.reduce((a, b) => a + b, 0);
  const losses = history.observed.slice().sort((a, b) => a.id - b.id).map((r) => r.loss);
  const radius = trustRadius(losses, startup, q);
  const center = model.ranked[0]?.x;
  return radius >= q || center === undefined ? null : { center, radius, restricted };
}

/** Discrete spaces up to this size are enumerated when random draws keep hitting tried points. */
const MAX_ENUMERATED = 20_000;

function untried(ctx: SamplerContext, taken: ReadonlySet<string>): Params[] {
  const out: Params[] = [];
  for (const p of enumerateSpace(ctx.space)) if (!taken.has(paramsKey(ctx.space, p))) out.push(p);
  return out;
}

/** Bayesian optimisation (`'gp'`): a Sobol design first, then a Gaussian process with log expected improvement, constraint- and cost-aware when the study asks. */
export class GpSampler implements Sampler {
  readonly name = 'gp';
  readonly options: Readonly<Record<string, unknown>>;
  readonly settings: GpSamplerSettings;
  /** The last fitted hyperparameters (reused, or the warm start of the next fit). */
  private hyper: GpHyperparams | null = null;
  /** Rows (observed + failed trials) the last fit saw. */
  private fittedOn = 0;
  /** The warp the last fit chose ('auto' output warping), reused with its hyperparameters. */
  private warping: 'none' | 'power' = 'none';
  /** Fits so far; every third also tries the default start. */
  private fits = 0;
  /** The history encoded so far (not saved: rebuilt from the trials on the next suggestion). */
  private readonly history = new HistoryCache();

  constructor(options: Record<string, unknown> = {}) {
    this.settings = gpSettings(options);
    this.options = JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
  }

  suggest(ctx: SamplerContext): Suggestion {
    return runSliced(this.suggestSliced(ctx));
  }

  *suggestSliced(ctx: SamplerContext): Sliced<Suggestion> {
    const enc = gpEncodingFor(ctx.space);
    const d = enc.dims.length;
    const history = yield* this.history.update(ctx.space, enc, ctx.direction, ctx.trials);
    const taken = this.history.taken;
    const size = spaceSize(ctx.space);
    if (taken.size >= size) {
      return { kind: 'exhausted', reason: `gp exhausted: all ${size} points of this discrete search space have been tried` };
    }
    if (history.observed.length < startupTrialCount(this.settings, d)) return { kind: 'params', params: yield* this.design(ctx, taken, size) };

    // Hyperparameters move slowly as data grows: refit once the rows grew by 10% since the last
    // fit (every trial while there are few), and reuse the last fit in between.
    const rows = history.observed.length + history.failed.length;
    const refit = this.hyper === null || rows - this.fittedOn >= Math.max(1, Math.floor(0.1 * this.fittedOn));
    const model = yield* gpModelSteps(enc, history, {
      hyperparams:
        refit || this.hyper === null
          ? { kind: 'fit', warmStart: this.hyper, coldStart: this.hyper === null || this.fits % 3 === 0 }
          : { kind: 'reuse', hyper: this.hyper, warping: this.warping },
      minNoise: this.settings.deterministic ? 1e-8 : 1e-6,
      maxFitPoints: this.settings.maxFitPoints,
      maxModelPoints: this.settings.maxModelPoints,
      outputWarping: objectiveWarping(this.settings, ctx.trials),
      lengthscalePrior: this.settings.lengthscalePrior,
      rng: ctx.rng,
    });
    if (model === null) return { kind: 'params', params: yield* this.design(ctx, taken, size) };

    // Scoring one candidate costs about n²/2 + 30n flops: past ~100 observations the candidate
    // count shrinks so that the work stays near 8e6 flops, and fewer starts are refined.
    const n = model.withPending.n;
    const perGp = (n * n) / 2 + 30 * n;
    const budget = Math.round(8e6 / perGp);
    const { acq, gps } = yield* this.acquisition(ctx, model, history.pending);
    const best = yield* optimizeAcquisitionSteps(acq, enc, {
      rng: ctx.rng,
      candidates: Math.max(128, Math.min(this.settings.candidates, budget)),
      refinements: n > 150 ? Math.min(2, this.settings.refinements) : this.settings.refinements,
      incumbents: model.ranked.slice(0, n > 150 ? 2 : 5).map((r) => r.x),
      incumbentStarts: this.settings.incumbentSearches,
      trustRegion: this.settings.trustRegion ? discreteTrustRegion(enc, history, model, startupTrialCount(this.settings, d)) : null,
      isTaken: (x) => taken.has(paramsKey(ctx.space, enc.decode(x))),
      evaluationWork: perGp * gps + EVALUATION_OVERHEAD,
    });
    let params = enc.decode(best.x);
    if (taken.has(paramsKey(ctx.space, params)) && size <= MAX_ENUMERATED) {
      // A small discrete space whose candidates were all taken: score every untried point.
      let bestValue = -Infinity;
      const w = perGp * gps + EVALUATION_OVERHEAD;
      const chunk = Math.max(1, Math.floor(SLICE_WORK / w));
      const left = untried(ctx, taken);
      yield { phase: 'choose', work: 200 * size };
      for (let i = 0; i < left.length; i++) {
        const p = left[i] as Params;
        const v = acq.value(enc.encode(p));
        if (v > bestValue) [bestValue, params] = [v, p];
        if ((i + 1) % chunk === 0) yield { phase: 'choose', work: chunk * w };
      }
    }
    // Commit the sampler's state only now: a suggestion abandoned half-way changes nothing.
    if (refit) {
      this.fits++;
      this.fittedOn = model.rows;
    }
    this.hyper = model.hyper;
    this.warping = model.warping;
    return { kind: 'params', params };
  }

  /** log EI, or log EI weighted by feasibility and cost when the history has constraints / costAware; `gps`: GPs it consults. */
  private *acquisition(ctx: SamplerContext, model: GpModel, pending: readonly Float64Array[]): Sliced<{ acq: Acquisition; gps: number }> {
    const side = {
      minNoise: this.settings.deterministic ? 1e-8 : 1e-6,
      maxFitPoints: this.settings.maxFitPoints,
      maxModelPoints: this.settings.maxModelPoints,
      rng: ctx.rng,
    };
    const constraints = yield* constraintModelsSteps(ctx.space, ctx.trials, side);
    const cost = this.settings.costAware ? yield* costModelSteps(ctx.space, ctx.trials, side) : null;
    if (constraints.length === 0 && cost === null) return { acq: pendingAwareLogEi(model, pending, this.settings.pendingStrategy, ctx.rng), gps: 1 };
    let incumbent: number | null = model.incumbent;
    if (constraints.length > 0) {
      // f* over feasible observations only: improving on an infeasible point is no improvement.
      incumbent = null;
      for (const t of ctx.trials) {
        if (t.state !== 'complete' || t.value === null || !isFeasible(t)) continue;
        const mu = model.regressor.posterior(model.encoding.encode(t.params)).mean;
        if (incumbent === null || mu < incumbent) incumbent = mu;
      }
      yield { phase: 'model', work: ctx.trials.length * model.regressor.n * 2 };
    }
    // With constraints EI is against the best feasible point, and running trials are believers.
    let ei: Acquisition | null = null;
    if (incumbent !== null && constraints.length > 0) ei = new LogExpectedImprovement(model.withPending, incumbent);
    else if (incumbent !== null) ei = pendingAwareLogEi(model, pending, this.settings.pendingStrategy, ctx.rng);
    const acq = new CompositeLogAcquisition(ei, constraints, cost, model.encoding.dims.length);
    return { acq, gps: 1 + constraints.length + (cost === null ? 0 : 1) };
  }

  /** Scrambled Sobol design point number trialId (skipping points already asked). */
  private *design(ctx: SamplerContext, taken: ReadonlySet<string>, size: number): Sliced<Params> {
    const d = Object.keys(ctx.space).length;
    let params: Params = decodeParams(ctx.space, sobolPoints(1, d, ctx.studySeed, ctx.trialId)[0] as number[]);
    for (let k = 1; k <= 64 && taken.has(paramsKey(ctx.space, params)); k++) {
      params = decodeParams(ctx.space, Array.from({ length: d }, () => ctx.rng.next()));
    }
    if (taken.has(paramsKey(ctx.space, params)) && size <= MAX_ENUMERATED) {
      yield { phase: 'choose', work: 200 * size };
      const left = untried(ctx, taken);
      params = left[ctx.rng.int(0, left.length)] ?? params;
    }
    return params;
  }

  saveState(): unknown {
    return { hyper: this.hyper, fittedOn: this.fittedOn, fits: this.fits, warping: this.warping };
  }

  loadState(state: unknown): void {
    const s = state as { hyper?: unknown; fittedOn?: unknown; fits?: unknown; warping?: unknown } | null;
    const count = (v: unknown, name: string): number => {
      if (v === undefined) return 0;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`gp sampler state: ${name} must be a count`);
      return v;
    };
    this.fittedOn = count(s?.fittedOn, 'fittedOn');
    this.fits = count(s?.fits, 'fits');
    const warping = s?.warping ?? 'none';
    if (warping !== 'none' && warping !== 'power') throw new Error(`gp sampler state: warping must be 'none' or 'power', got ${JSON.stringify(warping)}`);
    this.warping = warping;
    const h = s?.hyper as GpHyperparams | null | undefined;
    if (h === null || h === undefined) {
      this.hyper = null;
      return;
    }
    const ok =
      Array.isArray(h.lengthscales) &&
      h.lengthscales.every((l) => typeof l === 'number' && l > 0 && Number.isFinite(l)) &&
      typeof h.scale === 'number' && h.scale > 0 && Number.isFinite(h.scale) &&
      typeof h.noise === 'number' && h.noise > 0 && Number.isFinite(h.noise);
    if (!ok) throw new Error('gp sampler state: hyper must hold positive finite lengthscales, scale and noise');
    this.hyper = { lengthscales: h.lengthscales.slice(), scale: h.scale, noise: h.noise };
  }
}
