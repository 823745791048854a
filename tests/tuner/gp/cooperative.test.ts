/**
 * The GP sampler's bounded, cooperative suggestions: sliced and synchronous asks agree, slices are
 * small, the working set is bounded and keeps the incumbent, and incremental pieces (history
 * cache, appended factor rows, the sliced build) equal their from-scratch versions.
 */
import { describe, expect, it } from 'vitest';
import { createRng, createStudy, decodeParams, driveSliced, GpSampler, paramNames, StudyError, type Params, type SliceMark, type Study } from '../../../src/tuner';
import { MARK_OVERHEAD_OPS } from '../../../src/tuner/study/cooperative';
import { encodeHistory, HistoryCache } from '../../../src/tuner/gp/encoded-history';
import { gpEncodingFor } from '../../../src/tuner/gp/model';
import { GpRegressor } from '../../../src/tuner/gp/regressor';
import { DEFAULT_MAX_MODEL_POINTS, selectWorkingSet } from '../../../src/tuner/gp/working-set';
import { BENCH_FUNCTIONS } from '../../../bench/tuner/functions';

const hartmann = BENCH_FUNCTIONS.find((f) => f.name === 'hartmann6') as (typeof BENCH_FUNCTIONS)[number];
const branin = BENCH_FUNCTIONS.find((f) => f.name === 'branin') as (typeof BENCH_FUNCTIONS)[number];

/** A study with `n` random complete observations (every 13th failed), entered as fixed asks. */
function studyWith(n: number, seed = 3, fn = hartmann, options: Record<string, unknown> = {}): Study {
  const study = createStudy({ space: fn.space, sampler: 'gp', samplerOptions: options, seed });
  const rng = createRng(seed + 1000);
  const d = paramNames(fn.space).length;
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask(decodeParams(fn.space, Array.from({ length: d }, () => rng.next())));
    if (i % 13 === 12) study.tell(id, { state: 'failed', reason: 'crashed' });
    else study.tell(id, fn.value(params));
  }
  return study;
}

/** Pauses at every mark and counts the pauses. */
function everyMark() {
  const counter = { pauses: 0 };
  return {
    counter,
    options: {
      budget: { kind: 'work', ops: 0 } as const,
      yieldToPage: async () => {
        counter.pauses += 1;
        await Promise.resolve();
      },
    },
  };
}

function sliceMarks(study: Study): SliceMark[] {
  const sampler = study.sampler as GpSampler;
  const marks: SliceMark[] = [];
  const steps = sampler.suggestSliced({ space: study.space, direction: study.direction, trials: study.trials.slice(), trialId: study.trials.length, rng: createRng(5), studySeed: study.seed });
  for (let step = steps.next(); step.done !== true; step = steps.next()) marks.push(step.value);
  return marks;
}

describe('cooperative GP asks', () => {
  it('give the same suggestions as synchronous asks, with pending trials and failures', async () => {
    const sync = studyWith(12, 4, branin);
    const coop = studyWith(12, 4, branin);
    const { counter, options } = everyMark();
    const open: number[] = [];
    for (let i = 0; i < 14; i++) {
      const a = sync.ask();
      const b = await coop.askAsync(undefined, options);
      expect(b).toEqual(a);
      open.push(a.id);
      // Keep two trials pending (kriging believers) and tell the oldest.
      if (open.length > 2) {
        const id = open.shift() as number;
        const value = branin.value(sync.trials[id]?.params as Params);
        sync.tell(id, value);
        coop.tell(id, value);
      }
    }
    expect(counter.pauses).toBeGreaterThan(14);
    expect(coop.toJSON().sampler).toEqual(sync.toJSON().sampler);
  });

  it('agree past the working set bound too', async () => {
    const sync = studyWith(DEFAULT_MAX_MODEL_POINTS + 40, 6);
    const coop = studyWith(DEFAULT_MAX_MODEL_POINTS + 40, 6);
    const { options } = everyMark();
    for (let i = 0; i < 2; i++) {
      const a = sync.ask();
      expect(await coop.askAsync(undefined, options)).toEqual(a);
      sync.tell(a.id, hartmann.value(a.params));
      coop.tell(a.id, hartmann.value(a.params));
    }
  });

  it('splits a suggestion at 2,000 observations into small slices', () => {
    const marks = sliceMarks(studyWith(2000, 8));
    expect(marks.length).toBeGreaterThan(20);
    for (const mark of marks) expect(mark.work).toBeLessThanOrEqual(2.5e6);
    expect(new Set(marks.map((m) => m.phase))).toEqual(new Set(['history', 'model', 'fit', 'score', 'refine']));
  });
});

describe('driving slices on a work budget', () => {
  it('counts every mark as at least MARK_OVERHEAD_OPS, so many cheap marks still pause', async () => {
    function* cheap(): Generator<SliceMark, number, void> {
      for (let i = 0; i < 100; i++) yield { phase: 'refine', work: 1 };
      return 7;
    }
    let pauses = 0;
    const driven = await driveSliced(cheap(), { budget: { kind: 'work', ops: 10 * MARK_OVERHEAD_OPS }, yieldToPage: async () => void pauses++ });
    expect(driven).toEqual({ kind: 'done', value: 7 });
    expect(pauses).toBe(10);
  });
});

describe('the study during an async ask', () => {
  it('records tells at once, suggests from the snapshot, and refuses a synchronous ask', async () => {
    const study = studyWith(10, 2, branin);
    const running = study.ask();
    const twin = studyWith(10, 2, branin);
    twin.ask();
    let tellDuringAsk = (): void => undefined;
    const pending = study.tryAskAsync(undefined, {
      budget: { kind: 'work', ops: 0 },
      yieldToPage: async () => {
        tellDuringAsk();
        tellDuringAsk = () => undefined;
        await Promise.resolve();
      },
    });
    tellDuringAsk = () => study.tell(running.id, 3);
    expect(() => study.ask()).toThrow(StudyError);
    const result = await pending;
    expect(study.trials[running.id]?.state).toBe('complete');
    // The twin asked with the same trial still running: the same suggestion.
    expect(result).toEqual({ kind: 'trial', ...twin.ask() });
  });

  it('creates no trial when aborted, and queues a second async ask behind the first', async () => {
    const study = studyWith(10, 2, branin);
    const controller = new AbortController();
    const options = { budget: { kind: 'work', ops: 0 } as const, yieldToPage: () => Promise.resolve() };
    const first = study.tryAskAsync(undefined, { ...options, signal: controller.signal });
    const second = study.tryAskAsync(undefined, options);
    controller.abort();
    expect(await first).toEqual({ kind: 'cancelled' });
    const made = await second;
    expect(made.kind === 'trial' && made.id).toBe(10);
    expect(study.trials).toHaveLength(11);
  });
});

describe('an abandoned async ask', () => {
  it('frees the study for the next ask as soon as it is aborted', async () => {
    const study = studyWith(10, 2, branin);
    const controller = new AbortController();
    const pending = study.tryAskAsync(undefined, { budget: { kind: 'work', ops: 0 }, yieldToPage: () => Promise.resolve(), signal: controller.signal });
    await Promise.resolve();
    expect(() => study.ask()).toThrow(StudyError);
    controller.abort();
    const now = study.ask();
    expect(now.id).toBe(10);
    expect(await pending).toEqual({ kind: 'cancelled' });
    expect(study.trials).toHaveLength(11);
  });
});

describe('bounded and incremental pieces', () => {
  it('keeps every row below the bound, and W rows with the incumbent and the latest above it', () => {
    const enc = gpEncodingFor(hartmann.space);
    const small = encodeHistory(enc, 'minimize', studyWith(50).trials);
    expect(selectWorkingSet(small, 300, createRng(1))).toEqual({ observed: small.observed, failed: small.failed });
    const history = encodeHistory(enc, 'minimize', studyWith(3000).trials);
    const set = selectWorkingSet(history, 300, createRng(1));
    expect(set.observed.length + set.failed.length).toBe(300);
    expect(set.observed[0]).toBe(history.observed[0]);
    const ids = new Set([...set.observed, ...set.failed].map((r) => r.id));
    expect(ids.has(2999)).toBe(true);
    expect(set).toEqual(selectWorkingSet(history, 300, createRng(1)));
  });

  it('keeps the encoded history incrementally equal to a fresh one', () => {
    const study = createStudy({ space: branin.space, sampler: 'random', seed: 1 });
    const enc = gpEncodingFor(study.space);
    const cache = new HistoryCache();
    const update = () => {
      const steps = cache.update(study.space, enc, 'minimize', study.trials);
      for (;;) {
        const s = steps.next();
        if (s.done === true) return s.value;
      }
    };
    const open: number[] = [];
    for (let i = 0; i < 60; i++) {
      open.push(study.ask().id);
      if (i % 3 === 2) {
        // Finish out of order: the newest first, sometimes a failure, sometimes a tie.
        const id = open.pop() as number;
        if (i % 9 === 8) study.tell(id, { state: 'failed' });
        else study.tell(id, i % 4 === 0 ? 1 : branin.value(study.trials[id]?.params as Params));
      }
      expect(update()).toEqual(encodeHistory(enc, 'minimize', study.trials));
    }
    expect(cache.taken.size).toBe(60);
  });

  it('appends rows to a factor and builds in slices exactly as from scratch', () => {
    const rng = createRng(4);
    const d = 3;
    const n = 40;
    const X = Float64Array.from({ length: (n + 3) * d }, () => rng.next());
    const y = Float64Array.from({ length: n + 3 }, () => rng.normal());
    const hyper = { lengthscales: [0.3, 0.5, 0.8], scale: 1.2, noise: 1e-4 };
    const cat = new Uint8Array(d);
    const base = new GpRegressor(X.subarray(0, n * d), n, d, y.subarray(0, n), hyper, cat);
    const grown = base.withRows(X.subarray(n * d), 3, y.subarray(n));
    const fresh = new GpRegressor(X, n + 3, d, y, hyper, cat);
    expect(Array.from(grown.L)).toEqual(Array.from(fresh.L));
    expect(Array.from(grown.alpha)).toEqual(Array.from(fresh.alpha));
    const steps = GpRegressor.build(X, n + 3, d, y, hyper, cat);
    let step = steps.next();
    while (step.done !== true) step = steps.next();
    expect(Array.from(step.value.alpha)).toEqual(Array.from(fresh.alpha));
  });
});
