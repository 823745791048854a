import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createSavedStudy, openStudyStore, studyFileText } from '../../../src/ui/persistence';
import { defaultSetup, validateSetup } from '../../../src/ui/state/setup-config';
import { StudyLibrary } from '../../../src/ui/state/study-library.svelte';
import { StudySession } from '../../../src/ui/state/study-session.svelte';
import { simulatedSessionDeps } from './fakes';

const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random', workers: 1, budget: { trials: 4, minutes: null, epochs: 2 } });

function library(factory = new IDBFactory(), downloads: string[] = []) {
  return new StudyLibrary({ openStore: () => openStudyStore({ factory }), debounceMs: 0, now: () => 1_700_000_000_000, download: (_b, name) => downloads.push(name) });
}

describe('StudyLibrary', () => {
  it('autosaves a tracked session and lists it', async () => {
    const lib = library();
    await lib.open();
    const session = StudySession.fresh(setup, simulatedSessionDeps());
    const id = lib.track(session);
    await session.start();
    await lib.flush();
    await lib.refresh();
    expect(lib.summaries).toHaveLength(1);
    expect(lib.summaries[0]).toMatchObject({ id, status: 'finished', trialCount: 4 });
    const record = await lib.get(id);
    expect(record?.study.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('autosaves a scheduled session with its scheduler state', async () => {
    const lib = library();
    await lib.open();
    const scheduled = validateSetup({ ...setup, task: 'synthetic-mlp', space: defaultSetup('synthetic-mlp').space, budget: { trials: 9, minutes: null, epochs: 3 }, scheduler: { name: 'asha', options: {} } });
    const session = StudySession.fresh(scheduled, simulatedSessionDeps());
    const id = lib.track(session);
    await session.start();
    await lib.flush();
    const record = await lib.get(id);
    expect(record?.scheduler?.name).toBe('asha');
    expect(record?.scheduler).toEqual(session.schedulerState());
  });

  it('marks studies that were running when the page went away as interrupted', async () => {
    const factory = new IDBFactory();
    const store = await openStudyStore({ factory });
    const study = StudySession.fresh(setup, simulatedSessionDeps()).toJSON();
    await store.put(createSavedStudy({ name: 'was running', setup, study, status: 'running', now: 1 }));
    await store.put(createSavedStudy({ name: 'done', setup, study, status: 'finished', now: 2 }));
    store.close();
    const lib = library(factory);
    await lib.open();
    expect(lib.interrupted.map((s) => s.name)).toEqual(['was running']);
  });

  it('refuses a malformed or hostile file, says why, and changes nothing', async () => {
    const lib = library();
    await lib.open();
    for (const text of ['{not json', '{"format":"b31295fb.saved-study","version":1,"__proto__":{"x":1}}', JSON.stringify({ format: 'other' })]) {
      expect(await lib.importFile(new Blob([text]))).toBeNull();
      expect(lib.message).toMatchObject({ tone: 'error', text: expect.stringMatching(/^Import refused/) });
    }
    expect(lib.summaries).toHaveLength(0);
  });

  it('imports a valid file and exports JSON and CSV', async () => {
    const downloads: string[] = [];
    const lib = library(new IDBFactory(), downloads);
    await lib.open();
    const record = createSavedStudy({ name: 'shared study', setup, study: StudySession.fresh(setup, simulatedSessionDeps()).toJSON(), status: 'paused', now: 5 });
    const id = await lib.importFile(new Blob([studyFileText(record, 5)]));
    expect(id).not.toBeNull();
    expect(lib.message?.tone).toBe('info');
    expect(lib.summaries.map((s) => s.name)).toEqual(['shared study']);
    await lib.exportJson(id as string);
    await lib.exportCsv(id as string);
    expect(downloads).toEqual([expect.stringMatching(/^shared-study-.*\.json$/), expect.stringMatching(/^shared-study-.*\.csv$/)]);
    await lib.remove(id as string);
    expect(lib.summaries).toHaveLength(0);
  });

  it('says so when IndexedDB is unavailable', async () => {
    const lib = new StudyLibrary({ openStore: () => Promise.reject(new Error('no IndexedDB')) });
    await lib.open();
    expect(lib.available).toBe(false);
    expect(lib.message?.tone).toBe('error');
  });
});
