import { describe, expect, it } from 'vitest';
import { createStudy, type Params } from '../../../src/tuner';
import { EvolutionSampler, reflect, selectPopulation } from '../../../src/tuner/samplers/evolution';

const space = {
  a: { type: 'float', low: -5, high: 5 },
  b: { type: 'float', low: -5, high: 5 },
  c: { type: 'float', low: -5, high: 5 },
  d: { type: 'float', low: -5, high: 5 },
} as const;

function quadratic(p: Params): number {
  return ((p.a as number) - 1) ** 2 + ((p.b as number) + 2) ** 2 + ((p.c as number) - 0.5) ** 2 + (p.d as number) ** 2;
}

function bestAfter(sampler: 'random' | 'evolution', seed: number, trials: number, direction: 'minimize' | 'maximize' = 'minimize'): number {
  const study = createStudy({ space, sampler, seed, direction });
  for (let i = 0; i < trials; i++) {
    const { id, params } = study.ask();
    study.tell(id, direction === 'minimize' ? quadratic(params) : -quadratic(params));
  }
  return study.best!.value!;
}

describe('EvolutionSampler', () => {
  it('beats random search on a quadratic with the same budget', () => {
    for (const seed of [1, 2, 3]) {
      const evolved = bestAfter('evolution', seed, 300);
      const random = bestAfter('random', seed, 300);
      expect(evolved).toBeLessThan(random);
      expect(evolved).toBeLessThan(0.5);
    }
  });

  it('works when maximizing', () => {
    expect(bestAfter('evolution', 4, 300, 'maximize')).toBeGreaterThan(-0.5);
  });

  it('is deterministic by seed', () => {
    const run = (seed: number) => {
      const study = createStudy({ space, sampler: 'evolution', seed, samplerOptions: { populationSize: 8 } });
      const out: Params[] = [];
      for (let i = 0; i < 40; i++) {
        const { id, params } = study.ask();
        out.push(params);
        study.tell(id, quadratic(params));
      }
      return out;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('breeds from complete trials only: failed, pruned and running trials are never parents', () => {
    const study = createStudy({
      space: { x: { type: 'float', low: 0, high: 1 } },
      sampler: 'evolution',
      seed: 1,
      samplerOptions: { populationSize: 2, mutationRate: 1, mutationScale: 0.005 },
    });
    study.tell(study.ask({ x: 0.1 }).id, 5);
    study.tell(study.ask({ x: 0.12 }).id, 6);
    study.tell(study.ask({ x: 0.9 }).id, { state: 'failed', reason: 'diverged' });
    study.tell(study.ask({ x: 0.92 }).id, { state: 'pruned' });
    study.tell(study.ask({ x: 0.94 }).id, Number.NaN);
    study.ask({ x: 0.96 }); // still running
    for (let i = 0; i < 10; i++) {
      const x = study.ask().params.x as number;
      expect(x).toBeGreaterThan(0.05);
      expect(x).toBeLessThan(0.17);
    }
    const population = selectPopulation([{ params: { x: 1 }, loss: 3 }, { params: { x: 2 }, loss: 1 }, { params: { x: 3 }, loss: 3 }], 2);
    expect(population.map((o) => o.params.x)).toEqual([2, 1]);
  });

  it('mutates a child of one good parent near that parent', () => {
    const study = createStudy({
      space: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } },
      sampler: 'evolution',
      seed: 3,
      samplerOptions: { populationSize: 2, tournamentSize: 2, crossoverRate: 0, mutationRate: 1, mutationScale: 0.01 },
    });
    study.tell(study.ask({ x: 0.25, y: 0.75 }).id, 0);
    study.tell(study.ask({ x: 0.25, y: 0.75 }).id, 0);
    const { params } = study.ask();
    expect(Math.abs((params.x as number) - 0.25)).toBeLessThan(0.1);
    expect(Math.abs((params.y as number) - 0.75)).toBeLessThan(0.1);
  });

  it('reflects mutated coordinates into [0, 1]', () => {
    expect(reflect(0.3)).toBeCloseTo(0.3, 15);
    expect(reflect(-0.2)).toBeCloseTo(0.2, 15);
    expect(reflect(1.25)).toBeCloseTo(0.75, 15);
    expect(reflect(2.5)).toBeCloseTo(0.5, 15);
    expect(reflect(-1.5)).toBeCloseTo(0.5, 15);
  });

  it('validates its options, naming the bad one', () => {
    expect(new EvolutionSampler().options).toEqual({ populationSize: 16, tournamentSize: 3, crossoverRate: 0.9, mutationScale: 0.1 });
    expect(new EvolutionSampler({ mutationRate: 0.5 }).options).toMatchObject({ mutationRate: 0.5 });
    expect(() => new EvolutionSampler({ populationSize: 1 })).toThrow(/"populationSize"/);
    expect(() => new EvolutionSampler({ populationSize: 4.5 })).toThrow(/"populationSize"/);
    expect(() => new EvolutionSampler({ tournamentSize: 0 })).toThrow(/"tournamentSize"/);
    expect(() => new EvolutionSampler({ populationSize: 4, tournamentSize: 5 })).toThrow(/"tournamentSize" must be an integer in \[1, 4\]/);
    expect(() => new EvolutionSampler({ crossoverRate: 1.5 })).toThrow(/"crossoverRate"/);
    expect(() => new EvolutionSampler({ mutationRate: -0.1 })).toThrow(/"mutationRate"/);
    expect(() => new EvolutionSampler({ mutationScale: 0 })).toThrow(/"mutationScale"/);
    expect(() => new EvolutionSampler({ mutationScale: '0.1' })).toThrow(/"mutationScale"/);
    expect(() => new EvolutionSampler({ population: 8 })).toThrow(/unknown option "population"/);
    expect(() => createStudy({ space, sampler: 'evolution', samplerOptions: { crossoverRate: Number.NaN } })).toThrow(/"crossoverRate"/);
  });
});
