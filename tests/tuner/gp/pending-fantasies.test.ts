import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/tuner';
import { FantasyLogEi } from '../../../src/tuner/gp/pending-fantasies';
import { GpRegressor } from '../../../src/tuner/gp/regressor';
import { numericGradient } from './numeric-gradient';

/** A 2-D GP on 8 observations, and the same GP with 3 pending believers appended. */
function models(noise = 1e-4) {
  const rng = createRng(11);
  const n = 8;
  const X = Float64Array.from({ length: n * 2 }, () => rng.next());
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const regressor = new GpRegressor(X, n, 2, y, { lengthscales: [0.3, 0.5], scale: 1, noise }, new Uint8Array(2));
  const Xp = Float64Array.from([0.2, 0.2, 0.8, 0.5, 0.5, 0.9]);
  const yp = Float64Array.from({ length: 3 }, (_, k) => regressor.posterior(Xp.subarray(2 * k, 2 * k + 2)).mean);
  const withPending = regressor.withRows(Xp, 3, yp);
  return { regressor, withPending, observedRows: n, Xp };
}

describe('EI averaged over fantasies of the pending results', () => {
  it('has an input gradient matching finite differences', () => {
    const acq = new FantasyLogEi(models(), 8, createRng(1));
    for (const x of [Float64Array.from([0.3, 0.7]), Float64Array.from([0.9, 0.1]), Float64Array.from([0.21, 0.19])]) {
      const grad = new Float64Array(2);
      const v = acq.valueAndGrad(x, grad);
      expect(v).toBeCloseTo(acq.value(x), 12);
      const numeric = numericGradient((p) => acq.value(p), x);
      for (let j = 0; j < 2; j++) expect(Math.abs((grad[j] as number) - (numeric[j] as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric[j] as number)));
    }
  });

  it('draws fantasies whose spread is the posterior spread at the pending points', () => {
    const m = models(1e-2);
    const acq = new FantasyLogEi(m, 4000, createRng(2));
    let observedBest = Infinity;
    for (let i = 0; i < m.observedRows; i++) observedBest = Math.min(observedBest, (m.regressor.y[i] as number) - m.regressor.diagonal * (m.regressor.alpha[i] as number));
    // Each fantasised incumbent is the observed one or a better fantasised result, never worse.
    for (const f of acq.incumbents) expect(f).toBeLessThanOrEqual(observedBest + 1e-12);
    // And some fantasies do beat it where the pending points are uncertain.
    expect(acq.incumbents.some((f) => f < observedBest - 1e-6)).toBe(true);
  });

  it('stays finite at the pending points themselves, where σ is nearly zero', () => {
    const m = models();
    const acq = new FantasyLogEi(m, 16, createRng(3));
    for (let k = 0; k < 3; k++) expect(Number.isFinite(acq.value(m.Xp.subarray(2 * k, 2 * k + 2)))).toBe(true);
  });

  it('is the same for the same random stream, and refuses a model without pending rows or a bad count', () => {
    const m = models();
    const x = Float64Array.from([0.4, 0.6]);
    expect(new FantasyLogEi(m, 8, createRng(5)).value(x)).toBe(new FantasyLogEi(m, 8, createRng(5)).value(x));
    expect(() => new FantasyLogEi({ ...m, withPending: m.regressor }, 8, createRng(5))).toThrow(/no pending rows/);
    expect(() => new FantasyLogEi(m, 0, createRng(5))).toThrow(/positive integer/);
  });
});
