/** The discrete trust region: its radius replayed from the history, and suggestions kept inside it. */
import { describe, expect, it } from 'vitest';
import { createStudy, paramsKey, validateParams, validateSpace, type Params, type SearchSpace } from '../../../src/tuner';
import type { Acquisition } from '../../../src/tuner/gp/acquisition';
import { optimizeAcquisition } from '../../../src/tuner/gp/optim-acqf';
import { createGpEncoding } from '../../../src/tuner/gp/search-space';
import { discreteConfigurations, hammingFromCenter, projectIntoRegion, restrictedDims, TRUST_REGION_MIN_CONFIGURATIONS, trustRadius } from '../../../src/tuner/gp/trust-region';
import { createRng } from '../../../src/tuner/rng';

const SPACE: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  layers: { type: 'int', low: 1, high: 6 },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'elu', 'gelu'] },
  opt: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] },
  dropout: { type: 'categorical', choices: [0, 0.1, 0.25, 0.5] },
};

describe('trustRadius', () => {
  it('spans every discrete dimension before any trial past the start-up', () => {
    expect(trustRadius([5, 4, 3], 3, 4)).toBe(4);
    expect(trustRadius([], 0, 4)).toBe(4);
  });

  it('shrinks by one after ⌈q/2⌉ trials in a row without improvement, and restarts at q below 1', () => {
    // q = 4: τ_f = 2. Startup 1, then failures only.
    const flat = (count: number) => [1, ...new Array<number>(count).fill(2)];
    expect(trustRadius(flat(1), 1, 4)).toBe(4);
    expect(trustRadius(flat(2), 1, 4)).toBe(3);
    expect(trustRadius(flat(6), 1, 4)).toBe(1);
    expect(trustRadius(flat(8), 1, 4)).toBe(4);
  });

  it('grows by one after two improvements in a row, never past q', () => {
    const losses = [10, 11, 11, 11, 11, 9, 8];
    expect(trustRadius(losses.slice(0, 5), 1, 4)).toBe(2);
    expect(trustRadius(losses, 1, 4)).toBe(3);
    expect(trustRadius([10, 9, 8, 7, 6, 5], 1, 4)).toBe(4);
  });

  it('is 0 for a space with no discrete dimension', () => {
    expect(trustRadius([3, 2, 1], 0, 0)).toBe(0);
  });
});

describe('projectIntoRegion', () => {
  const enc = createGpEncoding(SPACE);
  const restricted = restrictedDims(enc.dims);

  it('restricts only int and categorical dimensions', () => {
    expect(Array.from(restricted)).toEqual([0, 1, 1, 1, 1]);
  });

  it('moves a far point to radius L from the centre, keeping the continuous coordinate', () => {
    const center = enc.encode({ lr: 1e-3, layers: 1, act: 'relu', opt: 'adam', dropout: 0 });
    const far = enc.encode({ lr: 3e-2, layers: 6, act: 'gelu', opt: 'sgd', dropout: 0.5 });
    const region = { center, radius: 2, restricted };
    const rng = createRng(4);
    projectIntoRegion(region, far, (k) => rng.int(0, k));
    expect(hammingFromCenter(region, far)).toBe(2);
    expect(enc.decode(far).lr).toBeCloseTo(3e-2, 10);
  });
});

describe('the trust region in the acquisition search and the sampler', () => {
  const enc = createGpEncoding(SPACE);
  const restricted = restrictedDims(enc.dims);
  const center = enc.encode({ lr: 1e-3, layers: 2, act: 'tanh', opt: 'adam', dropout: 0.1 });
  const target = enc.encode({ lr: 1e-2, layers: 6, act: 'gelu', opt: 'sgd', dropout: 0.5 });
  /** Highest at `target`, which lies 4 discrete coordinates from the centre. */
  const acq: Acquisition = {
    d: enc.dims.length,
    value: (x) => -x.reduce((s, v, j) => s + (v - (target[j] as number)) ** 2, 0),
    valueAndGrad: (x, grad) => {
      x.forEach((v, j) => (grad[j] = -2 * (v - (target[j] as number))));
      return -x.reduce((s, v, j) => s + (v - (target[j] as number)) ** 2, 0);
    },
  };

  it('keeps the optimum within radius L of the centre', () => {
    for (const radius of [1, 2, 3]) {
      const region = { center, radius, restricted };
      const best = optimizeAcquisition(acq, enc, { rng: createRng(radius), candidates: 64, refinements: 3, incumbents: [center], incumbentStarts: 1, isTaken: () => false, trustRegion: region });
      expect(hammingFromCenter(region, best.x)).toBeLessThanOrEqual(radius);
    }
    const free = optimizeAcquisition(acq, enc, { rng: createRng(9), candidates: 64, refinements: 3, incumbents: [center], isTaken: () => false });
    expect(hammingFromCenter({ center, radius: 4, restricted }, free.x)).toBe(4);
  });

  it('never repeats a configuration and stays in the space with trustRegion: true', () => {
    // 8 × 5 × 4 × 6 × 4 = 3,840 discrete configurations: past the threshold, so the region is kept.
    const large: SearchSpace = {
      layers: { type: 'int', low: 1, high: 8 },
      act: { type: 'categorical', choices: ['relu', 'tanh', 'elu', 'gelu', 'sigmoid'] },
      opt: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop', 'adagrad'] },
      lr: { type: 'categorical', choices: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2] },
      dropout: { type: 'categorical', choices: [0, 0.1, 0.25, 0.5] },
    };
    expect(discreteConfigurations(createGpEncoding(large).dims)).toBeGreaterThanOrEqual(TRUST_REGION_MIN_CONFIGURATIONS);
    const study = createStudy({ space: large, sampler: 'gp', samplerOptions: { trustRegion: true }, seed: 2 });
    const keys = new Set<string>();
    const objective = (p: Params) => ((p.lr as number) >= 1e-2 ? 5 : 1) + ((p.layers as number) === 3 && p.act === 'elu' ? -0.5 : 0);
    for (let i = 0; i < 45; i++) {
      const r = study.tryAsk();
      expect(r.kind).toBe('trial');
      if (r.kind !== 'trial') return;
      expect(() => validateParams(validateSpace(large), r.params)).not.toThrow();
      keys.add(paramsKey(large, r.params));
      study.tell(r.id, objective(r.params));
    }
    expect(keys.size).toBe(45);
  });

  it('counts discrete configurations over int and categorical dimensions only', () => {
    expect(discreteConfigurations(createGpEncoding(SPACE).dims)).toBe(6 * 4 * 3 * 4);
  });
});
