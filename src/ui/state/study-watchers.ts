/**
 * The tabs watching studies another tab runs: each watcher hears the trials that tab stores, in
 * journal order, and when it lets the study go. Entries come announced over the channel; a watcher
 * that missed some (it read the study while a batch was being announced) reads them from storage
 * before taking more, so it never shows a gap nor a trial twice.
 *
 *   const watchers = new StudyWatchers((id, fromSeq) => store.readJournal(id, fromSeq));
 *   const stop = watchers.add(id, afterSeq, (news) => …);
 *   watchers.tell(id, { kind: 'entries', entries });     // what the channel announced
 */
import type { TrialJSON } from '../../tuner';
import type { JournalEntry } from '../persistence';

/** What a watched study hears: trials another tab stored, or that the tab let it go. */
export type WatchNews = { readonly kind: 'trials'; readonly trials: readonly TrialJSON[] } | { readonly kind: 'owner-gone' };

/** What the library tells watchers: the owner's news, or entries it announced (checked for gaps here). */
export type WatcherFeed = WatchNews | { readonly kind: 'entries'; readonly entries: readonly JournalEntry[] };

/** A study's journal entries from seq `fromSeq` on (empty where there is no storage). */
export type ReadJournal = (id: string, fromSeq: number) => Promise<readonly JournalEntry[]>;

export class StudyWatchers {
  private readonly byStudy = new Map<string, Set<(feed: WatcherFeed) => void>>();

  constructor(private readonly readJournal: ReadJournal) {}

  /** Feeds `listener` with study `id`'s news, entries after seq `afterSeq` on; returns a function that stops it. */
  add(id: string, afterSeq: number, listener: (news: WatchNews) => void): () => void {
    let lastSeq = afterSeq;
    let catchingUp = false;
    const onFeed = (feed: WatcherFeed): void => {
      if (feed.kind !== 'entries') return listener(feed);
      const first = feed.entries[0];
      if (first === undefined || catchingUp) return;
      if (first.seq <= lastSeq + 1) {
        const fresh = feed.entries.filter((e) => e.seq > lastSeq);
        lastSeq = Math.max(lastSeq, ...fresh.map((e) => e.seq));
        if (fresh.length > 0) listener({ kind: 'trials', trials: fresh.map((e) => e.trial) });
        return;
      }
      // Missed some (opened mid-batch): read them from storage.
      catchingUp = true;
      void this.readJournal(id, lastSeq + 1)
        .then((entries) => {
          if (entries.length === 0) return;
          lastSeq = Math.max(lastSeq, ...entries.map((e) => e.seq));
          listener({ kind: 'trials', trials: entries.map((e) => e.trial) });
        })
        .catch(() => undefined)
        .finally(() => (catchingUp = false));
    };
    const set = this.byStudy.get(id) ?? new Set();
    set.add(onFeed);
    this.byStudy.set(id, set);
    return () => set.delete(onFeed);
  }

  /** Tells every watcher of study `id`. */
  tell(id: string, feed: WatcherFeed): void {
    for (const watcher of this.byStudy.get(id) ?? []) watcher(feed);
  }
}
