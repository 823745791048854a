/**
 * Log prior over kernel hyperparameters (in their log parametrisation), which keeps the marginal
 * likelihood fit stable with few points. Inputs lie on the unit cube and outputs are standardised.
 *
 * Notation (θ is what the optimiser moves)
 *   d                                   GP input dimensions
 *   θ_j = log ℓ_j,  w_j = e^{−2θ_j}
 *   'unit' lengthscale prior:           P_ℓ = −0.1 (1/w_j + w_j)     mode at ℓ = 1 whatever d
 *                                       (Optuna's GP default)
 *   'dimensionScaled' lengthscale prior: ℓ_j ~ LogNormal(μ_d, σ_ℓ²),  μ_d = √2 + ½ log d,  σ_ℓ = √3
 *                                       (Hvarfner et al. 2024, "Vanilla Bayesian optimization
 *                                       performs great in high dimensions"); as a density of ℓ,
 *                                       P_ℓ = −(θ_j − μ_d)²/(2σ_ℓ²) − θ_j, mode at ℓ* = e^{μ_d − σ_ℓ²}
 *                                       ≈ 0.21 √d: the more dimensions, the smoother the function
 *                                       is assumed to be along each, so a few points say more
 *   'auto':                             'dimensionScaled' from SCALED_PRIOR_FROM_DIMS dimensions up,
 *                                       'unit' below (measured: the wide scaled prior lost on 2–6-D
 *                                       Rosenbrock and noisy Hartmann-3, and won on 10- and 20-D
 *                                       functions where a few dimensions matter)
 *   φ = log s:                          P_s = log s − s    (Gamma(2, 1))    mode at s = 1
 *   ρ, σ²ₙ = σ²_min + e^ρ:              P_n = 0.1 log σ²ₙ − 30 σ²ₙ  (Gamma(1.1, 30))
 */

/**
 * The lengthscale priors: `'unit'` (mode at ℓ = 1), `'dimensionScaled'` (mode ≈ 0.21 √d), and
 * `'auto'` (the dimension-scaled one from SCALED_PRIOR_FROM_DIMS dimensions up, else the unit one).
 */
export const LENGTHSCALE_PRIORS = ['auto', 'unit', 'dimensionScaled'] as const;

/** Which prior the lengthscales get (see LENGTHSCALE_PRIORS). */
export type LengthscalePrior = (typeof LENGTHSCALE_PRIORS)[number];

/** The lengthscale prior used when none is named (by the sampler, the inspector and the fit). */
export const DEFAULT_LENGTHSCALE_PRIOR: LengthscalePrior = 'auto';

/** From this many GP input dimensions up, `'auto'` takes the dimension-scaled prior. */
export const SCALED_PRIOR_FROM_DIMS = 8;

/** The prior that applies in d dimensions: `'auto'` resolved to one of the other two. */
export function resolveLengthscalePrior(prior: LengthscalePrior, d: number): 'unit' | 'dimensionScaled' {
  switch (prior) {
    case 'auto':
      return d >= SCALED_PRIOR_FROM_DIMS ? 'dimensionScaled' : 'unit';
    case 'unit':
    case 'dimensionScaled':
      return prior;
    default:
      return assertNever(prior);
  }
}

/** σ_ℓ² of the dimension-scaled prior. */
const SCALED_SPREAD_SQ = 3;

/** μ_d of the dimension-scaled prior. */
function scaledLocation(d: number): number {
  return Math.SQRT2 + 0.5 * Math.log(Math.max(1, d));
}

/** ℓ at the mode of the lengthscale prior in d dimensions: where a fit with no better guess starts. */
export function lengthscalePriorMode(prior: LengthscalePrior, d: number): number {
  const resolved = resolveLengthscalePrior(prior, d);
  switch (resolved) {
    case 'unit':
      return 1;
    case 'dimensionScaled':
      return Math.exp(scaledLocation(d) - SCALED_SPREAD_SQ);
    default:
      return assertNever(resolved);
  }
}

/**
 * Adds the log prior of θ (d lengthscales, then φ, then ρ) to `grad` and returns its value.
 * `prior` chooses the lengthscales' prior.
 */
export function addLogPrior(
  theta: Float64Array,
  d: number,
  minNoise: number,
  grad: Float64Array,
  prior: LengthscalePrior = DEFAULT_LENGTHSCALE_PRIOR,
): number {
  let value = addLengthscalePrior(theta, d, grad, prior);
  const s = Math.exp(theta[d] as number);
  value += Math.log(s) - s;
  grad[d] = (grad[d] as number) + 1 - s;
  const e = Math.exp(theta[d + 1] as number);
  const noise = minNoise + e;
  value += 0.1 * Math.log(noise) - 30 * noise;
  grad[d + 1] = (grad[d + 1] as number) + (0.1 / noise - 30) * e;
  return value;
}

function addLengthscalePrior(theta: Float64Array, d: number, grad: Float64Array, prior: LengthscalePrior): number {
  let value = 0;
  const resolved = resolveLengthscalePrior(prior, d);
  switch (resolved) {
    case 'unit':
      for (let j = 0; j < d; j++) {
        const w = Math.exp(-2 * (theta[j] as number));
        value += -0.1 * (1 / w + w);
        grad[j] = (grad[j] as number) - 0.2 * (1 / w - w);
      }
      return value;
    case 'dimensionScaled': {
      const mu = scaledLocation(d);
      for (let j = 0; j < d; j++) {
        const t = theta[j] as number;
        value += -((t - mu) ** 2) / (2 * SCALED_SPREAD_SQ) - t;
        grad[j] = (grad[j] as number) - (t - mu) / SCALED_SPREAD_SQ - 1;
      }
      return value;
    }
    default:
      return assertNever(resolved);
  }
}

function assertNever(x: never): never {
  throw new Error(`unknown lengthscale prior ${String(x)}`);
}
