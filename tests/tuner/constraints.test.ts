import { describe, expect, it } from 'vitest';
import { bestSoFarByTime, createStudy, epochsUsed, InfeasibleStudyError, isFeasible, loadStudy, StudyError, type Params, type Study } from '../../src/tuner';

const SPACE = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } } as const;

function constrained(sampler: 'random' | 'gp' = 'random', samplerOptions: Record<string, unknown> = {}): Study {
  return createStudy({ space: SPACE, sampler, samplerOptions, seed: 3, constraints: ['sum'] });
}

describe('constraints', () => {
  it('stores told values; best is the best feasible trial', () => {
    const study = constrained();
    const a = study.ask({ x: 0.9, y: 0.9 });
    study.tell(a.id, 0.01, { constraints: { sum: 0.8 } });
    const b = study.ask({ x: 0.2, y: 0.3 });
    study.tell(b.id, 0.5, { constraints: { sum: -0.5 } });
    expect(study.trials[0]?.constraints).toEqual({ sum: 0.8 });
    expect(isFeasible(study.trials[0] as never)).toBe(false);
    expect(study.best?.id).toBe(1);
    expect(study.feasibility).toMatchObject({ constraints: ['sum'], complete: 2, feasible: 1, message: null, violations: { sum: { count: 1, smallest: 0.8 } } });
  });

  it('says so when no complete trial is feasible', () => {
    const study = constrained();
    for (const [x, c] of [[0.9, 0.8], [0.8, 120]] as const) {
      const { id } = study.ask({ x, y: 0.9 });
      study.tell(id, x, { constraints: { sum: c } });
    }
    expect(study.best).toBeNull();
    expect(study.feasibility.message).toBe('No feasible trial: all 2 complete trials violate a constraint; "sum" is violated by 2 (by at least 0.800).');
    expect(() => study.requireBest()).toThrow(InfeasibleStudyError);
    expect(() => study.requireBest()).toThrow(/No feasible trial/);
    expect(createStudy({ space: SPACE }).requireBest()).toBeNull();
  });

  it('refuses undeclared, non-finite and missing constraint values', () => {
    const study = constrained();
    const { id } = study.ask({ x: 0.1, y: 0.1 });
    expect(() => study.tell(id, 1, { constraints: { other: 1 } })).toThrow(/unknown constraint "other" \(declared: sum\)/);
    expect(() => study.tell(id, 1, { constraints: { sum: Number.NaN } })).toThrow(/finite/);
    expect(() => study.tell(id, 1)).toThrow(/tell their values/);
    expect(() => study.tell(id, 1, { constraints: {} })).toThrow(/"sum" missing/);
    study.tell(id, { state: 'failed', reason: 'x' });
    const plain = createStudy({ space: SPACE });
    const t = plain.ask();
    expect(() => plain.tell(t.id, 1, { constraints: { sum: 1 } })).toThrow(StudyError);
    expect(() => createStudy({ space: SPACE, constraints: ['a', 'a'] })).toThrow(/distinct/);
  });

  it('round-trips through JSON; files without constraints still load; bad values are refused', () => {
    const study = constrained();
    const { id } = study.ask({ x: 0.1, y: 0.1 });
    study.tell(id, 1, { constraints: { sum: -0.8 } });
    const json = JSON.parse(JSON.stringify(study.toJSON()));
    expect(json.constraints).toEqual(['sum']);
    const again = loadStudy(json);
    expect(again.constraints).toEqual(['sum']);
    expect(again.trials[0]?.constraints).toEqual({ sum: -0.8 });
    expect(again.toJSON()).toEqual(study.toJSON());
    const plain = createStudy({ space: SPACE });
    plain.tell(plain.ask().id, 2);
    const old = JSON.parse(JSON.stringify(plain.toJSON()));
    expect('constraints' in old).toBe(false);
    expect('constraints' in old.trials[0]).toBe(false);
    expect(loadStudy(old).best?.value).toBe(2);
    json.trials[0].constraints = { nope: 1 };
    expect(() => loadStudy(json)).toThrow(/trials\[0\]\.constraints\.nope/);
  });

  it('the GP steers toward the feasible region', () => {
    // The unconstrained optimum (0.9, 0.9) violates x + y ≤ 1.
    const objective = (p: Params) => ((p.x as number) - 0.9) ** 2 + ((p.y as number) - 0.9) ** 2;
    const run = (withConstraint: boolean) => {
      const study = withConstraint ? constrained('gp') : createStudy({ space: SPACE, sampler: 'gp', seed: 3 });
      let feasibleLate = 0;
      for (let i = 0; i < 24; i++) {
        const { id, params } = study.ask();
        const c = (params.x as number) + (params.y as number) - 1;
        if (withConstraint) study.tell(id, objective(params), { constraints: { sum: c } });
        else study.tell(id, objective(params));
        if (i >= 10 && c <= 0) feasibleLate++;
      }
      return { feasibleLate, study };
    };
    const withC = run(true);
    const without = run(false);
    expect(withC.feasibleLate).toBeGreaterThanOrEqual(9);
    expect(withC.feasibleLate).toBeGreaterThan(without.feasibleLate);
    const best = withC.study.best;
    expect(best).not.toBeNull();
    expect((best?.params.x as number) + (best?.params.y as number)).toBeGreaterThan(0.85);
  }, 60_000);
});

describe('cost awareness', () => {
  it('epochsUsed and bestSoFarByTime read the effort and the anytime curve', () => {
    let now = 0;
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1, clock: () => now });
    const values = [3, 5, 2, 1];
    const ends = [40, 10, 30, 20];
    for (let i = 0; i < 4; i++) study.ask();
    study.report(0, 1, 9);
    study.report(0, 4, 8);
    values.forEach((v, i) => {
      now = ends[i] as number;
      study.tell(i, v);
    });
    expect(epochsUsed(study.trials[0] as never)).toBe(4);
    expect(epochsUsed(study.trials[1] as never)).toBe(0);
    expect(bestSoFarByTime(study.trials, 'minimize')).toEqual([
      { time: 10, value: 5, trialId: 1 },
      { time: 20, value: 1, trialId: 3 },
    ]);
    expect(bestSoFarByTime(study.trials, 'maximize')).toEqual([
      { time: 10, value: 5, trialId: 1 },
    ]);
  });

  it('costAware GP prefers cheap regions when the objective does not care', () => {
    const meanLateX = (costAware: boolean) => {
      let now = 0;
      const study = createStudy({ space: SPACE, sampler: 'gp', samplerOptions: { costAware }, seed: 5, clock: () => now });
      let sum = 0;
      for (let i = 0; i < 22; i++) {
        const { id, params } = study.ask();
        now += 100 * Math.exp(4 * (params.x as number));
        study.tell(id, ((params.y as number) - 0.5) ** 2);
        if (i >= 10) sum += params.x as number;
      }
      return sum / 12;
    };
    const cheap = meanLateX(true);
    expect(cheap).toBeLessThan(meanLateX(false));
    expect(cheap).toBeLessThan(0.3);
  }, 60_000);
});
