/**
 * One IndexedDB transaction as a Promise. The work issues its requests synchronously (and more
 * from their callbacks) and returns a getter; the Promise resolves with what the getter reads once
 * the transaction has committed, not merely when a request succeeded, and rejects with a
 * `StorageError` naming the operation when it aborts or cannot start. Nothing of a half-done piece
 * of work commits. A request callback wrapped in `guard` that throws (a value that cannot be
 * cloned, a refused write) aborts the transaction with that error, not a bare "AbortError".
 *
 *   const count = await runTransaction(db, 'get', 'readonly', ['studies'], (store) => {
 *     const request = store('studies').count();
 *     return () => request.result;
 *   });
 */
import { toStorageError, type StorageOperation } from './storage-error';

/** The transaction's object store of that name. */
export type Stores = (name: string) => IDBObjectStore;

/** Wraps a request callback: what it throws aborts the transaction and becomes the operation's error. */
export type Guard = <A extends unknown[]>(callback: (...args: A) => void) => (...args: A) => void;

/** Work inside one transaction: issues requests, returns what to read once it has committed. */
export type TransactionWork<T> = (store: Stores, guard: Guard) => () => T;

export function runTransaction<T>(db: IDBDatabase, operation: StorageOperation, mode: IDBTransactionMode, names: readonly string[], work: TransactionWork<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    let transaction: IDBTransaction | null = null;
    let read: () => T;
    /** What a guarded callback threw (the transaction was aborted for it). */
    let thrown: { readonly error: unknown } | null = null;
    try {
      const opened = db.transaction([...names], mode);
      transaction = opened;
      const guard: Guard =
        (callback) =>
        (...args) => {
          try {
            callback(...args);
          } catch (error) {
            thrown ??= { error };
            abortQuietly(opened);
          }
        };
      read = work((name) => opened.objectStore(name), guard);
    } catch (e) {
      // Nothing of a half-done piece of work may commit (a record that failed to clone midway).
      if (transaction !== null) abortQuietly(transaction);
      reject(toStorageError(operation, e));
      return;
    }
    const done = transaction;
    done.oncomplete = () => resolve(read());
    done.onabort = () => reject(toStorageError(operation, thrown !== null ? thrown.error : (done.error ?? new Error('the transaction was aborted'))));
  });
}

function abortQuietly(transaction: IDBTransaction): void {
  try {
    transaction.abort();
  } catch {
    // It had not started, or had already finished.
  }
}
