/**
 * The GP sampler's options (`samplerOptions` of `'gp'`): their names, defaults and checks, and the
 * length of the quasi-random design that precedes the model. Bad options fail here with an error
 * that names the option.
 */
import { booleanOption, checkOptionKeys, choiceOption, integerOption } from './options';
import { PENDING_STRATEGIES, type PendingStrategy } from '../gp/pending-strategy';
import { DEFAULT_MAX_MODEL_POINTS } from '../gp/working-set';
import { OUTPUT_WARPINGS, type OutputWarping } from '../gp/output-warping';
import { DEFAULT_LENGTHSCALE_PRIOR, LENGTHSCALE_PRIORS, type LengthscalePrior } from '../gp/prior';
import { constraintNames } from '../gp/side-models';
import type { Trial } from '../trial/trial';

const OPTION_KEYS = ['startupTrials', 'candidates', 'refinements', 'maxFitPoints', 'maxModelPoints', 'deterministic', 'costAware', 'outputWarping', 'pendingStrategy', 'lengthscalePrior', 'incumbentSearches', 'trustRegion'] as const;

/** The GP sampler's options with their defaults filled in (`samplerOptions` of `'gp'`). */
export interface GpSamplerSettings {
  /** Quasi-random suggestions before the GP takes over; default clamp(d + 2, 5, 10). */
  readonly startupTrials: number | null;
  /** Sobol candidates scored per suggestion (fewer when there are many observations). */
  readonly candidates: number;
  /** Best candidates refined by local search. */
  readonly refinements: number;
  /** Hyperparameters are fitted on at most this many points. */
  readonly maxFitPoints: number;
  /** The GP conditions on at most this many observations (a working set, see working-set.ts). */
  readonly maxModelPoints: number;
  /** Noise-free objective: a lower noise floor. */
  readonly deterministic: boolean;
  /** Maximise EI per unit of predicted wall-clock cost (a GP on log trial duration). */
  readonly costAware: boolean;
  /**
   * Output warping before the fit (gp/output-warping.ts): 'power' fits a Box-Cox / Yeo-Johnson
   * transform by likelihood so heavy-tailed losses do not set the scale; 'none' fits raw losses;
   * 'auto' (default) keeps the power transform only when the GP explains the warped losses, with the
   * warp's Jacobian, better than the raw ones (gp/warp-selection.ts), and keeps raw losses in a study
   * with constraints (see `objectiveWarping`).
   */
  readonly outputWarping: OutputWarping;
  /**
   * How running trials shape the next suggestion (gp/pending-strategy.ts): 'believer' (default: kriging
   * believers, never believed better than the best observed point), 'fantasies' (EI averaged over draws of their results) or 'penalise' (local penalisation).
   */
  readonly pendingStrategy: PendingStrategy;
  /**
   * The best this-many observed points each start a local search of the acquisition from their
   * best untaken one-coordinate neighbour (concentrates discrete and categorical spaces near good
   * configurations); 0 turns it off. Default 3.
   */
  readonly incumbentSearches: number;
  /**
   * Keep suggestions within a Hamming ball around the best observed point over the int and
   * categorical dimensions, its radius grown and shrunk by the run of improvements (gp/trust-region.ts).
   * Default true; it never restricts float dimensions, nor spaces of fewer than 1,000 discrete configurations.
   */
  readonly trustRegion: boolean;
  /**
   * The kernel lengthscales' prior (gp/prior.ts): 'unit' (mode at ℓ = 1 in every dimension),
   * 'dimensionScaled' (log-normal with mode ≈ 0.21 √d, for a faster start in many dimensions), or
   * 'auto' (default: the dimension-scaled prior from 8 parameters up, the unit one below).
   */
  readonly lengthscalePrior: LengthscalePrior;
}

/** The GP sampler's settings from its options, defaults filled in; unknown keys and bad values throw, naming the option. */
export function gpSettings(options: Readonly<Record<string, unknown>>): GpSamplerSettings {
  const o = checkOptionKeys('gp', options, OPTION_KEYS);
  return {
    startupTrials: o.startupTrials === undefined ? null : integerOption('gp', o, 'startupTrials', 0, 1, 10_000),
    candidates: integerOption('gp', o, 'candidates', 256, 16, 1 << 16),
    refinements: integerOption('gp', o, 'refinements', 3, 1, 64),
    maxFitPoints: integerOption('gp', o, 'maxFitPoints', 120, 10, 5000),
    maxModelPoints: integerOption('gp', o, 'maxModelPoints', DEFAULT_MAX_MODEL_POINTS, 20, 5000),
    deterministic: booleanOption('gp', o, 'deterministic', false),
    costAware: booleanOption('gp', o, 'costAware', false),
    outputWarping: choiceOption('gp', o, 'outputWarping', OUTPUT_WARPINGS, 'auto'),
    pendingStrategy: choiceOption('gp', o, 'pendingStrategy', PENDING_STRATEGIES, 'believer'),
    incumbentSearches: integerOption('gp', o, 'incumbentSearches', 3, 0, 16),
    trustRegion: booleanOption('gp', o, 'trustRegion', true),
    lengthscalePrior: choiceOption('gp', o, 'lengthscalePrior', LENGTHSCALE_PRIORS, DEFAULT_LENGTHSCALE_PRIOR),
  };
}

/** Sobol design suggestions before the model: the setting, or clamp(d + 2, 5, 10) for d parameters. */
export function startupTrialCount(settings: GpSamplerSettings, d: number): number {
  return settings.startupTrials ?? Math.min(10, Math.max(5, d + 2));
}

/**
 * The warp the objective's GP fits for these trials: the setting, except that 'auto' keeps raw losses
 * once a trial has been told constraints. EI · ΠPoF trades improvement against feasibility on the
 * loss's scale; a concave warp stretches the losses near an infeasible unconstrained optimum without
 * bound and would pay for evaluations there.
 */
export function objectiveWarping(settings: GpSamplerSettings, trials: readonly Trial[]): OutputWarping {
  return settings.outputWarping === 'auto' && constraintNames(trials).length > 0 ? 'none' : settings.outputWarping;
}
