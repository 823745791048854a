import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../src/tuner';

const draw = (seed: number, n = 20) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('gives the same stream for the same seed', () => {
    expect(draw(42)).toEqual(draw(42));
    const a = createRng(7);
    const b = createRng(7);
    expect([a.normal(), a.int(0, 100), a.shuffle([1, 2, 3, 4, 5])]).toEqual([b.normal(), b.int(0, 100), b.shuffle([1, 2, 3, 4, 5])]);
  });

  it('gives different streams for different seeds', () => {
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(0)).not.toEqual(draw(-1));
    expect(draw(2 ** 32)).not.toEqual(draw(0));
  });

  it('next() is uniform in [0, 1)', () => {
    const xs = draw(3, 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const below = xs.filter((x) => x < 0.25).length / xs.length;
    expect(below).toBeGreaterThan(0.24);
    expect(below).toBeLessThan(0.26);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = createRng(5);
    const zs = Array.from({ length: 20000 }, () => rng.normal());
    const mean = zs.reduce((s, z) => s + z, 0) / zs.length;
    const variance = zs.reduce((s, z) => s + (z - mean) ** 2, 0) / zs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('int(low, high) stays in [low, high) and hits every value', () => {
    const rng = createRng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const k = rng.int(-3, 4);
      expect(Number.isInteger(k)).toBe(true);
      expect(k).toBeGreaterThanOrEqual(-3);
      expect(k).toBeLessThan(4);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
  });

  it('int() refuses an empty range', () => {
    const rng = createRng(1);
    expect(() => rng.int(3, 3)).toThrow(RangeError);
    expect(() => rng.int(5, 2)).toThrow(/empty range \[5, 2\)/);
  });

  it('shuffle() returns a permutation of a copy', () => {
    const items = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8]);
    const out = createRng(11).shuffle(items);
    expect([...out].sort((a, b) => a - b)).toEqual([...items]);
    expect(out).not.toBe(items);
    expect(createRng(11).shuffle(items)).toEqual(out);
  });
});

describe('deriveSeed', () => {
  it('is deterministic, order-sensitive and spreads nearby inputs', () => {
    expect(deriveSeed(1, 2)).toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(42, i)));
    expect(seeds.size).toBe(1000);
    for (const s of seeds) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 32);
    }
  });
});
