import { describe, expect, it } from 'vitest';
import { createStudy, ParamsError, SearchSpaceError, StudyError } from '../../src/tuner';

const space = { x: { type: 'float', low: 0, high: 1 }, n: { type: 'int', low: 1, high: 5 } } as const;

function clockFrom(start: number) {
  let t = start;
  return () => t++;
}

describe('Study ask/tell', () => {
  it('asks, tells and finds the best trial', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, sampler: 'random', seed: 1 });
    const { id, params } = study.ask();
    study.tell(id, (params.x as number) ** 2);
    expect(study.best?.id).toBe(0);
  });

  it('gives ids 0, 1, 2, … and records params, state and times', () => {
    const study = createStudy({ space, sampler: 'random', seed: 3, clock: clockFrom(100) });
    const a = study.ask();
    const b = study.ask();
    expect([a.id, b.id]).toEqual([0, 1]);
    expect(study.trials[0]).toMatchObject({ id: 0, params: a.params, state: 'running', value: null, startedAt: 100, endedAt: null, reason: null });
    const told = study.tell(b.id, 0.25);
    expect(told).toMatchObject({ id: 1, state: 'complete', value: 0.25, startedAt: 101, endedAt: 102 });
    expect(study.trials[0]!.state).toBe('running');
  });

  it('handles several outstanding asks told in any order', () => {
    const study = createStudy({ space, sampler: 'random', seed: 4 });
    const asks = [study.ask(), study.ask(), study.ask(), study.ask()];
    expect(study.trials.every((t) => t.state === 'running')).toBe(true);
    study.tell(asks[2]!.id, 3);
    study.tell(asks[0]!.id, 1);
    study.tell(asks[3]!.id, { state: 'pruned', reason: 'rung 1' });
    study.tell(asks[1]!.id, { state: 'failed' });
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'failed', 'complete', 'pruned']);
    expect(study.trials[3]!.reason).toBe('rung 1');
    expect(study.trials[1]!.reason).toBeNull();
    expect(study.best?.id).toBe(0);
  });

  it('marks NaN and ±∞ as failed, with the reason', () => {
    const study = createStudy({ space, sampler: 'random' });
    const ids = [study.ask().id, study.ask().id, study.ask().id];
    study.tell(ids[0]!, Number.NaN);
    study.tell(ids[1]!, Infinity);
    study.tell(ids[2]!, -Infinity);
    expect(study.trials.map((t) => [t.state, t.value, t.reason])).toEqual([
      ['failed', null, 'objective value was NaN'],
      ['failed', null, 'objective value was Infinity'],
      ['failed', null, 'objective value was -Infinity'],
    ]);
    expect(study.best).toBeNull();
  });

  it('finds the best for minimize and maximize; ties go to the earliest; failed and pruned are ignored', () => {
    for (const direction of ['minimize', 'maximize'] as const) {
      const study = createStudy({ space, sampler: 'random', direction });
      const values = [3, -2, 7, -2, 7];
      for (const v of values) study.tell(study.ask().id, v);
      study.tell(study.ask().id, { state: 'pruned' });
      study.ask();
      expect(study.best?.id).toBe(direction === 'minimize' ? 1 : 2);
    }
    expect(createStudy({ space, sampler: 'random' }).best).toBeNull();
  });

  it('refuses misuse with clear errors', () => {
    const study = createStudy({ space, sampler: 'random' });
    const { id } = study.ask();
    expect(() => study.tell(7, 1)).toThrow(new StudyError('cannot tell trial 7: no such trial'));
    expect(() => study.tell(-1, 1)).toThrow(/no such trial/);
    expect(() => study.tell(0.5, 1)).toThrow(/no such trial/);
    expect(() => study.report(3, 0, 1)).toThrow('cannot report to trial 3: no such trial');
    study.tell(id, 1);
    expect(() => study.tell(id, 2)).toThrow('cannot tell trial 0: it is already complete');
    expect(() => study.report(id, 1, 0.5)).toThrow('cannot report to trial 0: it is already complete');
    const other = study.ask();
    expect(() => study.tell(other.id, { state: 'done' } as never)).toThrow(/tell needs a number or \{ state: 'failed' \| 'pruned' \}/);
    expect(() => study.report(other.id, -1, 0.5)).toThrow(/step must be a finite number ≥ 0/);
    expect(() => study.report(other.id, Number.NaN, 0.5)).toThrow(/step must be a finite number ≥ 0/);
    study.tell(other.id, { state: 'pruned' });
    expect(() => study.tell(other.id, 1)).toThrow('cannot tell trial 1: it is already pruned');
  });

  it('keeps intermediate values ordered by step; a repeated step replaces; NaN is stored as null', () => {
    const study = createStudy({ space, sampler: 'random' });
    const { id } = study.ask();
    study.report(id, 2, 0.5);
    study.report(id, 0, 0.9);
    study.report(id, 1, 0.7);
    study.report(id, 3, Number.NaN);
    study.report(id, 1, 0.6);
    expect(study.trials[id]!.intermediate).toEqual([
      { step: 0, value: 0.9 },
      { step: 1, value: 0.6 },
      { step: 2, value: 0.5 },
      { step: 3, value: null },
    ]);
    study.tell(id, 0.5);
    expect(study.trials[id]!.intermediate).toHaveLength(4);
  });

  it('ask(fixed) validates the params and does not consult the sampler', () => {
    const study = createStudy({ space, sampler: 'grid' });
    expect(study.ask({ x: 0.5, n: 2 })).toEqual({ id: 0, params: { x: 0.5, n: 2 } });
    expect(() => study.ask({ x: 1.5, n: 2 })).toThrow(ParamsError);
    expect(() => study.ask({ x: 0.5, n: 2.5 })).toThrow(/"n": 2.5 is not an integer/);
    expect(() => study.ask({ x: 0.5 })).toThrow(/"n": is missing/);
    expect(() => study.ask({ x: 0.5, n: 2, y: 0 })).toThrow(/"y": is not in the search space/);
    expect(study.trials).toHaveLength(1);
    expect(study.ask().params).toEqual({ x: 0, n: 1 });
  });

  it('stored params are frozen copies', () => {
    const study = createStudy({ space, sampler: 'random' });
    const fixed = { x: 0.5, n: 2 };
    study.ask(fixed);
    fixed.x = 0.9;
    expect(study.trials[0]!.params.x).toBe(0.5);
    expect(Object.isFrozen(study.trials[0]!.params)).toBe(true);
  });
});

describe('createStudy', () => {
  it('validates its options', () => {
    expect(() => createStudy({ space: {} })).toThrow(SearchSpaceError);
    expect(() => createStudy({ space, direction: 'up' as never })).toThrow(/direction must be "minimize" or "maximize"/);
    expect(() => createStudy({ space, seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => createStudy({ space, sampler: 'nope' as never })).toThrow(/unknown sampler "nope"/);
    expect(() => createStudy({ space, sampler: 'grid', samplerOptions: { resolution: 0 } })).toThrow(/"resolution"/);
  });

  it('defaults to minimize, seed 0 and the gp sampler', () => {
    const study = createStudy({ space });
    expect(study.direction).toBe('minimize');
    expect(study.seed).toBe(0);
    expect(study.sampler.name).toBe('gp');
  });

  it('accepts a custom sampler object', () => {
    const study = createStudy({
      space,
      sampler: { name: 'constant', options: {}, suggest: () => ({ kind: 'params', params: { x: 0.25, n: 3 } }) },
    });
    expect(study.ask().params).toEqual({ x: 0.25, n: 3 });
    const bad = createStudy({ space, sampler: { name: 'bad', options: {}, suggest: () => ({ kind: 'params', params: { x: 2, n: 3 } }) } });
    expect(() => bad.ask()).toThrow(ParamsError);
    expect(bad.trials).toHaveLength(0);
  });
});
