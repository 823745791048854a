import { describe, expect, it } from 'vitest';
import { createStudy, loadStudy, StudyError, type StudyJSON } from '../../src/tuner';
import { refusal } from './study-refusal';

const space = { x: { type: 'float', low: 0, high: 1 } } as const;

function reportedStudy() {
  const study = createStudy({ space, sampler: 'random', seed: 3 });
  const { id } = study.ask();
  study.report(id, 1, 0.5, { valLoss: 0.5, loss: 0.4, accuracy: 0.8 });
  study.report(id, 2, 0.3);
  study.tell(id, 0.3);
  return study;
}

describe('study.report with metrics', () => {
  it('keeps every metric reported at a step, beside the objective value', () => {
    const study = reportedStudy();
    expect(study.trials[0]?.intermediate).toEqual([
      { step: 1, value: 0.5, metrics: { valLoss: 0.5, loss: 0.4, accuracy: 0.8 } },
      { step: 2, value: 0.3 },
    ]);
  });

  it('replaces a step reported twice, metrics included', () => {
    const study = createStudy({ space, sampler: 'random' });
    const { id } = study.ask();
    study.report(id, 1, 0.9, { loss: 0.9, accuracy: 0.1 });
    study.report(id, 1, 0.7, { loss: 0.7 });
    expect(study.trials[0]?.intermediate).toEqual([{ step: 1, value: 0.7, metrics: { loss: 0.7 } }]);
  });

  it('stores a copy, leaving out non-finite metrics', () => {
    const study = createStudy({ space, sampler: 'random' });
    const { id } = study.ask();
    const metrics = { loss: Number.NaN, valLoss: Number.POSITIVE_INFINITY, accuracy: 0.5 };
    study.report(id, 1, Number.NaN, metrics);
    metrics.accuracy = 0.9;
    expect(study.trials[0]?.intermediate).toEqual([{ step: 1, value: null, metrics: { accuracy: 0.5 } }]);
    expect(JSON.stringify(study.toJSON())).not.toContain('NaN');
  });

  it('refuses metrics that are not numbers, naming the metric', () => {
    const study = createStudy({ space, sampler: 'random' });
    const { id } = study.ask();
    expect(() => study.report(id, 1, 0.5, { loss: '0.5' } as unknown as Record<string, number>)).toThrow(/metric "loss" must be a number/);
    expect(() => study.report(id, 1, 0.5, [1] as unknown as Record<string, number>)).toThrow(StudyError);
    expect(study.trials[0]?.intermediate).toEqual([]);
  });
});

describe('metrics in the study file', () => {
  it('survive toJSON → text → loadStudy', () => {
    const study = reportedStudy();
    const text = JSON.stringify(study.toJSON());
    const restored = loadStudy(text);
    expect(restored.trials).toEqual(study.trials);
    expect(restored.toJSON()).toEqual(JSON.parse(text));
  });

  it('loads an older file whose intermediate values have no metrics', () => {
    const json = reportedStudy().toJSON();
    const old = { ...json, trials: json.trials.map((t) => ({ ...t, intermediate: t.intermediate.map(({ step, value }) => ({ step, value })) })) };
    expect(loadStudy(old).trials[0]?.intermediate).toEqual([
      { step: 1, value: 0.5 },
      { step: 2, value: 0.3 },
    ]);
  });

  const withMetrics = (metrics: unknown): StudyJSON => {
    const json = JSON.parse(JSON.stringify(reportedStudy().toJSON())) as StudyJSON;
    (json.trials[0]!.intermediate[0] as { metrics?: unknown }).metrics = metrics;
    return json;
  };

  it('refuses metrics that are not an object, naming the path', () => {
    for (const bad of [null, [0.5], 'loss', 3]) {
      expect(refusal(withMetrics(bad)).path).toBe('trials[0].intermediate[0].metrics');
    }
  });

  it('refuses a metric that is not a finite number, naming it', () => {
    const error = refusal(withMetrics({ loss: 0.4, accuracy: '0.8' }));
    expect(error.path).toBe('trials[0].intermediate[0].metrics.accuracy');
    expect(error.message).toMatch(/finite number/);
    expect(refusal(JSON.stringify(withMetrics({ loss: 0.4 })).replace('"loss":0.4', '"loss":1e999')).path).toBe('trials[0].intermediate[0].metrics.loss');
    expect(refusal(withMetrics({ loss: null })).path).toBe('trials[0].intermediate[0].metrics.loss');
    const longName = 'm'.repeat(10_000);
    expect(refusal(withMetrics({ [longName]: 'x' })).path.length).toBeLessThan(100);
  });

  it('keeps a "__proto__" metric as a plain entry, polluting nothing', () => {
    const text = JSON.stringify(reportedStudy().toJSON()).replace('"metrics":{', '"metrics":{"__proto__":7,');
    const loaded = loadStudy(text);
    const metrics = loaded.trials[0]?.intermediate[0]?.metrics;
    expect(Object.getPrototypeOf(metrics)).toBe(Object.prototype);
    expect(Object.keys(metrics ?? {})).toContain('__proto__');
    expect(({} as Record<string, unknown>).valLoss).toBeUndefined();
    expect(JSON.stringify(loaded.toJSON())).toBe(text);
  });
});
