/**
 * One IndexedDB transaction (through `idb`) as a Promise. The work is an async function over the
 * transaction; the Promise resolves with its value once the transaction has committed, not merely
 * when a request succeeded, and rejects with a `StorageError` naming the operation when the work
 * throws (a value that cannot be cloned, a refused write), a request fails, or the transaction
 * aborts or cannot start. Whatever the work throws aborts the transaction, so nothing of a
 * half-done piece of work commits.
 *
 *   const count = await runTransaction(db, 'get', 'readonly', ['studies'], (tx) => tx.objectStore('studies').count());
 */
import type { IDBPDatabase } from 'idb';
import type { StoreName, StudyDatabase, StudyTransaction } from './idb-schema';
import { toStorageError, type StorageOperation } from './storage-error';

/** Work inside one transaction: issues requests (awaiting each, or `Writes`), resolves with what to return. */
export type TransactionWork<T, Mode extends IDBTransactionMode = IDBTransactionMode> = (transaction: StudyTransaction<Mode>) => Promise<T>;

export async function runTransaction<T, Mode extends 'readonly' | 'readwrite'>(
  db: IDBPDatabase<StudyDatabase>,
  operation: StorageOperation,
  mode: Mode,
  names: readonly StoreName[],
  work: TransactionWork<T, Mode>,
): Promise<T> {
  let transaction: StudyTransaction<Mode>;
  try {
    transaction = db.transaction([...names], mode);
  } catch (error) {
    throw toStorageError(operation, error);
  }
  const done = transaction.done;
  let value: T;
  try {
    value = await work(transaction);
  } catch (error) {
    abortQuietly(transaction);
    await done.catch(() => undefined);
    // A request rejected only because the transaction aborted: the transaction's own error says why.
    throw toStorageError(operation, isAbortError(error) && transaction.error !== null ? transaction.error : error);
  }
  try {
    await done;
  } catch (error) {
    throw toStorageError(operation, error ?? new Error('the transaction was aborted'));
  }
  return value;
}

/**
 * Requests issued without waiting for each (writes whose results nobody reads). Each is caught at
 * once, so one failing before `settled()` is awaited is not an unhandled rejection; `settled()`
 * rejects with the first failure.
 */
export class Writes {
  private readonly pending: Promise<unknown>[] = [];

  add(request: Promise<unknown>): Promise<unknown> {
    request.catch(() => undefined);
    this.pending.push(request);
    return request;
  }

  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}

function isAbortError(error: unknown): boolean {
  return error !== null && typeof error === 'object' && 'name' in error && error.name === 'AbortError';
}

function abortQuietly(transaction: StudyTransaction<IDBTransactionMode>): void {
  try {
    transaction.abort();
  } catch {
    // It had already finished or aborted.
  }
}
