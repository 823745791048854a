/**
 * Acquisition functions over a fitted GP (minimisation: lower is better).
 *
 * Notation
 *   μ, σ      posterior mean and standard deviation at x (σ² from the regressor)
 *   f*        the incumbent: the best (lowest) posterior mean among observed points
 *   z         (f* − μ) / σ
 *   EI        E[max(f* − f(x), 0)] = σ h(z),   h as in special.ts
 *   log EI    log σ + log h(z): finite and smooth even where EI underflows to 0
 *   ∂logEI/∂μ = −h'(z)/(σ h(z)) = −(log h)'(z)/σ
 *   ∂logEI/∂σ = (1 − z (log h)'(z)) / σ,   ∂σ/∂σ² = 1/(2σ)
 */
import type { GpRegressor } from './regressor';
import { dLogUnitEi, logUnitEi, unitEi } from './special';

/** An acquisition to maximise over GP inputs x (d). */
export interface Acquisition {
  readonly d: number;
  value(x: Float64Array): number;
  /** Writes ∂value/∂x into grad (zero on categorical dims) and returns the value. */
  valueAndGrad(x: Float64Array, grad: Float64Array): number;
}

/** EI for minimisation; exact at σ = 0 (the improvement itself, or 0). */
export function expectedImprovement(mean: number, std: number, best: number): number {
  if (!(std > 0)) return Math.max(best - mean, 0);
  return std * unitEi((best - mean) / std);
}

/** log EI; −∞ only when σ = 0 and μ ≥ f*. */
export function logExpectedImprovement(mean: number, std: number, best: number): number {
  if (!(std > 0)) return Math.log(Math.max(best - mean, 0));
  return Math.log(std) + logUnitEi((best - mean) / std);
}

export class LogExpectedImprovement implements Acquisition {
  readonly d: number;
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;

  constructor(
    readonly gp: GpRegressor,
    readonly best: number,
  ) {
    this.d = gp.d;
    this.dMean = new Float64Array(gp.d);
    this.dVar = new Float64Array(gp.d);
  }

  value(x: Float64Array): number {
    const { mean, variance } = this.gp.posterior(x);
    return logExpectedImprovement(mean, Math.sqrt(variance), this.best);
  }

  valueAndGrad(x: Float64Array, grad: Float64Array): number {
    const { mean, variance } = this.gp.posteriorWithGrad(x, this.dMean, this.dVar);
    const std = Math.sqrt(variance);
    const z = (this.best - mean) / std;
    const dlh = dLogUnitEi(z);
    const dMu = -dlh / std;
    const dSigma = (1 - z * dlh) / std;
    const dVarCoef = dSigma / (2 * std);
    for (let j = 0; j < this.d; j++) grad[j] = dMu * (this.dMean[j] as number) + dVarCoef * (this.dVar[j] as number);
    return Math.log(std) + logUnitEi(z);
  }
}
