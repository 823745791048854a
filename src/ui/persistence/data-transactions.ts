/**
 * The `datasets` store's reads and writes (records in data-source.ts), each the work of one
 * IndexedDB transaction (idb-transaction.ts): storing a source once per fingerprint, reading one,
 * listing them with the studies that use them, and deleting those no saved study refers to. A study
 * refers to a source through its setup (`sourceFingerprints`), read from the study headers (or a
 * whole record still in schema-1 form), so nothing but the headers is walked.
 */
import { describeBytes } from '../../training';
import { DATASETS_STORE, STUDIES_STORE, type StudyTransaction } from './idb-schema';
import { Writes, type TransactionWork } from './idb-transaction';
import { isWholeRecord } from './journal-records';
import { sourceFingerprints, withDataBytes, type DataSourceSummary, type StoredDataSource } from './data-source';
import { summarizeHeader, summarizeStudy, type StudySummary } from './study-summary';

type ReadWork<T> = TransactionWork<T, 'readonly' | 'readwrite'>;
type WriteWork<T> = TransactionWork<T, 'readwrite'>;

/** Stores `record` unless a source with its fingerprint is stored already (the same bytes); true when it was written. */
export function putSource(record: StoredDataSource): WriteWork<boolean> {
  return async (transaction) => {
    const store = transaction.objectStore(DATASETS_STORE);
    if ((await store.getKey(record.fingerprint)) !== undefined) return false;
    await store.put(record);
    return true;
  };
}

/** The stored source with this fingerprint, or null. */
export function getSource(fingerprint: string): ReadWork<StoredDataSource | null> {
  return async (transaction) => (await transaction.objectStore(DATASETS_STORE).get(fingerprint)) ?? null;
}

/** Every stored source (without its bytes), largest first, with the studies that refer to it. */
export const listSources: ReadWork<DataSourceSummary[]> = async (transaction) => {
  const users = await studiesBySource(transaction);
  const summaries: DataSourceSummary[] = [];
  let cursor = await transaction.objectStore(DATASETS_STORE).openCursor();
  while (cursor !== null) {
    const { fingerprint, kind, name, bytes, storedAt } = cursor.value;
    summaries.push({ fingerprint, kind, name, bytes, storedAt, usedBy: users.get(fingerprint) ?? [] });
    cursor = await cursor.continue();
  }
  return summaries.sort((a, b) => b.bytes - a.bytes);
};

/**
 * Deletes every stored source that no saved study refers to, except those in `keep` (the sources of
 * a study this tab has started but not yet stored). Returns the fingerprints deleted.
 */
export function pruneSources(keep: readonly string[]): WriteWork<string[]> {
  return async (transaction) => {
    const used = new Set([...(await studiesBySource(transaction)).keys(), ...keep]);
    const store = transaction.objectStore(DATASETS_STORE);
    const writes = new Writes();
    const deleted: string[] = [];
    for (const fingerprint of await store.getAllKeys()) {
      if (used.has(fingerprint)) continue;
      deleted.push(fingerprint);
      writes.add(store.delete(fingerprint));
    }
    await writes.settled();
    return deleted;
  };
}

/** Fingerprint → ids of the saved studies whose setups refer to it (read from headers only). */
async function studiesBySource(transaction: StudyTransaction): Promise<Map<string, string[]>> {
  const users = new Map<string, string[]>();
  let cursor = await transaction.objectStore(STUDIES_STORE).openCursor();
  while (cursor !== null) {
    const value: unknown = cursor.value;
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      for (const fingerprint of sourceFingerprints((value as { setup?: unknown }).setup)) users.set(fingerprint, [...(users.get(fingerprint) ?? []), id]);
    }
    cursor = await cursor.continue();
  }
  return users;
}

/** How many studies a quota message names. */
const NAMED_STUDIES = 3;

/**
 * What a quota message says after `neededBytes` of data could not be stored: how much was needed,
 * and which saved studies free the most if deleted with their data (their trials, plus the data no
 * other study uses), largest first.
 */
export function quotaDetail(neededBytes: number): ReadWork<string> {
  return async (transaction) => {
    const sources = await listSources(transaction);
    const summaries: StudySummary[] = [];
    let cursor = await transaction.objectStore(STUDIES_STORE).openCursor();
    while (cursor !== null) {
      const value = cursor.value;
      summaries.push(isWholeRecord(value) ? summarizeStudy(value) : summarizeHeader(value));
      cursor = await cursor.continue();
    }
    const largest = withDataBytes(summaries, sources)
      .filter((s) => s.summary.bytes > 0)
      .sort((a, b) => b.summary.bytes - a.summary.bytes)
      .slice(0, NAMED_STUDIES);
    const needed = `it needs ${describeBytes(neededBytes)}`;
    if (largest.length === 0) return `${needed}; no saved study holds enough to free, so free space in the browser’s site settings`;
    const named = largest.map(({ summary, dataBytes }) => `“${summary.name}” (${describeBytes(summary.bytes)}${dataBytes > 0 ? ' with its data' : ''})`).join(', ');
    return `${needed}; delete saved studies you no longer need, with their data, in the Saved view (export them first to keep them): the largest are ${named}`;
  };
}
