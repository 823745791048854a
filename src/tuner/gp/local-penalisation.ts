/**
 * Pending trials by local penalisation (González et al. 2016; Alvi et al. 2019 for asynchronous
 * runs): log EI of the GP on the finished trials only, minus a soft exclusion ball around each
 * running trial. A running trial predicted to be near the best keeps a small ball, so several
 * trials may refine the best region at once; one predicted to be poor excludes a wide one.
 *
 * Notation
 *   μ, σ          posterior of the GP on the n finished rows (standardised loss)
 *   x_k (d)       pending inputs, k = 1 … p;  μ_k, σ_k their posterior mean and std
 *   M             the incumbent f* (best posterior mean at an observed point)
 *   ρ(x, x')      distance in lengthscale units: √(Σ_j (x_j − x'_j)²/ℓ_j²), a categorical dim
 *                 contributing 1/ℓ_j² where the choices differ
 *   Lip           a Lipschitz constant of μ in those units: max ‖∇μ‖ (scaled) over probe points
 *   r_k           (μ_k − M)/Lip: how far the minimum cannot be from x_k, if f(x_k) = μ_k
 *   φ_k(x)        P(ρ(x, x_k) > r_k) with f(x_k) ~ N(μ_k, σ_k²) = Φ(u_k), u_k = (Lip ρ − μ_k + M)/σ_k
 *   a(x)          log EI(x) + Σ_k log Φ(u_k(x))
 *   ∂a/∂x_j       ∂logEI/∂x_j + Σ_k (log Φ)'(u_k) (Lip/σ_k) (x_j − x_kj)/(ℓ_j² ρ)   (0 on categorical dims)
 */
import type { Rng } from '../rng';
import { LogExpectedImprovement, type Acquisition } from './acquisition';
import type { GpRegressor } from './regressor';
import { dLogNormCdf, logNormCdf } from './special';

/** Lip is at least this (standardised loss per lengthscale), so a flat model still spreads pending points. */
const MIN_LIPSCHITZ = 1e-3;
/** Probe points for Lip: the first (best) rows of the GP, and uniform random points. */
const LIPSCHITZ_ROWS = 16;
const LIPSCHITZ_PROBES = 32;

export class LocallyPenalisedLogEi implements Acquisition {
  readonly d: number;
  readonly lipschitz: number;
  private readonly ei: LogExpectedImprovement;
  private readonly pending: readonly { x: Float64Array; mean: number; std: number }[];
  private readonly invSq: Float64Array;
  private readonly categorical: Uint8Array;
  private readonly best: number;

  /** `gp`: the GP on finished trials; `pending`: the running trials' inputs (p × d); `incumbent`: M. */
  constructor(gp: GpRegressor, pending: readonly Float64Array[], incumbent: number, rng: Rng) {
    this.d = gp.d;
    this.categorical = gp.categorical;
    this.invSq = Float64Array.from(gp.hyper.lengthscales, (l) => 1 / (l * l));
    this.ei = new LogExpectedImprovement(gp, incumbent);
    this.lipschitz = estimateLipschitz(gp, rng);
    this.pending = pending.map((x) => {
      const post = gp.posterior(x);
      return { x, mean: post.mean, std: Math.sqrt(post.variance) };
    });
    this.best = incumbent;
  }

  value(x: Float64Array): number {
    let a = this.ei.value(x);
    for (const k of this.pending) a += logNormCdf(this.u(k, this.distance(x, k.x)));
    return a;
  }

  valueAndGrad(x: Float64Array, grad: Float64Array): number {
    let a = this.ei.valueAndGrad(x, grad);
    for (const k of this.pending) {
      const rho = this.distance(x, k.x);
      const u = this.u(k, rho);
      a += logNormCdf(u);
      if (!(rho > 0)) continue;
      const c = (dLogNormCdf(u) * this.lipschitz) / (k.std * rho);
      for (let j = 0; j < this.d; j++) {
        if (this.categorical[j]) continue;
        grad[j] = (grad[j] as number) + c * ((x[j] as number) - (k.x[j] as number)) * (this.invSq[j] as number);
      }
    }
    return a;
  }

  private u(k: { mean: number; std: number }, rho: number): number {
    return (this.lipschitz * rho - k.mean + this.best) / k.std;
  }

  private distance(a: Float64Array, b: Float64Array): number {
    let s = 0;
    for (let j = 0; j < this.d; j++) {
      const diff = (a[j] as number) - (b[j] as number);
      if (this.categorical[j]) s += diff === 0 ? 0 : (this.invSq[j] as number);
      else s += diff * diff * (this.invSq[j] as number);
    }
    return Math.sqrt(s);
  }
}

/** max ‖ℓ ⊙ ∇μ‖ over the GP's first LIPSCHITZ_ROWS rows and LIPSCHITZ_PROBES uniform points of [0, 1]^d. */
function estimateLipschitz(gp: GpRegressor, rng: Rng): number {
  const { d } = gp;
  const dMean = new Float64Array(d);
  const dVar = new Float64Array(d);
  const x = new Float64Array(d);
  let best = MIN_LIPSCHITZ;
  const probe = (): void => {
    gp.posteriorWithGrad(x, dMean, dVar);
    let s = 0;
    for (let j = 0; j < d; j++) s += ((dMean[j] as number) * (gp.hyper.lengthscales[j] as number)) ** 2;
    best = Math.max(best, Math.sqrt(s));
  };
  for (let i = 0; i < Math.min(gp.n, LIPSCHITZ_ROWS); i++) {
    x.set(gp.X.subarray(i * d, i * d + d));
    probe();
  }
  for (let i = 0; i < LIPSCHITZ_PROBES; i++) {
    for (let j = 0; j < d; j++) x[j] = gp.categorical[j] ? (gp.X[j] as number) : rng.next();
    probe();
  }
  return best;
}
