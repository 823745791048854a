import 'fake-indexeddb/auto';
import { IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStudy } from '../../../src/tuner';
import { createSavedStudy, DATABASE_NAME, JOURNAL_STORE, openStudyStore, splitRecord, STATES_STORE, STUDIES_STORE, StorageError, type SavedStudyRecord } from '../../../src/ui/persistence';
import type { StoreName, StudyDatabase } from '../../../src/ui/persistence/idb-schema';
import { runTransaction } from '../../../src/ui/persistence/idb-transaction';
import { getRecord, putRecord, PUT_SLICE_MS, readJournal, READ_PAGE_ENTRIES } from '../../../src/ui/persistence/journal-transactions';
import { braninSetup } from './fixtures';

const ALL: StoreName[] = [STUDIES_STORE, STATES_STORE, JOURNAL_STORE];

let databases = 0;

/** A fresh database with the page's schema, opened directly (for the transactions' work itself). */
async function freshDatabase(): Promise<IDBPDatabase<StudyDatabase>> {
  const databaseName = `${DATABASE_NAME}-${(databases += 1)}`;
  (await openStudyStore({ factory: indexedDB, databaseName })).close();
  return openDB<StudyDatabase>(databaseName);
}

afterEach(() => {
  vi.restoreAllMocks();
});

function largeRecord(trials: number, id = 'large'): SavedStudyRecord {
  const setup = braninSetup();
  const study = createStudy({ space: setup.space, sampler: 'random', seed: 3 });
  for (let i = 0; i < trials; i++) {
    const { id: trial } = study.ask();
    study.report(trial, 1, 10 - i / trials);
    study.tell(trial, 5 - i / trials);
  }
  return createSavedStudy({ id, name: 'large', setup, study: study.toJSON(), status: 'finished', now: 1_700_000_000_000 });
}

/** A clock that moves `stepMs` each time it is read. */
function steppingClock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs);
}

describe('putRecord: a whole study in slices of one transaction', () => {
  it('writes a 1,000-trial study in many slices and it replays exactly, with the tally of an unsliced write', async () => {
    const db = await freshDatabase();
    const record = largeRecord(1000);
    const clock = steppingClock(PUT_SLICE_MS / 4);
    let clockReads = 0;
    await runTransaction(
      db,
      'put',
      'readwrite',
      ALL,
      putRecord(record, () => {
        clockReads += 1;
        return clock();
      }),
    );
    // A slice of k entries reads the clock k + 1 times (to start, then before each entry after its
    // first, and once more to find its time spent), so reads beyond one per entry count the slices.
    const slices = clockReads - record.study.trials.length;
    expect(slices).toBeGreaterThanOrEqual(200);
    const stored = await runTransaction(db, 'get', 'readonly', ALL, getRecord('large', IDBKeyRange));
    expect(stored).toEqual(record);
    const header = await runTransaction(db, 'get', 'readonly', [STUDIES_STORE], (transaction) => transaction.objectStore(STUDIES_STORE).get('large'));
    expect(header).toEqual(splitRecord(record).header);
    db.close();
  });

  it('is all or nothing: a put refused midway (a full storage) stores none of it, and says why', async () => {
    const db = await freshDatabase();
    const record = largeRecord(300, 'refused');
    let puts = 0;
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      puts += 1;
      if (puts === 150) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const error = await runTransaction(db, 'put', 'readwrite', ALL, putRecord(record, steppingClock(PUT_SLICE_MS / 4))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ operation: 'put', problem: 'quota-exceeded' });
    expect(await runTransaction(db, 'get', 'readonly', ALL, getRecord('refused', IDBKeyRange))).toBeNull();
    vi.restoreAllMocks();
    const entries = await runTransaction(db, 'get', 'readonly', [JOURNAL_STORE], (transaction) => transaction.objectStore(JOURNAL_STORE).count());
    expect(entries).toBe(0);
    db.close();
  });
});

describe('getRecord and readJournal', () => {
  it('read a journal longer than a page in pages, the same as in one request', async () => {
    const db = await freshDatabase();
    const record = largeRecord(2 * READ_PAGE_ENTRIES + 345, 'long');
    await runTransaction(db, 'put', 'readwrite', ALL, putRecord(record));
    const paged = await runTransaction(db, 'get', 'readonly', ALL, getRecord('long', IDBKeyRange));
    expect(paged).toEqual(record);
    expect(await runTransaction(db, 'get', 'readonly', ALL, getRecord('long', null))).toEqual(paged);
    const from = READ_PAGE_ENTRIES - 5;
    const tail = await runTransaction(db, 'get', 'readonly', [JOURNAL_STORE], readJournal('long', from, IDBKeyRange));
    expect(tail.map((e) => e.seq)).toEqual(Array.from({ length: record.study.trials.length - from }, (_, i) => from + i));
    expect(await runTransaction(db, 'get', 'readonly', [JOURNAL_STORE], readJournal('long', from, null))).toEqual(tail);
    db.close();
  });
});
