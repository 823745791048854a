/**
 * Autosave: the page calls `changed()` whenever its study changes (every ask, report, tell) and
 * `flush()` on `pagehide` / `visibilitychange`. Writes are throttled, not postponed forever: the
 * first change opens a window of `debounceMs`, later changes inside it join that window, and one
 * write of the latest record happens when it closes, so a busy study is still saved regularly.
 * Writes run one at a time, in order; a failed write is reported through `onError` (never
 * thrown) and the change stays unsaved, so the next change or flush tries again.
 */
import type { SavedStudyRecord } from './saved-study';
import type { StudyStore } from './idb-store';

/** Timers, injectable for tests. */
export interface AutosaveClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutosaverOptions {
  /** Length of a coalescing window, ms (≥ 0). */
  readonly debounceMs: number;
  /** Default: the global setTimeout/clearTimeout. */
  readonly clock?: AutosaveClock;
  /** A write or `getRecord` failed; the error is usually a `StorageError`. */
  readonly onError?: (error: Error) => void;
  /** A record was written. */
  readonly onSaved?: (record: SavedStudyRecord) => void;
}

export interface Autosaver {
  /** Notes a change; a write follows within `debounceMs`. */
  changed(): void;
  /** Writes the latest record now (after any write in flight). Never rejects. */
  flush(): Promise<void>;
  /** True while a change has not been written yet. */
  hasUnsavedChanges(): boolean;
  /** Cancels the pending window; later `changed()` calls are ignored. Flush first to keep them. */
  dispose(): void;
}

const GLOBAL_CLOCK: AutosaveClock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * `getRecord` is read at write time (so the write carries the latest state) and may return null
 * when there is nothing to save.
 */
export function createAutosaver(
  store: Pick<StudyStore, 'put'>,
  getRecord: () => SavedStudyRecord | null,
  options: AutosaverOptions,
): Autosaver {
  const { debounceMs, clock = GLOBAL_CLOCK, onError = () => undefined, onSaved = () => undefined } = options;
  if (typeof debounceMs !== 'number' || !(debounceMs >= 0)) throw new RangeError(`debounceMs must be ≥ 0, got ${debounceMs}`);
  let dirty = false;
  let writing = false;
  let timer: { handle: unknown } | null = null;
  let disposed = false;
  /** Every write is chained here, so two never overlap and they land in order. */
  let queue: Promise<void> = Promise.resolve();

  const cancelTimer = (): void => {
    if (timer === null) return;
    clock.clearTimeout(timer.handle);
    timer = null;
  };

  const writeIfDirty = async (): Promise<void> => {
    if (!dirty) return;
    dirty = false;
    writing = true;
    let record: SavedStudyRecord | null;
    try {
      record = getRecord();
      if (record !== null) await store.put(record);
    } catch (e) {
      dirty = true;
      guard(() => onError(e instanceof Error ? e : new Error(String(e))));
      return;
    } finally {
      writing = false;
    }
    if (record !== null) guard(() => onSaved(record as SavedStudyRecord));
  };

  const enqueueWrite = (): Promise<void> => {
    queue = queue.then(writeIfDirty);
    return queue;
  };

  return {
    changed() {
      if (disposed) return;
      dirty = true;
      if (timer !== null) return;
      timer = {
        handle: clock.setTimeout(() => {
          timer = null;
          void enqueueWrite();
        }, debounceMs),
      };
    },
    flush() {
      cancelTimer();
      return enqueueWrite();
    },
    hasUnsavedChanges() {
      return dirty || writing || timer !== null;
    },
    dispose() {
      disposed = true;
      cancelTimer();
    },
  };
}

/** A failing callback must not break the save loop. */
function guard(callback: () => void): void {
  try {
    callback();
  } catch {
    // Ignored on purpose: the callbacks are the page's, and saving must go on.
  }
}
