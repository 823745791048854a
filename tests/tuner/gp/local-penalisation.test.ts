import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/tuner';
import { LogExpectedImprovement } from '../../../src/tuner/gp/acquisition';
import { LocallyPenalisedLogEi } from '../../../src/tuner/gp/local-penalisation';
import { GpRegressor } from '../../../src/tuner/gp/regressor';
import { numericGradient } from './numeric-gradient';

/** A 2-D GP on 8 observations, its incumbent, and two running trials. */
function setting() {
  const rng = createRng(21);
  const n = 8;
  const X = Float64Array.from({ length: n * 2 }, () => rng.next());
  const y = Float64Array.from({ length: n }, () => rng.normal());
  const gp = new GpRegressor(X, n, 2, y, { lengthscales: [0.3, 0.5], scale: 1, noise: 1e-4 }, new Uint8Array(2));
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, (y[i] as number) - gp.diagonal * (gp.alpha[i] as number));
  return { gp, best, pending: [Float64Array.from([0.25, 0.3]), Float64Array.from([0.7, 0.6])] };
}

describe('log EI with local penalisation around running trials', () => {
  it('has an input gradient matching finite differences', () => {
    const { gp, best, pending } = setting();
    const acq = new LocallyPenalisedLogEi(gp, pending, best, createRng(1));
    for (const x of [Float64Array.from([0.3, 0.7]), Float64Array.from([0.9, 0.1]), Float64Array.from([0.26, 0.31])]) {
      const grad = new Float64Array(2);
      const v = acq.valueAndGrad(x, grad);
      expect(v).toBeCloseTo(acq.value(x), 12);
      const numeric = numericGradient((p) => acq.value(p), x);
      for (let j = 0; j < 2; j++) expect(Math.abs((grad[j] as number) - (numeric[j] as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric[j] as number)));
    }
  });

  it('never adds to log EI, takes most off at a running trial, and fades with distance from it', () => {
    const { gp, best, pending } = setting();
    const acq = new LocallyPenalisedLogEi(gp, pending.slice(0, 1), best, createRng(2));
    const ei = new LogExpectedImprovement(gp, best);
    const cut = (x: Float64Array) => ei.value(x) - acq.value(x);
    const at = pending[0] as Float64Array;
    const near = Float64Array.from([0.252, 0.3]);
    const far = Float64Array.from([0.25, 1]);
    for (const x of [at, near, far]) expect(cut(x)).toBeGreaterThanOrEqual(0);
    expect(cut(at)).toBeGreaterThan(cut(near));
    expect(cut(near)).toBeGreaterThan(0);
    expect(cut(near)).toBeGreaterThanOrEqual(cut(far));
    expect(acq.lipschitz).toBeGreaterThan(0);
  });

  it('is plain log EI without running trials', () => {
    const { gp, best } = setting();
    const acq = new LocallyPenalisedLogEi(gp, [], best, createRng(3));
    const x = Float64Array.from([0.4, 0.5]);
    expect(acq.value(x)).toBe(new LogExpectedImprovement(gp, best).value(x));
  });
});
