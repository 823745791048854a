import { describe, expect, it } from 'vitest';
import { createRng, validateParams, validateSpace } from '../../src/tuner';
import { BENCH_FUNCTIONS, MIXED_ACTIVATIONS, mixed, simpleRegret, type BenchFunction } from '../../bench/tuner/functions';
import { observe, runOnce } from '../../bench/tuner/run';

const byName = (name: string): BenchFunction => {
  const fn = BENCH_FUNCTIONS.find((f) => f.name === name);
  if (fn === undefined) throw new Error(`no function ${name}`);
  return fn;
};

describe('benchmark functions', () => {
  it('are the five documented ones', () => {
    expect(BENCH_FUNCTIONS.map((f) => f.name)).toEqual(['branin', 'hartmann6', 'rosenbrock4', 'hartmann3-noisy', 'mixed']);
  });

  it.each([
    ['branin', 0.397887],
    ['hartmann6', -3.32237],
    ['rosenbrock4', 0],
    ['hartmann3-noisy', -3.86278],
    ['mixed', 0],
  ])('%s has f* = %f', (name, fStar) => {
    expect(byName(name).fStar).toBeCloseTo(fStar, 5);
  });

  describe.each(BENCH_FUNCTIONS.map((f) => [f.name, f] as const))('%s', (_, fn) => {
    it('has a valid search space and minimisers inside it', () => {
      const space = validateSpace(fn.space);
      for (const x of fn.minimisers) expect(() => validateParams(space, x)).not.toThrow();
    });

    it('equals f* at every known minimiser (within 1e-4)', () => {
      expect(fn.minimisers.length).toBeGreaterThan(0);
      for (const x of fn.minimisers) expect(Math.abs(fn.value(x) - fn.fStar)).toBeLessThan(1e-4);
    });

    it('is nowhere below f* on 2000 random points', () => {
      const rng = createRng(7);
      const names = Object.keys(fn.space);
      for (let i = 0; i < 2000; i++) {
        const params = Object.fromEntries(
          names.map((n) => {
            const def = fn.space[n]!;
            switch (def.type) {
              case 'float':
                return [n, def.log ? Math.exp(Math.log(def.low) + rng.next() * Math.log(def.high / def.low)) : def.low + rng.next() * (def.high - def.low)];
              case 'int':
                return [n, rng.int(def.low, def.high + 1)];
              case 'categorical':
                return [n, def.choices[rng.int(0, def.choices.length)]!];
            }
          }),
        );
        expect(fn.value(params)).toBeGreaterThan(fn.fStar - 1e-9);
      }
    });
  });
});

describe('the mixed function', () => {
  it('has its documented optimum f* = 0 at relu, lr = 10^-2.5, dropout = 0.3, layers = 4', () => {
    const fn = byName('mixed');
    expect(fn.minimisers).toEqual([{ lr: 10 ** -2.5, dropout: 0.3, layers: 4, activation: 'relu' }]);
    expect(mixed(10 ** -2.5, 0.3, 4, 'relu')).toBeCloseTo(0, 12);
  });

  it('has the documented best value for each activation, all worse than relu', () => {
    expect(mixed(1e-2, 0.3, 3, 'tanh')).toBeCloseTo(0.15, 12);
    expect(mixed(10 ** -1.5, 0.3, 2, 'sigmoid')).toBeCloseTo(0.4, 12);
    for (const c of Object.values(MIXED_ACTIVATIONS)) expect(c.offset).toBeGreaterThanOrEqual(0);
  });

  it('is worse one integer step away from the best layer count', () => {
    const best = mixed(10 ** -2.5, 0.3, 4, 'relu');
    expect(mixed(10 ** -2.5, 0.3, 3, 'relu')).toBeGreaterThan(best);
    expect(mixed(10 ** -2.5, 0.3, 5, 'relu')).toBeGreaterThan(best);
  });
});

describe('regret and noise', () => {
  it('simple regret is zero at a minimiser and positive elsewhere', () => {
    const fn = byName('branin');
    expect(simpleRegret(fn, fn.minimisers[0]!)).toBeLessThan(1e-6);
    expect(simpleRegret(fn, { x1: 0, x2: 0 })).toBeGreaterThan(1);
  });

  it('adds seeded noise only to the noisy function, the same for the same (seed, trial)', () => {
    expect(observe(byName('branin'), 5, 3, 1.5)).toBe(1.5);
    const noisy = byName('hartmann3-noisy');
    const a = observe(noisy, 5, 3, -1);
    expect(a).not.toBe(-1);
    expect(observe(noisy, 5, 3, -1)).toBe(a);
    expect(observe(noisy, 5, 4, -1)).not.toBe(a);
  });

  it('a run is deterministic given its seed and records one regret per evaluation', () => {
    const fn = byName('hartmann3-noisy');
    const a = runOnce('random', fn, 2, 15);
    const b = runOnce('random', fn, 2, 15);
    expect(a.regret).toHaveLength(15);
    expect(a.regret).toEqual(b.regret);
    expect(a.regret.every((r) => r >= 0)).toBe(true);
  });
});
