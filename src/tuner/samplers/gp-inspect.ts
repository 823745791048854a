/**
 * Looking inside the GP sampler, for the page's Bayesian inspector: posterior mean ± std and EI
 * at arbitrary points, the point it would pick next, at any step of a study's history.
 *
 * Notation
 *   w          the model's output warp (gp/output-warping.ts); the GP's posterior of the warped,
 *              standardised loss at x is N(μ_y, σ_y²)
 *   μ          the objective at the posterior median, in its own units and direction:
 *              loss = w⁻¹(m + s_y·μ_y); objective = loss for minimize, −loss for maximize
 *   lower, upper  the objective at μ_y ∓ σ_y mapped back the same way (a ±1σ band on the user's scale)
 *   σ          (upper − lower)/2;  without warping exactly s_y·σ_y, and μ is the posterior mean
 *   EI         expected improvement in objective units (≥ 0), as the sampler computes it (with
 *              pending trials as believers), taken on the user's scale: E[max(ℓ* − w⁻¹(Z), 0)]
 *
 * Bounded like the sampler: the model conditions on the sampler's working set (at most
 * maxModelPoints rows, working-set.ts), so an inspection of a 10,000-trial study costs about what one
 * of a few hundred does; each `predict`/`acquisition` point costs O(W²).
 */
import { createRng, deriveSeed } from '../rng';
import type { Params, SearchSpace } from '../space/types';
import type { Direction, Trial } from '../trial/trial';
import { expectedImprovement, logExpectedImprovement } from '../gp/acquisition';
import { lossScaleExpectedImprovement } from '../gp/output-warping';
import { GpSampler, gpSettings } from './gp';
import { objectiveWarping } from './gp-settings';
import { buildGpModel } from '../gp/model';
import type { GpHyperparams } from '../gp/regressor';
import { DEFAULT_MAX_MODEL_POINTS } from '../gp/working-set';

/** What `inspectGp` reads of a study (a `Study` fits). */
export interface InspectableStudy {
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly seed: number;
  readonly trials: readonly Trial[];
  /** The study's sampler: when it is the GP sampler, its options are the inspection's default `samplerOptions`. */
  readonly sampler?: { readonly name: string; readonly options: Readonly<Record<string, unknown>> };
}

/** The GP as the sampler fitted it at one point of a study's history: posterior, acquisition and next suggestion. */
export interface GpInspection {
  /** Trials (a prefix of the history) the model saw. */
  readonly upTo: number;
  /** Complete trials among them. */
  readonly observed: number;
  readonly hyper: GpHyperparams;
  /** Best objective value so far. */
  readonly bestValue: number;
  /** Posterior of the objective at each point, on the user's scale (see the notation above). */
  predict(points: readonly Params[]): { mean: number[]; std: number[]; lower: number[]; upper: number[] };
  /** EI and log EI (objective units) at each point. */
  acquisition(points: readonly Params[]): { ei: number[]; logEi: number[] };
  /** What the GP sampler would suggest as trial number `upTo` (computed on first access). */
  readonly next: Params;
}

/** Options of `inspectGp`. */
export interface InspectOptions {
  /** Use only trials[0 … upTo − 1] (history slider). Default: every trial. */
  upTo?: number;
  /** Options of the GP sampler whose model and choice `next` show; default: the study's GP sampler's options. */
  samplerOptions?: Record<string, unknown>;
}

/** Null when no trial in the prefix has completed yet (there is nothing to fit). */
export function inspectGp(study: InspectableStudy, options: InspectOptions = {}): GpInspection | null {
  const upTo = Math.max(0, Math.min(study.trials.length, Math.floor(options.upTo ?? study.trials.length)));
  const trials = study.trials.slice(0, upTo);
  const rng = createRng(deriveSeed(study.seed, upTo, 0x1e5));
  const samplerOptions = options.samplerOptions ?? (study.sampler?.name === 'gp' ? { ...study.sampler.options } : {});
  const settings = gpSettings(samplerOptions);
  const model = buildGpModel(study.space, study.direction, trials, {
    hyperparams: { kind: 'fit', warmStart: null, coldStart: true },
    minNoise: 1e-6,
    maxFitPoints: 120,
    maxModelPoints: DEFAULT_MAX_MODEL_POINTS,
    outputWarping: objectiveWarping(settings, trials),
    lengthscalePrior: settings.lengthscalePrior,
    rng,
  });
  if (model === null) return null;
  const sign = study.direction === 'minimize' ? 1 : -1;
  const enc = model.encoding;
  const { lossMean, lossStd, warp } = model;
  const warped = warp.family !== 'identity';
  const toObjective = (y: number) => sign * warp.inverse(lossMean + lossStd * y);

  // What the sampler would pick costs a second fit and an acquisition search: computed on first use.
  let next: Params | null = null;
  const computeNext = (): Params => {
    const sampler = new GpSampler({ ...samplerOptions, startupTrials: 1 });
    const suggestion = sampler.suggest({
      space: study.space,
      direction: study.direction,
      trials,
      trialId: upTo,
      rng: createRng(deriveSeed(study.seed, upTo)),
      studySeed: study.seed,
    });
    if (suggestion.kind !== 'params') throw new Error(`GP sampler has nothing to suggest: ${suggestion.reason}`);
    return suggestion.params;
  };

  return {
    upTo,
    observed: model.observedCount,
    hyper: model.hyper,
    bestValue: sign * (model.ranked[0] as { loss: number }).loss,
    predict: (points) => {
      const mean: number[] = [];
      const std: number[] = [];
      const lower: number[] = [];
      const upper: number[] = [];
      for (const p of points) {
        const post = model.regressor.posterior(enc.encode(p));
        const s = Math.sqrt(post.variance);
        const [a, b] = [toObjective(post.mean - s), toObjective(post.mean + s)];
        mean.push(toObjective(post.mean));
        lower.push(Math.min(a, b));
        upper.push(Math.max(a, b));
        std.push(warped ? Math.abs(b - a) / 2 : lossStd * s);
      }
      return { mean, std, lower, upper };
    },
    acquisition: (points) => {
      const ei: number[] = [];
      const logEi: number[] = [];
      for (const p of points) {
        const post = model.withPending.posterior(enc.encode(p));
        const s = Math.sqrt(post.variance);
        if (!warped) {
          ei.push(lossStd * expectedImprovement(post.mean, s, model.incumbent));
          logEi.push(Math.log(lossStd) + logExpectedImprovement(post.mean, s, model.incumbent));
          continue;
        }
        const zBest = lossMean + lossStd * model.incumbent;
        const value = lossScaleExpectedImprovement(warp, lossMean + lossStd * post.mean, lossStd * s, zBest);
        ei.push(value);
        // Where the quadrature underflows: log EI of the warped loss, scaled by dℓ/dz at ℓ* (first order).
        logEi.push(value > 0 ? Math.log(value) : Math.log(lossStd * warp.inverseSlope(zBest)) + logExpectedImprovement(post.mean, s, model.incumbent));
      }
      return { ei, logEi };
    },
    get next(): Params {
      next ??= computeNext();
      return next;
    },
  };
}
