/**
 * Log prior over kernel hyperparameters (in their log parametrisation), which keeps the marginal
 * likelihood fit stable with few points. Shapes follow Optuna's GP defaults, chosen for inputs on
 * the unit cube and standardised outputs.
 *
 * Notation (θ is what the optimiser moves)
 *   θ_j = log ℓ_j,  w_j = e^{−2θ_j}:   P_ℓ = −0.1 (1/w_j + w_j)          mode at ℓ = 1
 *   φ = log s:                          P_s = log s − s    (Gamma(2, 1))    mode at s = 1
 *   ρ, σ²ₙ = σ²_min + e^ρ:              P_n = 0.1 log σ²ₙ − 30 σ²ₙ  (Gamma(1.1, 30))
 */

/** Adds the log prior of θ (d lengthscales, then φ, then ρ) to `grad` and returns its value. */
export function addLogPrior(theta: Float64Array, d: number, minNoise: number, grad: Float64Array): number {
  let value = 0;
  for (let j = 0; j < d; j++) {
    const w = Math.exp(-2 * (theta[j] as number));
    value += -0.1 * (1 / w + w);
    grad[j] = (grad[j] as number) - 0.2 * (1 / w - w);
  }
  const s = Math.exp(theta[d] as number);
  value += Math.log(s) - s;
  grad[d] = (grad[d] as number) + 1 - s;
  const e = Math.exp(theta[d + 1] as number);
  const noise = minNoise + e;
  value += 0.1 * Math.log(noise) - 30 * noise;
  grad[d + 1] = (grad[d + 1] as number) + (0.1 / noise - 30) * e;
  return value;
}
