import { describe, expect, it } from 'vitest';
import { braninLandscape } from '../../../src/runner/synthetic-objectives';
import { createStudy, type InspectableStudy } from '../../../src/tuner';
import { inPageAnalysis, type Analysis } from '../../../src/ui/analysis/analysis-client';
import { InspectorState } from '../../../src/ui/state/inspector.svelte';
import { ResultsState } from '../../../src/ui/state/results.svelte';
import { instantYield } from './fakes';

function braninStudy(n: number, seed = 3): InspectableStudy {
  const study = createStudy({ space: braninLandscape.space, sampler: 'random', seed });
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask();
    study.tell(id, braninLandscape.value(params));
  }
  return { space: study.space, direction: 'minimize', seed, trials: study.trials.slice() };
}

/** The same study as it looked after its first `n` trials (the page copies trials on every refresh). */
function prefix(study: InspectableStudy, n: number): InspectableStudy {
  return { ...study, trials: study.trials.slice(0, n).map((t) => ({ ...t })) };
}

/** A study over other parameters, for switching. */
function otherStudy(n: number): InspectableStudy {
  const space = { lr: { type: 'float', low: 1e-4, high: 1e-1, log: true }, width: { type: 'int', low: 8, high: 64 }, act: { type: 'categorical', choices: ['relu', 'tanh'] } } as const;
  const study = createStudy({ space, sampler: 'random', seed: 9 });
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask();
    study.tell(id, (Math.log10(params.lr as number) + 2) ** 2 + (params.width as number) / 100);
  }
  return { space: study.space, direction: 'minimize', seed: 9, trials: study.trials.slice() };
}

/** An analysis that answers only when released, to see what the page shows meanwhile. */
function gatedAnalysis(): Analysis & { release(): Promise<void> } {
  const inner = inPageAnalysis(instantYield);
  const gates: (() => void)[] = [];
  const gate = () => new Promise<void>((resolve) => gates.push(resolve));
  return {
    importance: async (study) => (await gate(), inner.importance(study)),
    inspect: async (study, request) => (await gate(), inner.inspect(study, request)),
    meanGrid: async (study, request) => (await gate(), inner.meanGrid(study, request)),
    async release() {
      while (gates.length > 0) gates.shift()?.();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
  };
}

describe('InspectorState', () => {
  it('fits the GP at a step of the history and slices it in 1-D and 2-D', async () => {
    const inspector = new InspectorState({ yieldToPage: instantYield, gridRes: 8 });
    const study = braninStudy(8);
    inspector.select({ label: 'test', study });
    await inspector.compute();
    const view = inspector.view;
    if (view.kind !== 'ready') throw new Error(`not ready: ${view.kind}`);
    expect(view.upTo).toBe(8);
    expect(view.observed).toBe(8);
    expect(view.slice.param).toBe('x1');
    expect(view.grid?.mean).toHaveLength(64);
    expect(view.space).toBe(study.space);
    inspector.upTo = 3;
    await inspector.compute();
    expect(inspector.view.kind === 'ready' && inspector.view.observed).toBe(3);
  });

  it('keeps a step chosen in the past when the study grows, and follows the newest trial otherwise', () => {
    const inspector = new InspectorState({ yieldToPage: instantYield, gridRes: 4 });
    const study = braninStudy(9);
    inspector.select({ label: 'a', study: prefix(study, 5) });
    expect(inspector.upTo).toBe(5);
    inspector.select({ label: 'a', study: prefix(study, 7) });
    expect(inspector.upTo).toBe(7);
    inspector.upTo = 3;
    inspector.select({ label: 'a', study: prefix(study, 9) });
    expect(inspector.upTo).toBe(3);
    inspector.select({ label: 'b', study: braninStudy(4) });
    expect(inspector.upTo).toBe(4);
  });

  it('resets step, axes and view at once when the same label shows another study', async () => {
    const analysis = gatedAnalysis();
    const inspector = new InspectorState({ analysis, gridRes: 4 });
    inspector.select({ label: 'Current study (Random)', study: braninStudy(20) });
    await analysis.release();
    expect(inspector.view.kind).toBe('ready');
    inspector.upTo = 12;
    const next = otherStudy(8);
    inspector.select({ label: 'Current study (Random)', study: next });
    // Before the new fit answers: nothing of the old study remains.
    expect(inspector.maxStep).toBe(8);
    expect(inspector.upTo).toBe(8);
    expect(inspector.params).toEqual(['lr', 'width', 'act']);
    expect([inspector.xParam, inspector.yParam]).toEqual(['lr', 'width']);
    expect(inspector.view).toEqual({ kind: 'empty', message: 'Fitting the GP…' });
    await analysis.release();
    const view = inspector.view;
    if (view.kind !== 'ready') throw new Error(`not ready: ${view.kind}`);
    expect(view.upTo).toBe(8);
    expect(view.space).toBe(next.space);
    expect(Object.keys(view.next).sort()).toEqual(['act', 'lr', 'width']);
  });

  it('drops an answer for a study it no longer shows', async () => {
    const analysis = gatedAnalysis();
    const inspector = new InspectorState({ analysis, gridRes: 4 });
    inspector.select({ label: 's', study: braninStudy(10) });
    inspector.select({ label: 's', study: otherStudy(6) });
    await analysis.release();
    await analysis.release();
    expect(inspector.view.kind === 'ready' && inspector.view.space).toHaveProperty('lr');
  });

  it('follows a source only when it is another study or has more finished trials', async () => {
    const settle = async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
    };
    let calls = 0;
    const analysis: Analysis = {
      importance: async () => null,
      inspect: async () => ((calls += 1), { kind: 'empty', message: 'stub' }),
      meanGrid: async () => null,
    };
    const inspector = new InspectorState({ analysis });
    const study = braninStudy(6);
    inspector.follow({ label: 'a', study: prefix(study, 4) });
    inspector.follow({ label: 'a', study: prefix(study, 4) });
    await settle();
    expect(calls).toBe(1);
    inspector.follow({ label: 'a', study: prefix(study, 6) });
    await settle();
    expect(calls).toBe(2);
    inspector.follow(null);
    expect(inspector.source).toBeNull();
  });

  it('says when nothing has completed, and when there is no study', async () => {
    const inspector = new InspectorState({ yieldToPage: instantYield });
    await inspector.compute();
    expect(inspector.view.kind).toBe('empty');
    inspector.select({ label: 'test', study: braninStudy(2) });
    inspector.upTo = 0;
    await inspector.compute();
    expect(inspector.view).toMatchObject({ kind: 'empty', message: expect.stringMatching(/nothing to fit/) });
  });

  it('abandons an older computation when a newer one starts', async () => {
    const inspector = new InspectorState({ yieldToPage: instantYield, gridRes: 4 });
    inspector.select({ label: 'test', study: braninStudy(6) });
    inspector.upTo = 2;
    const older = inspector.compute();
    inspector.upTo = 5;
    await Promise.all([older, inspector.compute()]);
    expect(inspector.view.kind === 'ready' && inspector.view.upTo).toBe(5);
  });

  it('says why when the GP cannot be fitted', async () => {
    const analysis: Analysis = { importance: async () => null, inspect: async () => Promise.reject(new Error('boom')), meanGrid: async () => null };
    const inspector = new InspectorState({ analysis });
    inspector.select({ label: 'x', study: braninStudy(3) });
    await inspector.compute();
    expect(inspector.view).toEqual({ kind: 'empty', message: 'The GP could not be fitted: boom' });
    expect(inspector.busy).toBe(false);
  });
});

describe('ResultsState', () => {
  it('computes importance once per change, throttled', async () => {
    let now = 0;
    const results = new ResultsState({ yieldToPage: instantYield, now: () => now, minIntervalMs: 1000 });
    const study = braninStudy(12);
    await results.update(prefix(study, 10));
    expect(results.importance?.params.map((p) => p.name).sort()).toEqual(['x1', 'x2']);
    const first = results.importance;
    await results.update(prefix(study, 12));
    expect(results.importance).toBe(first);
    now = 2000;
    await results.update(prefix(study, 12));
    expect(results.importance).not.toBe(first);
    await results.update(null);
    expect(results.importance).toBeNull();
  });

  it('clears importance at once for another study and ignores a late answer for the old one', async () => {
    const analysis = gatedAnalysis();
    const results = new ResultsState({ analysis, minIntervalMs: 0 });
    const old = results.update(braninStudy(10));
    expect(results.computing).toBe(true);
    const next = otherStudy(10);
    const fresh = results.update(next);
    expect(results.importance).toBeNull();
    await analysis.release();
    await Promise.all([old, fresh]);
    await results.update(next);
    await analysis.release();
    expect(results.importance?.params.map((p) => p.name).sort()).toEqual(['act', 'lr', 'width']);
  });
});
