/**
 * Standardising the (warped) losses the GP fits, and choosing between the identity and a fitted
 * power warp by comparing how well each GP explains the losses themselves ('auto' warping): the warp
 * is kept only when the GP of the warped losses, with the warp's log-Jacobian, beats the GP of the
 * raw losses (the change-of-variables comparison of Box & Cox 1964, as in warped GPs, Snelson et
 * al. 2004). The power transform is fitted on the losses alone (output-warping.ts), so it may
 * straighten a skewed histogram that the GP already explains by the inputs; the comparison catches that.
 *
 * Notation
 *   ℓ_i        the n losses the GP fits (observed; failed rows imputed with the worst)
 *   w          a candidate warp: the identity or the fitted power transform
 *   m_w, s_w   mean and standard deviation of w(ℓ_i) (s_w = 1 when the values are all equal)
 *   y_i        (w(ℓ_i) − m_w) / s_w, what the GP fits
 *   log J_i    log dy_i/dℓ_i = log w'(ℓ_i) − log s_w
 *   E_w        max_θ [log p(y | θ) + log prior(θ)] + Σ_{i ∈ F} log J_i over the fit rows F: the log
 *              density of the losses ℓ (not of y) at the fitted hyperparameters
 *   choice     argmax_w E_w, ties to the identity
 */
import type { OutputWarp } from './output-warping';

/** Losses warped and standardised for the GP, with each row's log-Jacobian. */
export interface StandardisedLosses {
  /** y (n). */
  readonly y: Float64Array;
  /** m_w: loss = warp.inverse(mean + std · y). */
  readonly mean: number;
  /** s_w. */
  readonly std: number;
  /** log J_i (n). */
  readonly logJacobians: Float64Array;
}

/** y_i = (w(ℓ_i) − m_w)/s_w and log dy_i/dℓ_i for the losses `losses` (finite). */
export function standardiseLosses(losses: readonly number[], warp: OutputWarp): StandardisedLosses {
  const n = losses.length;
  const z = losses.map((l) => warp.forward(l));
  let sum = 0;
  for (const v of z) sum += v;
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (const v of z) sq += (v - mean) ** 2;
  const sd = n > 0 ? Math.sqrt(sq / n) : 0;
  const std = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
  const y = new Float64Array(n);
  const logJacobians = new Float64Array(n);
  const logStd = Math.log(std);
  z.forEach((v, i) => {
    y[i] = (v - mean) / std;
    // w'(ℓ) = 1 / (dℓ/dz at z = w(ℓ)); the identity's slope is exactly 1.
    logJacobians[i] = (warp.family === 'identity' ? 0 : -Math.log(warp.inverseSlope(v))) - logStd;
  });
  return { y, mean, std, logJacobians };
}

/** E_w: the fit's log posterior plus the log-Jacobian over the rows it was fitted on. */
export function warpEvidence(logPosterior: number, standardised: StandardisedLosses, fitRows: readonly number[]): number {
  let jacobian = 0;
  for (const i of fitRows) jacobian += standardised.logJacobians[i] as number;
  const e = logPosterior + jacobian;
  return Number.isFinite(e) ? e : -Infinity;
}
