import { describe, expect, it } from 'vitest';
import { createRng, createStudy, inspectGp, type Params } from '../../../src/tuner';
import { fitOutputWarp, IDENTITY_WARP, lossScaleExpectedImprovement } from '../../../src/tuner/gp/output-warping';
import { expectedImprovement } from '../../../src/tuner/gp/acquisition';
import { buildGpModel } from '../../../src/tuner/gp/model';

const rng = createRng(3);
/** Losses of diverging runs: log-uniform over 1e2 … 1e7. */
const heavy = Array.from({ length: 40 }, () => 10 ** (2 + 5 * rng.next()));
/** Accuracies turned into losses (negative values: the Yeo-Johnson branch). */
const negative = Array.from({ length: 30 }, () => -0.5 - 0.45 * rng.next() ** 3);
const extremes = [1e-300, 1e-100, 1, 1e100, 1e300];
const ties = [3, 3, 3, 7, 7, 7, 7];

describe('output warping', () => {
  it('is the identity for "none", for fewer than three values and for all-equal values', () => {
    expect(fitOutputWarp(heavy, 'none')).toBe(IDENTITY_WARP);
    expect(fitOutputWarp([1, 2], 'power')).toBe(IDENTITY_WARP);
    expect(fitOutputWarp([5, 5, 5, 5], 'power')).toBe(IDENTITY_WARP);
  });

  it('picks Box-Cox for positive losses and Yeo-Johnson otherwise, close to log for log-uniform losses', () => {
    const w = fitOutputWarp(heavy, 'power');
    expect(w.family).toBe('box-cox');
    expect(Math.abs(w.lambda)).toBeLessThan(0.15);
    expect(fitOutputWarp(negative, 'power').family).toBe('yeo-johnson');
  });

  it.each([
    ['heavy-tailed', heavy],
    ['negative', negative],
    ['extreme', extremes],
    ['tied', ties],
  ])('round-trips the %s losses it was fitted on', (_, losses) => {
    const w = fitOutputWarp(losses, 'power');
    for (const l of losses) {
      const z = w.forward(l);
      expect(Number.isFinite(z)).toBe(true);
      expect(Math.abs(w.inverse(z) - l)).toBeLessThanOrEqual(1e-9 * Math.abs(l) + 1e-300);
    }
  });

  it.each([
    ['heavy-tailed', heavy],
    ['negative', negative],
    ['extreme', extremes],
    ['tied', ties],
  ])('is increasing and finite on and far beyond the %s losses, both ways', (_, losses) => {
    const w = fitOutputWarp(losses, 'power');
    const lo = Math.min(...losses);
    const hi = Math.max(...losses);
    const probe = [-1e300, -1e10, lo - 1, lo, (lo + hi) / 2, hi, hi * 2 + 1, 1e300].sort((a, b) => a - b);
    const zs = probe.map((l) => w.forward(l));
    zs.forEach((z) => expect(Number.isFinite(z)).toBe(true));
    for (let i = 1; i < zs.length; i++) expect(zs[i] as number).toBeGreaterThanOrEqual(zs[i - 1] as number);
    const zProbe = [-1e300, -1e6, -10, -1, 0, 1, 10, 1e6, 1e300];
    const ls = zProbe.map((z) => w.inverse(z));
    ls.forEach((l) => expect(Number.isFinite(l)).toBe(true));
    for (let i = 1; i < ls.length; i++) expect(ls[i] as number).toBeGreaterThanOrEqual(ls[i - 1] as number);
    zProbe.forEach((z) => expect(w.inverseSlope(z)).toBeGreaterThanOrEqual(0));
    const sorted = losses.slice().sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [w.forward(sorted[i - 1] as number), w.forward(sorted[i] as number)];
      if ((sorted[i] as number) > (sorted[i - 1] as number)) expect(b).toBeGreaterThan(a);
      else expect(b).toBe(a);
    }
  });

  it('gives the plain EI through the identity and a non-negative EI that grows with σ through a fitted warp', () => {
    for (const [mu, s, best] of [[0, 1, 0], [1, 0.5, 0], [-1, 2, 0], [3, 1, 0]] as const) {
      expect(lossScaleExpectedImprovement(IDENTITY_WARP, mu, s, best)).toBeCloseTo(expectedImprovement(mu, s, best), 6);
    }
    const w = fitOutputWarp(heavy, 'power');
    const zBest = w.forward(Math.min(...heavy));
    const small = lossScaleExpectedImprovement(w, zBest + 1, 0.5, zBest);
    const large = lossScaleExpectedImprovement(w, zBest + 1, 2, zBest);
    expect(small).toBeGreaterThanOrEqual(0);
    expect(large).toBeGreaterThan(small);
  });
});

describe('the GP model with output warping', () => {
  it('fits warped losses, keeps failed trials imputed with the worst one, and maps the incumbent back near the best loss', () => {
    const space = { a: { type: 'float', low: 0, high: 1 } } as const;
    const study = createStudy({ space, sampler: 'random', seed: 8 });
    for (let i = 0; i < 12; i++) {
      const { id, params } = study.ask();
      if (i % 4 === 3) study.tell(id, { state: 'failed', reason: 'diverged' });
      else study.tell(id, 10 ** (2 + 5 * (params.a as number)));
    }
    const model = buildGpModel(study.space, 'minimize', study.trials, {
      hyperparams: { kind: 'fit', warmStart: null, coldStart: true },
      minNoise: 1e-8,
      maxFitPoints: 120,
      outputWarping: 'power',
      rng: createRng(1),
    })!;
    expect(model.warp.family).toBe('box-cox');
    const y = Array.from(model.regressor.y);
    const observed = model.ranked.length;
    const worst = Math.max(...y.slice(0, observed));
    for (const failed of y.slice(observed)) expect(failed).toBe(worst);
    const best = Math.min(...model.ranked.map((r) => r.loss));
    // The incumbent is a posterior mean (noise fitted), so near the best loss on a scale spanning 1e2 … 1e7.
    const ratio = model.warp.inverse(model.lossMean + model.lossStd * model.incumbent) / best;
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(5);
  });
});

describe('the inspector with output warping', () => {
  const space = { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } } as const;
  const objective = (p: Params) => 10 ** (2 + 5 * (((p.a as number) - 0.3) ** 2 + ((p.b as number) - 0.6) ** 2));
  const study = createStudy({ space, sampler: 'random', seed: 4 });
  for (let i = 0; i < 25; i++) {
    const { id, params } = study.ask();
    study.tell(id, objective(params));
  }
  const samplerOptions = { outputWarping: 'power' };

  it('shows means and bands on the user scale: the observed values at observed points, ordered bands', () => {
    const view = inspectGp(study, { samplerOptions })!;
    const points = study.trials.map((t) => t.params);
    const { mean, std, lower, upper } = view.predict(points);
    study.trials.forEach((t, i) => {
      const v = t.value as number;
      expect(Math.abs((mean[i] as number) - v) / v).toBeLessThan(0.05);
      expect(lower[i]).toBeLessThanOrEqual(mean[i] as number);
      expect(upper[i]).toBeGreaterThanOrEqual(mean[i] as number);
      expect(std[i]).toBeCloseTo(((upper[i] as number) - (lower[i] as number)) / 2, 6);
    });
    expect(view.bestValue).toBe(study.best?.value);
  });

  it('shows EI on the user scale: non-negative, and about zero at the observed points', () => {
    const view = inspectGp(study, { samplerOptions })!;
    const { ei, logEi } = view.acquisition(study.trials.map((t) => t.params));
    const spread = Math.max(...study.trials.map((t) => t.value as number));
    ei.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(0.01 * spread);
      expect(Number.isNaN(logEi[i])).toBe(false);
    });
  });

  it("takes the warp from the study's own GP sampler options by default", () => {
    const gp = createStudy({ space, sampler: 'gp', samplerOptions, seed: 6 });
    for (let i = 0; i < 12; i++) {
      const { id, params } = gp.ask();
      gp.tell(id, objective(params));
    }
    const points = [{ a: 0.1, b: 0.9 }, { a: 0.5, b: 0.5 }];
    expect(inspectGp(gp)!.predict(points)).toEqual(inspectGp(gp, { samplerOptions })!.predict(points));
    expect(inspectGp(gp)!.predict(points)).not.toEqual(inspectGp(gp, { samplerOptions: { outputWarping: 'none' } })!.predict(points));
  });

  it('maps maximised objectives back with their sign', () => {
    const max = createStudy({ space, sampler: 'random', direction: 'maximize', seed: 5 });
    for (let i = 0; i < 20; i++) {
      const { id, params } = max.ask();
      max.tell(id, -objective(params));
    }
    const view = inspectGp(max, { samplerOptions })!;
    const { mean, lower, upper } = view.predict([max.best!.params]);
    expect(Math.abs((mean[0] as number) / (max.best!.value as number) - 1)).toBeLessThan(0.05);
    expect(lower[0]).toBeLessThanOrEqual(upper[0] as number);
  });
});
