/**
 * Output warping: a monotone, invertible map of the losses fitted before the GP sees them, so that a
 * few huge values (diverging runs, heavy tails) do not set the scale the model standardises by
 * (HEBO's power transform; Box & Cox 1964, Yeo & Johnson 2000).
 *
 * Notation
 *   ℓ_i           observed losses (n, finite);  ℓ_min, ℓ_max their extremes
 *   x = a(ℓ)      the loss in a unit-free frame:  Box-Cox (every ℓ > 0): x = ℓ / gm, gm = exp(mean log ℓ);
 *                 Yeo-Johnson (otherwise): x = (ℓ − med) / s, med the median, s the mean |ℓ − med|
 *   ψ_λ(x)        Box-Cox: (x^λ − 1)/λ  (log x at λ = 0);
 *                 Yeo-Johnson: ((1 + x)^λ − 1)/λ for x ≥ 0 (log1p x at λ = 0),
 *                              −((1 − x)^(2−λ) − 1)/(2 − λ) for x < 0 (−log1p(−x) at λ = 2)
 *   z = w(ℓ)      ψ_λ(a(ℓ)), the warped loss the model standardises;  λ = 1 is the identity up to shift
 *   llf(λ)        profile log-likelihood of λ under z ~ N(m, v):  −n/2 log v̂(λ) + (λ − 1) Σ log J_i,
 *                 J_i = x_i (Box-Cox; Σ log x_i = 0 by the choice of gm) or 1 + |x_i| (Yeo-Johnson)
 *   λ̂             argmax llf over [0, 2] (at most as concave as log: a more concave map would flatten
 *                 the large losses into a plateau, as data piling up near the optimum would ask for),
 *                 narrowed so that |λ log(·)| ≤ 300 (ψ stays far from overflow)
 *   [z_lo, z_hi]  where the inverse is exact: w of a(ℓ) ∈ [x_min/10, 10 x_max] (Box-Cox) or
 *                 [x_min − r, x_max + r], r = x_max − x_min (Yeo-Johnson); beyond it w⁻¹ continues as a
 *                 straight line with the slope at the edge, so it is total, monotone and finite
 *
 * Every map here is increasing: the order of losses, the worst (failed trials' imputation) and the
 * incumbent are kept.
 */

/**
 * Which output warp the GP fits: none (raw losses), a power transform with λ by maximum likelihood,
 * or 'auto': that power transform only where the GP explains the warped losses better than the raw
 * ones (warp-selection.ts); `fitOutputWarp` fits the power candidate for 'auto'.
 */
export type OutputWarping = 'none' | 'power' | 'auto';

/** The warps a GP sampler accepts (its `outputWarping` option). */
export const OUTPUT_WARPINGS: readonly OutputWarping[] = ['none', 'power', 'auto'];

/** A fitted increasing map of losses and its inverse. */
export interface OutputWarp {
  /** Which family, and λ (1 for the identity). */
  readonly family: 'identity' | 'box-cox' | 'yeo-johnson';
  readonly lambda: number;
  /** z = w(ℓ). */
  forward(loss: number): number;
  /** ℓ = w⁻¹(z); exact on the warped range of the data, linear beyond it. */
  inverse(z: number): number;
  /** dℓ/dz at z (> 0). */
  inverseSlope(z: number): number;
}

/** The identity warp. */
export const IDENTITY_WARP: OutputWarp = {
  family: 'identity',
  lambda: 1,
  forward: (loss) => loss,
  inverse: (z) => z,
  inverseSlope: () => 1,
};

/** λ ∈ [LAMBDA_MIN, LAMBDA_MAX]: never more concave than log, which would flatten the large losses into a plateau. */
const LAMBDA_MIN = 0;
const LAMBDA_MAX = 2;
/** Largest |λ log(·)| allowed, so that ψ and its square stay finite. */
const EXPONENT_BOUND = 300;

/** Fits the warp `kind` to the observed losses (finite numbers; 'auto' fits the power candidate); the identity for 'none', ties only or fewer than 3 values. */
export function fitOutputWarp(losses: readonly number[], kind: OutputWarping): OutputWarp {
  for (const l of losses) if (!Number.isFinite(l)) throw new RangeError(`output warping: losses must be finite, got ${l}`);
  switch (kind) {
    case 'none':
      return IDENTITY_WARP;
    case 'power':
    case 'auto': {
      if (losses.length < 3) return IDENTITY_WARP;
      const lo = Math.min(...losses);
      const hi = Math.max(...losses);
      if (!(hi > lo)) return IDENTITY_WARP;
      return lo > 0 ? fitBoxCox(losses) : fitYeoJohnson(losses);
    }
    default: {
      const unknown: never = kind;
      throw new RangeError(`output warping: unknown kind ${String(unknown)}`);
    }
  }
}

/** ψ_λ and its derivative and inverse on the unit-free frame x. */
interface PowerFamily {
  psi(x: number, lambda: number): number;
  dpsi(x: number, lambda: number): number;
  psiInverse(z: number, lambda: number): number;
  logJacobian(x: number): number;
}

const BOX_COX: PowerFamily = {
  psi: (x, l) => (l === 0 ? Math.log(x) : Math.expm1(l * Math.log(x)) / l),
  dpsi: (x, l) => Math.exp((l - 1) * Math.log(x)),
  psiInverse: (z, l) => (l === 0 ? Math.exp(z) : Math.exp(Math.log1p(l * z) / l)),
  logJacobian: (x) => Math.log(x),
};

const YEO_JOHNSON: PowerFamily = {
  psi: (x, l) => {
    if (x >= 0) return l === 0 ? Math.log1p(x) : Math.expm1(l * Math.log1p(x)) / l;
    return l === 2 ? -Math.log1p(-x) : -Math.expm1((2 - l) * Math.log1p(-x)) / (2 - l);
  },
  dpsi: (x, l) => (x >= 0 ? Math.exp((l - 1) * Math.log1p(x)) : Math.exp((1 - l) * Math.log1p(-x))),
  psiInverse: (z, l) => {
    if (z >= 0) return l === 0 ? Math.expm1(z) : Math.expm1(Math.log1p(l * z) / l);
    return l === 2 ? -Math.expm1(-z) : -Math.expm1(Math.log1p(-(2 - l) * z) / (2 - l));
  },
  logJacobian: (x) => Math.sign(x) * Math.log1p(Math.abs(x)),
};

function fitBoxCox(losses: readonly number[]): OutputWarp {
  let sumLog = 0;
  for (const l of losses) sumLog += Math.log(l);
  const logGm = sumLog / losses.length;
  // ℓ / gm computed in log space: finite from 1e-300 to 1e300.
  const xs = losses.map((l) => Math.exp(Math.log(l) - logGm));
  const scale = Math.exp(logGm);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  return powerWarp('box-cox', BOX_COX, xs, { toX: (l) => (l > 0 ? Math.exp(Math.log(l) - logGm) : l / scale), fromX: (x) => x * scale, dLossDx: scale }, [xMin / 10, xMax * 10]);
}

function fitYeoJohnson(losses: readonly number[]): OutputWarp {
  const sorted = losses.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const med = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  let dev = 0;
  for (const l of losses) dev += Math.abs(l - med);
  const s = dev / losses.length > 0 ? dev / losses.length : 1;
  const xs = losses.map((l) => (l - med) / s);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const r = xMax - xMin;
  return powerWarp('yeo-johnson', YEO_JOHNSON, xs, { toX: (l) => (l - med) / s, fromX: (x) => med + s * x, dLossDx: s }, [xMin - r, xMax + r]);
}

interface Frame {
  toX(loss: number): number;
  fromX(x: number): number;
  /** dℓ/dx (the frame is affine in x). */
  readonly dLossDx: number;
}

function powerWarp(family: 'box-cox' | 'yeo-johnson', f: PowerFamily, xs: readonly number[], frame: Frame, exact: readonly [number, number]): OutputWarp {
  const [xLo, xHi] = exact;
  // |λ · log(J)| over the exact range bounds λ (ψ ≈ e^{λ log J} / λ).
  const span = Math.max(Math.abs(f.logJacobian(xLo)), Math.abs(f.logJacobian(xHi)), 1e-12);
  const bound = EXPONENT_BOUND / span;
  const lambda = maximiseLikelihood(f, xs, Math.max(LAMBDA_MIN, -bound), Math.min(LAMBDA_MAX, bound));
  const zLo = f.psi(xLo, lambda);
  const zHi = f.psi(xHi, lambda);
  const slopeLo = frame.dLossDx / f.dpsi(xLo, lambda);
  const slopeHi = frame.dLossDx / f.dpsi(xHi, lambda);
  const lossLo = frame.fromX(xLo);
  const lossHi = frame.fromX(xHi);
  const finite = (v: number) => Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, v));
  return {
    family,
    lambda,
    forward: (loss) => {
      const x = frame.toX(loss);
      if (x < xLo) return finite(zLo - (xLo - x) * f.dpsi(xLo, lambda));
      if (x > xHi) return finite(zHi + (x - xHi) * f.dpsi(xHi, lambda));
      return f.psi(x, lambda);
    },
    inverse: (z) => {
      if (z < zLo) return finite(lossLo - (zLo - z) * slopeLo);
      if (z > zHi) return finite(lossHi + (z - zHi) * slopeHi);
      return frame.fromX(Math.min(xHi, Math.max(xLo, f.psiInverse(z, lambda))));
    },
    inverseSlope: (z) => {
      if (z < zLo) return slopeLo;
      if (z > zHi) return slopeHi;
      return frame.dLossDx / f.dpsi(Math.min(xHi, Math.max(xLo, f.psiInverse(z, lambda))), lambda);
    },
  };
}

/** λ̂: a grid over [lo, hi], then golden-section search in the best cell. */
function maximiseLikelihood(f: PowerFamily, xs: readonly number[], lo: number, hi: number): number {
  let sumJ = 0;
  for (const x of xs) sumJ += f.logJacobian(x);
  const n = xs.length;
  const llf = (lambda: number): number => {
    let mean = 0;
    for (const x of xs) mean += f.psi(x, lambda);
    mean /= n;
    let v = 0;
    for (const x of xs) v += (f.psi(x, lambda) - mean) ** 2;
    v /= n;
    return v > 0 && Number.isFinite(v) ? -0.5 * n * Math.log(v) + (lambda - 1) * sumJ : -Infinity;
  };
  const steps = 16;
  let bestK = 0;
  let bestV = -Infinity;
  for (let k = 0; k <= steps; k++) {
    const v = llf(lo + ((hi - lo) * k) / steps);
    if (v > bestV) [bestV, bestK] = [v, k];
  }
  let a = lo + ((hi - lo) * Math.max(0, bestK - 1)) / steps;
  let b = lo + ((hi - lo) * Math.min(steps, bestK + 1)) / steps;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = llf(c);
  let fd = llf(d);
  for (let it = 0; it < 30; it++) {
    if (fc >= fd) {
      b = d;
      [d, fd] = [c, fc];
      c = b - g * (b - a);
      fc = llf(c);
    } else {
      a = c;
      [c, fc] = [d, fd];
      d = a + g * (b - a);
      fd = llf(d);
    }
  }
  const lambda = (a + b) / 2;
  return llf(lambda) >= bestV ? lambda : lo + ((hi - lo) * bestK) / steps;
}

/**
 * EI on the user's scale, E[max(ℓ* − w⁻¹(Z), 0)] with Z ~ N(zMean, zStd²) and ℓ* = w⁻¹(zBest):
 * Simpson's rule over t = (Z − zMean)/zStd ∈ [min(t*, 0) − 8, t*], t* = (zBest − zMean)/zStd
 * (improvement is positive only below t*, w⁻¹ being increasing).
 */
export function lossScaleExpectedImprovement(warp: OutputWarp, zMean: number, zStd: number, zBest: number): number {
  const best = warp.inverse(zBest);
  if (!(zStd > 0)) return Math.max(best - warp.inverse(zMean), 0);
  const tStar = (zBest - zMean) / zStd;
  if (tStar < -38) return 0;
  const lo = Math.min(tStar, 0) - 8;
  const intervals = 128;
  const h = (tStar - lo) / intervals;
  let sum = 0;
  for (let k = 0; k <= intervals; k++) {
    const t = lo + k * h;
    const weight = k === 0 || k === intervals ? 1 : k % 2 === 1 ? 4 : 2;
    sum += weight * Math.max(best - warp.inverse(zMean + zStd * t), 0) * Math.exp(-0.5 * t * t);
  }
  return Math.max(0, (sum * h) / 3 / Math.sqrt(2 * Math.PI));
}
