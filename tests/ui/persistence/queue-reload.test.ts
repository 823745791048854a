import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { type Params, type Study } from '../../../src/tuner';
import { createAutosaver, openStudyStore, resumeStudy, storedQueue, studyBaseOf, trialJSON, type StudyStore } from '../../../src/ui/persistence';
import { savedRecord } from './fixtures';

/** One page load: the saved study resumed (its running trials re-queued), and an autosaver for it. */
async function reload(store: StudyStore, id: string) {
  const record = await store.get(id);
  if (record === null) throw new Error('the study is gone');
  const resumed = resumeStudy(record);
  const saver = createAutosaver(store, id, { stored: { trials: record.study.trials, direction: record.study.direction } });
  const study = resumed.study;
  /** One batch as the page stores it: the changed trials and the queue, read together. */
  const commit = (ids: readonly number[]) =>
    saver.commit(
      ids.map((trialId) => ({ trial: trialJSON(study.trials[trialId] as Study['trials'][number]) })),
      'running',
      () => ({ base: studyBaseOf(study) }),
      storedQueue(study.enqueued),
    );
  return { record, study, interrupted: resumed.interruptedTrialIds, saver, commit };
}

const key = (params: Params) => JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));

describe('the queue of enqueued params across reloads', () => {
  it('runs every interrupted trial’s params after two reloads, the second before they all started', async () => {
    const store = await openStudyStore({ factory: new IDBFactory() });
    await store.put(savedRecord({ id: 's' })); // trials 4 and 5 were running when the page went away
    const first = await reload(store, 's');
    expect(first.interrupted).toEqual([4, 5]);
    const interruptedParams = first.interrupted.map((id) => key(first.study.trials[id]!.params));
    // One re-queued point starts (trial 6), then the page goes away again before the other does.
    const six = first.study.ask();
    expect(key(six.params)).toBe(interruptedParams[0]);
    expect(await first.commit([4, 5, six.id])).toBe(true);
    first.saver.dispose();

    const second = await reload(store, 's');
    expect(second.record.study.enqueued?.map(key)).toEqual([interruptedParams[1]]);
    expect(second.interrupted).toEqual([6]);
    const started: string[] = [];
    while (second.study.enqueued.length > 0) started.push(key(second.study.ask().params));
    expect(started.sort()).toEqual([...interruptedParams].sort());
    store.close();
  });

  it('stores a queue that changed with no trial changing, and an emptied one', async () => {
    const store = await openStudyStore({ factory: new IDBFactory() });
    await store.put(savedRecord({ id: 's', status: 'paused' }));
    const page = await reload(store, 's');
    expect(await page.commit([4, 5])).toBe(true);
    page.study.enqueue({ x1: 1, x2: 2 });
    expect(await page.commit([])).toBe(true);
    expect((await store.get('s'))?.study.enqueued).toHaveLength(3);
    while (page.study.enqueued.length > 0) page.study.ask();
    expect(await page.commit([6, 7, 8])).toBe(true);
    const record = await store.get('s');
    expect(record?.study.enqueued).toBeUndefined();
    expect(record?.study.trials.map((t) => t.state).slice(6)).toEqual(['running', 'running', 'running']);
    store.close();
  });

  it('keeps a whole study’s queue when it is stored (an import) and read back', async () => {
    const store = await openStudyStore({ factory: new IDBFactory() });
    const record = savedRecord({ id: 's' });
    const queue = [{ x1: 0.5, x2: 3 }];
    await store.put({ ...record, study: { ...record.study, enqueued: queue } });
    expect((await store.get('s'))?.study.enqueued).toEqual(queue);
    expect((await store.header('s'))?.enqueued).toEqual(queue);
    store.close();
  });
});
