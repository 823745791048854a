import { describe, expect, it } from 'vitest';
import { GpRegressor } from '../../../src/tuner/gp/regressor';
import { fitHyperparams, negLogPosterior, defaultHyperparams, toTheta } from '../../../src/tuner/gp/fit';
import { createRng } from '../../../src/tuner';
import { numericGradient } from './numeric-gradient';

const SQRT5 = Math.sqrt(5);
/** Matérn-5/2 written out independently of kernel.ts. */
const matern = (r: number, s: number) => s * (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r);

describe('GP posterior', () => {
  it('matches a hand-computed two-point posterior', () => {
    const l = 0.4;
    const s = 1.3;
    const noise = 0.01;
    const X = Float64Array.from([0, 0.5]);
    const y = Float64Array.from([1, -1]);
    const gp = new GpRegressor(X, 2, 1, y, { lengthscales: [l], scale: s, noise }, new Uint8Array(1));
    const x = 0.2;
    const k1 = matern(Math.abs(x - 0) / l, s);
    const k2 = matern(Math.abs(x - 0.5) / l, s);
    const k12 = matern(0.5 / l, s);
    const a = s + noise;
    const det = a * a - k12 * k12;
    // inv = [[a, −k12], [−k12, a]] / det
    const invY0 = (a * 1 - k12 * -1) / det;
    const invY1 = (-k12 * 1 + a * -1) / det;
    const mean = k1 * invY0 + k2 * invY1;
    const quad = (k1 * (a * k1 - k12 * k2) + k2 * (-k12 * k1 + a * k2)) / det;
    const post = gp.posterior(Float64Array.from([x]));
    expect(post.mean).toBeCloseTo(mean, 12);
    expect(post.variance).toBeCloseTo(s - quad, 12);
  });

  it('interpolates noise-free data', () => {
    const rng = createRng(7);
    const n = 10;
    const X = Float64Array.from({ length: n * 2 }, () => rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * (X[2 * i] as number)) + (X[2 * i + 1] as number));
    const gp = new GpRegressor(X, n, 2, y, { lengthscales: [0.3, 0.5], scale: 1, noise: 1e-10 }, new Uint8Array(2));
    for (let i = 0; i < n; i++) {
      const post = gp.posterior(X.slice(2 * i, 2 * i + 2));
      expect(post.mean).toBeCloseTo(y[i] as number, 4);
      expect(post.variance).toBeLessThan(1e-4);
    }
    expect(gp.posterior(Float64Array.from([5, 5])).variance).toBeCloseTo(1, 6); // far away: the prior
  });

  it('has mean and variance gradients matching finite differences', () => {
    const rng = createRng(2);
    const n = 6;
    const X = Float64Array.from({ length: n * 3 }, (_, i) => (i % 3 === 2 ? i % 2 : rng.next()));
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const gp = new GpRegressor(X, n, 3, y, { lengthscales: [0.4, 0.7, 1], scale: 1.2, noise: 1e-3 }, Uint8Array.from([0, 0, 1]));
    const x = Float64Array.from([0.35, 0.6, 1]);
    const dMean = new Float64Array(3);
    const dVar = new Float64Array(3);
    gp.posteriorWithGrad(x, dMean, dVar);
    for (let j = 0; j < 2; j++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[j] = (xp[j] as number) + 1e-6;
      xm[j] = (xm[j] as number) - 1e-6;
      const pp = gp.posterior(xp);
      const pm = gp.posterior(xm);
      expect(dMean[j]).toBeCloseTo((pp.mean - pm.mean) / 2e-6, 5);
      expect(dVar[j]).toBeCloseTo((pp.variance - pm.variance) / 2e-6, 5);
    }
    expect(dMean[2]).toBe(0);
  });

  it('stays stable with duplicate points (jitter is added when needed)', () => {
    const X = Float64Array.from([0.5, 0.5, 0.5, 0.2]);
    const y = Float64Array.from([1, 1.2, 1.1, -1]);
    const gp = new GpRegressor(X, 4, 1, y, { lengthscales: [0.3], scale: 1, noise: 0 }, new Uint8Array(1));
    const post = gp.posterior(Float64Array.from([0.5]));
    expect(Number.isFinite(post.mean)).toBe(true);
    expect(post.mean).toBeGreaterThan(0.9);
    expect(post.mean).toBeLessThan(1.3);
  });
});

describe('hyperparameter fit', () => {
  it('has a marginal-likelihood gradient matching finite differences', () => {
    const rng = createRng(11);
    const n = 9;
    const d = 3;
    const X = Float64Array.from({ length: n * d }, (_, i) => (i % d === 2 ? i % 3 : rng.next()));
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const f = negLogPosterior(X, n, d, y, Uint8Array.from([0, 0, 1]), 1e-6);
    const theta = Float64Array.from([-0.5, 0.2, 0.1, 0.3, -3]);
    const grad = new Float64Array(d + 2);
    f(theta, grad);
    const numeric = numericGradient((t) => f(t, new Float64Array(d + 2)), theta);
    for (let i = 0; i < d + 2; i++) expect(grad[i]).toBeCloseTo(numeric[i] as number, 4);
  });

  it('learns a short lengthscale for a wiggly dimension and a long one for an irrelevant one', () => {
    const rng = createRng(5);
    const n = 40;
    const X = Float64Array.from({ length: n * 2 }, () => rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(12 * (X[2 * i] as number)));
    const h = fitHyperparams(X, n, 2, y, new Uint8Array(2), [{ hyper: defaultHyperparams(2) }], { minNoise: 1e-6 });
    expect(h.lengthscales[0]).toBeLessThan(h.lengthscales[1] as number);
    expect(h.noise).toBeLessThan(0.05);
  });

  it('is stable with constant outputs and with duplicate points', () => {
    const X = Float64Array.from([0.1, 0.1, 0.1, 0.9, 0.5]);
    const constant = new Float64Array(5);
    const h1 = fitHyperparams(X, 5, 1, constant, new Uint8Array(1), [{ hyper: defaultHyperparams(1) }], { minNoise: 1e-6 });
    const noisy = Float64Array.from([1, -1, 0.5, 0, 2]);
    const h2 = fitHyperparams(X, 5, 1, noisy, new Uint8Array(1), [{ hyper: defaultHyperparams(1) }], { minNoise: 1e-6 });
    for (const h of [h1, h2]) {
      expect(toTheta(h, 1, 1e-6).every(Number.isFinite)).toBe(true);
      expect(() => new GpRegressor(X, 5, 1, noisy, h, new Uint8Array(1))).not.toThrow();
    }
  });
});
