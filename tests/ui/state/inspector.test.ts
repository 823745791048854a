import { describe, expect, it } from 'vitest';
import { braninLandscape } from '../../../src/runner/synthetic-objectives';
import { createStudy } from '../../../src/tuner';
import { InspectorState } from '../../../src/ui/state/inspector.svelte';
import { ResultsState } from '../../../src/ui/state/results.svelte';
import { instantYield } from './fakes';

function braninStudy(n: number) {
  const study = createStudy({ space: braninLandscape.space, sampler: 'random', seed: 3 });
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask();
    study.tell(id, braninLandscape.value(params));
  }
  return study;
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
    inspector.upTo = 3;
    await inspector.compute();
    expect(inspector.view.kind === 'ready' && inspector.view.observed).toBe(3);
  });

  it('keeps a step chosen in the past when the study grows, and follows the newest trial otherwise', () => {
    const inspector = new InspectorState({ yieldToPage: instantYield, gridRes: 4 });
    inspector.select({ label: 'a', study: braninStudy(5) });
    expect(inspector.upTo).toBe(5);
    inspector.select({ label: 'a', study: braninStudy(7) });
    expect(inspector.upTo).toBe(7);
    inspector.upTo = 3;
    inspector.select({ label: 'a', study: braninStudy(9) });
    expect(inspector.upTo).toBe(3);
    inspector.select({ label: 'b', study: braninStudy(4) });
    expect(inspector.upTo).toBe(4);
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
});

describe('ResultsState', () => {
  it('computes importance once per change, throttled', async () => {
    let now = 0;
    const results = new ResultsState({ yieldToPage: instantYield, now: () => now, minIntervalMs: 1000 });
    const study = braninStudy(10);
    await results.update(study);
    expect(results.importance?.params.map((p) => p.name).sort()).toEqual(['x1', 'x2']);
    const first = results.importance;
    await results.update(braninStudy(12));
    expect(results.importance).toBe(first);
    now = 2000;
    await results.update(braninStudy(12));
    expect(results.importance).not.toBe(first);
    await results.update(null);
    expect(results.importance).toBeNull();
  });
});
