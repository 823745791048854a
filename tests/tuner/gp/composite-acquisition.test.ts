import { describe, expect, it } from 'vitest';
import { createRng, createStudy, type Params } from '../../../src/tuner';
import { CompositeLogAcquisition } from '../../../src/tuner/gp/composite-acquisition';
import { buildGpModel } from '../../../src/tuner/gp/model';
import { LogExpectedImprovement } from '../../../src/tuner/gp/acquisition';
import { buildConstraintModels, buildCostModel, constraintNames } from '../../../src/tuner/gp/side-models';
import { dLogNormCdf, logNormCdf, normCdf } from '../../../src/tuner/gp/special';

const SPACE = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } as const;

describe('log Φ', () => {
  it('matches log(Φ) where Φ is representable and stays finite far into the tail', () => {
    for (const u of [-0.5, 0, 1, 3, -1, -2, -5, -20]) expect(logNormCdf(u)).toBeCloseTo(Math.log(normCdf(u)), 8);
    expect(logNormCdf(-40)).toBeCloseTo(-0.5 * 1600 - 0.5 * Math.log(2 * Math.PI) - Math.log(40), 2);
    for (const u of [-30, -3, -1.2, 0.3, 2]) {
      const h = 1e-6;
      expect(dLogNormCdf(u)).toBeCloseTo((logNormCdf(u + h) - logNormCdf(u - h)) / (2 * h), 4);
    }
  });
});

describe('composite acquisition', () => {
  it('has the gradient of its value (EI + constraints + cost)', () => {
    let now = 0;
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 2, constraints: ['c'], clock: () => now });
    for (let i = 0; i < 12; i++) {
      const { id, params } = study.ask();
      const p = params as Params & { x: number; y: number };
      now += 50 * Math.exp(2 * p.x);
      study.tell(id, (p.x - 0.7) ** 2 + (p.y - 0.2) ** 2, { constraints: { c: p.x - p.y } });
    }
    expect(constraintNames(study.trials)).toEqual(['c']);
    const rng = createRng(1);
    const options = { minNoise: 1e-6, maxFitPoints: 100, rng };
    const model = buildGpModel(study.space, 'minimize', study.trials, { hyperparams: { kind: 'fit', warmStart: null, coldStart: true }, ...options });
    if (model === null) throw new Error('no model');
    const constraints = buildConstraintModels(study.space, study.trials, options);
    const cost = buildCostModel(study.space, study.trials, options);
    expect(cost).not.toBeNull();
    const acq = new CompositeLogAcquisition(new LogExpectedImprovement(model.withPending, model.incumbent), constraints, cost, 2);
    for (const point of [[0.3, 0.6], [0.8, 0.1], [0.55, 0.45]]) {
      const x = Float64Array.from(point);
      const grad = new Float64Array(2);
      const v = acq.valueAndGrad(x, grad);
      expect(v).toBeCloseTo(acq.value(x), 10);
      for (let j = 0; j < 2; j++) {
        const h = 1e-6;
        const up = Float64Array.from(x);
        const down = Float64Array.from(x);
        up[j] = (up[j] as number) + h;
        down[j] = (down[j] as number) - h;
        const fd = (acq.value(up) - acq.value(down)) / (2 * h);
        expect(Math.abs((grad[j] as number) - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});
