/**
 * Special functions for Gaussian-process acquisition, accurate far into the tails.
 *
 * Notation
 *   φ(z)  standard normal density        Φ(z)  standard normal CDF
 *   h(z)  = φ(z) + z Φ(z)                 (EI of a unit Gaussian: EI = σ · h((best − μ)/σ))
 *   R(t)  = Φ(−t) / φ(t)                  Mills ratio, t ≥ 0;  log Φ(u) = log φ(u) + log R(−u) for u < −1
 * For z ≤ −1, h(z) = φ(z) · (1 − t R(t)) with t = −z, so log h is computed without underflow
 * (after Ament et al., "Unexpected Improvements to Expected Improvement", NeurIPS 2023).
 */

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SQRT_PI_OVER_2 = Math.sqrt(Math.PI / 2);

export function normPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

export function logNormPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** erf(x) for 0 ≤ x ≤ 3 by the all-positive series e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfcx(x) = e^{x²} erfc(x) for x ≥ 2, by the continued fraction of erfc, evaluated backwards. */
function erfcxContinuedFraction(x: number): number {
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const terms = x < 3 ? 120 : x < 6 ? 60 : 30;
  let f = x;
  for (let k = terms; k >= 1; k--) f = x + k / 2 / f;
  return 1 / (Math.sqrt(Math.PI) * f);
}

/** erfcx(x) = e^{x²} erfc(x), for x ≥ 0. */
export function erfcx(x: number): number {
  if (x < 2) return Math.exp(x * x) * (1 - erfSeries(x));
  return erfcxContinuedFraction(x);
}

export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  return Math.exp(-x * x) * erfcxContinuedFraction(x);
}

export function normCdf(z: number): number {
  if (z < 0) return 0.5 * erfc(-z / SQRT2);
  return 1 - 0.5 * erfc(z / SQRT2);
}

/** R(t) = Φ(−t)/φ(t) for t ≥ 0. */
export function millsRatio(t: number): number {
  return SQRT_PI_OVER_2 * erfcx(t / SQRT2);
}

/** 1 − t R(t) for t ≥ 1, accurate also when it is tiny (large t). */
function oneMinusTR(t: number): number {
  if (t > 100) {
    const u = 1 / (t * t);
    return u * (1 - u * (3 - u * (15 - u * (105 - u * 945))));
  }
  return 1 - t * millsRatio(t);
}

/** h(z) = φ(z) + zΦ(z) ≥ 0. */
export function unitEi(z: number): number {
  if (z > -1) return normPdf(z) + z * normCdf(z);
  return normPdf(z) * oneMinusTR(-z);
}

/** log h(z), finite for every finite z. */
export function logUnitEi(z: number): number {
  if (z > -1) return Math.log(normPdf(z) + z * normCdf(z));
  return logNormPdf(z) + Math.log(oneMinusTR(-z));
}

/** d log h / dz = Φ(z) / h(z) > 0. */
export function dLogUnitEi(z: number): number {
  if (z > -1) return normCdf(z) / (normPdf(z) + z * normCdf(z));
  const t = -z;
  if (t > 100) {
    const u = 1 / (t * t);
    const r = (1 / t) * (1 - u * (1 - u * (3 - u * 15))); // R(t) asymptotic
    return r / oneMinusTR(t);
  }
  return millsRatio(t) / oneMinusTR(t);
}


/** log Φ(u), finite for every finite u (via the Mills ratio below u = −1: Φ(−t) = φ(t) R(t)). */
export function logNormCdf(u: number): number {
  if (u >= -1) return Math.log(normCdf(u));
  return logNormPdf(u) + Math.log(millsRatio(-u));
}

/** d log Φ / du = φ(u)/Φ(u) = 1/R(−u) below u = −1. */
export function dLogNormCdf(u: number): number {
  if (u >= -1) return normPdf(u) / normCdf(u);
  return 1 / millsRatio(-u);
}
