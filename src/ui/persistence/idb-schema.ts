/**
 * The database's layout and its migrations, one step per version.
 *
 *   1  studies (keyPath id, index updatedAt): one whole record per study, rewritten on every save
 *   2  studies now holds journal headers; states and journal (index studyId) added. Each
 *      schema-1 record is split into a header, a state and one journal entry per trial, in the
 *      upgrade's own transaction, so nothing saved before is lost.
 */
import { isWholeRecord, JOURNAL_STORE, splitRecord, STATES_STORE } from './journal-records';

export const DATABASE_NAME = 'b31295fb';
export const DATABASE_VERSION = 2;
export const STUDIES_STORE = 'studies';
export const UPDATED_AT_INDEX = 'updatedAt';
/** On the journal: a study's entries, in seq order (no key ranges needed). */
export const STUDY_ID_INDEX = 'studyId';

export function upgradeSchema(db: IDBDatabase, transaction: IDBTransaction, oldVersion: number): void {
  if (oldVersion < 1) {
    const store = db.createObjectStore(STUDIES_STORE, { keyPath: 'id' });
    store.createIndex(UPDATED_AT_INDEX, 'updatedAt');
  }
  if (oldVersion < 2) {
    db.createObjectStore(STATES_STORE, { keyPath: 'id' });
    db.createObjectStore(JOURNAL_STORE, { keyPath: ['studyId', 'seq'] }).createIndex(STUDY_ID_INDEX, 'studyId');
    if (oldVersion >= 1) migrateWholeRecords(transaction);
  }
}

function migrateWholeRecords(transaction: IDBTransaction): void {
  const states = transaction.objectStore(STATES_STORE);
  const journal = transaction.objectStore(JOURNAL_STORE);
  const request = transaction.objectStore(STUDIES_STORE).openCursor();
  request.onsuccess = () => {
    const cursor = request.result;
    if (cursor === null) return;
    const value: unknown = cursor.value;
    if (isWholeRecord(value) && typeof value.id === 'string' && Array.isArray(value.study?.trials)) {
      // A damaged old record is left as it is: `get` still reads a whole record.
      try {
        const { header, state, entries } = splitRecord(value);
        cursor.update(header);
        states.put(state);
        for (const entry of entries) journal.put(entry);
      } catch {
        // Left in schema-1 form on purpose (see above).
      }
    }
    cursor.continue();
  };
}
