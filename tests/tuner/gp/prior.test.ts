import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/tuner/rng';
import {
  addLogPrior,
  DEFAULT_LENGTHSCALE_PRIOR,
  lengthscalePriorMode,
  LENGTHSCALE_PRIORS,
  resolveLengthscalePrior,
  SCALED_PRIOR_FROM_DIMS,
  type LengthscalePrior,
} from '../../../src/tuner/gp/prior';
import { defaultHyperparams, fitHyperparams, negLogPosterior } from '../../../src/tuner/gp/fit';
import { GpSampler } from '../../../src/tuner/samplers/gp';
import { numericGradient } from './numeric-gradient';

/** The lengthscale part of the log prior at ℓ in every one of d dimensions (scale and noise fixed). */
function lengthscaleLogPrior(prior: LengthscalePrior, d: number, lengthscale: number): number {
  const theta = new Float64Array(d + 2).fill(Math.log(lengthscale));
  theta[d] = 0;
  theta[d + 1] = Math.log(1e-3);
  return addLogPrior(theta, d, 1e-6, new Float64Array(d + 2), prior);
}

describe('lengthscale priors', () => {
  it.each(LENGTHSCALE_PRIORS)('%s: the gradient matches finite differences', (prior) => {
    const d = 4;
    const theta = Float64Array.from([-1.2, -0.3, 0.4, 1.5, 0.2, -5]);
    const grad = new Float64Array(d + 2);
    addLogPrior(theta, d, 1e-6, grad, prior);
    for (let i = 0; i < d + 2; i++) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[i] = (tp[i] as number) + 1e-6;
      tm[i] = (tm[i] as number) - 1e-6;
      const numeric = (addLogPrior(tp, d, 1e-6, new Float64Array(d + 2), prior) - addLogPrior(tm, d, 1e-6, new Float64Array(d + 2), prior)) / 2e-6;
      expect(grad[i]).toBeCloseTo(numeric, 5);
    }
  });

  it.each(LENGTHSCALE_PRIORS)('%s: peaks at its stated mode', (prior) => {
    for (const d of [1, 2, 6, 10, 20]) {
      const mode = lengthscalePriorMode(prior, d);
      const atMode = lengthscaleLogPrior(prior, d, mode);
      expect(atMode).toBeGreaterThan(lengthscaleLogPrior(prior, d, mode * 1.05));
      expect(atMode).toBeGreaterThan(lengthscaleLogPrior(prior, d, mode / 1.05));
    }
  });

  it("'unit' keeps its mode at ℓ = 1 whatever the dimension", () => {
    expect([1, 6, 20].map((d) => lengthscalePriorMode('unit', d))).toEqual([1, 1, 1]);
  });

  it("'dimensionScaled' moves its mode with √d: four times the dimensions, twice the lengthscale", () => {
    expect(lengthscalePriorMode('dimensionScaled', 20) / lengthscalePriorMode('dimensionScaled', 5)).toBeCloseTo(2, 12);
    expect(lengthscalePriorMode('dimensionScaled', 1)).toBeCloseTo(Math.exp(Math.SQRT2 - 3), 12);
  });

  it("'auto' (the default) is the unit prior below SCALED_PRIOR_FROM_DIMS dimensions and the scaled one from there", () => {
    expect(DEFAULT_LENGTHSCALE_PRIOR).toBe('auto');
    const d = SCALED_PRIOR_FROM_DIMS;
    expect(resolveLengthscalePrior('auto', d - 1)).toBe('unit');
    expect(resolveLengthscalePrior('auto', d)).toBe('dimensionScaled');
    for (const at of [d - 1, d, 20]) {
      const theta = Float64Array.from({ length: at + 2 }, (_, j) => 0.3 - 0.1 * j);
      const same = addLogPrior(theta, at, 1e-6, new Float64Array(at + 2), resolveLengthscalePrior('auto', at));
      expect(addLogPrior(theta, at, 1e-6, new Float64Array(at + 2), 'auto')).toBe(same);
    }
    expect(defaultHyperparams(d - 1).lengthscales[0]).toBe(0.5);
    expect(defaultHyperparams(d).lengthscales[0]).toBeCloseTo(lengthscalePriorMode('dimensionScaled', d), 12);
  });

  it("'dimensionScaled' penalises long lengthscales less as d grows", () => {
    // Relative log prior of ℓ = 3 against the mode, per dimension.
    const drop = (d: number) => (lengthscaleLogPrior('dimensionScaled', d, lengthscalePriorMode('dimensionScaled', d)) - lengthscaleLogPrior('dimensionScaled', d, 3)) / d;
    expect(drop(20)).toBeLessThan(drop(2));
  });
});

describe('fit under the dimension-scaled prior', () => {
  it('starts from the prior mode', () => {
    const h = defaultHyperparams(10, 'dimensionScaled');
    expect(h.lengthscales).toHaveLength(10);
    for (const l of h.lengthscales) expect(l).toBeCloseTo(lengthscalePriorMode('dimensionScaled', 10), 12);
    expect(defaultHyperparams(3, 'unit').lengthscales).toEqual([0.5, 0.5, 0.5]);
  });

  it('has a posterior gradient matching finite differences', () => {
    const rng = createRng(21);
    const n = 10;
    const d = 3;
    const X = Float64Array.from({ length: n * d }, (_, i) => (i % d === 2 ? i % 3 : rng.next()));
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const f = negLogPosterior(X, n, d, y, Uint8Array.from([0, 0, 1]), 1e-6, 'dimensionScaled');
    const theta = Float64Array.from([-0.5, 0.2, 0.1, 0.3, -3]);
    const grad = new Float64Array(d + 2);
    f(theta, grad);
    const numeric = numericGradient((t) => f(t, new Float64Array(d + 2)), theta);
    for (let i = 0; i < d + 2; i++) expect(grad[i]).toBeCloseTo(numeric[i] as number, 4);
  });

  it('in 12 dimensions, finds the two that matter: their lengthscales come out shortest', () => {
    const rng = createRng(8);
    const n = 30;
    const d = 12;
    const X = Float64Array.from({ length: n * d }, () => rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(5 * (X[i * d + 3] as number)) + 2 * (X[i * d + 7] as number) ** 2);
    const h = fitHyperparams(X, n, d, y, new Uint8Array(d), [{ hyper: defaultHyperparams(d, 'dimensionScaled') }], {
      minNoise: 1e-6,
      lengthscalePrior: 'dimensionScaled',
    });
    const inert = h.lengthscales.filter((_, j) => j !== 3 && j !== 7);
    expect(Math.max(h.lengthscales[3] as number, h.lengthscales[7] as number)).toBeLessThan(Math.min(...inert));
  });
});

describe("gp sampler option 'lengthscalePrior'", () => {
  it("takes any of the priors, 'auto' by default, and refuses anything else by name", () => {
    expect(new GpSampler().settings.lengthscalePrior).toBe('auto');
    for (const prior of LENGTHSCALE_PRIORS) expect(new GpSampler({ lengthscalePrior: prior }).settings.lengthscalePrior).toBe(prior);
    expect(() => new GpSampler({ lengthscalePrior: 'wide' })).toThrow(/gp sampler: option "lengthscalePrior" must be one of "auto", "unit", "dimensionScaled"/);
    expect(() => new GpSampler({ lengthscalePrior: 2 })).toThrow(/option "lengthscalePrior"/);
  });
});
