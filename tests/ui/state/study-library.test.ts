import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { browserLocks, createSavedStudy, DATABASE_NAME, EARLIER_DATABASE_NAMES, openStudyStore, StorageError, studyFileText, type StudyStore } from '../../../src/ui/persistence';
import { defaultSetup, validateSetup } from '../../../src/ui/setup/setup-config';
import { StudyLibrary } from '../../../src/ui/state/study-library.svelte';
import { StudySession } from '../../../src/ui/state/study-session.svelte';
import { simulatedSessionDeps } from './fakes';
import { busyStudy } from '../persistence/fixtures';
import { memoryChannelHub, memoryLockManager } from './memory-locks';

const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random', workers: 1, budget: { trials: 4, minutes: null, epochs: 2 } });

function library(factory = new IDBFactory(), downloads: string[] = []) {
  return new StudyLibrary({ openStore: () => openStudyStore({ factory }), now: () => 1_700_000_000_000, download: (_b, name) => downloads.push(name), channel: memoryChannelHub() });
}

/** Two tabs of one browser: one database, shared locks and channel. */
function twoTabs() {
  const factory = new IDBFactory();
  const { manager } = memoryLockManager();
  const hub = memoryChannelHub();
  const tab = () => new StudyLibrary({ openStore: () => openStudyStore({ factory }), now: () => 1_700_000_000_000, locks: browserLocks(manager()), channel: hub });
  return { a: tab(), b: tab(), factory };
}

/** `real` with some operations replaced. */
function wrapStore(real: StudyStore, over: Partial<StudyStore>): StudyStore {
  return new Proxy(real, {
    get: (target, key: keyof StudyStore) => {
      const own = target[key] as unknown;
      return over[key] ?? (typeof own === 'function' ? own.bind(target) : own);
    },
  });
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('condition never met');
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
      expect(await lib.transfers.importFile(new Blob([text]))).toBeNull();
      expect(lib.message).toMatchObject({ tone: 'error', text: expect.stringMatching(/^Import refused/) });
    }
    expect(lib.summaries).toHaveLength(0);
  });

  it('imports a valid file and exports JSON and CSV', async () => {
    const downloads: string[] = [];
    const lib = library(new IDBFactory(), downloads);
    await lib.open();
    const record = createSavedStudy({ name: 'shared study', setup, study: StudySession.fresh(setup, simulatedSessionDeps()).toJSON(), status: 'paused', now: 5 });
    const id = await lib.transfers.importFile(new Blob([studyFileText(record, 5)]));
    expect(id).not.toBeNull();
    expect(lib.message?.tone).toBe('info');
    expect(lib.summaries.map((s) => s.name)).toEqual(['shared study']);
    await lib.transfers.exportJson(id as string);
    await lib.transfers.exportCsv(id as string);
    expect(downloads).toEqual([expect.stringMatching(/^shared-study-.*\.json$/), expect.stringMatching(/^shared-study-.*\.csv$/)]);
    await lib.remove(id as string);
    expect(lib.summaries).toHaveLength(0);
  });

  it('stores every trial before the session shows it complete', async () => {
    const factory = new IDBFactory();
    const real = await openStudyStore({ factory });
    const storedComplete = new Set<number>();
    const store = wrapStore(real, {
      append: async (id, changes, update) => {
        const result = await real.append(id, changes, update);
        for (const c of changes) if (c.trial.state === 'complete') storedComplete.add(c.trial.id);
        return result;
      },
    });
    const lib = new StudyLibrary({ openStore: async () => store, channel: memoryChannelHub() });
    await lib.open();
    const session = StudySession.fresh({ ...setup, workers: 2, budget: { ...setup.budget, trials: 30 } }, simulatedSessionDeps());
    let checks = 0;
    session.onChange(() => {
      checks++;
      for (const t of session.trials) if (t.state === 'complete') expect(storedComplete.has(t.id), `trial ${t.id} shown complete before it was stored`).toBe(true);
    });
    const id = lib.track(session);
    await session.start();
    expect(checks).toBeGreaterThanOrEqual(2);
    expect((await lib.get(id))?.study.trials.filter((t) => t.state === 'complete')).toHaveLength(30);
    real.close();
  });

  it('saves a run that ended in an error with trials left as paused, and resumable', async () => {
    const lib = library();
    await lib.open();
    const session = StudySession.fresh(setup, { backend: () => Promise.reject(new Error('the worker script could not load')) });
    const id = lib.track(session);
    await session.start();
    expect(session.phase.kind).toBe('error');
    await lib.flush();
    await lib.refresh();
    expect(lib.summaries[0]).toMatchObject({ id, status: 'paused', trialCount: 0 });
  });

  it('a second tab leaves a study the first runs alone, watches it, and marks it interrupted once the first lets go', async () => {
    const { a, b, factory } = twoTabs();
    await a.open();
    const store = await openStudyStore({ factory });
    const record = createSavedStudy({ id: 'live', name: 'live', setup, study: StudySession.fresh(setup, simulatedSessionDeps()).toJSON(), status: 'running', now: 1 });
    await store.put(record);
    expect(await a.claim('live')).toBe(true);
    a.track(StudySession.fresh(setup, simulatedSessionDeps()), { record, unsaved: [] });
    await b.open();
    expect(b.live.has('live')).toBe(true);
    expect(b.interrupted).toEqual([]);
    expect(await b.claim('live')).toBe(false);
    const heard: string[] = [];
    b.watch('live', -1, (news) => heard.push(news.kind));
    a.show('another study'); // the first tab moves on (or closes): its lock is released
    await until(() => heard.includes('owner-gone'));
    expect(b.live.has('live')).toBe(false);
    expect(b.interrupted.map((s) => s.id)).toEqual(['live']);
    expect(await b.claim('live')).toBe(true);
    store.close();
  });

  it('marks a running study interrupted only when no tab holds it', async () => {
    const { a, b, factory } = twoTabs();
    await a.open();
    const store = await openStudyStore({ factory });
    const study = StudySession.fresh(setup, simulatedSessionDeps()).toJSON();
    await store.put(createSavedStudy({ id: 'held', name: 'held', setup, study, status: 'running', now: 1 }));
    await store.put(createSavedStudy({ id: 'orphan', name: 'orphan', setup, study, status: 'running', now: 2 }));
    expect(await a.claim('held')).toBe(true);
    await b.open();
    expect(b.interrupted.map((s) => s.id)).toEqual(['orphan']);
    expect(b.live.has('held')).toBe(true);
    expect((await store.header('held'))?.status).toBe('running');
    store.close();
  });

  it('a full storage on import says how much is needed and what to delete, and the message clears after a write succeeds', async () => {
    const factory = new IDBFactory();
    const real = await openStudyStore({ factory });
    await real.put(createSavedStudy({ id: 'big', name: 'Big old study', setup, study: busyStudy(setup).toJSON(), status: 'finished', now: 1 }));
    let full = true;
    const store = wrapStore(real, { put: (r) => (full ? Promise.reject(new StorageError('put', 'quota-exceeded', 'QuotaExceededError')) : real.put(r)) });
    const lib = new StudyLibrary({ openStore: async () => store, channel: memoryChannelHub(), estimate: async () => ({ usage: 9_999_900, quota: 10_000_000 }) });
    await lib.open();
    const record = createSavedStudy({ name: 'incoming', setup, study: StudySession.fresh(setup, simulatedSessionDeps()).toJSON(), status: 'paused', now: 5 });
    expect(await lib.transfers.importFile(new Blob([studyFileText(record, 5)]))).toBeNull();
    expect(lib.message?.tone).toBe('error');
    expect(lib.message?.text).toMatch(/^Import of “incoming” failed: the browser storage for this page is full\. It needs about \d+ B; 10 MB of the 10 MB this browser allows the page is in use, 100 B free, so about \d+ B more must be freed\./);
    expect(lib.message?.text).toMatch(/Export, then delete, the largest saved studies: “Big old study” \([\d.]+ (B|kB)\)\.$/);
    full = false;
    const session = StudySession.fresh(setup, simulatedSessionDeps());
    lib.message = { ...lib.message!, storage: true };
    lib.track(session);
    await session.start();
    expect(lib.message).toBeNull();
    real.close();
  });

  it('a failed autosave whose advice is worked out after a later write succeeded leaves no message behind', async () => {
    const factory = new IDBFactory();
    const real = await openStudyStore({ factory });
    let failures = 1;
    const store = wrapStore(real, {
      append: (id, changes, update) => (failures-- > 0 ? Promise.reject(new StorageError('save', 'quota-exceeded', 'QuotaExceededError')) : real.append(id, changes, update)),
    });
    const estimates: (() => void)[] = [];
    const estimate = () => new Promise<{ usage: number; quota: number }>((resolve) => estimates.push(() => resolve({ usage: 10_000_000, quota: 10_000_000 })));
    const lib = new StudyLibrary({ openStore: async () => store, channel: memoryChannelHub(), estimate });
    await lib.open();
    const session = StudySession.fresh(setup, simulatedSessionDeps());
    const id = lib.track(session);
    await session.start();
    await lib.flush();
    expect(estimates).toHaveLength(1); // the failed write's advice is still being worked out
    for (const release of estimates) release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lib.message).toBeNull();
    expect((await lib.get(id))?.study.trials.filter((t) => t.state === 'complete')).toHaveLength(4);
    real.close();
  });

  it('says so when IndexedDB is unavailable', async () => {
    const lib = new StudyLibrary({ openStore: () => Promise.reject(new Error('no IndexedDB')) });
    await lib.open();
    expect(lib.available).toBe(false);
    expect(lib.message?.tone).toBe('error');
  });

  it('keeps using the old storage, and says why, when saved studies cannot be moved to the renamed database', async () => {
    const factory = new IDBFactory();
    const old = await openStudyStore({ factory, databaseName: EARLIER_DATABASE_NAMES[0] });
    await old.put(createSavedStudy({ name: 'kept', setup, study: StudySession.fresh(setup, simulatedSessionDeps()).toJSON(), status: 'finished', now: 1 }));
    old.close();
    const refusing = {
      open: (name: string, version?: number) => {
        if (name === DATABASE_NAME) throw new DOMException('disk full', 'QuotaExceededError');
        return factory.open(name, version);
      },
      deleteDatabase: (name: string) => factory.deleteDatabase(name),
      databases: () => factory.databases(),
      cmp: (a: unknown, b: unknown) => factory.cmp(a, b),
    } as IDBFactory;
    const lib = new StudyLibrary({ openStore: () => openStudyStore({ factory: refusing }), now: () => 1, channel: memoryChannelHub() });
    await lib.open();
    expect(lib.available).toBe(true);
    expect(lib.summaries.map((s) => s.name)).toEqual(['kept']);
    expect(lib.message).toMatchObject({ tone: 'error', text: expect.stringMatching(/could not be moved .*storage .*full.*kept where they were/) });
  });
});
