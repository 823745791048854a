/**
 * Saved studies in IndexedDB through `idb` (database "tfjs-tuner", layout in idb-schema.ts, records in
 * journal-records.ts, each operation's transaction in journal-transactions.ts). A running study is
 * written as a journal: `append` adds one entry per changed trial and rewrites only the study's
 * small header, so a write costs the same however many trials the study has. `get` replays a
 * study's entries into a whole record. Every operation
 * returns a Promise that rejects only with a `StorageError` naming the operation and the problem;
 * writes resolve when their transaction has committed, not merely when a request succeeded.
 * Opening first moves a database still under an earlier name (database-move.ts); should that fail,
 * the store works on the old database and says why in `moveError`.
 *
 *   const store = await openStudyStore();
 *   await store.put(record);                              // a whole study (new, imported)
 *   await store.append(id, changes, { status, updatedAt, tally });
 *   const summaries = await store.list();                 // headers only, newest first
 *   await store.putSource(source);                        // the user's data, once per fingerprint (before its study)
 *
 * Deleting a study also deletes the data sources no other saved study refers to.
 */
import { wrap, type IDBPDatabase } from 'idb';
import { describeBytes } from '../../training';
import { moveDatabase } from './database-move';
import { sourceOfRecord, sourceProblem, storedSource, type DataSource, type DataSourceSummary } from './data-source';
import { getSource, listSources, pruneSources, putSource, quotaDetail } from './data-transactions';
import { upgradeSchema, DATABASE_NAME, DATABASE_VERSION, DATASETS_STORE, EARLIER_DATABASE_NAMES, STUDIES_STORE, type StoreName, type StudyDatabase, type StudyTransaction } from './idb-schema';
import { runTransaction, type TransactionWork } from './idb-transaction';
import { JOURNAL_STORE, STATES_STORE, type JournalEntry, type StudyHeader, type StudyState, type TrialChange } from './journal-records';
import {
  appendEntries,
  compactJournal,
  deleteStudy,
  getHeader,
  getRecord,
  listSummaries,
  putRecord,
  readJournal,
  setStatus,
  type AppendResult,
  type HeaderUpdate,
  type KeyRanges,
} from './journal-transactions';
import type { SavedStudyRecord, StudyStatus } from './saved-study';
import { StorageError, toStorageError, type StorageOperation } from './storage-error';
import type { StudySummary } from './study-summary';

export { DATABASE_NAME, DATABASE_VERSION, DATASETS_STORE, EARLIER_DATABASE_NAMES, STUDIES_STORE, UPDATED_AT_INDEX } from './idb-schema';
export type { AppendResult, HeaderUpdate } from './journal-transactions';

export interface StudyStore {
  /** Set when saved studies could not be moved from the database's earlier name: this store works on the old database meanwhile. */
  readonly moveError?: StorageError;
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
  /**
   * Removes the study, and every data source no saved study refers to any more except those in
   * `keepSources` (a study started here but not yet stored); deleting a missing id is not an error.
   */
  delete(id: string, keepSources?: readonly string[]): Promise<void>;
  /** Removes every study and every data source. */
  clear(): Promise<void>;
  /**
   * Stores the user's data (idempotent: a source already stored under its fingerprint is kept).
   * A full storage rejects with problem `quota-exceeded`, saying how much was needed and which
   * saved studies to delete with their data.
   */
  putSource(source: DataSource): Promise<void>;
  /** The stored source with this fingerprint, or null. */
  getSource(fingerprint: string): Promise<DataSource | null>;
  /** Every stored source without its bytes, largest first, with the studies that use it. */
  listSources(): Promise<DataSourceSummary[]>;
  /** Deletes the sources no saved study refers to, except `keep`; returns their fingerprints. */
  pruneSources(keep?: readonly string[]): Promise<string[]>;
  /** Closes the connection; later operations reject with problem `closed`. */
  close(): void;
}

export interface OpenStudyStoreOptions {
  /** Default `globalThis.indexedDB`; tests pass a fake-indexeddb `IDBFactory`. */
  readonly factory?: IDBFactory;
  /** Default `DATABASE_NAME`. */
  readonly databaseName?: string;
  /** Earlier names to move saved studies from; default `EARLIER_DATABASE_NAMES` for the default name, none for another. */
  readonly earlierNames?: readonly string[];
  /** The factory's key ranges (`IDBKeyRange`), to read long journals in pages; default the global one, where there is one. */
  readonly keyRanges?: KeyRanges;
  /** When a data source is stored (Unix ms); default `Date.now`. */
  readonly now?: () => number;
}

const ALL_STORES: readonly StoreName[] = [STUDIES_STORE, STATES_STORE, JOURNAL_STORE];
const EVERY_STORE: readonly StoreName[] = [...ALL_STORES, DATASETS_STORE];

/** Opens (creating, upgrading or moving from an earlier name when needed) the database. */
export async function openStudyStore(options: OpenStudyStoreOptions = {}): Promise<StudyStore> {
  let factory: IDBFactory;
  try {
    const found = options.factory ?? defaultFactory();
    if (found === null) throw new StorageError('open', 'unavailable', 'IndexedDB is not available');
    factory = found;
  } catch (e) {
    throw toStorageError('open', e);
  }
  const name = options.databaseName ?? DATABASE_NAME;
  for (const earlier of options.earlierNames ?? (options.databaseName === undefined ? EARLIER_DATABASE_NAMES : [])) {
    const move = await moveDatabase(factory, earlier, name);
    if (move.kind === 'failed') return new IdbStudyStore(await openDatabase(factory, earlier), options.keyRanges ?? defaultKeyRanges(), options.now ?? Date.now, move.error);
  }
  return new IdbStudyStore(await openDatabase(factory, name), options.keyRanges ?? defaultKeyRanges(), options.now ?? Date.now);
}

/** A connection to database `name` at the current version, its schema created or upgraded. */
async function openDatabase(factory: IDBFactory, name: string): Promise<IDBPDatabase<StudyDatabase>> {
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, DATABASE_VERSION);
  } catch (e) {
    throw toStorageError('open', e);
  }
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as IDBPDatabase<StudyDatabase>;
    upgradeSchema(db, wrap(request.transaction as IDBTransaction) as unknown as StudyTransaction<'versionchange'>, event.oldVersion);
  });
  const opened = wrap(request) as Promise<IDBPDatabase<StudyDatabase>>;
  const blocked = new Promise<never>((_, reject) => request.addEventListener('blocked', () => reject(new StorageError('open', 'blocked', ''))));
  let db: IDBPDatabase<StudyDatabase>;
  try {
    db = await Promise.race([opened, blocked]);
  } catch (e) {
    // Refused while blocked: should the other tab let go later, the connection is closed at once.
    opened.then(
      (late) => late.close(),
      () => undefined,
    );
    throw toStorageError('open', e);
  }
  return db;
}

function defaultKeyRanges(): KeyRanges {
  return (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange ?? null;
}

function defaultFactory(): IDBFactory | null {
  // Reading `indexedDB` itself throws SecurityError in some sandboxed frames; the caller maps it.
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  return factory ?? null;
}

class IdbStudyStore implements StudyStore {
  private closed = false;

  constructor(
    private readonly db: IDBPDatabase<StudyDatabase>,
    private readonly ranges: KeyRanges,
    private readonly now: () => number,
    readonly moveError?: StorageError,
  ) {
    // Let another tab upgrade the schema instead of blocking it; this tab then reports `closed`.
    db.addEventListener('versionchange', () => this.close());
    db.addEventListener('close', () => {
      this.closed = true;
    });
  }

  put(record: SavedStudyRecord): Promise<void> {
    const problem = recordProblem(record);
    if (problem !== null) return Promise.reject(new StorageError('put', 'invalid-record', problem));
    return this.transact('put', 'readwrite', ALL_STORES, putRecord(record));
  }

  get(id: string): Promise<SavedStudyRecord | null> {
    return this.transact('get', 'readonly', ALL_STORES, getRecord(id, this.ranges));
  }

  header(id: string): Promise<StudyHeader | null> {
    return this.transact('get', 'readonly', [STUDIES_STORE], getHeader(id));
  }

  list(): Promise<StudySummary[]> {
    return this.transact('list', 'readonly', [STUDIES_STORE], listSummaries);
  }

  append(id: string, changes: readonly TrialChange[], update: HeaderUpdate): Promise<AppendResult | null> {
    return this.transact('save', 'readwrite', [STUDIES_STORE, JOURNAL_STORE], appendEntries(id, changes, update));
  }

  saveState(state: StudyState): Promise<void> {
    return this.transact('save', 'readwrite', [STATES_STORE], async (transaction) => {
      await transaction.objectStore(STATES_STORE).put(state);
    });
  }

  setStatus(id: string, status: StudyStatus): Promise<void> {
    return this.transact('save', 'readwrite', [STUDIES_STORE], setStatus(id, status));
  }

  readJournal(id: string, fromSeq: number): Promise<JournalEntry[]> {
    return this.transact('get', 'readonly', [JOURNAL_STORE], readJournal(id, fromSeq, this.ranges));
  }

  compact(id: string): Promise<void> {
    return this.transact('save', 'readwrite', [STUDIES_STORE, JOURNAL_STORE], compactJournal(id));
  }

  delete(id: string, keepSources: readonly string[] = []): Promise<void> {
    return this.transact('delete', 'readwrite', EVERY_STORE, async (transaction) => {
      await deleteStudy(id)(transaction);
      await pruneSources(keepSources)(transaction);
    });
  }

  clear(): Promise<void> {
    return this.transact('clear', 'readwrite', EVERY_STORE, async (transaction) => {
      await Promise.all(EVERY_STORE.map((name) => transaction.objectStore(name).clear()));
    });
  }

  async putSource(source: DataSource): Promise<void> {
    const problem = sourceProblem(source);
    if (problem !== null) throw new StorageError('store-data', 'invalid-record', problem);
    try {
      await this.transact('store-data', 'readwrite', [DATASETS_STORE], putSource(storedSource(source, this.now())));
    } catch (error) {
      if (!(error instanceof StorageError) || error.problem !== 'quota-exceeded' || this.closed) throw error;
      const detail = await this.transact('store-data', 'readonly', [STUDIES_STORE, DATASETS_STORE], quotaDetail(source.bytes)).catch(() => `it needs ${describeBytes(source.bytes)}`);
      throw new StorageError('store-data', 'quota-exceeded', detail);
    }
  }

  async getSource(fingerprint: string): Promise<DataSource | null> {
    const record = await this.transact('get-data', 'readonly', [DATASETS_STORE], getSource(fingerprint));
    return record === null ? null : sourceOfRecord(record);
  }

  listSources(): Promise<DataSourceSummary[]> {
    return this.transact('list', 'readonly', [STUDIES_STORE, DATASETS_STORE], listSources);
  }

  pruneSources(keep: readonly string[] = []): Promise<string[]> {
    return this.transact('delete', 'readwrite', [STUDIES_STORE, DATASETS_STORE], pruneSources(keep));
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }

  /** Runs `work` in one transaction over `names` (idb-transaction.ts); a closed store refuses at once. */
  private transact<T, Mode extends 'readonly' | 'readwrite'>(operation: StorageOperation, mode: Mode, names: readonly StoreName[], work: TransactionWork<T, Mode>): Promise<T> {
    if (this.closed) return Promise.reject(new StorageError(operation, 'closed', ''));
    return runTransaction(this.db, operation, mode, names, work);
  }
}

function recordProblem(record: SavedStudyRecord): string | null {
  if (record === null || typeof record !== 'object') return 'a record must be an object';
  if (typeof record.id !== 'string' || record.id === '') return 'id must be a non-empty string';
  if (typeof record.updatedAt !== 'number' || !Number.isFinite(record.updatedAt)) return 'updatedAt must be a finite number';
  return null;
}
