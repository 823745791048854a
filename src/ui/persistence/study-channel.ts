/**
 * Live news between the page's tabs (BroadcastChannel "tfjs-tuner.studies"): the tab that owns a
 * study announces each batch it stored, so another tab shows the study live without reading it
 * again, and the Saved list of every tab stays current. Where the browser has no BroadcastChannel
 * the channel is silent, and tabs see each other's changes when they read storage.
 */
import type { SavedBatch } from './autosaver';
import type { JournalEntry } from './journal-records';
import type { StudySummary } from './study-summary';

export type StudyNews =
  /** A batch was stored: its entries (in seq order) and the study's summary after it. */
  | { readonly type: 'appended'; readonly summary: StudySummary; readonly entries: readonly JournalEntry[] }
  /** A study's header changed without new entries (new, imported, status). */
  | { readonly type: 'summary'; readonly summary: StudySummary }
  | { readonly type: 'removed'; readonly id: string };

export interface StudyChannel {
  post(news: StudyNews): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (news: StudyNews) => void): () => void;
  close(): void;
}

export const CHANNEL_NAME = 'tfjs-tuner.studies';

/** The news of a batch the owner stored: its entries, and the study's summary (`before` it) brought up to date. */
export function appendedNews(id: string, before: StudySummary, batch: SavedBatch): Extract<StudyNews, { type: 'appended' }> {
  const c = batch.tally.counts;
  const summary: StudySummary = { ...before, status: batch.status, updatedAt: batch.updatedAt, trialCount: c.running + c.complete + c.failed + c.pruned, bestValue: batch.tally.bestValue, bytes: batch.tally.bytes };
  const entries = batch.changes.map((change, i): JournalEntry => ({ studyId: id, seq: batch.result.firstSeq + i, ...change }));
  return { type: 'appended', summary, entries };
}

interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
  unref?: () => void;
}

export function browserChannel(): StudyChannel {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  if (Channel === undefined) return SILENT;
  const channel = new Channel(CHANNEL_NAME);
  channel.unref?.(); // Node (tests): an open channel must not keep the process alive
  const listeners = new Set<(news: StudyNews) => void>();
  channel.onmessage = (event) => {
    const news = event.data as StudyNews;
    if (news === null || typeof news !== 'object' || typeof news.type !== 'string') return;
    for (const listener of listeners) listener(news);
  };
  return {
    post(news) {
      try {
        channel.postMessage(news);
      } catch {
        // A closed channel or an uncloneable value: other tabs catch up from storage.
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      channel.close();
    },
  };
}

const SILENT: StudyChannel = {
  post: () => undefined,
  subscribe: () => () => undefined,
  close: () => undefined,
};
