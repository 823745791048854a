/**
 * Log EI weighted by feasibility and divided by cost, as one acquisition to maximise:
 *
 *   a(x) = log EI(x) + Σ_k log PoF_k(x) − E[log c(x)]
 *
 * i.e. EI(x) · Π_k PoF_k(x) / exp(E[log c(x)]) (Gardner et al. 2014 for constraints; "EI per
 * second" of Snoek et al. 2012 for cost, with the cost's geometric-mean prediction). Each term is
 * optional: without a feasible observation yet the EI term is dropped (the search looks for the
 * feasible region first); without `costAware` the cost term is.
 *
 * Notation (see side-models.ts): u_k = (t_k − μ_k)/σ_k,  ∂ log Φ(u)/∂u = φ(u)/Φ(u),
 *   ∂u/∂μ = −1/σ,  ∂u/∂σ = −u/σ,  ∂σ/∂σ² = 1/(2σ);  ∂E[log c]/∂x = s_c ∂μ_c/∂x.
 */
import type { Acquisition } from './acquisition';
import type { ConstraintModel, CostModel } from './side-models';
import { dLogNormCdf, logNormCdf } from './special';

export class CompositeLogAcquisition implements Acquisition {
  readonly d: number;
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;
  private readonly tmp: Float64Array;

  constructor(
    /** log EI over the objective, or null to drop it. */
    readonly ei: Acquisition | null,
    readonly constraints: readonly ConstraintModel[],
    readonly cost: CostModel | null,
    d: number,
  ) {
    this.d = d;
    this.dMean = new Float64Array(d);
    this.dVar = new Float64Array(d);
    this.tmp = new Float64Array(d);
  }

  value(x: Float64Array): number {
    let a = this.ei === null ? 0 : this.ei.value(x);
    for (const c of this.constraints) {
      const { mean, variance } = c.gp.posterior(x);
      a += logNormCdf((c.threshold - mean) / Math.sqrt(Math.max(variance, 1e-300)));
    }
    if (this.cost !== null) a -= this.cost.mean + this.cost.std * this.cost.gp.posterior(x).mean;
    return a;
  }

  valueAndGrad(x: Float64Array, grad: Float64Array): number {
    let a = 0;
    if (this.ei === null) grad.fill(0);
    else a = this.ei.valueAndGrad(x, grad);
    for (const c of this.constraints) {
      const { mean, variance } = c.gp.posteriorWithGrad(x, this.dMean, this.dVar);
      const std = Math.sqrt(Math.max(variance, 1e-300));
      const u = (c.threshold - mean) / std;
      a += logNormCdf(u);
      const r = dLogNormCdf(u);
      const dMu = -r / std;
      const dVarCoef = ((-r * u) / std) * (1 / (2 * std));
      for (let j = 0; j < this.d; j++) grad[j] = (grad[j] as number) + dMu * (this.dMean[j] as number) + dVarCoef * (this.dVar[j] as number);
    }
    if (this.cost !== null) {
      const { mean } = this.cost.gp.posteriorWithGrad(x, this.tmp, this.dVar);
      a -= this.cost.mean + this.cost.std * mean;
      for (let j = 0; j < this.d; j++) grad[j] = (grad[j] as number) - this.cost.std * (this.tmp[j] as number);
    }
    return a;
  }
}
