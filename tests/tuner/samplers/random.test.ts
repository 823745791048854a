import { describe, expect, it } from 'vitest';
import { createSampler, createStudy } from '../../../src/tuner';

describe('RandomSampler', () => {
  it('takes no options and names an unknown one', () => {
    expect(() => createSampler('random', { seed: 3 })).toThrow(/random sampler: unknown option "seed"/);
  });

  it('draws log parameters log-uniformly', () => {
    const study = createStudy({ space: { lr: { type: 'float', low: 1e-4, high: 1, log: true } }, sampler: 'random', seed: 2 });
    const below = Array.from({ length: 400 }, () => study.ask().params.lr as number).filter((v) => v < 1e-2).length;
    expect(below).toBeGreaterThan(160);
    expect(below).toBeLessThan(240);
  });
});
