/**
 * Looking inside the GP sampler, for the page's Bayesian inspector: posterior mean ± std and EI
 * at arbitrary points, the point it would pick next, at any step of a study's history.
 *
 * Notation
 *   μ, σ       posterior mean and std of the *objective* in its own units and direction
 *              (loss = m + s_y·μ_y; objective = loss for minimize, −loss for maximize; σ = s_y·σ_y)
 *   EI         expected improvement in objective units (≥ 0), as the sampler computes it: with
 *              pending trials as believers
 *
 * Bounded like the sampler: the model conditions on the sampler's working set (at most
 * maxModelPoints rows, working-set.ts), so an inspection of a 10,000-trial study costs about what one
 * of a few hundred does; each `predict`/`acquisition` point costs O(W²).
 */
import { createRng, deriveSeed } from '../rng';
import type { Params, SearchSpace } from '../space/types';
import type { Direction, Trial } from '../trial/trial';
import { expectedImprovement, logExpectedImprovement } from '../gp/acquisition';
import { GpSampler } from './gp';
import { buildGpModel } from '../gp/model';
import type { GpHyperparams } from '../gp/regressor';
import { DEFAULT_MAX_MODEL_POINTS } from '../gp/working-set';

/** What `inspectGp` reads of a study (a `Study` fits). */
export interface InspectableStudy {
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly seed: number;
  readonly trials: readonly Trial[];
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
  /** Posterior of the objective at each point. */
  predict(points: readonly Params[]): { mean: number[]; std: number[] };
  /** EI and log EI (objective units) at each point. */
  acquisition(points: readonly Params[]): { ei: number[]; logEi: number[] };
  /** What the GP sampler would suggest as trial number `upTo` (computed on first access). */
  readonly next: Params;
}

/** Options of `inspectGp`. */
export interface InspectOptions {
  /** Use only trials[0 … upTo − 1] (history slider). Default: every trial. */
  upTo?: number;
  /** Options of the GP sampler whose choice `next` shows. */
  samplerOptions?: Record<string, unknown>;
}

/** Null when no trial in the prefix has completed yet (there is nothing to fit). */
export function inspectGp(study: InspectableStudy, options: InspectOptions = {}): GpInspection | null {
  const upTo = Math.max(0, Math.min(study.trials.length, Math.floor(options.upTo ?? study.trials.length)));
  const trials = study.trials.slice(0, upTo);
  const rng = createRng(deriveSeed(study.seed, upTo, 0x1e5));
  const model = buildGpModel(study.space, study.direction, trials, {
    hyperparams: { kind: 'fit', warmStart: null, coldStart: true },
    minNoise: 1e-6,
    maxFitPoints: 120,
    maxModelPoints: DEFAULT_MAX_MODEL_POINTS,
    rng,
  });
  if (model === null) return null;
  const sign = study.direction === 'minimize' ? 1 : -1;
  const enc = model.encoding;
  const { lossMean, lossStd } = model;

  // What the sampler would pick costs a second fit and an acquisition search: computed on first use.
  let next: Params | null = null;
  const computeNext = (): Params => {
    const sampler = new GpSampler({ ...(options.samplerOptions ?? {}), startupTrials: 1 });
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
      for (const p of points) {
        const post = model.regressor.posterior(enc.encode(p));
        mean.push(sign * (lossMean + lossStd * post.mean));
        std.push(lossStd * Math.sqrt(post.variance));
      }
      return { mean, std };
    },
    acquisition: (points) => {
      const ei: number[] = [];
      const logEi: number[] = [];
      for (const p of points) {
        const post = model.withPending.posterior(enc.encode(p));
        const s = Math.sqrt(post.variance);
        ei.push(lossStd * expectedImprovement(post.mean, s, model.incumbent));
        logEi.push(Math.log(lossStd) + logExpectedImprovement(post.mean, s, model.incumbent));
      }
      return { ei, logEi };
    },
    get next(): Params {
      next ??= computeNext();
      return next;
    },
  };
}
