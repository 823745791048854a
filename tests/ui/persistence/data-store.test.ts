import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DATABASE_NAME,
  DATABASE_VERSION,
  DATASETS_STORE,
  JOURNAL_STORE,
  openStudyStore,
  splitRecord,
  STATES_STORE,
  StorageError,
  STUDIES_STORE,
  UPDATED_AT_INDEX,
  withDataBytes,
  type DataSource,
  type StudySummary,
} from '../../../src/ui/persistence';
import { savedRecord } from './fixtures';
import { dataRecord, fingerprintOf, tableSource } from './data-fixtures';
import { rejectedBy } from '../../thrown';

function freshStore(factory = new IDBFactory()) {
  return openStudyStore({ factory, keyRanges: IDBKeyRange, now: () => 1_700_000_000_000 });
}

const refusal = (promise: Promise<unknown>): Promise<StorageError> => rejectedBy(StorageError, promise);

async function texts(source: DataSource | null): Promise<string[]> {
  return Promise.all((source?.files ?? []).map((f) => f.data.text()));
}

afterEach(() => vi.restoreAllMocks());

describe('the datasets store (schema 3)', () => {
  it('stores a source by fingerprint and loads it back with its files, paths and types', async () => {
    const store = await freshStore();
    const source = tableSource('penguins.csv', 'species,bill\nAdelie,39.1\n');
    await store.putSource(source);
    const loaded = await store.getSource(source.fingerprint);
    expect(loaded).toMatchObject({ kind: 'table', name: 'penguins.csv', fingerprint: source.fingerprint, bytes: source.bytes });
    expect(loaded?.files.map((f) => [f.path, f.data.type])).toEqual([['penguins.csv', 'text/csv']]);
    expect(await texts(loaded)).toEqual(['species,bill\nAdelie,39.1\n']);
    expect(await store.getSource(fingerprintOf('nothing'))).toBeNull();
    store.close();
  });

  it('is idempotent by fingerprint: the source first stored is kept', async () => {
    const store = await freshStore();
    const source = tableSource('a.csv', 'x,y\n1,2\n');
    await store.putSource(source);
    await store.putSource({ ...source, name: 'renamed.csv' });
    expect((await store.listSources()).map((s) => [s.name, s.storedAt])).toEqual([['a.csv', 1_700_000_000_000]]);
    store.close();
  });

  it('refuses a malformed source before touching the database', async () => {
    const store = await freshStore();
    const bad = { ...tableSource('a.csv', 'x\n1\n'), fingerprint: 'not-hex' };
    expect(await refusal(store.putSource(bad))).toMatchObject({ operation: 'store-data', problem: 'invalid-record' });
    expect(await store.listSources()).toEqual([]);
    store.close();
  });

  it('lists sources largest first, with the studies that refer to them', async () => {
    const store = await freshStore();
    const small = tableSource('small.csv', 'x\n1\n');
    const large = tableSource('large.csv', 'x\n1\n2\n3\n4\n5\n');
    await store.putSource(small);
    await store.putSource(large);
    await store.put(dataRecord('s1', large));
    await store.put(dataRecord('s2', large));
    const listed = await store.listSources();
    expect(listed.map((s) => [s.name, s.usedBy])).toEqual([
      ['large.csv', ['s1', 's2']],
      ['small.csv', []],
    ]);
    store.close();
  });

  it('deleting a study frees its sources once no other study refers to them', async () => {
    const store = await freshStore();
    const shared = tableSource('shared.csv', 'x\n1\n');
    const own = tableSource('own.csv', 'x\n2\n');
    for (const s of [shared, own]) await store.putSource(s);
    await store.put(dataRecord('a', shared));
    await store.put(dataRecord('b', shared, own));
    await store.delete('b');
    expect((await store.listSources()).map((s) => s.name)).toEqual(['shared.csv']);
    await store.delete('a');
    expect(await store.listSources()).toEqual([]);
    store.close();
  });

  it('keeps the sources a study started here but not yet stored uses', async () => {
    const store = await freshStore();
    const starting = tableSource('starting.csv', 'x\n1\n');
    await store.putSource(starting);
    await store.put(savedRecord({ id: 'branin' }));
    await store.delete('branin', [starting.fingerprint]);
    expect((await store.listSources()).map((s) => s.name)).toEqual(['starting.csv']);
    expect(await store.pruneSources()).toEqual([starting.fingerprint]);
    expect(await store.listSources()).toEqual([]);
    store.close();
  });

  it('clear removes every study and every source', async () => {
    const store = await freshStore();
    const source = tableSource('a.csv', 'x\n1\n');
    await store.putSource(source);
    await store.put(dataRecord('a', source));
    await store.clear();
    expect(await store.list()).toEqual([]);
    expect(await store.listSources()).toEqual([]);
    store.close();
  });

  it('a full storage says how much the data needed and which studies to delete with their data', async () => {
    const store = await freshStore();
    const old = tableSource('old.csv', 'x\n'.repeat(2000));
    await store.putSource(old);
    await store.put(dataRecord('old', old, undefined, 'Old penguins'));
    await store.put(savedRecord({ id: 'branin', name: 'Branin run' }));
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === DATASETS_STORE) throw new DOMException('full', 'QuotaExceededError');
      return original.apply(this, args);
    });
    const big = { ...tableSource('big.csv', 'y\n1\n'), bytes: 3 * 1024 * 1024 };
    const error = await refusal(store.putSource(big));
    expect(error).toMatchObject({ operation: 'store-data', problem: 'quota-exceeded' });
    expect(error.message).toMatch(/^could not store the study’s data: the browser storage for this page is full/);
    expect(error.message).toContain('it needs 3 MB');
    expect(error.message).toMatch(/the largest are “Old penguins” \([\d.]+ kB with its data\), “Branin run”/);
    vi.restoreAllMocks();
    expect((await store.listSources()).map((s) => s.name)).toEqual(['old.csv']);
    store.close();
  });
});

describe('withDataBytes', () => {
  it('counts the data only one study uses in that study’s size; shared data in none', () => {
    const summary = (id: string, bytes: number) => ({ id, name: id, bytes }) as StudySummary;
    const sized = withDataBytes([summary('a', 10), summary('b', 20)], [
      { bytes: 1000, usedBy: ['a'] },
      { bytes: 500, usedBy: ['a', 'b'] },
      { bytes: 7, usedBy: [] },
    ]);
    expect(sized.map((s) => [s.summary.id, s.summary.bytes, s.dataBytes])).toEqual([
      ['a', 1010, 1000],
      ['b', 20, 0],
    ]);
  });
});

describe('upgrading from schema 2', () => {
  /** A database as the previous version of the page left it: schema 2 (studies, states, journal), no datasets. */
  async function schemaTwo(factory: IDBFactory, records: ReturnType<typeof savedRecord>[]): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const request = factory.open(DATABASE_NAME, 2);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore(STUDIES_STORE, { keyPath: 'id' }).createIndex(UPDATED_AT_INDEX, 'updatedAt');
        db.createObjectStore(STATES_STORE, { keyPath: 'id' });
        db.createObjectStore(JOURNAL_STORE, { keyPath: ['studyId', 'seq'] }).createIndex('studyId', 'studyId');
      };
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction([STUDIES_STORE, STATES_STORE, JOURNAL_STORE], 'readwrite');
        for (const record of records) {
          const { header, state, entries } = splitRecord(record);
          tx.objectStore(STUDIES_STORE).put(header);
          tx.objectStore(STATES_STORE).put(state);
          for (const entry of entries) tx.objectStore(JOURNAL_STORE).put(entry);
        }
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
      };
    });
  }

  it('keeps every study exactly as saved and adds the datasets store', async () => {
    expect(DATABASE_VERSION).toBe(3);
    const factory = new IDBFactory();
    const records = [savedRecord({ id: 'one', now: 5 }), savedRecord({ id: 'two', name: 'Second', now: 9, status: 'finished' })];
    await schemaTwo(factory, records);
    const store = await freshStore(factory);
    for (const record of records) expect(await store.get(record.id)).toEqual(record);
    expect((await store.list()).map((s) => s.id)).toEqual(['two', 'one']);
    const source = tableSource('after.csv', 'x\n1\n');
    await store.putSource(source);
    expect((await store.getSource(source.fingerprint))?.name).toBe('after.csv');
    store.close();
  });
});
