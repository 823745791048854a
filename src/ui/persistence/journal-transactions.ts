/**
 * The journal's reads and writes (layout in journal-records.ts), each the work of one IndexedDB
 * transaction (idb-transaction.ts): storing a whole study, replaying one, appending a batch with
 * its header, compacting a finished study's journal, deleting one.
 *
 * A whole study is written in slices of at most `PUT_SLICE_MS` of the main thread's time (cloning
 * entries into the store), each slice placed from the success of the previous one's last request:
 * still one transaction (all or nothing), but the page gets the main thread back between slices,
 * so a 10,000-trial import is many short tasks, not one long one. Its header goes in last, with
 * the tally of the bytes written. Reading a study back goes the same way: its entries come in pages
 * of `READ_PAGE_ENTRIES`, each asked for from the previous page's success.
 */
import { STUDIES_STORE, STUDY_ID_INDEX, UPDATED_AT_INDEX } from './idb-schema';
import type { Guard, Stores, TransactionWork } from './idb-transaction';
import { entryBytes, isWholeRecord, JOURNAL_STORE, recordEntries, recordHeader, replayRecord, STATES_STORE, type JournalEntry, type StudyHeader, type StudyState, type TrialChange } from './journal-records';
import type { SavedStudyRecord, StudyStatus } from './saved-study';
import { summarizeHeader, summarizeStudy, tallyTrials, type StudySummary, type StudyTally } from './study-summary';

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

type StoredHeader = StudyHeader | SavedStudyRecord | undefined;

/** Main-thread time one slice of a whole-study write may take, ms. */
export const PUT_SLICE_MS = 8;

/** A whole study (state, one entry per trial, header), replacing any journal it had. `now`: a clock in ms. */
export function putRecord(record: SavedStudyRecord, now: () => number = () => performance.now()): TransactionWork<void> {
  return (store, guard) => {
    const { state, entries } = recordEntries(record);
    store(STATES_STORE).put(state);
    let bytes = 0;
    const putFrom = (start: number): void => {
      const until = now() + PUT_SLICE_MS;
      let next = start;
      let last: IDBRequest | null = null;
      while (next < entries.length && (last === null || now() < until)) {
        const entry = entries[next] as JournalEntry;
        bytes += entryBytes(entry);
        last = store(JOURNAL_STORE).put(entry);
        next += 1;
      }
      if (last !== null && next < entries.length) last.onsuccess = guard(() => putFrom(next));
      else store(STUDIES_STORE).put(recordHeader(record, bytes));
    };
    // The old entries' deletion runs in callbacks: the new ones go in once it is done.
    deleteJournal(store, guard, record.id, () => putFrom(0));
    return () => undefined;
  };
}

/** Journal entries read per request (a page's copy out of storage is a short task). */
export const READ_PAGE_ENTRIES = 1000;

/** The key ranges of the database's own IndexedDB, for reading in pages; null: a study's journal is read in one request. */
export type KeyRanges = Pick<typeof IDBKeyRange, 'bound'> | null;

/** The study replayed from its journal (or a schema-1 record as it is); null when there is none. */
export function getRecord(id: string, ranges: KeyRanges): TransactionWork<SavedStudyRecord | null> {
  return (store, guard) => {
    const header = store(STUDIES_STORE).get(id) as IDBRequest<StoredHeader>;
    const state = store(STATES_STORE).get(id) as IDBRequest<StudyState | undefined>;
    const entries: JournalEntry[] = [];
    readPages({ store, guard, ranges }, id, 0, (page) => {
      for (const entry of page) entries.push(entry);
    });
    return () => {
      const found = header.result;
      if (found === undefined) return null;
      if (isWholeRecord(found)) return found;
      return replayRecord(found, state.result ?? null, entries);
    };
  };
}

/**
 * Reads study `id`'s entries from seq `fromSeq` on, in seq order (inside the caller's transaction):
 * a page at a time by primary key [studyId, seq], or all at once by index without key ranges.
 */
function readPages(on: { store: Stores; guard: Guard; ranges: KeyRanges }, id: string, fromSeq: number, onPage: (page: readonly JournalEntry[]) => void): void {
  const { store, guard, ranges } = on;
  if (ranges === null) {
    const request = store(JOURNAL_STORE).index(STUDY_ID_INDEX).getAll(id) as IDBRequest<JournalEntry[]>;
    request.onsuccess = guard(() => onPage(request.result.filter((e) => e.seq >= fromSeq)));
    return;
  }
  const request = store(JOURNAL_STORE).getAll(ranges.bound([id, fromSeq], [id, Infinity]), READ_PAGE_ENTRIES) as IDBRequest<JournalEntry[]>;
  request.onsuccess = guard(() => {
    const page = request.result;
    onPage(page);
    const last = page[page.length - 1];
    if (page.length === READ_PAGE_ENTRIES && last !== undefined) readPages(on, id, last.seq + 1, onPage);
  });
}

/** The study's header; null when none, or for a record still in schema-1 form. */
export function getHeader(id: string): TransactionWork<StudyHeader | null> {
  return (store) => {
    const request = store(STUDIES_STORE).get(id) as IDBRequest<StoredHeader>;
    return () => {
      const found = request.result;
      return found === undefined || isWholeRecord(found) ? null : found;
    };
  };
}

/** Summaries of every study, most recently updated first, from headers only. */
export const listSummaries: TransactionWork<StudySummary[]> = (store, guard) => {
  const summaries: StudySummary[] = [];
  const request = store(STUDIES_STORE).index(UPDATED_AT_INDEX).openCursor(null, 'prev');
  request.onsuccess = guard(() => {
    const cursor = request.result;
    if (cursor === null) return;
    const value = cursor.value as StudyHeader | SavedStudyRecord;
    summaries.push(isWholeRecord(value) ? summarizeStudy(value) : summarizeHeader(value));
    cursor.continue();
  });
  return () => summaries;
};

/** Entries after the header's next seq, and the header updated; null when the study is gone. */
export function appendEntries(id: string, changes: readonly TrialChange[], update: HeaderUpdate): TransactionWork<AppendResult | null> {
  return (store, guard) => {
    let result: AppendResult | null = null;
    const request = store(STUDIES_STORE).get(id) as IDBRequest<StoredHeader>;
    request.onsuccess = guard(() => {
      const header = request.result;
      if (header === undefined || isWholeRecord(header)) return; // deleted meanwhile: nothing to add to
      const firstSeq = header.nextSeq;
      changes.forEach((change, i) => store(JOURNAL_STORE).put({ studyId: id, seq: firstSeq + i, ...change } satisfies JournalEntry));
      const nextSeq = firstSeq + changes.length;
      store(STUDIES_STORE).put({ ...header, status: update.status, updatedAt: update.updatedAt, tally: update.tally, nextSeq } satisfies StudyHeader);
      result = { firstSeq, nextSeq };
    });
    return () => result;
  };
}

/** Sets a study's status, keeping updatedAt. */
export function setStatus(id: string, status: StudyStatus): TransactionWork<void> {
  return (store, guard) => {
    const request = store(STUDIES_STORE).get(id) as IDBRequest<StoredHeader>;
    request.onsuccess = guard(() => {
      const found = request.result;
      if (found !== undefined) store(STUDIES_STORE).put({ ...found, status });
    });
    return () => undefined;
  };
}

/** The study's entries from seq `fromSeq` on, in order. */
export function readJournal(id: string, fromSeq: number, ranges: KeyRanges): TransactionWork<JournalEntry[]> {
  return (store, guard) => {
    const entries: JournalEntry[] = [];
    readPages({ store, guard, ranges }, id, Math.max(0, fromSeq), (page) => {
      for (const entry of page) entries.push(entry);
    });
    return () => entries;
  };
}

/** Drops every entry that a later entry of the same trial supersedes, and re-tallies the header. */
export function compactJournal(id: string): TransactionWork<void> {
  return (store, guard) => {
    const kept = new Map<number, JournalEntry>();
    let bytes = 0;
    const cursorRequest = store(JOURNAL_STORE).index(STUDY_ID_INDEX).openCursor(id, 'prev');
    cursorRequest.onsuccess = guard(() => {
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
      const headerRequest = store(STUDIES_STORE).get(id) as IDBRequest<StoredHeader>;
      headerRequest.onsuccess = guard(() => {
        const header = headerRequest.result;
        if (header === undefined || isWholeRecord(header)) return;
        const trials = [...kept.values()].map((e) => e.trial);
        store(STUDIES_STORE).put({ ...header, tally: tallyTrials(trials, header.tally?.direction ?? 'minimize', bytes) } satisfies StudyHeader);
      });
    });
    return () => undefined;
  };
}

/** Removes a study: header, state and journal. */
export function deleteStudy(id: string): TransactionWork<void> {
  return (store, guard) => {
    store(STUDIES_STORE).delete(id);
    store(STATES_STORE).delete(id);
    deleteJournal(store, guard, id);
    return () => undefined;
  };
}

/** Deletes every journal entry of study `id` (inside the caller's transaction), then calls `then`. */
function deleteJournal(store: Stores, guard: Guard, id: string, then: () => void = () => undefined): void {
  const journal = store(JOURNAL_STORE);
  const request = journal.index(STUDY_ID_INDEX).openKeyCursor(id);
  request.onsuccess = guard(() => {
    const cursor = request.result;
    if (cursor === null) return then();
    journal.delete(cursor.primaryKey);
    cursor.continue();
  });
}
