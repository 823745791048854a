import { describe, expect, it } from 'vitest';
import { expectedImprovement, logExpectedImprovement, LogExpectedImprovement } from '../../../src/tuner/gp/acquisition';
import { GpRegressor } from '../../../src/tuner/gp/regressor';
import { createRng } from '../../../src/tuner';
import { numericGradient } from './numeric-gradient';

describe('expected improvement (minimisation)', () => {
  it('is never negative', () => {
    const rng = createRng(1);
    for (let i = 0; i < 2000; i++) {
      const ei = expectedImprovement(rng.normal() * 10, Math.abs(rng.normal()) * 3, rng.normal() * 10);
      expect(ei).toBeGreaterThanOrEqual(0);
    }
  });

  it('is zero where σ = 0 and μ is no better than the best', () => {
    expect(expectedImprovement(2, 0, 1)).toBe(0);
    expect(expectedImprovement(1, 0, 1)).toBe(0);
    expect(logExpectedImprovement(2, 0, 1)).toBe(-Infinity);
  });

  it('is the sure improvement where σ = 0 and μ is better', () => {
    expect(expectedImprovement(0.25, 0, 1)).toBe(0.75);
  });

  it('grows with σ and with the gap to the best', () => {
    expect(expectedImprovement(1, 2, 0)).toBeGreaterThan(expectedImprovement(1, 1, 0));
    expect(expectedImprovement(0, 1, 1)).toBeGreaterThan(expectedImprovement(0.5, 1, 1));
  });

  it('log EI equals log of EI, and stays finite and ordered where EI underflows', () => {
    for (const [mu, s, best] of [[0, 1, 0], [1, 0.5, 0], [-1, 2, 0]] as const) {
      expect(logExpectedImprovement(mu, s, best)).toBeCloseTo(Math.log(expectedImprovement(mu, s, best)), 10);
    }
    expect(expectedImprovement(60, 1, 0)).toBe(0);
    const far = logExpectedImprovement(60, 1, 0);
    const farther = logExpectedImprovement(80, 1, 0);
    expect(Number.isFinite(far)).toBe(true);
    expect(farther).toBeLessThan(far);
  });
});

describe('LogExpectedImprovement over a GP', () => {
  it('has an input gradient matching finite differences', () => {
    const rng = createRng(4);
    const n = 7;
    const X = Float64Array.from({ length: n * 2 }, () => rng.next());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const gp = new GpRegressor(X, n, 2, y, { lengthscales: [0.3, 0.6], scale: 1, noise: 1e-4 }, new Uint8Array(2));
    const acq = new LogExpectedImprovement(gp, Math.min(...y));
    for (const x of [Float64Array.from([0.3, 0.8]), Float64Array.from([0.9, 0.1])]) {
      const grad = new Float64Array(2);
      const v = acq.valueAndGrad(x, grad);
      expect(v).toBeCloseTo(acq.value(x), 12);
      const numeric = numericGradient((p) => acq.value(p), x);
      for (let j = 0; j < 2; j++) expect(grad[j]).toBeCloseTo(numeric[j] as number, 4);
    }
  });
});
