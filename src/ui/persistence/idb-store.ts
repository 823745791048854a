/**
 * Saved studies in IndexedDB (database "b31295fb", layout in idb-schema.ts, records in
 * journal-records.ts). A running study is written as a journal: `append` adds one entry per
 * changed trial and rewrites only the study's small header, so a write costs the same however many
 * trials the study has. `get` replays a study's entries into a whole record. Every operation
 * returns a Promise that rejects only with a `StorageError` naming the operation and the problem;
 * writes resolve when their transaction has committed, not merely when a request succeeded.
 *
 *   const store = await openStudyStore();
 *   await store.put(record);                              // a whole study (new, imported)
 *   await store.append(id, changes, { status, updatedAt, tally });
 *   const summaries = await store.list();                 // headers only, newest first
 */
import { upgradeSchema, DATABASE_NAME, DATABASE_VERSION, STUDIES_STORE, STUDY_ID_INDEX, UPDATED_AT_INDEX } from './idb-schema';
import { entryBytes, isWholeRecord, JOURNAL_STORE, replayRecord, splitRecord, STATES_STORE, type JournalEntry, type StudyHeader, type StudyState, type TrialChange } from './journal-records';
import type { SavedStudyRecord, StudyStatus } from './saved-study';
import { StorageError, toStorageError, type StorageOperation } from './storage-error';
import { summarizeHeader, summarizeStudy, tallyTrials, type StudySummary, type StudyTally } from './study-summary';

export { DATABASE_NAME, DATABASE_VERSION, STUDIES_STORE, UPDATED_AT_INDEX } from './idb-schema';

/** What an append changes in the header besides the next seq. */
export interface HeaderUpdate {
  readonly status: StudyStatus;
  readonly updatedAt: number;
  readonly tally: StudyTally;
}

/** The seqs an append gave its entries: firstSeq … nextSeq − 1. */
export interface AppendResult {
  readonly firstSeq: number;
  readonly nextSeq: number;
}

export interface StudyStore {
  /** Stores a whole study (header, state, one entry per trial), replacing any journal it had. */
  put(record: SavedStudyRecord): Promise<void>;
  /** The study replayed from its journal, or null when there is none with this id. */
  get(id: string): Promise<SavedStudyRecord | null>;
  /** The study's header (null when none, or for a record still in schema-1 form). */
  header(id: string): Promise<StudyHeader | null>;
  /** Summaries of every saved study, most recently updated first, read from headers only. */
  list(): Promise<StudySummary[]>;
  /** Appends entries and updates the header in one transaction; null when the study is gone. */
  append(id: string, changes: readonly TrialChange[], update: HeaderUpdate): Promise<AppendResult | null>;
  /** Replaces the study's state (sampler, scheduler, extra). */
  saveState(state: StudyState): Promise<void>;
  /** Sets the status, keeping updatedAt. */
  setStatus(id: string, status: StudyStatus): Promise<void>;
  /** The study's journal entries from seq `fromSeq` on, in order. */
  readJournal(id: string, fromSeq: number): Promise<JournalEntry[]>;
  /** Drops every entry that a later entry of the same trial supersedes (at finish or resume). */
  compact(id: string): Promise<void>;
  /** Removes the study; deleting a missing id is not an error. */
  delete(id: string): Promise<void>;
  /** Removes every study. */
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

const ALL_STORES = [STUDIES_STORE, STATES_STORE, JOURNAL_STORE];

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
    request.onupgradeneeded = (event) => upgradeSchema(request.result, request.transaction as IDBTransaction, event.oldVersion);
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

type Stores = (name: string) => IDBObjectStore;

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
    return this.transact('put', 'readwrite', ALL_STORES, (store) => {
      const { header, state, entries } = splitRecord(record);
      store(STUDIES_STORE).put(header);
      store(STATES_STORE).put(state);
      // The old entries' deletion runs in callbacks: the new ones go in once it is done.
      deleteJournal(store, record.id, () => {
        for (const entry of entries) store(JOURNAL_STORE).put(entry);
      });
      return () => undefined;
    });
  }

  get(id: string): Promise<SavedStudyRecord | null> {
    return this.transact('get', 'readonly', ALL_STORES, (store) => {
      const header = store(STUDIES_STORE).get(id) as IDBRequest<StudyHeader | SavedStudyRecord | undefined>;
      const state = store(STATES_STORE).get(id) as IDBRequest<StudyState | undefined>;
      const entries = store(JOURNAL_STORE).index(STUDY_ID_INDEX).getAll(id) as IDBRequest<JournalEntry[]>;
      return () => {
        const found = header.result;
        if (found === undefined) return null;
        if (isWholeRecord(found)) return found;
        return replayRecord(found, state.result ?? null, entries.result);
      };
    });
  }

  header(id: string): Promise<StudyHeader | null> {
    return this.transact('get', 'readonly', [STUDIES_STORE], (store) => {
      const request = store(STUDIES_STORE).get(id) as IDBRequest<StudyHeader | SavedStudyRecord | undefined>;
      return () => {
        const found = request.result;
        return found === undefined || isWholeRecord(found) ? null : found;
      };
    });
  }

  list(): Promise<StudySummary[]> {
    return this.transact('list', 'readonly', [STUDIES_STORE], (store) => {
      const summaries: StudySummary[] = [];
      const request = store(STUDIES_STORE).index(UPDATED_AT_INDEX).openCursor(null, 'prev');
      request.onsuccess = () => {
        const cursor = request.result;
        if (cursor === null) return;
        const value = cursor.value as StudyHeader | SavedStudyRecord;
        summaries.push(isWholeRecord(value) ? summarizeStudy(value) : summarizeHeader(value));
        cursor.continue();
      };
      return () => summaries;
    });
  }

  append(id: string, changes: readonly TrialChange[], update: HeaderUpdate): Promise<AppendResult | null> {
    return this.transact('save', 'readwrite', [STUDIES_STORE, JOURNAL_STORE], (store) => {
      let result: AppendResult | null = null;
      const request = store(STUDIES_STORE).get(id) as IDBRequest<StudyHeader | SavedStudyRecord | undefined>;
      request.onsuccess = () => {
        const header = request.result;
        if (header === undefined || isWholeRecord(header)) return; // deleted meanwhile: nothing to add to
        const firstSeq = header.nextSeq;
        changes.forEach((change, i) => store(JOURNAL_STORE).put({ studyId: id, seq: firstSeq + i, ...change } satisfies JournalEntry));
        const nextSeq = firstSeq + changes.length;
        store(STUDIES_STORE).put({ ...header, status: update.status, updatedAt: update.updatedAt, tally: update.tally, nextSeq } satisfies StudyHeader);
        result = { firstSeq, nextSeq };
      };
      return () => result;
    });
  }

  saveState(state: StudyState): Promise<void> {
    return this.transact('save', 'readwrite', [STATES_STORE], (store) => {
      store(STATES_STORE).put(state);
      return () => undefined;
    });
  }

  setStatus(id: string, status: StudyStatus): Promise<void> {
    return this.transact('save', 'readwrite', [STUDIES_STORE], (store) => {
      const request = store(STUDIES_STORE).get(id) as IDBRequest<StudyHeader | SavedStudyRecord | undefined>;
      request.onsuccess = () => {
        const found = request.result;
        if (found !== undefined) store(STUDIES_STORE).put({ ...found, status });
      };
      return () => undefined;
    });
  }

  readJournal(id: string, fromSeq: number): Promise<JournalEntry[]> {
    return this.transact('get', 'readonly', [JOURNAL_STORE], (store) => {
      // Only a watcher that missed news reads this way, so a scan of the study's entries will do.
      const request = store(JOURNAL_STORE).index(STUDY_ID_INDEX).getAll(id) as IDBRequest<JournalEntry[]>;
      return () => request.result.filter((e) => e.seq >= fromSeq);
    });
  }

  compact(id: string): Promise<void> {
    return this.transact('save', 'readwrite', [STUDIES_STORE, JOURNAL_STORE], (store) => {
      const kept = new Map<number, JournalEntry>();
      let bytes = 0;
      const cursorRequest = store(JOURNAL_STORE).index(STUDY_ID_INDEX).openCursor(id, 'prev');
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        if (cursor !== null) {
          const entry = cursor.value as JournalEntry;
          if (kept.has(entry.trial.id)) cursor.delete();
          else {
            kept.set(entry.trial.id, entry);
            bytes += entryBytes(entry);
          }
          cursor.continue();
          return;
        }
        const headerRequest = store(STUDIES_STORE).get(id) as IDBRequest<StudyHeader | SavedStudyRecord | undefined>;
        headerRequest.onsuccess = () => {
          const header = headerRequest.result;
          if (header === undefined || isWholeRecord(header)) return;
          const trials = [...kept.values()].map((e) => e.trial);
          store(STUDIES_STORE).put({ ...header, tally: tallyTrials(trials, header.tally?.direction ?? 'minimize', bytes) } satisfies StudyHeader);
        };
      };
      return () => undefined;
    });
  }

  delete(id: string): Promise<void> {
    return this.transact('delete', 'readwrite', ALL_STORES, (store) => {
      store(STUDIES_STORE).delete(id);
      store(STATES_STORE).delete(id);
      deleteJournal(store, id);
      return () => undefined;
    });
  }

  clear(): Promise<void> {
    return this.transact('clear', 'readwrite', ALL_STORES, (store) => {
      for (const name of ALL_STORES) store(name).clear();
      return () => undefined;
    });
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }

  /**
   * Runs `work` in one transaction over `names` and resolves with what its returned getter reads once
   * the transaction has completed; rejects with a `StorageError` when it aborts or cannot start.
   */
  private transact<T>(operation: StorageOperation, mode: IDBTransactionMode, names: readonly string[], work: (store: Stores) => () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new StorageError(operation, 'closed', ''));
        return;
      }
      let transaction: IDBTransaction | null = null;
      let read: () => T;
      try {
        const opened = this.db.transaction([...names], mode);
        transaction = opened;
        read = work((name) => opened.objectStore(name));
      } catch (e) {
        // Nothing of a half-done piece of work may commit (a record that failed to clone midway).
        try {
          transaction?.abort();
        } catch {
          // It had not started, or had already finished.
        }
        reject(toStorageError(operation, e));
        return;
      }
      const done = transaction;
      done.oncomplete = () => resolve(read());
      done.onabort = () => reject(toStorageError(operation, done.error ?? new Error('the transaction was aborted')));
    });
  }
}

/** Deletes every journal entry of study `id` (inside the caller's transaction), then calls `then`. */
function deleteJournal(store: Stores, id: string, then: () => void = () => undefined): void {
  const journal = store(JOURNAL_STORE);
  const request = journal.index(STUDY_ID_INDEX).openKeyCursor(id);
  request.onsuccess = () => {
    const cursor = request.result;
    if (cursor === null) return then();
    journal.delete(cursor.primaryKey);
    cursor.continue();
  };
}

function recordProblem(record: SavedStudyRecord): string | null {
  if (record === null || typeof record !== 'object') return 'a record must be an object';
  if (typeof record.id !== 'string' || record.id === '') return 'id must be a non-empty string';
  if (typeof record.updatedAt !== 'number' || !Number.isFinite(record.updatedAt)) return 'updatedAt must be a finite number';
  return null;
}
