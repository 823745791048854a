/**
 * Autosave as a journal, for one study. The page hands each batch of changed trials to `commit`
 * and shows them only once it has resolved: the batch is appended (one entry per trial, plus the
 * study's small header) in one transaction, so what the page showed as told is on disk, and a
 * write costs the same at trial 10 and at trial 10,000. The study's queue of enqueued params, read
 * by the caller with the batch it belongs to, goes into that header in the same transaction (a
 * queue that changed with no trial changing is a write of its own), so no queued point is lost. The study's state (sampler and scheduler,
 * which may grow with the study) is written apart, at most once per `stateEveryMs`, and on `flush`.
 *
 * A failed write is reported through `onError` (never thrown) with the bytes it needed; its
 * trials stay pending and go with the next commit, or with a retry after `retryMs` (doubling up
 * to 30 s) when no commit comes. Writes run one at a time, in order.
 *
 *   const saver = createAutosaver(store, id, { stored: { trials: [], direction: 'minimize' }, onError });
 *   await saver.commit(changes, 'running', readState, storedQueue(study.enqueued));   // then show `changes`
 */
import type { Direction, TrialJSON, TrialState } from '../../tuner';
import type { AppendResult, StudyStore } from './idb-store';
import { entryBytes, jsonBytes, type StoredQueue, type StudyState, type TrialChange } from './journal-records';
import type { StudyStatus } from './saved-study';
import { tallyChange, tallyTrials, type StudyTally } from './study-summary';

/** Timers and time, injectable for tests. */
export interface AutosaveClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Unix ms. */
  now(): number;
}

/** The study's state without its id, read only when it is written. */
export type ReadState = () => Omit<StudyState, 'id'>;

export interface SavedBatch {
  readonly result: AppendResult;
  readonly changes: readonly TrialChange[];
  readonly status: StudyStatus;
  readonly updatedAt: number;
  readonly tally: StudyTally;
  /** Bytes of the entries written. */
  readonly bytes: number;
}

export interface AutosaverOptions {
  /** What storage already holds of the study (its trials), to keep the header's tally. */
  readonly stored: { readonly trials: readonly TrialJSON[]; readonly direction: Direction; readonly bytes?: number };
  /** Minimum time between two writes of the study's state, ms; default 2000. */
  readonly stateEveryMs?: number;
  /** First retry delay after a failed write, ms; default 2000. */
  readonly retryMs?: number;
  readonly clock?: AutosaveClock;
  /** A write failed (usually a `StorageError`); `neededBytes` is the size of what it wrote. */
  readonly onError?: (error: Error, neededBytes: number) => void;
  readonly onSaved?: (batch: SavedBatch) => void;
  /** The study's record is gone (deleted meanwhile): nothing more is written. */
  readonly onGone?: () => void;
}

export interface Autosaver {
  /**
   * Writes `changes` (and any pending ones) with the header; resolves true once stored, false if not
   * (it retries). `enqueued`: the study's queue read together with `changes` (absent: unchanged).
   */
  commit(changes: readonly TrialChange[], status: StudyStatus, readState: ReadState, enqueued?: StoredQueue): Promise<boolean>;
  /** Writes anything pending and the study's state now; then, for a study no longer running, compacts its journal. */
  flush(status: StudyStatus, readState: ReadState): Promise<boolean>;
  /** True while a change has not been written yet. */
  hasUnsavedChanges(): boolean;
  /** Stops retrying; later calls write nothing. */
  dispose(): void;
}

const GLOBAL_CLOCK: AutosaveClock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

const MAX_RETRY_MS = 30_000;

export function createAutosaver(store: Pick<StudyStore, 'append' | 'saveState' | 'compact'>, studyId: string, options: AutosaverOptions): Autosaver {
  const { clock = GLOBAL_CLOCK, stateEveryMs = 2000, retryMs = 2000 } = options;
  const storedStates = new Map<number, TrialState>(options.stored.trials.map((t) => [t.id, t.state]));
  let tally = tallyTrials(options.stored.trials, options.stored.direction, options.stored.bytes ?? 0);
  const pending = new Map<number, TrialChange>();
  /** The status the header has in storage, and the latest one asked for (what a retry writes). */
  let savedStatus: StudyStatus | null = null;
  let lastStatus: StudyStatus | null = null;
  let lastReadState: ReadState | null = null;
  /** The queue the header has in storage (as JSON), and the latest one handed in with a commit. */
  let savedQueue: string | null = null;
  let lastQueue: StoredQueue | null = null;
  let stateWrittenAt = -Infinity;
  let compactedFor: StudyStatus | null = null;
  let retry: { handle: unknown; delay: number } | null = null;
  let nextDelay = retryMs;
  let writing = 0;
  let disposed = false;
  /** Every write is chained here, so two never overlap and they land in order. */
  let queue: Promise<unknown> = Promise.resolve();

  const fail = (error: unknown, neededBytes: number): void => {
    guard(() => options.onError?.(error instanceof Error ? error : new Error(String(error)), neededBytes));
    if (disposed || retry !== null) return;
    const delay = nextDelay;
    nextDelay = Math.min(MAX_RETRY_MS, nextDelay * 2);
    retry = {
      delay,
      handle: clock.setTimeout(() => {
        retry = null;
        if (lastStatus !== null && lastReadState !== null) void flushNow(lastStatus, lastReadState, false);
      }, delay),
    };
  };

  const succeeded = (): void => {
    nextDelay = retryMs;
    if (retry !== null) {
      clock.clearTimeout(retry.handle);
      retry = null;
    }
  };

  const writeState = async (readState: ReadState): Promise<boolean> => {
    let state: StudyState | null = null;
    try {
      state = { id: studyId, ...readState() };
      await store.saveState(state);
      stateWrittenAt = clock.now();
      return true;
    } catch (error) {
      fail(error, state === null ? 0 : jsonBytes(state));
      return false;
    }
  };

  const append = async (changes: readonly TrialChange[], status: StudyStatus, readState: ReadState, enqueued?: StoredQueue): Promise<boolean> => {
    if (disposed) return false;
    for (const change of changes) pending.set(change.trial.id, change);
    const statusChanged = status !== savedStatus;
    lastStatus = status;
    lastReadState = readState;
    if (enqueued !== undefined) lastQueue = enqueued;
    const queue = lastQueue;
    const queueJSON = queue === null ? null : JSON.stringify(queue);
    const queueChanged = queueJSON !== null && queueJSON !== savedQueue;
    if (pending.size === 0 && !statusChanged && !queueChanged) return true;
    const batch = [...pending.values()].sort((a, b) => a.trial.id - b.trial.id);
    let next = tally;
    let bytes = 0;
    // The batch's own states over the stored ones (a copy of all of them would make each batch O(trials)).
    const states = new Map<number, TrialState>();
    for (const change of batch) {
      const size = entryBytes(change);
      bytes += size;
      next = tallyChange(next, states.get(change.trial.id) ?? storedStates.get(change.trial.id) ?? null, change.trial, size);
      states.set(change.trial.id, change.trial.state);
    }
    const updatedAt = clock.now();
    let result: AppendResult | null;
    try {
      result = await store.append(studyId, batch, { status, updatedAt, tally: next, ...(queue === null ? {} : { enqueued: queue }) });
    } catch (error) {
      fail(error, bytes);
      return false;
    }
    if (result === null) {
      disposed = true;
      guard(() => options.onGone?.());
      return false;
    }
    for (const change of batch) {
      storedStates.set(change.trial.id, change.trial.state);
      if (pending.get(change.trial.id) === change) pending.delete(change.trial.id);
    }
    tally = next;
    savedStatus = status;
    if (queueJSON !== null) savedQueue = queueJSON;
    succeeded();
    const saved: SavedBatch = { result, changes: batch, status, updatedAt, tally, bytes };
    guard(() => options.onSaved?.(saved));
    if (clock.now() - stateWrittenAt >= stateEveryMs || (statusChanged && status !== 'running')) await writeState(readState);
    return true;
  };

  const flushNow = async (status: StudyStatus, readState: ReadState, compact: boolean): Promise<boolean> => {
    const appended = await append([], status, readState);
    if (!appended || disposed) return false;
    if (!(await writeState(readState))) return false;
    if (compact && status !== 'running' && compactedFor !== status) {
      try {
        await store.compact(studyId);
        compactedFor = status;
      } catch (error) {
        // Compaction only saves space; the journal replays the same without it.
        guard(() => options.onError?.(error instanceof Error ? error : new Error(String(error)), 0));
      }
    }
    return true;
  };

  const enqueue = (write: () => Promise<boolean>): Promise<boolean> => {
    writing += 1;
    const done = queue.then(write).finally(() => (writing -= 1));
    queue = done.catch(() => undefined);
    return done;
  };

  return {
    commit(changes, status, readState, enqueued) {
      // Copied now: the queue must be the one read with these changes, not the study's later one.
      const queue = enqueued === undefined ? undefined : structuredClone(enqueued);
      return enqueue(() => append(changes, status, readState, queue));
    },
    flush(status, readState) {
      return enqueue(() => flushNow(status, readState, true));
    },
    hasUnsavedChanges() {
      return pending.size > 0 || writing > 0;
    },
    dispose() {
      disposed = true;
      if (retry !== null) clock.clearTimeout(retry.handle);
      retry = null;
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
