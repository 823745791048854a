import { describe, expect, it } from 'vitest';
import { createStudy } from '../../../src/tuner';
import { SobolSampler } from '../../../src/tuner/samplers/sobol';
import { SOBOL_MAX_DIMS, sobolIntegers, sobolPoints } from '../../../src/tuner/qmc/sobol-sequence';

const TWO_32 = 2 ** 32;

/** Unscrambled coordinates as fractions: row-major count × dims. */
function unscrambled(count: number, dims: number, offset = 0): number[][] {
  const raw = sobolIntegers(count, dims, offset);
  return Array.from({ length: count }, (_, i) => Array.from(raw.subarray(i * dims, (i + 1) * dims), (x) => x / TWO_32));
}

describe('sobolIntegers (unscrambled)', () => {
  it('dimension 1 is van der Corput in Gray-code order and dimension 2 is 0, ½, ¼, ¾, …', () => {
    const pts = unscrambled(8, 3);
    expect(pts.map((p) => p[0])).toEqual([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    expect(pts.map((p) => p[1])).toEqual([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
    expect(pts.map((p) => p[2])).toEqual([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375]);
  });

  it('matches SciPy (Joe–Kuo 6.21201) in high dimensions', () => {
    // scipy.stats.qmc.Sobol(d=256, scramble=False, bits=32).random(1024)
    const pts = unscrambled(1024, 256);
    expect([3, 77, 1000].map((i) => pts[i]![39])).toEqual([0.75, 0.2734375, 0.4794921875]);
    expect([3, 77, 1000].map((i) => pts[i]![127])).toEqual([0.75, 0.4140625, 0.5439453125]);
    expect([3, 77, 1000].map((i) => pts[i]![255])).toEqual([0.25, 0.9609375, 0.2490234375]);
    expect(pts[1000]!.slice(0, 6)).toEqual([0.2197265625, 0.0966796875, 0.5185546875, 0.6767578125, 0.2802734375, 0.9072265625]);
  });

  it('an offset continues the same sequence', () => {
    const all = unscrambled(40, 7);
    expect(unscrambled(13, 7, 27)).toEqual(all.slice(27));
    expect(unscrambled(1, 7, 39)).toEqual([all[39]]);
  });

  it('refuses bad arguments and dimensions it has no direction numbers for', () => {
    expect(SOBOL_MAX_DIMS).toBeGreaterThanOrEqual(40);
    expect(() => sobolIntegers(1, SOBOL_MAX_DIMS + 1)).toThrow(RangeError);
    expect(() => sobolIntegers(1, SOBOL_MAX_DIMS + 1)).toThrow(/at most 256/);
    expect(() => sobolIntegers(1, 0)).toThrow(/dims/);
    expect(() => sobolIntegers(-1, 2)).toThrow(/count/);
    expect(() => sobolIntegers(1, 2, 1.5)).toThrow(/offset/);
    expect(() => sobolIntegers(2, 2, TWO_32 - 1)).toThrow(/2\^32/);
    expect(sobolIntegers(1, 2, TWO_32 - 1)).toHaveLength(2);
  });
});

describe('sobolPoints (scrambled)', () => {
  it('gives points strictly inside (0, 1)', () => {
    for (const seed of [0, 1, 12345, -7]) {
      const xs = sobolPoints(1024, 12, seed).flat();
      expect(Math.min(...xs)).toBeGreaterThan(0);
      expect(Math.max(...xs)).toBeLessThan(1);
    }
  });

  it('is stratified: the first 2^k points put one point in each of 2^k equal intervals of every dimension', () => {
    for (const seed of [3, 99]) {
      const dims = 40;
      const pts = sobolPoints(256, dims, seed);
      for (const k of [1, 2, 4, 6, 8]) {
        const n = 2 ** k;
        for (let j = 0; j < dims; j++) {
          const cells = new Set(pts.slice(0, n).map((p) => Math.floor(p[j]! * n)));
          expect(cells.size).toBe(n);
        }
      }
    }
  });

  it('is determined by the seed', () => {
    expect(sobolPoints(50, 5, 7)).toEqual(sobolPoints(50, 5, 7));
    expect(sobolPoints(50, 5, 7)).not.toEqual(sobolPoints(50, 5, 8));
    expect(sobolPoints(10, 5, 7, 40)).toEqual(sobolPoints(50, 5, 7).slice(40));
  });

  it('is not the unscrambled sequence', () => {
    const first = sobolPoints(4, 2, 1);
    expect(first[0]).not.toEqual([0.5 / TWO_32, 0.5 / TWO_32]);
  });

  it('refuses a non-integer seed', () => {
    expect(() => sobolPoints(1, 2, 0.5)).toThrow(/seed/);
  });
});

describe('SobolSampler', () => {
  const space = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: -1, high: 1 } } as const;

  it('trial n gets point n of the sequence scrambled by the study seed', () => {
    const study = createStudy({ space, sampler: 'sobol', seed: 11 });
    const expected = sobolPoints(8, 2, 11);
    for (let n = 0; n < 8; n++) {
      const { params } = study.ask();
      expect(params.x).toBeCloseTo(expected[n]![0]!, 12);
      expect(params.y).toBeCloseTo(-1 + 2 * expected[n]![1]!, 12);
    }
  });

  it('takes no options', () => {
    expect(new SobolSampler({}).options).toEqual({});
    expect(() => new SobolSampler({ skip: 3 })).toThrow(/unknown option "skip"/);
  });
});
