import { describe, expect, it } from 'vitest';
import {
  createStudy,
  durationOf,
  loadStudy,
  SAMPLER_NAMES,
  STUDY_FORMAT,
  StudyFormatError,
  type SamplerName,
  type Study,
  type StudyJSON,
  type Trial,
} from '../../src/tuner';

const space = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  units: { type: 'int', low: 8, high: 64, step: 8 },
  act: { type: 'categorical', choices: ['relu', 'tanh', true, 3] },
} as const;

function clockFrom(start: number) {
  let t = start;
  return () => (t += 10);
}

/** A study with complete, failed, pruned and running trials and intermediate values. */
function busyStudy(sampler: SamplerName, seed = 5): Study {
  const study = createStudy({ space, sampler, seed, direction: 'maximize', name: 'busy', clock: clockFrom(1000) });
  for (let i = 0; i < 8; i++) {
    const { id, params } = study.ask();
    study.report(id, 0, i);
    study.report(id, 1, i % 3 === 0 ? Number.NaN : i / 2);
    if (i === 3) study.tell(id, Number.NaN);
    else if (i === 5) study.tell(id, { state: 'pruned', reason: 'rung 0' });
    else if (i !== 6) study.tell(id, Math.log(params.lr as number) + (params.units as number) / 64);
  }
  return study;
}

function expectRefused(doc: unknown, path: string, message?: RegExp): void {
  let error: unknown;
  try {
    loadStudy(doc);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StudyFormatError);
  expect((error as StudyFormatError).path).toBe(path);
  if (message) expect((error as Error).message).toMatch(message);
}

const doc = (): StudyJSON => JSON.parse(JSON.stringify(busyStudy('random').toJSON())) as StudyJSON;

describe('study JSON round trip', () => {
  for (const name of SAMPLER_NAMES) {
    it(`${name}: toJSON → text → loadStudy is exact, and the restored study asks what the original would`, () => {
      const study = busyStudy(name);
      const text = JSON.stringify(study.toJSON());
      const restored = loadStudy(text, { clock: clockFrom(5000) });
      expect(restored.toJSON()).toEqual(JSON.parse(text));
      expect(JSON.stringify(restored.toJSON())).toBe(text);
      expect(restored.best?.id).toBe(study.best?.id);
      for (let i = 0; i < 3; i++) {
        const a = study.ask();
        const b = restored.ask();
        expect(b).toEqual(a);
        study.tell(a.id, i);
        restored.tell(b.id, i);
      }
    });
  }

  it('accepts an object as well as text, and a sampler override', () => {
    const original = busyStudy('sobol');
    expect(loadStudy(original.toJSON()).toJSON()).toEqual(original.toJSON());
    const custom = { name: 'mine', options: {}, suggest: () => ({ kind: 'params' as const, params: { lr: 0.01, units: 16, act: 'relu' } }) };
    const restored = loadStudy(original.toJSON(), { sampler: custom });
    expect(restored.ask().params).toEqual({ lr: 0.01, units: 16, act: 'relu' });
  });
});

describe('loadStudy refuses malformed and hostile files, naming the path', () => {
  it('non-JSON text', () => expectRefused('{"format": ', '(root)', /not valid JSON/));
  it('not an object', () => expectRefused([1, 2], '(root)', /must be an object/));
  it('wrong format tag', () => expectRefused({ ...doc(), format: 'optuna.study' }, 'format', new RegExp(STUDY_FORMAT)));
  it('unsupported version', () => expectRefused({ ...doc(), version: 2 }, 'version'));
  it('bad space', () => expectRefused({ ...doc(), space: { lr: { type: 'float', low: 1, high: 0 } } }, 'space', /"lr": low \(1\) must be below high/));
  it('bad direction', () => expectRefused({ ...doc(), direction: 'sideways' }, 'direction'));
  it('bad seed', () => expectRefused({ ...doc(), seed: 'x' }, 'seed'));
  it('unknown sampler', () => expectRefused({ ...doc(), sampler: { name: 'hyperband', options: {} } }, 'sampler.name', /not a built-in sampler/));
  it('bad sampler options', () => {
    expectRefused({ ...doc(), sampler: { name: 'grid', options: { resolution: -1 } } }, 'sampler.options', /"resolution"/);
    expectRefused({ ...doc(), sampler: { name: 'evolution', options: { populationSize: 'big' } } }, 'sampler.options', /"populationSize"/);
  });
  it('trials not an array', () => expectRefused({ ...doc(), trials: {} }, 'trials'));

  const withTrial = (i: number, patch: Record<string, unknown>) => {
    const d = doc();
    (d.trials as unknown[])[i] = { ...d.trials[i], ...patch };
    return d;
  };
  it('trial params outside the space', () => expectRefused(withTrial(1, { params: { lr: 5, units: 8, act: 'relu' } }), 'trials[1].params', /"lr": 5 is outside/));
  it('trial params off the step grid', () => expectRefused(withTrial(2, { params: { lr: 0.1, units: 9, act: 'relu' } }), 'trials[2].params', /"units"/));
  it('trial params with an unknown choice', () => expectRefused(withTrial(0, { params: { lr: 0.1, units: 8, act: 'gelu' } }), 'trials[0].params', /"act"/));
  it('complete trial without a value', () => expectRefused(withTrial(0, { value: null }), 'trials[0].value', /complete trial needs a finite value/));
  it('failed trial with a value', () => expectRefused(withTrial(3, { value: 1 }), 'trials[3].value', /failed trial has no value/));
  it('non-finite value', () => expectRefused(withTrial(0, { value: '1e999' }), 'trials[0].value'));
  it('bad ids', () => {
    expectRefused(withTrial(2, { id: 7 }), 'trials[2].id', /expected 2, got 7/);
    expectRefused(withTrial(0, { id: '0' }), 'trials[0].id');
  });
  it('unknown state', () => expectRefused(withTrial(0, { state: 'paused' }), 'trials[0].state'));
  it('intermediate steps out of order', () =>
    expectRefused(withTrial(0, { intermediate: [{ step: 1, value: 0 }, { step: 0, value: 1 }] }), 'trials[0].intermediate', /strictly increasing/));
  it('compute time: kept through a round trip, refused when negative or on a running trial', () => {
    const study = createStudy({ space: { lr: { type: 'float', low: 0.001, high: 1, log: true } }, sampler: 'random', seed: 1, clock: clockFrom(0) });
    const a = study.ask();
    study.tell(a.id, 0.5, { computeMs: 1234 });
    const b = study.ask();
    expect(() => study.tell(b.id, 0.4, { computeMs: -1 })).toThrow(/computeMs must be a finite number ≥ 0, got -1/);
    expect(study.trials[b.id]?.state).toBe('running');
    const text = JSON.stringify(study.toJSON());
    expect(loadStudy(text).trials[a.id]?.computeMs).toBe(1234);
    expect(durationOf(loadStudy(text).trials[a.id] as Trial)).toBe(1234);
    expectRefused(withTrial(0, { computeMs: -5 }), 'trials[0].computeMs', /finite number ≥ 0/);
    const running = doc().trials.findIndex((t) => t.state === 'running');
    if (running >= 0) expectRefused(withTrial(running, { computeMs: 5 }), `trials[${running}].computeMs`, /running trial/);
  });
  it('bad startedAt and reason', () => {
    expectRefused(withTrial(0, { startedAt: null }), 'trials[0].startedAt');
    expectRefused(withTrial(0, { reason: 42 }), 'trials[0].reason');
  });

  it('prototype-pollution keys in params, space and options', () => {
    const text = JSON.stringify(doc());
    const polluted = text.replace('"params":{', '"params":{"__proto__":{"polluted":true},');
    expect(polluted).not.toBe(text);
    expectRefused(polluted, 'trials[0].params', /"__proto__": is not in the search space/);
    const constructorKey = text.replace('"params":{', '"params":{"constructor":1,');
    expectRefused(constructorKey, 'trials[0].params', /"constructor"/);
    const spaceProto = text.replace('"space":{', '"space":{"__proto__":{"type":"float","low":0,"high":1},');
    expectRefused(spaceProto, 'space', /reserved/);
    const gridText = JSON.stringify(busyStudy('grid').toJSON());
    const optionsProto = gridText.replace('"options":{', '"options":{"__proto__":{"resolution":2},');
    expect(optionsProto).not.toBe(gridText);
    expectRefused(optionsProto, 'sampler.options', /unknown option "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).resolution).toBeUndefined();
  });
});
