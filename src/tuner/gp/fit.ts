/**
 * Fitting kernel hyperparameters by maximising the prior-penalised log marginal likelihood.
 *
 * Notation
 *   n, d, X, y, K, K_y, L, α   as in regressor.ts
 *   θ (d + 2)   (log ℓ_1 … log ℓ_d, log s, ρ) with σ²ₙ = σ²_min + e^ρ
 *   D²_p,j      δ_j² for each pair p = (a > b) of inputs, precomputed once
 *   log p(y|θ)  −½ yᵀα − Σ log L_ii − (n/2) log 2π
 *   W           ααᵀ − K_y⁻¹;   ∂ log p/∂θ_i = ½ tr(W ∂K_y/∂θ_i)
 *   ∂K_ab/∂θ_j  k'(r²_ab) · (−2 w_j D²_ab,j)  (lengthscales);  ∂K/∂φ = K;  ∂K_y/∂ρ = e^ρ I
 */
import { cholesky, choleskyInverse, halfLogDet, solveLower, solveUpperT } from './linalg';
import { maternDerivSq, maternFromSq } from './kernel';
import { lbfgsSteps } from './lbfgs';
import { asSlices, runSliced, type Sliced } from '../slices';
import { addLogPrior, DEFAULT_LENGTHSCALE_PRIOR, lengthscalePriorMode, resolveLengthscalePrior, type LengthscalePrior } from './prior';
import type { GpHyperparams } from './regressor';

const LOG_2PI = Math.log(2 * Math.PI);

export interface FitOptions {
  /** Floor of the noise variance σ²_min (standardised units). */
  minNoise: number;
  /** L-BFGS iterations per start (default 60). */
  maxIterations?: number;
  /** The lengthscales' prior (prior.ts; default DEFAULT_LENGTHSCALE_PRIOR). */
  lengthscalePrior?: LengthscalePrior;
}

/** A start for the fit, with its own iteration cap (a warm start needs only a few steps). */
export interface FitStart {
  readonly hyper: GpHyperparams;
  readonly maxIterations?: number;
}

/**
 * Hyperparameters to start from when nothing better is known: ℓ = 0.5 under the 'unit' prior, the
 * prior's mode (≈ 0.21 √d) under the dimension-scaled one.
 */
export function defaultHyperparams(d: number, prior: LengthscalePrior = DEFAULT_LENGTHSCALE_PRIOR): GpHyperparams {
  const lengthscale = resolveLengthscalePrior(prior, d) === 'unit' ? 0.5 : lengthscalePriorMode(prior, d);
  return { lengthscales: new Array<number>(d).fill(lengthscale), scale: 1, noise: 1e-2 };
}

/**
 * Maximises log p(y|θ) + log prior(θ) from each start and returns the best.
 * Starts that fail to factor are skipped; with no usable start the first is returned as is.
 */
export function fitHyperparams(...args: Parameters<typeof fitHyperparamsSteps>): GpHyperparams {
  return runSliced(fitHyperparamsSteps(...args));
}

/** Operations of one evaluation of the objective below: factor, inverse, kernel and gradient sums. */
export function fitEvaluationWork(n: number, d: number): number {
  return (n * n * n) / 2 + n * n * (d + 10);
}

/** `fitHyperparams` as slices: one mark per evaluation of the marginal likelihood. */
export function* fitHyperparamsSteps(
  X: Float64Array,
  n: number,
  d: number,
  y: Float64Array,
  categorical: Uint8Array,
  starts: readonly FitStart[],
  options: FitOptions,
): Sliced<GpHyperparams> {
  return (yield* fitWithEvidenceSteps(X, n, d, y, categorical, starts, options)).hyper;
}

/** A fit and how well it explains y: log p(y|θ̂) + log prior(θ̂) (−Infinity when no start could be factored). */
export interface FitResult {
  readonly hyper: GpHyperparams;
  readonly logPosterior: number;
}

/** `fitHyperparamsSteps` that also returns the maximised log posterior, for comparing models of y (warp-selection.ts). */
export function* fitWithEvidenceSteps(
  X: Float64Array,
  n: number,
  d: number,
  y: Float64Array,
  categorical: Uint8Array,
  starts: readonly FitStart[],
  options: FitOptions,
): Sliced<FitResult> {
  const objective = negLogPosterior(X, n, d, y, categorical, options.minNoise, options.lengthscalePrior);
  const lower = new Float64Array(d + 2);
  const upper = new Float64Array(d + 2);
  for (let j = 0; j < d; j++) {
    lower[j] = Math.log(1e-3);
    upper[j] = Math.log(1e3);
  }
  lower[d] = Math.log(1e-3);
  upper[d] = Math.log(1e3);
  lower[d + 1] = Math.log(1e-10);
  upper[d + 1] = Math.log(10);
  let best: { value: number; theta: Float64Array } | null = null;
  for (const start of starts) {
    const theta0 = toTheta(start.hyper, d, options.minNoise);
    for (let i = 0; i < d + 2; i++) theta0[i] = Math.min(upper[i] as number, Math.max(lower[i] as number, theta0[i] as number));
    const run = lbfgsSteps(objective, theta0, {
      maxIterations: start.maxIterations ?? options.maxIterations ?? 60,
      gradientTolerance: 1e-3,
      valueTolerance: 1e-7,
      lower,
      upper,
    });
    const result = yield* asSlices(run, 'fit', fitEvaluationWork(n, d));
    if (Number.isFinite(result.value) && (best === null || result.value < best.value)) best = { value: result.value, theta: result.x };
  }
  if (best === null) return { hyper: starts[0]?.hyper ?? defaultHyperparams(d, options.lengthscalePrior), logPosterior: -Infinity };
  return { hyper: fromTheta(best.theta, d, options.minNoise), logPosterior: -best.value };
}

export function toTheta(h: GpHyperparams, d: number, minNoise: number): Float64Array {
  const theta = new Float64Array(d + 2);
  for (let j = 0; j < d; j++) theta[j] = Math.log(h.lengthscales[j] ?? 0.5);
  theta[d] = Math.log(h.scale);
  theta[d + 1] = Math.log(Math.max(h.noise - minNoise, 1e-10));
  return theta;
}

export function fromTheta(theta: Float64Array, d: number, minNoise: number): GpHyperparams {
  const lengthscales: number[] = [];
  for (let j = 0; j < d; j++) lengthscales.push(Math.exp(theta[j] as number));
  return { lengthscales, scale: Math.exp(theta[d] as number), noise: minNoise + Math.exp(theta[d + 1] as number) };
}

/** −(log p(y|θ) + log prior(θ)) and its gradient, as an L-BFGS objective over θ. */
export function negLogPosterior(
  X: Float64Array,
  n: number,
  d: number,
  y: Float64Array,
  categorical: Uint8Array,
  minNoise: number,
  prior: LengthscalePrior = DEFAULT_LENGTHSCALE_PRIOR,
): (theta: Float64Array, grad: Float64Array) => number {
  const pairs = (n * (n - 1)) / 2;
  const D2 = new Float64Array(pairs * d);
  for (let a = 1, p = 0; a < n; a++) {
    for (let b = 0; b < a; b++, p++) {
      for (let j = 0; j < d; j++) {
        const diff = (X[a * d + j] as number) - (X[b * d + j] as number);
        D2[p * d + j] = categorical[j] ? (diff !== 0 ? 1 : 0) : diff * diff;
      }
    }
  }
  const w = new Float64Array(d);
  const Kp = new Float64Array(pairs);
  const Gp = new Float64Array(pairs);
  const Ky = new Float64Array(n * n);
  const Lbuf = new Float64Array(n * n);
  const Kinv = new Float64Array(n * n);
  const Cbuf = new Float64Array(n * n);
  const alphaBuf = new Float64Array(n);

  return (theta, grad) => {
    for (let j = 0; j < d; j++) w[j] = Math.exp(-2 * (theta[j] as number));
    const s = Math.exp(theta[d] as number);
    const eRho = Math.exp(theta[d + 1] as number);
    const noise = minNoise + eRho;
    for (let a = 1, p = 0; a < n; a++) {
      for (let b = 0; b < a; b++, p++) {
        let r2 = 0;
        const o = p * d;
        for (let j = 0; j < d; j++) r2 += (w[j] as number) * (D2[o + j] as number);
        const k = maternFromSq(r2, s);
        Kp[p] = k;
        Gp[p] = maternDerivSq(r2, s);
        Ky[a * n + b] = k;
        Ky[b * n + a] = k;
      }
      Ky[a * n + a] = s + noise;
    }
    if (n > 0) Ky[0] = s + noise;
    const L = cholesky(Ky, n, Lbuf);
    if (L === null) return Infinity;
    const alpha = solveUpperT(L, n, solveLower(L, n, y, alphaBuf), alphaBuf);
    let yAlpha = 0;
    for (let i = 0; i < n; i++) yAlpha += (y[i] as number) * (alpha[i] as number);
    const logLik = -0.5 * yAlpha - halfLogDet(L, n) - 0.5 * n * LOG_2PI;

    choleskyInverse(L, n, Kinv, Cbuf);
    grad.fill(0);
    // Off-diagonal pairs count twice in the trace; the ½ cancels that.
    let scaleGrad = 0;
    let traceW = 0;
    for (let a = 0; a < n; a++) {
      const waa = (alpha[a] as number) * (alpha[a] as number) - (Kinv[a * n + a] as number);
      traceW += waa;
      scaleGrad += 0.5 * waa * s;
    }
    for (let a = 1, p = 0; a < n; a++) {
      const aa = alpha[a] as number;
      const row = a * n;
      for (let b = 0; b < a; b++, p++) {
        const wab = aa * (alpha[b] as number) - (Kinv[row + b] as number);
        scaleGrad += wab * (Kp[p] as number);
        const c = wab * (Gp[p] as number);
        if (c === 0) continue;
        const o = p * d;
        for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + c * (D2[o + j] as number);
      }
    }
    // grad currently holds ∂ log p/∂θ for lengthscales up to the factor −2 w_j; finish and negate below.
    for (let j = 0; j < d; j++) grad[j] = -2 * (w[j] as number) * (grad[j] as number);
    grad[d] = scaleGrad;
    grad[d + 1] = 0.5 * traceW * eRho;
    const logPrior = addLogPrior(theta, d, minNoise, grad, prior);
    for (let i = 0; i < d + 2; i++) grad[i] = -(grad[i] as number);
    return -(logLik + logPrior);
  };
}
