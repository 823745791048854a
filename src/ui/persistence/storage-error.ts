/** Why a storage operation failed, in words a user can act on. */

export type StorageOperation = 'open' | 'put' | 'save' | 'get' | 'list' | 'delete' | 'clear' | 'store-data' | 'get-data';

export type StorageProblem =
  /** No IndexedDB here (private mode, file://, disabled by settings). */
  | 'unavailable'
  /** Another tab holds the database open with an older version. */
  | 'blocked'
  /** The data was written by a newer version of the page. */
  | 'newer-version'
  | 'quota-exceeded'
  /** The database was closed (another tab upgraded it, or the browser closed it). */
  | 'closed'
  /** The record cannot be stored (not structured-cloneable, or no valid id). */
  | 'invalid-record'
  | 'failed';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly operation: StorageOperation,
    readonly problem: StorageProblem,
    readonly detail: string,
  ) {
    super(`${OPERATION_TEXT[operation]}: ${problemText(problem)}${detail === '' ? '' : ` (${detail})`}`);
  }
}

const OPERATION_TEXT: Readonly<Record<StorageOperation, string>> = {
  open: 'could not open saved studies',
  put: 'could not save the study',
  save: 'could not save the study’s latest trials',
  get: 'could not read the saved study',
  list: 'could not list saved studies',
  delete: 'could not delete the saved study',
  clear: 'could not delete the saved studies',
  'store-data': 'could not store the study’s data',
  'get-data': 'could not read the study’s data',
};

function problemText(problem: StorageProblem): string {
  switch (problem) {
    case 'unavailable':
      return 'this browser gives the page no storage (private browsing or disabled site data?); export studies to files instead';
    case 'blocked':
      return 'another tab of this page is using an older version of the saved studies; close it and reload';
    case 'newer-version':
      return 'the saved studies were written by a newer version of this page; reload to update it';
    case 'quota-exceeded':
      return 'the browser storage for this page is full; delete or export old studies';
    case 'closed':
      return 'the storage was closed (another tab upgraded it?); reload the page';
    case 'invalid-record':
      return 'the study record cannot be stored';
    case 'failed':
      return 'the browser storage reported an error';
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

/** Maps whatever IndexedDB threw or reported (usually a DOMException) to a `StorageError`. */
export function toStorageError(operation: StorageOperation, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = error !== null && typeof error === 'object' && 'name' in error ? String(error.name) : '';
  const message = error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)
    ? String((error as { message: unknown }).message)
    : String(error ?? '');
  const detail = name === '' ? message : `${name}: ${message}`;
  return new StorageError(operation, problemOf(name, operation), detail);
}

function problemOf(domExceptionName: string, operation: StorageOperation): StorageProblem {
  switch (domExceptionName) {
    case 'QuotaExceededError':
      return 'quota-exceeded';
    case 'SecurityError':
      return 'unavailable';
    case 'VersionError':
      return 'newer-version';
    case 'DataCloneError':
    case 'DataError':
      return 'invalid-record';
    case 'InvalidStateError':
      // Firefox's private mode refuses `open` this way; later it means the connection closed.
      return operation === 'open' ? 'unavailable' : 'closed';
    default:
      return 'failed';
  }
}
