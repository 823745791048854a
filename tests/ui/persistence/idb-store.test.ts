import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_NAME, DATABASE_VERSION, openStudyStore, StorageError, STUDIES_STORE, UPDATED_AT_INDEX, updateSavedStudy } from '../../../src/ui/persistence';
import { toStorageError } from '../../../src/ui/persistence/storage-error';
import { savedRecord } from './fixtures';
import { rejectedBy } from '../../thrown';

/** A fresh, empty in-memory IndexedDB per test (journals read in pages, as in the browser). */
function freshStore() {
  return openStudyStore({ factory: new IDBFactory(), keyRanges: IDBKeyRange });
}

const refusal = (promise: Promise<unknown>): Promise<StorageError> => rejectedBy(StorageError, promise);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('openStudyStore', () => {
  it('creates database "tfjs-tuner" with store "studies" keyed by id and indexed on updatedAt', async () => {
    const factory = new IDBFactory();
    (await openStudyStore({ factory })).close();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open(DATABASE_NAME);
      request.onsuccess = () => resolve(request.result);
    });
    const store = db.transaction(STUDIES_STORE).objectStore(STUDIES_STORE);
    expect(store.keyPath).toBe('id');
    expect(store.index(UPDATED_AT_INDEX).keyPath).toBe('updatedAt');
    db.close();
  });

  it('rejects with problem "unavailable" where there is no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const error = await refusal(openStudyStore());
    expect(error).toMatchObject({ operation: 'open', problem: 'unavailable' });
    expect(error.message).toMatch(/^could not open saved studies: .*private browsing/);
  });

  it('rejects with "unavailable" when the browser refuses access (SecurityError)', async () => {
    const factory = {
      open: () => {
        throw new DOMException('access denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    expect(await refusal(openStudyStore({ factory }))).toMatchObject({ operation: 'open', problem: 'unavailable' });
  });

  it('rejects with "blocked" when another tab holds an older version open', async () => {
    const factory = new IDBFactory();
    const older = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open(DATABASE_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STUDIES_STORE, { keyPath: 'id' }).createIndex(UPDATED_AT_INDEX, 'updatedAt');
      request.onsuccess = () => resolve(request.result);
    });
    // The older tab does not give way (it has no versionchange handler that closes it).
    const error = await refusal(openStudyStore({ factory }));
    expect(error).toMatchObject({ operation: 'open', problem: 'blocked' });
    expect(error.message).toMatch(/close it and reload/);
    older.close();
  });

  it('rejects with "newer-version" when a newer page upgraded the database', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve) => {
      const request = factory.open(DATABASE_NAME, DATABASE_VERSION + 1);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    expect(await refusal(openStudyStore({ factory }))).toMatchObject({ operation: 'open', problem: 'newer-version' });
  });

  it('gives way to another tab that upgrades, then reports "closed"', async () => {
    const factory = new IDBFactory();
    const store = await openStudyStore({ factory });
    await new Promise<void>((resolve, reject) => {
      const request = factory.open(DATABASE_NAME, DATABASE_VERSION + 1);
      request.onblocked = () => reject(new Error('the store did not give way'));
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    expect(await refusal(store.list())).toMatchObject({ operation: 'list', problem: 'closed' });
  });
});

describe('StudyStore CRUD', () => {
  it('put then get returns the record; a missing id gives null', async () => {
    const store = await freshStore();
    const record = savedRecord();
    await store.put(record);
    expect(await store.get(record.id)).toEqual(record);
    expect(await store.get('nope')).toBeNull();
    store.close();
  });

  it('put replaces the record with the same id', async () => {
    const store = await freshStore();
    const record = savedRecord({ now: 1 });
    await store.put(record);
    await store.put(updateSavedStudy(record, { status: 'finished' }, 2));
    expect(await store.get(record.id)).toMatchObject({ status: 'finished', updatedAt: 2, createdAt: 1 });
    expect(await store.list()).toHaveLength(1);
    store.close();
  });

  it('list gives summaries, most recently updated first', async () => {
    const store = await freshStore();
    await store.put(savedRecord({ id: 'old', name: 'Old', now: 100 }));
    await store.put(savedRecord({ id: 'new', name: 'New', now: 300 }));
    await store.put(savedRecord({ id: 'mid', name: 'Mid', now: 200 }));
    const list = await store.list();
    expect(list.map((s) => s.id)).toEqual(['new', 'mid', 'old']);
    expect(list[0]).toEqual({
      id: 'new',
      name: 'New',
      task: 'branin',
      strategy: 'random',
      status: 'running',
      direction: 'minimize',
      trialCount: 6,
      bestValue: 1.5,
      createdAt: 300,
      updatedAt: 300,
      bytes: expect.any(Number),
      origin: null,
    });
    expect(list[0]?.bytes).toBeGreaterThan(100);
    store.close();
  });

  it('updating a record moves it to the top of the list', async () => {
    const store = await freshStore();
    const a = savedRecord({ id: 'a', now: 1 });
    await store.put(a);
    await store.put(savedRecord({ id: 'b', now: 2 }));
    await store.put(updateSavedStudy(a, { name: 'touched' }, 3));
    expect((await store.list()).map((s) => s.id)).toEqual(['a', 'b']);
    store.close();
  });

  it('delete removes one record (a missing id is fine) and clear removes all', async () => {
    const store = await freshStore();
    await store.put(savedRecord({ id: 'a', now: 1 }));
    await store.put(savedRecord({ id: 'b', now: 2 }));
    await store.delete('a');
    await store.delete('never-there');
    expect((await store.list()).map((s) => s.id)).toEqual(['b']);
    await store.clear();
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('refuses a record without an id before touching the database', async () => {
    const store = await freshStore();
    const error = await refusal(store.put({ ...savedRecord(), id: '' }));
    expect(error).toMatchObject({ operation: 'put', problem: 'invalid-record' });
    expect(error.message).toBe('could not save the study: the study record cannot be stored (id must be a non-empty string)');
    store.close();
  });

  it('refuses a record that cannot be cloned (DataCloneError) and stores nothing', async () => {
    const store = await freshStore();
    const bad = { ...savedRecord(), extra: { callback: () => 1 } } as unknown as ReturnType<typeof savedRecord>;
    expect(await refusal(store.put(bad))).toMatchObject({ operation: 'put', problem: 'invalid-record' });
    expect(await store.list()).toEqual([]);
    store.close();
  });

  it('every operation after close rejects with "closed", naming the operation', async () => {
    const store = await freshStore();
    store.close();
    expect(await refusal(store.put(savedRecord()))).toMatchObject({ operation: 'put', problem: 'closed' });
    expect(await refusal(store.get('a'))).toMatchObject({ operation: 'get', problem: 'closed' });
    expect(await refusal(store.list())).toMatchObject({ operation: 'list', problem: 'closed' });
    expect(await refusal(store.delete('a'))).toMatchObject({ operation: 'delete', problem: 'closed' });
    expect(await refusal(store.clear())).toMatchObject({ operation: 'clear', problem: 'closed' });
  });

  it('a write refused for quota rejects with "quota-exceeded" and stores nothing', async () => {
    const store = await freshStore();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const error = await refusal(store.put(savedRecord()));
    expect(error).toMatchObject({ operation: 'put', problem: 'quota-exceeded' });
    expect(error.message).toMatch(/^could not save the study: the browser storage for this page is full; delete or export old studies/);
    vi.restoreAllMocks();
    expect(await store.list()).toEqual([]);
    store.close();
  });
});

describe('toStorageError', () => {
  it('maps DOMException names to problems', () => {
    const problem = (name: string, operation: 'open' | 'put' = 'put') => toStorageError(operation, new DOMException('x', name)).problem;
    expect(problem('QuotaExceededError')).toBe('quota-exceeded');
    expect(problem('SecurityError', 'open')).toBe('unavailable');
    expect(problem('InvalidStateError', 'open')).toBe('unavailable');
    expect(problem('InvalidStateError')).toBe('closed');
    expect(problem('VersionError', 'open')).toBe('newer-version');
    expect(problem('DataCloneError')).toBe('invalid-record');
    expect(problem('UnknownError')).toBe('failed');
    expect(toStorageError('get', 'odd').message).toBe('could not read the saved study: the browser storage reported an error (odd)');
  });
});

describe('the journal (schema 2)', () => {
  /** A database as the previous version of the page left it: schema 1, whole records. */
  async function schemaOne(factory: IDBFactory, records: unknown[]): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const request = factory.open(DATABASE_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STUDIES_STORE, { keyPath: 'id' }).createIndex(UPDATED_AT_INDEX, 'updatedAt');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction(STUDIES_STORE, 'readwrite');
        for (const r of records) tx.objectStore(STUDIES_STORE).put(r);
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
      };
    });
  }

  it('migrates schema-1 records: each loads exactly as it was saved, and goes on as a journal', async () => {
    const factory = new IDBFactory();
    const old = savedRecord({ id: 'old', now: 5 });
    await schemaOne(factory, [old, { id: 'damaged', updatedAt: 1, study: 'not a study' }]);
    const store = await openStudyStore({ factory });
    expect(await store.get('old')).toEqual(old);
    expect((await store.list()).find((s) => s.id === 'old')).toMatchObject({ trialCount: 6, bestValue: 1.5, status: 'running' });
    expect((await store.readJournal('old', 0)).map((e) => e.trial.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await store.get('damaged'))?.study).toBe('not a study');
    const [running] = old.study.trials.filter((t) => t.state === 'running');
    const told = { ...running!, state: 'complete' as const, value: 0.5, endedAt: 9 };
    await store.append('old', [{ trial: told }], { status: 'running', updatedAt: 9, tally: (await store.header('old'))!.tally });
    expect((await store.get('old'))?.study.trials[4]).toEqual(told);
    store.close();
  });

  it('replays the last entry of each trial, in trial order; compaction keeps the same study', async () => {
    const store = await freshStore();
    const record = savedRecord({ id: 's' });
    await store.put(record);
    const trials = record.study.trials;
    const t4 = trials[4]!;
    const header = (await store.header('s'))!;
    await store.append('s', [{ trial: { ...t4, intermediate: [...t4.intermediate, { step: 2, value: 8 }] } }], { status: 'running', updatedAt: 2, tally: header.tally });
    await store.append('s', [{ trial: { ...t4, state: 'complete', value: 7, endedAt: 3 } }, { trial: { ...trials[5]!, state: 'pruned', endedAt: 3 } }], { status: 'finished', updatedAt: 3, tally: header.tally });
    const replayed = await store.get('s');
    expect(replayed?.status).toBe('finished');
    expect(replayed?.study.trials.map((t) => t.state)).toEqual(['complete', 'failed', 'complete', 'pruned', 'complete', 'pruned']);
    expect((await store.readJournal('s', 0)).length).toBe(9);
    await store.compact('s');
    expect((await store.readJournal('s', 0)).length).toBe(6);
    expect(await store.get('s')).toEqual(replayed);
    expect((await store.list())[0]).toMatchObject({ trialCount: 6, bestValue: 1.5 });
    store.close();
  });

  it('put and delete replace or remove a study’s journal entries, not another’s', async () => {
    const store = await freshStore();
    await store.put(savedRecord({ id: 'a' }));
    await store.put(savedRecord({ id: 'b' }));
    await store.put(savedRecord({ id: 'a' }));
    expect((await store.readJournal('a', 0)).length).toBe(6);
    await store.delete('a');
    expect(await store.readJournal('a', 0)).toEqual([]);
    expect((await store.readJournal('b', 0)).length).toBe(6);
    store.close();
  });
});
