import { describe, expect, it } from 'vitest';
import { createStudy, type Params, type SearchSpace } from '../../../src/tuner';
import { gpImportance, mainEffectImportance } from '../../../src/ui/analysis/importance';

const SPACE: SearchSpace = {
  x: { type: 'float', low: -1, high: 1 },
  y: { type: 'float', low: 1e-3, high: 1, log: true },
  opt: { type: 'categorical', choices: ['a', 'b', 'c'] },
};
const fraction = (imp: ReturnType<typeof mainEffectImportance>, name: string) => imp.params.find((p) => p.name === name)?.fraction ?? NaN;
const each = (f: (p: Params) => number) => (points: readonly Params[]) => points.map(f);

describe('mainEffectImportance (first-order functional ANOVA on a surrogate)', () => {
  it('ranks a parameter the function depends on far above irrelevant ones', () => {
    const imp = mainEffectImportance(SPACE, each((p) => (p.x as number) ** 2));
    expect(imp.params[0]?.name).toBe('x');
    expect(fraction(imp, 'x')).toBeGreaterThan(0.95);
    expect(fraction(imp, 'y')).toBeLessThan(0.01);
    expect(fraction(imp, 'opt')).toBeLessThan(0.01);
  });

  it('detects a categorical that matters', () => {
    const offset: Record<string, number> = { a: 0, b: 3, c: 1 };
    const imp = mainEffectImportance(SPACE, each((p) => (offset[p.opt as string] ?? 0) + 0.1 * (p.x as number)));
    expect(imp.params[0]?.name).toBe('opt');
    expect(fraction(imp, 'opt')).toBeGreaterThan(0.9);
  });

  it('gives fractions ≥ 0 that sum to at most 1, with the rest as interactions', () => {
    const imp = mainEffectImportance(SPACE, each((p) => (p.x as number) * (Math.log10(p.y as number) + 1.5) + (p.opt === 'b' ? 0.5 : 0)));
    const total = imp.params.reduce((s, p) => s + p.fraction, 0);
    for (const p of imp.params) expect(p.fraction).toBeGreaterThanOrEqual(0);
    expect(total).toBeLessThanOrEqual(1 + 1e-12);
    expect(imp.interactions).toBeCloseTo(1 - total, 12);
    expect(imp.interactions).toBeGreaterThan(0.5);
    expect(fraction(imp, 'opt')).toBeGreaterThan(0.1);
  });

  it('gives all zeros for a flat surrogate', () => {
    const imp = mainEffectImportance(SPACE, each(() => 3));
    expect(imp.variance).toBe(0);
    expect(imp.params.every((p) => p.fraction === 0)).toBe(true);
  });

  it('is deterministic', () => {
    const f = each((p) => Math.sin(3 * (p.x as number)) + Math.log(p.y as number));
    expect(mainEffectImportance(SPACE, f, { seed: 4 })).toEqual(mainEffectImportance(SPACE, f, { seed: 4 }));
  });
});

describe('gpImportance', () => {
  it('finds the parameter that matters from a study on the GP mean', () => {
    const study = createStudy({ space: { x: SPACE.x, y: SPACE.y }, sampler: 'random', seed: 3 });
    for (let i = 0; i < 30; i++) {
      const { id, params } = study.ask();
      study.tell(id, (params.x as number) ** 2);
    }
    const imp = gpImportance(study);
    expect(imp).not.toBeNull();
    expect(imp?.params[0]?.name).toBe('x');
    expect(imp?.params[0]?.fraction).toBeGreaterThan(0.8);
    expect(imp?.params[1]?.fraction).toBeLessThan(0.1);
    expect(gpImportance(study)).toEqual(imp);
  });

  it('is null before any trial completed', () => {
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1 });
    study.ask();
    expect(gpImportance(study)).toBeNull();
  });
});
