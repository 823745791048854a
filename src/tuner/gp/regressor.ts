/**
 * Gaussian-process regressor: exact posterior of a zero-mean GP with a Matérn-5/2 ARD kernel.
 *
 * Notation
 *   n, d     observations and input dimensions
 *   X        (n × d) inputs, row-major;   y (n) standardised outputs
 *   K        (n × n) kernel matrix;  σ²ₙ observation noise;  K_y = K + σ²ₙ I
 *   L        (n × n) Cholesky factor of K_y;  α = K_y⁻¹ y  (n)
 *   k*       (n) k(x, X_i) for a query x
 *   μ(x)     k*ᵀ α
 *   σ²(x)    s − vᵀv with v = L⁻¹ k*   (latent f, noise excluded; floored at 1e-12·s)
 *   ∂μ/∂x_j  Σ_i α_i ∂k*_i/∂x_j;   ∂σ²/∂x_j = −2 Σ_i (K_y⁻¹ k*)_i ∂k*_i/∂x_j
 *
 * `GpRegressor.build` is the constructor as slices (kernel matrix and factor in blocks of rows, about
 * BUILD_SLICE_WORK operations each), with the same result.
 * `withRows` appends p rows (the kriging believers) by extending L in O(p n²) instead of refactoring
 * K_y in O((n + p)³); the result is identical to building the larger GP afresh.
 */
import { cholesky, choleskyRows, extendCholesky, solveLower, solveUpperT } from './linalg';
import type { Sliced } from '../slices';
import { kernelMatrix, kernelVector, kernelVectorWithGrad, maternFromSq, sqDist, type KernelParams } from './kernel';

/** Operations between two slice marks while building. */
const BUILD_SLICE_WORK = 1e6;

/** A factor computed elsewhere (see `withRows`): L of K + diagonal·I. */
interface KnownFactor {
  readonly L: Float64Array;
  readonly diagonal: number;
}

/** The GP's fitted hyperparameters: a lengthscale per input dimension, the kernel scale and the noise variance. */
export interface GpHyperparams {
  /** ℓ_j per input dimension (d). */
  readonly lengthscales: readonly number[];
  /** Kernel scale s. */
  readonly scale: number;
  /** Observation noise variance σ²ₙ. */
  readonly noise: number;
}

export interface Posterior {
  mean: number;
  variance: number;
}

export class GpRegressor {
  readonly kernel: KernelParams;
  readonly L: Float64Array;
  readonly alpha: Float64Array;
  /** Noise actually used on the diagonal (σ²ₙ plus any jitter needed for a stable factor). */
  readonly diagonal: number;
  private readonly kStar: Float64Array;
  private readonly v: Float64Array;
  private readonly dk: Float64Array;

  constructor(
    readonly X: Float64Array,
    readonly n: number,
    readonly d: number,
    readonly y: Float64Array,
    readonly hyper: GpHyperparams,
    readonly categorical: Uint8Array,
    factor?: KnownFactor,
  ) {
    this.kernel = {
      w: Float64Array.from(hyper.lengthscales, (l) => 1 / (l * l)),
      scale: hyper.scale,
    };
    this.kStar = new Float64Array(n);
    this.v = new Float64Array(n);
    this.dk = new Float64Array(n * d);
    if (factor !== undefined) {
      this.L = factor.L;
      this.diagonal = factor.diagonal;
      this.alpha = solveUpperT(factor.L, n, solveLower(factor.L, n, y));
      return;
    }
    const K = kernelMatrix(X, n, d, this.kernel, categorical);
    let diagonal = hyper.noise;
    let L: Float64Array | null = null;
    // Duplicate points or tiny noise can make K_y singular: add jitter until it factors.
    for (let attempt = 0; attempt < 8 && L === null; attempt++) {
      for (let i = 0; i < n; i++) K[i * n + i] = hyper.scale + diagonal;
      L = cholesky(K, n);
      if (L === null) diagonal = Math.max(diagonal * 10, 1e-8 * hyper.scale);
    }
    if (L === null) throw new Error('GP: kernel matrix is not positive definite even with jitter');
    this.L = L;
    this.diagonal = diagonal;
    this.alpha = solveUpperT(L, n, solveLower(L, n, y));
  }

  /** `new GpRegressor(…)` as slices: the same GP, built a block of rows at a time. */
  static *build(X: Float64Array, n: number, d: number, y: Float64Array, hyper: GpHyperparams, categorical: Uint8Array): Sliced<GpRegressor> {
    const w = Float64Array.from(hyper.lengthscales, (l) => 1 / (l * l));
    // K as kernelMatrix builds it.
    const K = new Float64Array(n * n);
    let work = 0;
    for (let i = 0; i < n; i++) {
      K[i * n + i] = hyper.scale;
      for (let j = 0; j < i; j++) {
        const v = maternFromSq(sqDist(X, i, X, j, d, w, categorical), hyper.scale);
        K[i * n + j] = v;
        K[j * n + i] = v;
      }
      work += i * (d + 20);
      if (work >= BUILD_SLICE_WORK) {
        yield { phase: 'model', work };
        work = 0;
      }
    }
    // The constructor's jitter loop, factoring a block of rows per slice.
    let diagonal = hyper.noise;
    for (let attempt = 0; attempt < 8; attempt++) {
      for (let i = 0; i < n; i++) K[i * n + i] = hyper.scale + diagonal;
      const L = new Float64Array(n * n);
      let ok = true;
      for (let from = 0; from < n && ok; ) {
        let to = from;
        let rows = 0;
        while (to < n && rows < BUILD_SLICE_WORK) rows += (to++ * to) / 2 + 1;
        ok = choleskyRows(K, n, L, from, to);
        yield { phase: 'model', work: work + rows };
        work = 0;
        from = to;
      }
      if (ok) return new GpRegressor(X, n, d, y, hyper, categorical, { L, diagonal });
      diagonal = Math.max(diagonal * 10, 1e-8 * hyper.scale);
    }
    throw new Error('GP: kernel matrix is not positive definite even with jitter');
  }

  /**
   * This GP with p rows appended: inputs Xp (p × d) and outputs yp (p). Same hyperparameters;
   * identical to `new GpRegressor` on the concatenated data.
   */
  withRows(Xp: Float64Array, p: number, yp: Float64Array): GpRegressor {
    const { n, d } = this;
    const N = n + p;
    const X = new Float64Array(N * d);
    X.set(this.X.subarray(0, n * d));
    X.set(Xp.subarray(0, p * d), n * d);
    const y = new Float64Array(N);
    y.set(this.y.subarray(0, n));
    y.set(yp.subarray(0, p), n);
    const rows = new Float64Array(p * N);
    for (let r = 0; r < p; r++) {
      const i = n + r;
      for (let j = 0; j < i; j++) rows[r * N + j] = maternFromSq(sqDist(X, i, X, j, d, this.kernel.w, this.categorical), this.kernel.scale);
      rows[r * N + i] = this.hyper.scale + this.diagonal;
    }
    const L = extendCholesky(this.L, n, rows, p);
    // Not positive definite with this GP's jitter: factor afresh, raising the jitter as needed.
    if (L === null) return new GpRegressor(X, N, d, y, this.hyper, this.categorical);
    return new GpRegressor(X, N, d, y, this.hyper, this.categorical, { L, diagonal: this.diagonal });
  }

  /** μ(x) and σ²(x) at one input x (d). */
  posterior(x: Float64Array): Posterior {
    const { n, L } = this;
    const k = kernelVector(x, this.X, n, this.d, this.kernel, this.categorical, this.kStar);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (k[i] as number) * (this.alpha[i] as number);
    const v = solveLower(L, n, k, this.v);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += (v[i] as number) * (v[i] as number);
    return { mean, variance: Math.max(this.kernel.scale - vv, 1e-12 * this.kernel.scale) };
  }

  /** μ, σ² and their gradients in x (written into dMean, dVar; zero on categorical dims). */
  posteriorWithGrad(x: Float64Array, dMean: Float64Array, dVar: Float64Array): Posterior {
    const { n, d, L } = this;
    const k = kernelVectorWithGrad(x, this.X, n, d, this.kernel, this.categorical, this.kStar, this.dk);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (k[i] as number) * (this.alpha[i] as number);
    const v = solveLower(L, n, k, this.v);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += (v[i] as number) * (v[i] as number);
    const floor = 1e-12 * this.kernel.scale;
    const rawVariance = this.kernel.scale - vv;
    const Kinvk = solveUpperT(L, n, v, this.v); // reuses v's buffer: v is no longer needed
    dMean.fill(0);
    dVar.fill(0);
    for (let i = 0; i < n; i++) {
      const a = this.alpha[i] as number;
      const b = -2 * (Kinvk[i] as number);
      const oi = i * d;
      for (let j = 0; j < d; j++) {
        const g = this.dk[oi + j] as number;
        dMean[j] = (dMean[j] as number) + a * g;
        dVar[j] = (dVar[j] as number) + b * g;
      }
    }
    if (rawVariance <= floor) dVar.fill(0);
    return { mean, variance: Math.max(rawVariance, floor) };
  }
}
