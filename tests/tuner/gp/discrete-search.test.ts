/**
 * The acquisition search over int and categorical spaces: it never suggests a configuration already
 * asked while untried ones remain, every suggestion lies inside the space, and the local searches
 * started from the incumbents move to untaken neighbours.
 */
import { describe, expect, it } from 'vitest';
import { createStudy, paramsKey, spaceSize, validateParams, validateSpace, type Params, type SearchSpace } from '../../../src/tuner';
import type { Acquisition } from '../../../src/tuner/gp/acquisition';
import { optimizeAcquisition } from '../../../src/tuner/gp/optim-acqf';
import { createGpEncoding } from '../../../src/tuner/gp/search-space';
import { createRng } from '../../../src/tuner/rng';

const SMALL: SearchSpace = {
  layers: { type: 'int', low: 1, high: 3 },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'elu'] },
  units: { type: 'categorical', choices: [16, 64] },
};

/** 8 × 5 × 4 × 6 × 25 × 4 = 96,000 configurations: too many to enumerate, so the search alone must avoid repeats. */
const LARGE: SearchSpace = {
  layers: { type: 'int', low: 1, high: 8 },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'elu', 'gelu', 'sigmoid'] },
  opt: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop', 'adagrad'] },
  lr: { type: 'categorical', choices: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2] },
  batch: { type: 'int', low: 8, high: 200, step: 8 },
  dropout: { type: 'categorical', choices: [0, 0.1, 0.25, 0.5] },
};

/** A plateau-and-cliff landscape: flat almost everywhere, a cliff at high learning rates, one good corner. */
function plateau(p: Params): number {
  if ((p.lr as number) >= 1e-2) return 10;
  return p.act === 'elu' && p.opt === 'adam' ? 1 : 2;
}

function askAll(space: SearchSpace, count: number, options: Record<string, unknown>, objective: (p: Params) => number): Params[] {
  const study = createStudy({ space, sampler: 'gp', samplerOptions: options, seed: 3 });
  const asked: Params[] = [];
  for (let i = 0; i < count; i++) {
    const r = study.tryAsk();
    if (r.kind === 'exhausted') break;
    asked.push(r.params);
    study.tell(r.id, objective(r.params));
  }
  return asked;
}

describe.each([{ incumbentSearches: 0 }, { incumbentSearches: 3 }])('gp on finite spaces %o', (options) => {
  it('asks every configuration of a small space exactly once, then reports it exhausted', () => {
    const size = spaceSize(SMALL);
    const study = createStudy({ space: SMALL, sampler: 'gp', samplerOptions: options, seed: 1 });
    const keys = new Set<string>();
    for (let i = 0; i < size; i++) {
      const r = study.tryAsk();
      expect(r.kind).toBe('trial');
      if (r.kind !== 'trial') return;
      expect(() => validateParams(validateSpace(SMALL), r.params)).not.toThrow();
      keys.add(paramsKey(SMALL, r.params));
      study.tell(r.id, (r.params.layers as number) + (r.params.act === 'tanh' ? 0 : 1));
    }
    expect(keys.size).toBe(size);
    expect(study.tryAsk().kind).toBe('exhausted');
  });

  it('never repeats a configuration of a large space on a plateau, and stays inside it', () => {
    const asked = askAll(LARGE, 40, options, plateau);
    expect(asked).toHaveLength(40);
    for (const p of asked) expect(() => validateParams(validateSpace(LARGE), p)).not.toThrow();
    expect(new Set(asked.map((p) => paramsKey(LARGE, p))).size).toBe(40);
  });
});

describe('optimizeAcquisition on a discrete space', () => {
  const enc = createGpEncoding(LARGE);
  const d = enc.dims.length;
  /** Highest at the encoding of `peak`; a(x) = −Σ (x_j − peak_j)². */
  const bowl = (peak: Float64Array): Acquisition => ({
    d,
    value: (x) => -x.reduce((s, v, j) => s + (v - (peak[j] as number)) ** 2, 0),
    valueAndGrad: (x, grad) => {
      x.forEach((v, j) => (grad[j] = -2 * (v - (peak[j] as number))));
      return -x.reduce((s, v, j) => s + (v - (peak[j] as number)) ** 2, 0);
    },
  });
  const peakParams: Params = { layers: 4, act: 'elu', opt: 'sgd', lr: 1e-3, batch: 64, dropout: 0.25 };
  const peak = enc.encode(peakParams);
  const key = (x: Float64Array) => paramsKey(LARGE, enc.decode(x));

  it('finds the maximum and returns a legal point', () => {
    const best = optimizeAcquisition(bowl(peak), enc, { rng: createRng(1), candidates: 64, refinements: 2, incumbents: [], isTaken: () => false });
    expect(enc.decode(best.x)).toEqual(peakParams);
  });

  it('moves from a taken incumbent to its best untaken neighbour', () => {
    // Everything but the one-coordinate neighbours of the peak has been asked.
    const neighbours = new Set<string>();
    enc.dims.forEach((dim, j) => {
      const values = dim.kind === 'categorical' ? Array.from({ length: dim.count }, (_, i) => i) : dim.kind === 'discrete' ? Array.from(dim.values) : [];
      for (const v of values) {
        const x = Float64Array.from(peak);
        x[j] = v;
        if (v !== peak[j]) neighbours.add(key(x));
      }
    });
    for (const incumbentStarts of [0, 1]) {
      const best = optimizeAcquisition(bowl(peak), enc, {
        rng: createRng(2),
        candidates: 64,
        refinements: 2,
        incumbents: [peak],
        incumbentStarts,
        isTaken: (x) => !neighbours.has(key(x)),
      });
      expect(neighbours.has(key(best.x))).toBe(true);
    }
  });
});
