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
 */
import { cholesky, solveLower, solveUpperT } from './linalg';
import { kernelMatrix, kernelVector, kernelVectorWithGrad, type KernelParams } from './kernel';

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
  ) {
    this.kernel = {
      w: Float64Array.from(hyper.lengthscales, (l) => 1 / (l * l)),
      scale: hyper.scale,
    };
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
    this.kStar = new Float64Array(n);
    this.v = new Float64Array(n);
    this.dk = new Float64Array(n * d);
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
