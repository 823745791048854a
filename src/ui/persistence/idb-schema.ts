/**
 * The database's layout, typed for `idb`, and its migrations, one step per version.
 *
 *   1  studies (keyPath id, index updatedAt): one whole record per study, rewritten on every save
 *   2  studies now holds journal headers; states and journal (index studyId) added. Each
 *      schema-1 record is split into a header, a state and one journal entry per trial, in the
 *      upgrade's own transaction, so nothing saved before is lost.
 *   3  datasets (keyPath fingerprint) added: the user's own data (tables, image folders, models), one
 *      record per source, shared by the studies whose setups name it. Studies are not touched.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { isWholeRecord, JOURNAL_STORE, splitRecord, STATES_STORE, type JournalEntry, type StudyHeader, type StudyState } from './journal-records';
import type { StoredDataSource } from './data-source';
import type { SavedStudyRecord } from './saved-study';

export const DATABASE_NAME = 'tfjs-tuner';
/** Names the database had before; a database under one of them is moved to `DATABASE_NAME` on open (database-move.ts). */
export const EARLIER_DATABASE_NAMES: readonly string[] = ['b31295fb'];
export const DATABASE_VERSION = 3;
export const STUDIES_STORE = 'studies';
export const UPDATED_AT_INDEX = 'updatedAt';
/** On the journal: a study's entries, in seq order (no key ranges needed). */
export const STUDY_ID_INDEX = 'studyId';
/** The user's data sources, keyed by fingerprint (data-source.ts). */
export const DATASETS_STORE = 'datasets';

/** The four object stores: what each holds, its key and its indexes. */
export interface StudyDatabase extends DBSchema {
  [STUDIES_STORE]: {
    key: string;
    /** A journal header, or a whole record still in schema-1 form (one a migration could not split). */
    value: StudyHeader | SavedStudyRecord;
    indexes: { [UPDATED_AT_INDEX]: number };
  };
  [STATES_STORE]: { key: string; value: StudyState };
  [JOURNAL_STORE]: { key: [string, number]; value: JournalEntry; indexes: { [STUDY_ID_INDEX]: string } };
  [DATASETS_STORE]: { key: string; value: StoredDataSource };
}

export type StoreName = StoreNames<StudyDatabase>;

/** A transaction over any of the stores, in `Mode`. */
export type StudyTransaction<Mode extends IDBTransactionMode = IDBTransactionMode> = IDBPTransaction<StudyDatabase, StoreName[], Mode>;

/** Creates or upgrades the stores from `oldVersion`; a schema-1 database is migrated in `transaction`. */
export function upgradeSchema(db: IDBPDatabase<StudyDatabase>, transaction: StudyTransaction<'versionchange'>, oldVersion: number): void {
  if (oldVersion < 1) {
    const store = db.createObjectStore(STUDIES_STORE, { keyPath: 'id' });
    store.createIndex(UPDATED_AT_INDEX, 'updatedAt');
  }
  if (oldVersion < 2) {
    db.createObjectStore(STATES_STORE, { keyPath: 'id' });
    db.createObjectStore(JOURNAL_STORE, { keyPath: ['studyId', 'seq'] }).createIndex(STUDY_ID_INDEX, 'studyId');
    // A failed request aborts the upgrade itself, and the open reports it; nothing to add here.
    if (oldVersion >= 1) migrateWholeRecords(transaction).catch(() => undefined);
  }
  if (oldVersion < 3) db.createObjectStore(DATASETS_STORE, { keyPath: 'fingerprint' });
}

async function migrateWholeRecords(transaction: StudyTransaction<'versionchange'>): Promise<void> {
  const states = transaction.objectStore(STATES_STORE);
  const journal = transaction.objectStore(JOURNAL_STORE);
  const writes: Promise<unknown>[] = [];
  let cursor = await transaction.objectStore(STUDIES_STORE).openCursor();
  while (cursor !== null) {
    const value: unknown = cursor.value;
    if (isWholeRecord(value) && typeof value.id === 'string' && Array.isArray(value.study?.trials)) {
      // A damaged old record is left as it is: `get` still reads a whole record.
      try {
        const { header, state, entries } = splitRecord(value);
        writes.push(cursor.update(header), states.put(state), ...entries.map((entry) => journal.put(entry)));
      } catch {
        // Left in schema-1 form on purpose (see above).
      }
    }
    cursor = await cursor.continue();
  }
  await Promise.all(writes);
}
