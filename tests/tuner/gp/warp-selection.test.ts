/**
 * 'auto' output warping: the standardised losses and their log-Jacobian, the choice between the
 * identity and the fitted power warp by the GP's evidence, and how a reused fit, the sampler's state
 * and the inspector keep that choice.
 */
import { describe, expect, it } from 'vitest';
import { createRng, createStudy, GpSampler, inspectGp, type Params } from '../../../src/tuner';
import { buildGpModel, type GpModelOptions } from '../../../src/tuner/gp/model';
import { fitOutputWarp, IDENTITY_WARP } from '../../../src/tuner/gp/output-warping';
import { standardiseLosses, warpEvidence } from '../../../src/tuner/gp/warp-selection';
import { objectiveWarping } from '../../../src/tuner/samplers/gp-settings';

const rng = createRng(11);
const heavyLosses = Array.from({ length: 30 }, () => 10 ** (2 + 5 * rng.next()));

describe('standardised losses', () => {
  it('round-trips through the warp and has mean 0 and variance 1', () => {
    for (const warp of [IDENTITY_WARP, fitOutputWarp(heavyLosses, 'power')]) {
      const s = standardiseLosses(heavyLosses, warp);
      const ys = Array.from(s.y);
      expect(Math.abs(ys.reduce((a, b) => a + b, 0) / ys.length)).toBeLessThan(1e-9);
      expect(Math.abs(ys.reduce((a, b) => a + b * b, 0) / ys.length - 1)).toBeLessThan(1e-9);
      heavyLosses.forEach((l, i) => {
        expect(Math.abs(warp.inverse(s.mean + s.std * (s.y[i] as number)) - l)).toBeLessThanOrEqual(1e-9 * l);
      });
    }
  });

  it('is increasing, and its log-Jacobian is log dy/dℓ (a finite difference agrees)', () => {
    const warp = fitOutputWarp(heavyLosses, 'power');
    const s = standardiseLosses(heavyLosses, warp);
    const order = heavyLosses.map((l, i) => [l, s.y[i] as number] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < order.length; i++) expect((order[i] as readonly number[])[1]).toBeGreaterThan((order[i - 1] as readonly number[])[1] as number);
    heavyLosses.forEach((l, i) => {
      const h = 1e-6 * l;
      const slope = (warp.forward(l + h) - warp.forward(l - h)) / (2 * h) / s.std;
      expect(Math.abs(Math.log(slope) - (s.logJacobians[i] as number))).toBeLessThan(1e-5);
    });
  });

  it("gives the identity a constant log-Jacobian −log s, and the evidence adds it over the fit rows only", () => {
    const losses = [1, 2, 3, 4, 10];
    const s = standardiseLosses(losses, IDENTITY_WARP);
    for (const j of s.logJacobians) expect(j).toBeCloseTo(-Math.log(s.std), 12);
    expect(warpEvidence(-3, s, [0, 2])).toBeCloseTo(-3 - 2 * Math.log(s.std), 12);
    expect(warpEvidence(-Infinity, s, [0])).toBe(-Infinity);
  });
});

const SPACE = { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } } as const;
const smooth = (p: Params) => Math.sin(3 * (p.a as number)) + Math.cos(2 * (p.b as number)) + 0.5 * (p.a as number);
const heavy = (p: Params) => 10 ** (2 + 5 * (((p.a as number) - 0.3) ** 2 + ((p.b as number) - 0.6) ** 2) / 0.9);

function randomStudy(objective: (p: Params) => number, seed: number, n = 30) {
  const study = createStudy({ space: SPACE, sampler: 'random', seed });
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask();
    study.tell(id, objective(params));
  }
  return study;
}

const fitPlan = (): GpModelOptions => ({
  hyperparams: { kind: 'fit', warmStart: null, coldStart: true },
  minNoise: 1e-6,
  maxFitPoints: 120,
  outputWarping: 'auto',
  rng: createRng(2),
});

describe("'auto' output warping", () => {
  it('keeps the identity for a smooth objective with light tails, on several designs', () => {
    for (const seed of [1, 2, 3]) {
      const study = randomStudy(smooth, seed);
      const model = buildGpModel(study.space, 'minimize', study.trials, fitPlan())!;
      expect(model.warping).toBe('none');
      expect(model.warp).toBe(IDENTITY_WARP);
    }
  });

  it('keeps the power warp for heavy-tailed losses (values over five decades), on several designs', () => {
    for (const seed of [1, 2, 3]) {
      const study = randomStudy(heavy, seed);
      const model = buildGpModel(study.space, 'minimize', study.trials, fitPlan())!;
      expect(model.warping).toBe('power');
      expect(model.warp.family).toBe('box-cox');
    }
  });

  it('reuses the choice made with the hyperparameters it is given', () => {
    const study = randomStudy(heavy, 4);
    const fitted = buildGpModel(study.space, 'minimize', study.trials, fitPlan())!;
    for (const warping of ['none', 'power'] as const) {
      const reused = buildGpModel(study.space, 'minimize', study.trials, { ...fitPlan(), hyperparams: { kind: 'reuse', hyper: fitted.hyper, warping } })!;
      expect(reused.warping).toBe(warping);
      expect(reused.hyper).toBe(fitted.hyper);
    }
  });

  it('is the default of the GP sampler, kept in its saved state, and checked when loaded', () => {
    const study = createStudy({ space: SPACE, sampler: 'gp', seed: 5 });
    for (let i = 0; i < 14; i++) {
      const { id, params } = study.ask();
      study.tell(id, heavy(params));
    }
    const sampler = new GpSampler();
    expect(sampler.settings.outputWarping).toBe('auto');
    const saved = (study.toJSON() as { sampler?: { state?: { warping?: unknown } } }).sampler?.state;
    expect(saved?.warping).toBe('power');
    expect(() => sampler.loadState({ warping: 'log' })).toThrow(/warping/);
    sampler.loadState({ warping: 'power' });
    expect((sampler.saveState() as { warping: string }).warping).toBe('power');
  });

  it('keeps raw losses in a study with constraints, where the power warp would pay for infeasible points', () => {
    const study = createStudy({ space: SPACE, sampler: 'gp', seed: 5, constraints: ['c'] });
    for (let i = 0; i < 14; i++) {
      const { id, params } = study.ask();
      study.tell(id, heavy(params), { constraints: { c: (params.a as number) - 0.5 } });
    }
    const saved = (study.toJSON() as { sampler?: { state?: { warping?: unknown } } }).sampler?.state;
    expect(saved?.warping).toBe('none');
    const settings = new GpSampler().settings;
    expect(objectiveWarping(settings, study.trials)).toBe('none');
    expect(objectiveWarping(settings, randomStudy(heavy, 1, 3).trials)).toBe('auto');
    expect(objectiveWarping(new GpSampler({ outputWarping: 'power' }).settings, study.trials)).toBe('power');
  });

  it('shows the inspector on the user scale with the chosen warp: the same view as asking for it', () => {
    const study = randomStudy(heavy, 6, 25);
    const points = study.trials.map((t) => t.params);
    const auto = inspectGp(study, { samplerOptions: { outputWarping: 'auto' } })!.predict(points);
    expect(auto).toEqual(inspectGp(study, { samplerOptions: { outputWarping: 'power' } })!.predict(points));
    study.trials.forEach((t, i) => expect(Math.abs((auto.mean[i] as number) / (t.value as number) - 1)).toBeLessThan(0.05));
  });
});
