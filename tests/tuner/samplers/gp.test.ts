import { describe, expect, it } from 'vitest';
import { createStudy, GpSampler, inspectGp, loadStudy, type Params } from '../../../src/tuner';

const BRANIN_SPACE = { x1: { type: 'float', low: -5, high: 10 }, x2: { type: 'float', low: 0, high: 15 } } as const;
function branin(p: Params): number {
  const x1 = p.x1 as number;
  const x2 = p.x2 as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  return (x2 - b * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
}

function run(sampler: 'gp' | 'random', seed: number, evals: number): number {
  const study = createStudy({ space: BRANIN_SPACE, sampler, seed });
  for (let i = 0; i < evals; i++) {
    const { id, params } = study.ask();
    study.tell(id, branin(params));
  }
  return study.best?.value as number;
}

describe('GP-EI sampler', () => {
  it('finds Branin’s minimum far better than random search with the same budget', () => {
    for (const seed of [1, 2]) {
      const gp = run('gp', seed, 40);
      expect(gp - 0.397887).toBeLessThan(0.05);
      expect(gp).toBeLessThan(run('random', seed, 40));
    }
  });

  it('spreads parallel asks out instead of repeating one point', () => {
    const study = createStudy({ space: BRANIN_SPACE, sampler: 'gp', seed: 3 });
    for (let i = 0; i < 8; i++) {
      const { id, params } = study.ask();
      study.tell(id, branin(params));
    }
    const pending = [0, 1, 2, 3].map(() => study.ask().params);
    for (let i = 0; i < pending.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = pending[i] as Params;
        const b = pending[j] as Params;
        const dist = Math.hypot(((a.x1 as number) - (b.x1 as number)) / 15, ((a.x2 as number) - (b.x2 as number)) / 15);
        expect(dist).toBeGreaterThan(0.02);
      }
    }
  });

  it('chooses ints and categoricals by the model, without repeating tried points', () => {
    const space = {
      layers: { type: 'int', low: 1, high: 4 },
      act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
      lr: { type: 'float', low: 1e-4, high: 1, log: true },
    } as const;
    const f = (p: Params) => ((p.layers as number) - 3) ** 2 + (p.act === 'gelu' ? 0 : 1) + Math.log10(p.lr as number) ** 2 / 10;
    const study = createStudy({ space, sampler: 'gp', seed: 4 });
    const seen = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const { id, params } = study.ask();
      expect(Number.isInteger(params.layers)).toBe(true);
      const key = JSON.stringify(params);
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      study.tell(id, f(params));
    }
    expect(study.best?.params.layers).toBe(3);
    expect(study.best?.params.act).toBe('gelu');
  });

  it('reports exhaustion once every point of a small discrete space was tried', () => {
    const space = { a: { type: 'int', low: 1, high: 3 }, b: { type: 'categorical', choices: [true, false] } } as const;
    const study = createStudy({ space, sampler: 'gp', seed: 5, samplerOptions: { startupTrials: 2 } });
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const { id, params } = study.ask();
      seen.add(JSON.stringify(params));
      study.tell(id, (params.a as number) + (params.b ? 0 : 0.5));
    }
    expect(seen.size).toBe(6);
    const next = study.tryAsk();
    expect(next.kind).toBe('exhausted');
    if (next.kind === 'exhausted') expect(next.reason).toMatch(/all 6 points/);
  });

  it('keeps working with constant values', () => {
    const study = createStudy({ space: BRANIN_SPACE, sampler: 'gp', seed: 6 });
    for (let i = 0; i < 12; i++) study.tell(study.ask().id, 1);
    const { params } = study.ask();
    expect(params.x1).toBeGreaterThanOrEqual(-5);
    expect(params.x1).toBeLessThanOrEqual(10);
  });

  it('treats failed trials as the worst seen, so it steers away from a region that diverges', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, sampler: 'gp', seed: 6 });
    for (let i = 0; i < 20; i++) {
      const { id, params } = study.ask();
      const x = params.x as number;
      if (x > 0.7) study.tell(id, { state: 'failed', reason: 'diverged' });
      else study.tell(id, i % 4 === 0 ? Number.NaN : (x - 0.5) ** 2);
    }
    const late = study.trials.slice(10).filter((t) => (t.params.x as number) > 0.7).length;
    expect(late).toBeLessThanOrEqual(1);
    expect(study.best?.value).toBeLessThan(1e-3);
  });

  it('refuses bad options by name', () => {
    expect(() => new GpSampler({ candidates: 0 })).toThrow(/gp sampler: option "candidates"/);
    expect(() => new GpSampler({ cadidates: 10 })).toThrow(/unknown option "cadidates"/);
  });

  it('restores its warm-start state from JSON, so a reloaded study continues identically', () => {
    const study = createStudy({ space: BRANIN_SPACE, sampler: 'gp', seed: 8 });
    for (let i = 0; i < 12; i++) {
      const { id, params } = study.ask();
      study.tell(id, branin(params));
    }
    const json = study.toJSON();
    expect((json.sampler.state as { hyper: unknown }).hyper).not.toBeNull();
    const restored = loadStudy(JSON.stringify(json));
    expect(restored.ask().params).toEqual(study.ask().params);
  });
});

describe('inspectGp', () => {
  const study = createStudy({ space: BRANIN_SPACE, sampler: 'gp', seed: 9 });
  for (let i = 0; i < 15; i++) {
    const { id, params } = study.ask();
    study.tell(id, branin(params));
  }

  it('returns null before any trial completed', () => {
    expect(inspectGp(study, { upTo: 0 })).toBeNull();
  });

  it('predicts the observed values at observed points, with small std there (raw losses)', () => {
    // Without a warp the bands are symmetric in the loss; warped bands are tested in output-warping.test.ts.
    const view = inspectGp(study, { samplerOptions: { outputWarping: 'none' } })!;
    const points = study.trials.map((t) => t.params);
    const { mean, std } = view.predict(points);
    const values = study.trials.map((t) => t.value as number);
    const range = Math.max(...values) - Math.min(...values);
    const farStd = view.predict([{ x1: 10, x2: 15 }, { x1: -5, x2: 0 }]).std;
    study.trials.forEach((t, i) => {
      expect(Math.abs((mean[i] as number) - (t.value as number))).toBeLessThan(0.02 * range);
      expect(std[i]).toBeLessThan(0.02 * range);
      expect(std[i]).toBeLessThan(Math.max(...farStd));
    });
    expect(view.bestValue).toBe(study.best?.value);
  });

  it('gives non-negative EI and a next point inside the space, at any step of the history', () => {
    for (const upTo of [3, 8, 15]) {
      const view = inspectGp(study, { upTo })!;
      expect(view.upTo).toBe(upTo);
      const grid = [0, 0.5, 1].flatMap((a) => [0, 0.5, 1].map((b) => ({ x1: -5 + 15 * a, x2: 15 * b })));
      const { ei, logEi } = view.acquisition(grid);
      ei.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(Number.isNaN(logEi[i])).toBe(false);
      });
      const next = view.next;
      expect(next.x1).toBeGreaterThanOrEqual(-5);
      expect(next.x2).toBeLessThanOrEqual(15);
    }
  });

  it('reports the objective in its own direction for maximisation', () => {
    const max = createStudy({ space: BRANIN_SPACE, sampler: 'random', direction: 'maximize', seed: 2 });
    for (let i = 0; i < 10; i++) {
      const { id, params } = max.ask();
      max.tell(id, -branin(params));
    }
    const view = inspectGp(max)!;
    expect(view.bestValue).toBe(max.best?.value);
    const { mean } = view.predict([max.best!.params]);
    expect(mean[0]).toBeCloseTo(max.best!.value as number, 0);
  });
});
