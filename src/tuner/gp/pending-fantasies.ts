/**
 * Pending trials as fantasies: log of EI averaged over S joint draws of the pending results from the
 * posterior, instead of one kriging believer (the believer's mean is one draw that is never bad, so
 * it makes the region around a running trial look better explored than it is; BoTorch's q-EI with
 * fantasy models does the same averaging).
 *
 * Notation
 *   n, p, N = n + p   rows of the GP without pending points, pending points, rows of the GP with them
 *   L (N × N)         Cholesky factor of K_y over X ∪ X_p (the believer GP's; its rows do not depend on y)
 *   L_pp (p × p)      its bottom-right block: L_pp L_ppᵀ = K_pp + σ²ₙ I − K_pn K_nn⁻¹ K_np, the joint
 *                     covariance of the pending *observations* given the n rows
 *   μ_p (p)           believer values (the posterior means at X_p)
 *   ξ_s (p)           standard normal draws, s = 1 … S (fixed per suggestion: common random numbers)
 *   y_p⁽ˢ⁾            μ_p + L_pp ξ_s, fantasy s of the pending results
 *   v_b = L⁻¹[y; μ_p]  so that L⁻¹[y; y_p⁽ˢ⁾] = v_b + [0; ξ_s] and α_s = L⁻ᵀ(v_b + [0; ξ_s])
 *   μ_s(x) = k*ᵀ α_s,  σ²(x) = s − ‖L⁻¹ k*‖²  (the same for every fantasy)
 *   f*_s              min(f*_obs, min_k y_p⁽ˢ⁾_k): the observed incumbent, or a fantasised better one
 *   a(x)              log (1/S) Σ_s EI(μ_s, σ, f*_s) = logsumexp_s(log EI_s) − log S
 *   ∂a/∂x_j           Σ_i c_i ∂k*_i/∂x_j with c_i = Σ_s ω_s (∂logEI_s/∂μ) α_s,i − 2 (Σ_s ω_s ∂logEI_s/∂σ²) (K_y⁻¹k*)_i,
 *                     ω_s = softmax_s(log EI_s)
 *
 * Cost per candidate: one kernel vector and one triangular solve, as for the believer's EI, plus S·N
 * for the means (and one more solve for the gradient).
 */
import type { Rng } from '../rng';
import type { Acquisition } from './acquisition';
import { kernelVector, kernelVectorWithGrad } from './kernel';
import { solveLower, solveUpperT } from './linalg';
import type { GpRegressor } from './regressor';
import { dLogUnitEi, logUnitEi } from './special';

/** What `FantasyLogEi` needs of a fitted model (a `GpModel` fits). */
export interface PendingModel {
  /** GP on the n observed and imputed rows. */
  readonly regressor: GpRegressor;
  /** The same GP with the p pending rows appended (believers: y = μ_p). */
  readonly withPending: GpRegressor;
  /** Rows of `regressor` that are observed (the first ones); the rest are imputed failures. */
  readonly observedRows: number;
}

export class FantasyLogEi implements Acquisition {
  readonly d: number;
  /** α_s, S rows of N. */
  private readonly alphas: Float64Array;
  /** f*_s (S). */
  readonly incumbents: Float64Array;
  private readonly S: number;
  private readonly N: number;
  private readonly gp: GpRegressor;
  private readonly kStar: Float64Array;
  private readonly v: Float64Array;
  private readonly dk: Float64Array;
  private readonly means: Float64Array;
  private readonly logEi: Float64Array;
  private readonly coef: Float64Array;

  constructor(model: PendingModel, fantasies: number, rng: Rng) {
    const base = model.regressor;
    const gp = model.withPending;
    const n = base.n;
    const N = gp.n;
    const p = N - n;
    if (!(fantasies >= 1) || !Number.isInteger(fantasies)) throw new RangeError(`fantasies: need a positive integer count, got ${fantasies}`);
    if (p < 1) throw new RangeError('fantasies: the model has no pending rows');
    this.d = gp.d;
    this.gp = gp;
    this.S = fantasies;
    this.N = N;
    let observedBest = Infinity;
    for (let i = 0; i < model.observedRows; i++) observedBest = Math.min(observedBest, (base.y[i] as number) - base.diagonal * (base.alpha[i] as number));
    const vb = solveLower(gp.L, N, gp.y);
    this.alphas = new Float64Array(fantasies * N);
    this.incumbents = new Float64Array(fantasies);
    const xi = new Float64Array(p);
    const vs = new Float64Array(N);
    for (let s = 0; s < fantasies; s++) {
      for (let k = 0; k < p; k++) xi[k] = rng.normal();
      let best = observedBest;
      for (let k = 0; k < p; k++) {
        // y_p⁽ˢ⁾_k = μ_p,k + Σ_{m ≤ k} (L_pp)_{km} ξ_m
        const row = (n + k) * N + n;
        let value = gp.y[n + k] as number;
        for (let m = 0; m <= k; m++) value += (gp.L[row + m] as number) * (xi[m] as number);
        best = Math.min(best, value);
      }
      this.incumbents[s] = best;
      vs.set(vb);
      for (let k = 0; k < p; k++) vs[n + k] = (vs[n + k] as number) + (xi[k] as number);
      this.alphas.set(solveUpperT(gp.L, N, vs), s * N);
    }
    this.kStar = new Float64Array(N);
    this.v = new Float64Array(N);
    this.dk = new Float64Array(N * this.d);
    this.means = new Float64Array(fantasies);
    this.logEi = new Float64Array(fantasies);
    this.coef = new Float64Array(N);
  }

  value(x: Float64Array): number {
    const gp = this.gp;
    const k = kernelVector(x, gp.X, this.N, this.d, gp.kernel, gp.categorical, this.kStar);
    const std = Math.sqrt(this.variance(k));
    return this.combine(k, std);
  }

  valueAndGrad(x: Float64Array, grad: Float64Array): number {
    const { gp, N, S, d } = this;
    const k = kernelVectorWithGrad(x, gp.X, N, d, gp.kernel, gp.categorical, this.kStar, this.dk);
    const scale = gp.kernel.scale;
    const raw = this.rawVariance(k);
    const floored = raw <= 1e-12 * scale;
    const std = Math.sqrt(Math.max(raw, 1e-12 * scale));
    const value = this.combine(k, std);
    // ω_s, and the chain rule through each fantasy's log EI.
    const coef = this.coef.fill(0);
    let varCoef = 0;
    for (let s = 0; s < S; s++) {
      const w = Math.exp((this.logEi[s] as number) - value - Math.log(S));
      if (!(w > 0)) continue;
      const z = ((this.incumbents[s] as number) - (this.means[s] as number)) / std;
      const dlh = dLogUnitEi(z);
      const dMu = (-dlh / std) * w;
      varCoef += (((1 - z * dlh) / std) * w) / (2 * std);
      const o = s * N;
      for (let i = 0; i < N; i++) coef[i] = (coef[i] as number) + dMu * (this.alphas[o + i] as number);
    }
    if (!floored) {
      const Kinvk = solveUpperT(gp.L, N, this.v, this.v);
      for (let i = 0; i < N; i++) coef[i] = (coef[i] as number) - 2 * varCoef * (Kinvk[i] as number);
    }
    grad.fill(0);
    for (let i = 0; i < N; i++) {
      const c = coef[i] as number;
      const oi = i * d;
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + c * (this.dk[oi + j] as number);
    }
    return value;
  }

  /** s − ‖L⁻¹k‖², leaving L⁻¹k in `v`. */
  private rawVariance(k: Float64Array): number {
    const v = solveLower(this.gp.L, this.N, k, this.v);
    let vv = 0;
    for (let i = 0; i < this.N; i++) vv += (v[i] as number) * (v[i] as number);
    return this.gp.kernel.scale - vv;
  }

  private variance(k: Float64Array): number {
    return Math.max(this.rawVariance(k), 1e-12 * this.gp.kernel.scale);
  }

  /** Fills means and logEi; returns log mean EI. */
  private combine(k: Float64Array, std: number): number {
    const { N, S } = this;
    let top = -Infinity;
    for (let s = 0; s < S; s++) {
      let mean = 0;
      const o = s * N;
      for (let i = 0; i < N; i++) mean += (k[i] as number) * (this.alphas[o + i] as number);
      this.means[s] = mean;
      const l = Math.log(std) + logUnitEi(((this.incumbents[s] as number) - mean) / std);
      this.logEi[s] = l;
      if (l > top) top = l;
    }
    if (top === -Infinity) return -Infinity;
    let sum = 0;
    for (let s = 0; s < S; s++) sum += Math.exp((this.logEi[s] as number) - top);
    return top + Math.log(sum) - Math.log(S);
  }
}
