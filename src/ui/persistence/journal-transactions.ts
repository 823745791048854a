/**
 * The journal's reads and writes (layout in journal-records.ts), each the work of one IndexedDB
 * transaction (idb-transaction.ts): storing a whole study, replaying one, appending a batch with
 * its header, compacting a finished study's journal, deleting one.
 *
 * A whole study is written in slices of at most `PUT_SLICE_MS` of the main thread's time (cloning
 * entries into the store), each slice placed once the previous one's last request has succeeded:
 * still one transaction (all or nothing), but the page gets the main thread back between slices,
 * so a 10,000-trial import is many short tasks, not one long one. Its header goes in last, with
 * the tally of the bytes written. Reading a study back goes the same way: its entries come in pages
 * of `READ_PAGE_ENTRIES`, each asked for once the previous page has arrived.
 */
import { STUDIES_STORE, STUDY_ID_INDEX, UPDATED_AT_INDEX, type StudyTransaction } from './idb-schema';
import { Writes, type TransactionWork } from './idb-transaction';
import { entryBytes, isWholeRecord, JOURNAL_STORE, recordEntries, recordHeader, replayRecord, STATES_STORE, type JournalEntry, type StoredQueue, type StudyHeader, type TrialChange } from './journal-records';
import type { SavedStudyRecord, StudyStatus } from './saved-study';
import { summarizeHeader, summarizeStudy, tallyTrials, type StudySummary, type StudyTally } from './study-summary';

/** What an append changes in the header besides the next seq. */
export interface HeaderUpdate {
  readonly status: StudyStatus;
  readonly updatedAt: number;
  readonly tally: StudyTally;
  /** The study's queue as of these entries; absent: the header keeps the one it has. */
  readonly enqueued?: StoredQueue;
}

/** The seqs an append gave its entries: firstSeq … nextSeq − 1. */
export interface AppendResult {
  readonly firstSeq: number;
  readonly nextSeq: number;
}

type ReadWork<T> = TransactionWork<T, 'readonly' | 'readwrite'>;
type WriteWork<T> = TransactionWork<T, 'readwrite'>;

/** Main-thread time one slice of a whole-study write may take, ms. */
export const PUT_SLICE_MS = 8;

/** A whole study (state, one entry per trial, header), replacing any journal it had. `now`: a clock in ms. */
export function putRecord(record: SavedStudyRecord, now: () => number = () => performance.now()): WriteWork<void> {
  return async (transaction) => {
    const { state, entries } = recordEntries(record);
    const writes = new Writes();
    writes.add(transaction.objectStore(STATES_STORE).put(state));
    // The old entries go first: the new ones share their keys.
    await deleteJournal(transaction, record.id);
    const journal = transaction.objectStore(JOURNAL_STORE);
    let bytes = 0;
    let next = 0;
    while (next < entries.length) {
      const until = now() + PUT_SLICE_MS;
      let last: Promise<unknown> | null = null;
      while (next < entries.length && (last === null || now() < until)) {
        const entry = entries[next] as JournalEntry;
        bytes += entryBytes(entry);
        last = writes.add(journal.put(entry));
        next += 1;
      }
      if (next < entries.length) await last;
    }
    writes.add(transaction.objectStore(STUDIES_STORE).put(recordHeader(record, bytes)));
    await writes.settled();
  };
}

/** Journal entries read per request (a page's copy out of storage is a short task). */
export const READ_PAGE_ENTRIES = 1000;

/** The key ranges of the database's own IndexedDB, for reading in pages; null: a study's journal is read in one request. */
export type KeyRanges = Pick<typeof IDBKeyRange, 'bound'> | null;

/** The study replayed from its journal (or a schema-1 record as it is); null when there is none. */
export function getRecord(id: string, ranges: KeyRanges): ReadWork<SavedStudyRecord | null> {
  return async (transaction) => {
    const [header, state, entries] = await Promise.all([
      transaction.objectStore(STUDIES_STORE).get(id),
      transaction.objectStore(STATES_STORE).get(id),
      readEntries(transaction, id, 0, ranges),
    ]);
    if (header === undefined) return null;
    if (isWholeRecord(header)) return header;
    return replayRecord(header, state ?? null, entries);
  };
}

/**
 * Study `id`'s entries from seq `fromSeq` on, in seq order (inside the caller's transaction):
 * a page at a time by primary key [studyId, seq], or all at once by index without key ranges.
 */
async function readEntries(transaction: StudyTransaction, id: string, fromSeq: number, ranges: KeyRanges): Promise<JournalEntry[]> {
  const journal = transaction.objectStore(JOURNAL_STORE);
  if (ranges === null) return (await journal.index(STUDY_ID_INDEX).getAll(id)).filter((e) => e.seq >= fromSeq);
  const entries: JournalEntry[] = [];
  for (let from = fromSeq; ; ) {
    const page = await journal.getAll(ranges.bound([id, from], [id, Infinity]), READ_PAGE_ENTRIES);
    for (const entry of page) entries.push(entry);
    const last = page[page.length - 1];
    if (page.length < READ_PAGE_ENTRIES || last === undefined) return entries;
    from = last.seq + 1;
  }
}

/** The study's header; null when none, or for a record still in schema-1 form. */
export function getHeader(id: string): ReadWork<StudyHeader | null> {
  return async (transaction) => {
    const found = await transaction.objectStore(STUDIES_STORE).get(id);
    return found === undefined || isWholeRecord(found) ? null : found;
  };
}

/** Summaries of every study, most recently updated first, from headers only. */
export const listSummaries: ReadWork<StudySummary[]> = async (transaction) => {
  const summaries: StudySummary[] = [];
  let cursor = await transaction.objectStore(STUDIES_STORE).index(UPDATED_AT_INDEX).openCursor(null, 'prev');
  while (cursor !== null) {
    const value = cursor.value;
    summaries.push(isWholeRecord(value) ? summarizeStudy(value) : summarizeHeader(value));
    cursor = await cursor.continue();
  }
  return summaries;
};

/** Entries after the header's next seq, and the header updated; null when the study is gone. */
export function appendEntries(id: string, changes: readonly TrialChange[], update: HeaderUpdate): WriteWork<AppendResult | null> {
  return async (transaction) => {
    const studies = transaction.objectStore(STUDIES_STORE);
    const header = await studies.get(id);
    if (header === undefined || isWholeRecord(header)) return null; // deleted meanwhile: nothing to add to
    const firstSeq = header.nextSeq;
    const nextSeq = firstSeq + changes.length;
    const journal = transaction.objectStore(JOURNAL_STORE);
    const writes = new Writes();
    changes.forEach((change, i) => writes.add(journal.put({ studyId: id, seq: firstSeq + i, ...change } satisfies JournalEntry)));
    const queue = update.enqueued ?? header.enqueued;
    const next: StudyHeader = { ...header, status: update.status, updatedAt: update.updatedAt, tally: update.tally, nextSeq, ...(queue === undefined ? {} : { enqueued: queue }) };
    writes.add(studies.put(next));
    await writes.settled();
    return { firstSeq, nextSeq };
  };
}

/** Sets a study's status, keeping updatedAt. */
export function setStatus(id: string, status: StudyStatus): WriteWork<void> {
  return async (transaction) => {
    const studies = transaction.objectStore(STUDIES_STORE);
    const found = await studies.get(id);
    if (found !== undefined) await studies.put({ ...found, status });
  };
}

/** The study's entries from seq `fromSeq` on, in order. */
export function readJournal(id: string, fromSeq: number, ranges: KeyRanges): ReadWork<JournalEntry[]> {
  return (transaction) => readEntries(transaction, id, Math.max(0, fromSeq), ranges);
}

/** Drops every entry that a later entry of the same trial supersedes, and re-tallies the header. */
export function compactJournal(id: string): WriteWork<void> {
  return async (transaction) => {
    const kept = new Map<number, JournalEntry>();
    const writes = new Writes();
    let bytes = 0;
    let cursor = await transaction.objectStore(JOURNAL_STORE).index(STUDY_ID_INDEX).openCursor(id, 'prev');
    while (cursor !== null) {
      const entry = cursor.value;
      if (kept.has(entry.trial.id)) writes.add(cursor.delete());
      else {
        kept.set(entry.trial.id, entry);
        bytes += entryBytes(entry);
      }
      cursor = await cursor.continue();
    }
    const studies = transaction.objectStore(STUDIES_STORE);
    const header = await studies.get(id);
    if (header !== undefined && !isWholeRecord(header)) {
      const trials = [...kept.values()].map((e) => e.trial);
      writes.add(studies.put({ ...header, tally: tallyTrials(trials, header.tally?.direction ?? 'minimize', bytes) } satisfies StudyHeader));
    }
    await writes.settled();
  };
}

/** Removes a study: header, state and journal. */
export function deleteStudy(id: string): WriteWork<void> {
  return async (transaction) => {
    await Promise.all([transaction.objectStore(STUDIES_STORE).delete(id), transaction.objectStore(STATES_STORE).delete(id), deleteJournal(transaction, id)]);
  };
}

/** Deletes every journal entry of study `id` (inside the caller's transaction). */
async function deleteJournal(transaction: StudyTransaction<'readwrite'>, id: string): Promise<void> {
  const journal = transaction.objectStore(JOURNAL_STORE);
  const writes = new Writes();
  let cursor = await journal.index(STUDY_ID_INDEX).openKeyCursor(id);
  while (cursor !== null) {
    writes.add(journal.delete(cursor.primaryKey));
    cursor = await cursor.continue();
  }
  await writes.settled();
}
