/**
 * What the Saved view says about storage: the library's message type, and the message for a write
 * that failed. For a full storage it says how much the write needed and which saved studies could
 * be exported and deleted (persistence/quota-advice.ts); such a message is marked `storage`, so the
 * library clears it after the next write that succeeds.
 */
import { quotaAdvice, StorageError, type EstimateStorage, type StudySummary } from '../persistence';

export type LibraryMessage = {
  readonly tone: 'info' | 'error';
  readonly text: string;
  /** A storage failure: cleared by the next write that succeeds. */
  readonly storage?: true;
};

export interface StorageFailure {
  /** What failed, as the message starts: "Autosave failed", "Import of “x” failed". */
  readonly what: string;
  readonly error: unknown;
  /** Bytes of what was being written. */
  readonly neededBytes: number;
  /** Studies not to suggest deleting (the one being written). */
  readonly keep: readonly string[];
}

/** The message for a failed write; for a full storage, how much it needed and what could be deleted. */
export async function storageFailureMessage(failure: StorageFailure, summaries: readonly StudySummary[], estimate: EstimateStorage | null): Promise<LibraryMessage> {
  const { what, error } = failure;
  if (!(error instanceof StorageError) || error.problem !== 'quota-exceeded') return { tone: 'error', text: `${what}: ${messageOf(error)}`, storage: true };
  const advice = await quotaAdvice({ neededBytes: failure.neededBytes, summaries, keep: failure.keep, estimate });
  return { tone: 'error', text: `${what}: the browser storage for this page is full. ${advice}`, storage: true };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
