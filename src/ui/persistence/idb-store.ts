/**
 * Saved studies in IndexedDB: database "b31295fb", object store "studies" (keyPath `id`) with an
 * index on `updatedAt`. Every operation returns a Promise that rejects only with a
 * `StorageError` naming the operation and the problem. Writes resolve when their transaction
 * has committed, not merely when the request succeeded.
 *
 *   const store = await openStudyStore();          // the `open()` step
 *   await store.put(record);
 *   const summaries = await store.list();          // newest first, light summaries
 */
import type { SavedStudyRecord } from './saved-study';
import { StorageError, toStorageError, type StorageOperation } from './storage-error';
import { summarizeStudy, type StudySummary } from './study-summary';

export const DATABASE_NAME = 'b31295fb';
export const DATABASE_VERSION = 1;
export const STUDIES_STORE = 'studies';
export const UPDATED_AT_INDEX = 'updatedAt';

export interface StudyStore {
  /** Inserts or replaces the record with this id. */
  put(record: SavedStudyRecord): Promise<void>;
  /** The record, or null when there is none with this id. */
  get(id: string): Promise<SavedStudyRecord | null>;
  /** Summaries of every saved study, most recently updated first. */
  list(): Promise<StudySummary[]>;
  /** Removes the record; deleting a missing id is not an error. */
  delete(id: string): Promise<void>;
  /** Removes every record. */
  clear(): Promise<void>;
  /** Closes the connection; later operations reject with problem `closed`. */
  close(): void;
}

export interface OpenStudyStoreOptions {
  /** Default `globalThis.indexedDB`; tests pass a fake-indexeddb `IDBFactory`. */
  readonly factory?: IDBFactory;
  /** Default `DATABASE_NAME`. */
  readonly databaseName?: string;
}

/** Opens (creating or upgrading when needed) the database. */
export function openStudyStore(options: OpenStudyStoreOptions = {}): Promise<StudyStore> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: StorageError): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    let request: IDBOpenDBRequest;
    try {
      const factory = options.factory ?? defaultFactory();
      if (factory === null) {
        fail(new StorageError('open', 'unavailable', 'IndexedDB is not available'));
        return;
      }
      request = factory.open(options.databaseName ?? DATABASE_NAME, DATABASE_VERSION);
    } catch (e) {
      fail(toStorageError('open', e));
      return;
    }
    request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
    request.onblocked = () => fail(new StorageError('open', 'blocked', ''));
    request.onerror = () => fail(toStorageError('open', request.error));
    request.onsuccess = () => {
      const db = request.result;
      if (settled) {
        db.close();
        return;
      }
      settled = true;
      resolve(new IdbStudyStore(db));
    };
  });
}

function defaultFactory(): IDBFactory | null {
  // Reading `indexedDB` itself throws SecurityError in some sandboxed frames; the caller maps it.
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  return factory ?? null;
}

/** Schema migrations, one step per version. */
function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    const store = db.createObjectStore(STUDIES_STORE, { keyPath: 'id' });
    store.createIndex(UPDATED_AT_INDEX, 'updatedAt');
  }
}

class IdbStudyStore implements StudyStore {
  private closed = false;

  constructor(private readonly db: IDBDatabase) {
    // Let another tab upgrade the schema instead of blocking it; this tab then reports `closed`.
    db.onversionchange = () => this.close();
    db.onclose = () => {
      this.closed = true;
    };
  }

  put(record: SavedStudyRecord): Promise<void> {
    const problem = recordProblem(record);
    if (problem !== null) return Promise.reject(new StorageError('put', 'invalid-record', problem));
    return this.transact('put', 'readwrite', (store) => {
      store.put(record);
      return () => undefined;
    });
  }

  get(id: string): Promise<SavedStudyRecord | null> {
    return this.transact('get', 'readonly', (store) => {
      const request = store.get(id) as IDBRequest<SavedStudyRecord | undefined>;
      return () => request.result ?? null;
    });
  }

  list(): Promise<StudySummary[]> {
    return this.transact('list', 'readonly', (store) => {
      const summaries: StudySummary[] = [];
      const request = store.index(UPDATED_AT_INDEX).openCursor(null, 'prev');
      request.onsuccess = () => {
        const cursor = request.result;
        if (cursor === null) return;
        summaries.push(summarizeStudy(cursor.value as SavedStudyRecord));
        cursor.continue();
      };
      return () => summaries;
    });
  }

  delete(id: string): Promise<void> {
    return this.transact('delete', 'readwrite', (store) => {
      store.delete(id);
      return () => undefined;
    });
  }

  clear(): Promise<void> {
    return this.transact('clear', 'readwrite', (store) => {
      store.clear();
      return () => undefined;
    });
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }

  /**
   * Runs `work` in one transaction and resolves with what its returned getter reads once the
   * transaction has completed; rejects with a `StorageError` when it aborts or cannot start.
   */
  private transact<T>(operation: StorageOperation, mode: IDBTransactionMode, work: (store: IDBObjectStore) => () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new StorageError(operation, 'closed', ''));
        return;
      }
      let transaction: IDBTransaction;
      let read: () => T;
      try {
        transaction = this.db.transaction(STUDIES_STORE, mode);
        read = work(transaction.objectStore(STUDIES_STORE));
      } catch (e) {
        reject(toStorageError(operation, e));
        return;
      }
      transaction.oncomplete = () => resolve(read());
      transaction.onabort = () => reject(toStorageError(operation, transaction.error ?? new Error('the transaction was aborted')));
    });
  }
}

function recordProblem(record: SavedStudyRecord): string | null {
  if (record === null || typeof record !== 'object') return 'a record must be an object';
  if (typeof record.id !== 'string' || record.id === '') return 'id must be a non-empty string';
  if (typeof record.updatedAt !== 'number' || !Number.isFinite(record.updatedAt)) return 'updatedAt must be a finite number';
  return null;
}
