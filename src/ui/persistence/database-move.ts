/**
 * Moving saved studies from a database under an earlier name to the current one, once. When the
 * old database exists and the new one does not, every record of every store (studies, states,
 * journal) is read from the old one and written into the new one inside the new one's creating
 * upgrade, so the copy is all or nothing; only then is the old database deleted. A copy that fails
 * deletes the half-made new database (so the next load tries again) and leaves the old one as it
 * was: nothing is lost, and the caller reports the error and keeps using the old database.
 *
 *   const move = await moveDatabase(indexedDB, 'old-name', 'new-name');
 *   if (move.kind === 'failed') showError(move.error);   // the studies are still in 'old-name'
 */
import { wrap, type IDBPDatabase } from 'idb';
import { DATABASE_VERSION, STUDIES_STORE, upgradeSchema, type StudyDatabase, type StudyTransaction } from './idb-schema';
import { JOURNAL_STORE, STATES_STORE } from './journal-records';
import { StorageError, toStorageError } from './storage-error';

export type DatabaseMove =
  /** Nothing to move: no old database, or the new one already exists. */
  | { readonly kind: 'none' }
  /** Copied; `oldDeleted` false while another tab still holds the old one open (it goes once that tab lets go). */
  | { readonly kind: 'moved'; readonly records: number; readonly oldDeleted: boolean }
  /** Not copied: the old database is untouched and still holds everything. */
  | { readonly kind: 'failed'; readonly error: StorageError };

/** Every record of the three stores, as read. */
interface DatabaseRecords {
  readonly studies: readonly unknown[];
  readonly states: readonly unknown[];
  readonly journal: readonly unknown[];
}

/** Moves database `from` to `to` when `from` exists and `to` does not (see the module comment). */
export async function moveDatabase(factory: IDBFactory, from: string, to: string): Promise<DatabaseMove> {
  let needed: boolean;
  try {
    needed = (await databaseExists(factory, from)) && !(await databaseExists(factory, to));
  } catch {
    // Storage that cannot even be asked fails again, with its own error, when the store opens.
    return { kind: 'none' };
  }
  if (!needed) return { kind: 'none' };
  let records: DatabaseRecords;
  try {
    records = await readEverything(factory, from);
  } catch (error) {
    return { kind: 'failed', error: toStorageError('open', error) };
  }
  try {
    await writeEverything(factory, to, records);
  } catch (error) {
    await deleteDatabase(factory, to).catch(() => undefined);
    return { kind: 'failed', error: toStorageError('open', error) };
  }
  const oldDeleted = await deleteDatabase(factory, from).catch(() => false);
  return { kind: 'moved', records: records.studies.length + records.states.length + records.journal.length, oldDeleted };
}

/**
 * Whether database `name` exists: from `indexedDB.databases()` where the browser has it, else by
 * opening it without a version and aborting the upgrade that a missing database gets (which
 * leaves no database behind).
 */
async function databaseExists(factory: IDBFactory, name: string): Promise<boolean> {
  if (typeof factory.databases === 'function') return (await factory.databases()).some((info) => info.name === name);
  return new Promise<boolean>((resolve, reject) => {
    let missing = false;
    const request = factory.open(name);
    request.onupgradeneeded = (event) => {
      if (event.oldVersion !== 0) return;
      missing = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      request.result.close();
      resolve(true);
    };
    request.onerror = (event) => {
      event.preventDefault();
      if (missing) resolve(false);
      else reject(request.error ?? new Error(`could not open database ${name}`));
    };
    request.onblocked = () => resolve(true);
  });
}

/** Opens `name` at the current version (upgrading an older one in place first), refusing while blocked. */
async function openCurrent(factory: IDBFactory, name: string, upgrade: (db: IDBPDatabase<StudyDatabase>, transaction: StudyTransaction<'versionchange'>, oldVersion: number) => void): Promise<IDBPDatabase<StudyDatabase>> {
  const request = factory.open(name, DATABASE_VERSION);
  /** What made the upgrade abort, reported instead of the bare AbortError of the open. */
  let upgradeError: unknown = null;
  request.addEventListener('upgradeneeded', (event) => {
    const transaction = wrap(request.transaction as IDBTransaction) as unknown as StudyTransaction<'versionchange'>;
    // An aborted upgrade is reported by the open itself.
    transaction.done.catch(() => undefined);
    try {
      upgrade(wrap(request.result) as IDBPDatabase<StudyDatabase>, transaction, event.oldVersion);
    } catch (error) {
      // A record that cannot be written (not cloneable, no key): nothing of the upgrade is kept.
      upgradeError = error;
      transaction.abort();
    }
  });
  const opened = wrap(request) as Promise<IDBPDatabase<StudyDatabase>>;
  const blocked = new Promise<never>((_, reject) => request.addEventListener('blocked', () => reject(new StorageError('open', 'blocked', ''))));
  try {
    return await Promise.race([opened, blocked]);
  } catch (error) {
    opened.then(
      (late) => late.close(),
      () => undefined,
    );
    throw upgradeError ?? error;
  }
}

async function readEverything(factory: IDBFactory, name: string): Promise<DatabaseRecords> {
  const db = await openCurrent(factory, name, upgradeSchema);
  try {
    const transaction = db.transaction([STUDIES_STORE, STATES_STORE, JOURNAL_STORE], 'readonly');
    const [studies, states, journal] = await Promise.all([
      transaction.objectStore(STUDIES_STORE).getAll(),
      transaction.objectStore(STATES_STORE).getAll(),
      transaction.objectStore(JOURNAL_STORE).getAll(),
      transaction.done,
    ]);
    return { studies, states, journal };
  } finally {
    db.close();
  }
}

/** Creates `name` with every record in its first upgrade: all of them, or (aborted) none. */
async function writeEverything(factory: IDBFactory, name: string, records: DatabaseRecords): Promise<void> {
  /** The first write that failed (e.g. the quota), which aborted the upgrade: the error to report. */
  let failed: unknown = null;
  const opening = openCurrent(factory, name, (created, transaction, oldVersion) => {
    if (oldVersion !== 0) throw new Error(`database ${name} appeared while saved studies were being moved into it`);
    upgradeSchema(created, transaction, 0);
    // Issued without awaiting: the upgrade's transaction commits once every request has succeeded.
    const raw = transaction as unknown as { objectStore(name: string): { put(value: unknown): Promise<unknown> } };
    for (const [store, values] of [
      [STUDIES_STORE, records.studies],
      [STATES_STORE, records.states],
      [JOURNAL_STORE, records.journal],
    ] as const) {
      const target = raw.objectStore(store);
      for (const value of values) target.put(value).catch((error: unknown) => (failed ??= error));
    }
  });
  let db: IDBPDatabase<StudyDatabase>;
  try {
    db = await opening;
  } catch (error) {
    throw failed ?? error;
  }
  db.close();
}

/** Deletes database `name`: true once gone, false while another connection holds it (it goes when that one closes). */
function deleteDatabase(factory: IDBFactory, name: string): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve(true);
    request.onerror = () => reject(request.error ?? new Error(`could not delete database ${name}`));
    request.onblocked = () => resolve(false);
  });
}
