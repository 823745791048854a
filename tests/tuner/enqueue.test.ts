import { describe, expect, it } from 'vitest';
import { createSampler, createStudy, loadStudy, StudyError, type Params, type Sampler, type SamplerContext, type StudyJSON } from '../../src/tuner';
import { refusal } from './study-refusal';

const space = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  units: { type: 'int', low: 8, high: 64, step: 8 },
  act: { type: 'categorical', choices: ['relu', 'tanh'] },
} as const;

const first: Params = { lr: 0.01, units: 16, act: 'relu' };
const second: Params = { lr: 0.1, units: 32, act: 'tanh' };

/** A built-in sampler that counts how often the study consulted it. */
function countingSampler(inner: Sampler = createSampler('sobol')): Sampler & { calls: number } {
  const counting = {
    calls: 0,
    name: inner.name,
    options: inner.options,
    suggest(ctx: SamplerContext) {
      counting.calls++;
      return inner.suggest(ctx);
    },
    saveState: () => inner.saveState?.(),
    loadState: (state: unknown) => inner.loadState?.(state),
  };
  return counting;
}

function clockFrom(start: number) {
  let t = start;
  return () => (t += 10);
}

describe('study.enqueue', () => {
  it('hands queued params out first in first out, without consulting the sampler, then asks the sampler', () => {
    const sampler = countingSampler();
    const study = createStudy({ space, sampler, seed: 4 });
    study.enqueue(first);
    study.enqueue(second);
    expect(study.enqueued).toEqual([first, second]);
    expect(study.ask()).toEqual({ id: 0, params: first });
    expect(study.enqueued).toEqual([second]);
    expect(study.ask()).toEqual({ id: 1, params: second });
    expect(sampler.calls).toBe(0);
    expect(study.enqueued).toEqual([]);
    study.ask();
    expect(sampler.calls).toBe(1);
  });

  it('leaves the sampler in the state it had (the GP keeps its fitted hyperparameters)', () => {
    const study = createStudy({ space, sampler: 'gp', samplerOptions: { startupTrials: 2 }, seed: 9 });
    for (let i = 0; i < 4; i++) study.tell(study.ask().id, (i - 1.5) ** 2);
    const before = JSON.stringify(study.sampler.saveState?.());
    expect((JSON.parse(before) as { fits: number }).fits).toBeGreaterThan(0);
    study.enqueue(first);
    study.tell(study.ask().id, 5);
    expect(JSON.stringify(study.sampler.saveState?.())).toBe(before);
  });

  it('serves every kind of ask, and a fixed ask leaves the queue alone', async () => {
    const study = createStudy({ space, sampler: 'gp', seed: 2 });
    study.enqueue(first);
    study.enqueue(second);
    study.enqueue(first);
    study.enqueue(second);
    expect(study.ask(second).params).toEqual(second);
    expect(study.enqueued).toHaveLength(4);
    expect((await study.askAsync()).params).toEqual(first);
    expect(await study.tryAskAsync()).toEqual({ kind: 'trial', id: 2, params: second });
    expect(study.tryAskCooperative()).toEqual({ kind: 'trial', id: 3, params: first });
    expect(study.tryAsk()).toEqual({ kind: 'trial', id: 4, params: second });
  });

  it('keeps the queue when a cooperative ask is cancelled before it starts', () => {
    const study = createStudy({ space, sampler: 'random' });
    study.enqueue(first);
    const controller = new AbortController();
    controller.abort();
    expect(study.tryAskCooperative(undefined, { signal: controller.signal })).toEqual({ kind: 'cancelled' });
    expect(study.enqueued).toEqual([first]);
  });

  it('hands out queued params even when the sampler is exhausted', () => {
    const study = createStudy({ space: { a: { type: 'categorical', choices: [1, 2] } }, sampler: 'grid' });
    study.ask();
    study.ask();
    expect(study.tryAsk().kind).toBe('exhausted');
    study.enqueue({ a: 2 });
    expect(study.tryAsk()).toEqual({ kind: 'trial', id: 2, params: { a: 2 } });
  });

  it('refuses params that do not fit the space, naming the parameter', () => {
    const study = createStudy({ space, sampler: 'random' });
    expect(() => study.enqueue({ ...first, units: 9 })).toThrow(StudyError);
    expect(() => study.enqueue({ ...first, units: 9 })).toThrow(/enqueue: params: "units"/);
    expect(() => study.enqueue({ lr: 0.1, units: 8 })).toThrow(/"act": is missing/);
    expect(() => study.enqueue({ ...first, depth: 2 })).toThrow(/"depth": is not in the search space/);
    expect(() => study.enqueue(null as unknown as Params)).toThrow(StudyError);
    expect(study.enqueued).toEqual([]);
  });

  it('keeps its own copy: changing the given or listed params changes nothing', () => {
    const study = createStudy({ space, sampler: 'random' });
    const mine = { ...first };
    study.enqueue(mine);
    mine.units = 64;
    (study.enqueued as Params[]).pop();
    expect(study.ask().params).toEqual(first);
  });
});

describe('study.requeueRunning', () => {
  it('fails every running trial with the reason, queues its params in trial order, and returns the ids', () => {
    const study = createStudy({ space, sampler: 'random', seed: 1, clock: clockFrom(0) });
    const asked = [study.ask(), study.ask(), study.ask(), study.ask()];
    study.report(asked[1]!.id, 1, 0.5);
    study.tell(asked[0]!.id, 0.3);
    study.tell(asked[2]!.id, { state: 'pruned', reason: 'rung 0' });
    expect(study.requeueRunning('page closed')).toEqual([1, 3]);
    expect(study.trials.map((t) => [t.state, t.reason])).toEqual([
      ['complete', null],
      ['failed', 'page closed'],
      ['pruned', 'rung 0'],
      ['failed', 'page closed'],
    ]);
    expect(study.trials[1]?.intermediate).toEqual([{ step: 1, value: 0.5 }]);
    expect(study.enqueued).toEqual([asked[1]!.params, asked[3]!.params]);
    expect([study.ask(), study.ask()]).toEqual([
      { id: 4, params: asked[1]!.params },
      { id: 5, params: asked[3]!.params },
    ]);
  });

  it('says "interrupted" by default, and does nothing when no trial runs', () => {
    const study = createStudy({ space, sampler: 'random' });
    expect(study.requeueRunning()).toEqual([]);
    study.ask();
    expect(study.requeueRunning()).toEqual([0]);
    expect(study.trials[0]?.reason).toBe('interrupted');
    expect(study.requeueRunning()).toEqual([]);
    expect(study.enqueued).toHaveLength(1);
  });

  it('goes after params already queued', () => {
    const study = createStudy({ space, sampler: 'random' });
    const running = study.ask();
    study.enqueue(first);
    study.requeueRunning();
    expect(study.enqueued).toEqual([first, running.params]);
  });
});

describe('the queue in the study file', () => {
  it('survives toJSON → text → loadStudy, and the loaded study hands it out first', () => {
    const study = createStudy({ space, sampler: 'gp', seed: 3, clock: clockFrom(0) });
    study.tell(study.ask().id, 0.5);
    const running = study.ask();
    study.enqueue(first);
    study.requeueRunning();
    const text = JSON.stringify(study.toJSON());
    const loaded = loadStudy(text, { clock: clockFrom(100) });
    expect(loaded.enqueued).toEqual([first, running.params]);
    expect(loaded.toJSON()).toEqual(JSON.parse(text));
    expect([loaded.ask().params, loaded.ask().params]).toEqual([first, running.params]);
    expect(loaded.toJSON().enqueued).toBeUndefined();
  });

  it('writes no queue when it is empty, and loads older files without one', () => {
    const study = createStudy({ space, sampler: 'random' });
    study.tell(study.ask().id, 1);
    const json = study.toJSON();
    expect('enqueued' in json).toBe(false);
    expect(loadStudy(json).enqueued).toEqual([]);
  });

  it('refuses a damaged queue, naming the path', () => {
    const study = createStudy({ space, sampler: 'random' });
    study.enqueue(first);
    const json = JSON.parse(JSON.stringify(study.toJSON())) as StudyJSON;
    expect(refusal({ ...json, enqueued: { 0: first } }).path).toBe('enqueued');
    const bad = refusal({ ...json, enqueued: [first, { ...second, lr: 5 }] });
    expect(bad.path).toBe('enqueued[1]');
    expect(bad.message).toMatch(/"lr"/);
    expect(refusal({ ...json, enqueued: [null] }).path).toBe('enqueued[0]');
    const polluted = JSON.stringify(json).replace('"enqueued":[{', '"enqueued":[{"__proto__":{"x":1},');
    expect(refusal(polluted).path).toBe('enqueued[0]');
  });
});
