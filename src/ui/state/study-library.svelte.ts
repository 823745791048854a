/**
 * The Saved view's state: every study the page keeps in IndexedDB, the journal of the study this
 * tab runs, one writer per study across tabs, and import/export.
 *
 * On open, a study still marked running whose tab is gone is marked `interrupted`, so the page can
 * offer to resume it; one whose lock another tab holds is left alone and shown live (`live`), and
 * once that tab lets it go this tab marks it interrupted and offers to take it over. Storage that is
 * full says how much was needed and what could be deleted; the message clears itself after the
 * next write that succeeds.
 *
 * Imports are validated by persistence/study-file.ts before anything is stored: a refused file
 * only sets `message` and leaves the saved studies as they were.
 */
import type { TrialJSON } from '../../tuner';
import {
  browserChannel,
  browserEstimate,
  browserLocks,
  createSavedStudy,
  csvBlob,
  downloadBlob,
  jsonBytes,
  newStudyId,
  quotaAdvice,
  readStudyFile,
  StorageError,
  StudyFileError,
  studyFileBlob,
  studyFileName,
  trialsToCsv,
  type EstimateStorage,
  type JournalEntry,
  type SavedBatch,
  type SavedStudyRecord,
  type StudyChannel,
  type StudyLocks,
  type StudyNews,
  type StudyStatus,
  type StudyStore,
  type StudySummary,
  summarizeStudy,
} from '../persistence';
import { SAMPLER_LABELS } from '../palette';
import { TASKS } from '../tasks';
import { formatDateTime } from './format-time';
import type { StudySession } from './study-session.svelte';
import { TrackedStudy } from './tracked-study';

export type LibraryMessage = {
  readonly tone: 'info' | 'error';
  readonly text: string;
  /** A storage failure: cleared by the next write that succeeds. */
  readonly storage?: true;
};

export interface LibraryDeps {
  readonly openStore: () => Promise<StudyStore>;
  /** Unix ms. */
  readonly now?: () => number;
  readonly download?: (blob: Blob, fileName: string) => void;
  /** Default: the Web Locks API (or none). */
  readonly locks?: StudyLocks;
  /** Default: a BroadcastChannel (or a silent one). */
  readonly channel?: () => StudyChannel;
  /** Default: `navigator.storage.estimate`, where there is one. */
  readonly estimate?: EstimateStorage | null;
}

/** What a watched study hears: trials another tab stored, or that the tab let it go. */
export type WatchNews = { readonly kind: 'trials'; readonly trials: readonly TrialJSON[] } | { readonly kind: 'owner-gone' };

/** What the library hands a watcher: the owner's news, or entries it announced (to check for gaps). */
type WatcherFeed = WatchNews | { readonly kind: 'entries'; readonly entries: readonly JournalEntry[] };

export class StudyLibrary {
  summaries = $state.raw<readonly StudySummary[]>([]);
  message = $state<LibraryMessage | null>(null);
  /** Null until opened; false when IndexedDB is unavailable (studies then live only in this tab). */
  available = $state<boolean | null>(null);
  /** Id of the study shown as this tab's (run here, or opened for its results). */
  trackedId = $state<string | null>(null);
  /** When the tracked study was last written (Unix ms). */
  lastSavedAt = $state<number | null>(null);
  /** Studies another tab runs now (their lock is held elsewhere). */
  live = $state.raw<ReadonlySet<string>>(new Set());

  readonly interrupted = $derived(this.summaries.filter((s) => s.status === 'interrupted' && !this.live.has(s.id)));

  private store: StudyStore | null = null;
  private tracked: TrackedStudy | null = null;
  private channel: StudyChannel | null = null;
  private readonly waits = new Map<string, () => void>();
  private readonly watchers = new Map<string, Set<(feed: WatcherFeed) => void>>();
  private readonly locks: StudyLocks;
  private readonly now: () => number;

  constructor(private readonly deps: LibraryDeps) {
    this.now = deps.now ?? Date.now;
    this.locks = deps.locks ?? browserLocks();
  }

  /** Opens the store; marks studies whose tab went away as interrupted, and watches those another tab runs. */
  async open(): Promise<void> {
    try {
      this.store = await this.deps.openStore();
      const elsewhere = await this.locks.heldElsewhere();
      for (const summary of await this.store.list()) {
        if (summary.status !== 'running' && summary.status !== 'paused') continue;
        if (elsewhere.has(summary.id) || !(await this.locks.claim(summary.id))) {
          this.watchOwner(summary.id);
          continue;
        }
        await this.markIfInterrupted(summary.id);
        this.locks.release(summary.id);
      }
      await this.refresh();
      this.channel = (this.deps.channel ?? browserChannel)();
      this.channel.subscribe((news) => void this.hear(news));
      this.available = true;
    } catch (error) {
      this.available = false;
      this.message = { tone: 'error', text: `Studies cannot be saved in this browser: ${messageOf(error)}` };
    }
  }

  async refresh(): Promise<void> {
    if (this.store === null) return;
    this.summaries = await this.store.list();
  }

  async get(id: string): Promise<SavedStudyRecord | null> {
    return this.store === null ? null : this.store.get(id);
  }

  /** Makes this tab the study's one writer, unless another tab is (false). */
  claim(id: string): Promise<boolean> {
    return this.locks.claim(id);
  }

  /**
   * Stores `session` from now on: a new study (`existing` null, its lock claimed here), or a saved
   * one this tab has claimed, with the trials its record holds and those changed since it was read.
   */
  track(session: StudySession, existing: { readonly record: SavedStudyRecord; readonly unsaved: readonly number[] } | null = null): string {
    const id = existing?.record.id ?? newStudyId();
    this.letGo(id);
    this.trackedId = id;
    this.lastSavedAt = null;
    const store = this.store;
    if (store === null) return id;
    const tracked = new TrackedStudy({
      store,
      id,
      session,
      stored: existing === null ? null : { trials: existing.record.study.trials, ...(existing.record.extra === undefined ? {} : { extra: existing.record.extra }) },
      name: studyName(session),
      now: this.now,
      onSaved: (batch) => this.saved(id, batch),
      onError: (error, bytes) => void this.storageFailed('Autosave failed', error, bytes, [id]),
      onGone: () => (this.message = { tone: 'error', text: 'This study was deleted, so it is no longer saved; export it from Results to keep it.' }),
    });
    this.tracked = tracked;
    const claimed = existing === null ? this.locks.claim(id) : Promise.resolve(true);
    session.attachJournal({ commit: async (changes) => ((await claimed) && this.tracked === tracked ? tracked.commit(changes) : undefined) }, existing?.unsaved ?? []);
    return id;
  }

  /** Shows a saved study as this tab's without running it (no writes, no lock). */
  show(id: string): void {
    this.letGo(id);
    this.trackedId = id;
    this.lastSavedAt = null;
  }

  /**
   * Feeds `listener` with what another tab stores of study `id` (and when it lets the study go),
   * starting after seq `afterSeq`. Returns a function that stops it.
   */
  watch(id: string, afterSeq: number, listener: (news: WatchNews) => void): () => void {
    let lastSeq = afterSeq;
    let catchingUp = false;
    const onNews = (news: WatcherFeed): void => {
      if (news.kind !== 'entries') return listener(news);
      const first = news.entries[0];
      if (first === undefined || catchingUp) return;
      if (first.seq <= lastSeq + 1) {
        const fresh = news.entries.filter((e) => e.seq > lastSeq);
        lastSeq = Math.max(lastSeq, ...fresh.map((e) => e.seq));
        if (fresh.length > 0) listener({ kind: 'trials', trials: fresh.map((e) => e.trial) });
        return;
      }
      // Missed some (opened mid-batch): read them from storage.
      catchingUp = true;
      void (this.store?.readJournal(id, lastSeq + 1) ?? Promise.resolve([]))
        .then((entries) => {
          if (entries.length === 0) return;
          lastSeq = Math.max(lastSeq, ...entries.map((e) => e.seq));
          listener({ kind: 'trials', trials: entries.map((e) => e.trial) });
        })
        .catch(() => undefined)
        .finally(() => (catchingUp = false));
    };
    const set = this.watchers.get(id) ?? new Set();
    set.add(onNews);
    this.watchers.set(id, set);
    if (!this.live.has(id)) queueMicrotask(() => listener({ kind: 'owner-gone' }));
    return () => set.delete(onNews);
  }

  /** The next seq of a study's journal (what a watcher has seen once it has read the study). */
  async nextSeq(id: string): Promise<number> {
    return (await this.store?.header(id))?.nextSeq ?? 0;
  }

  /** Writes the tracked study now (page hide, before export or resume). */
  flush(): Promise<void> {
    return this.tracked?.flush() ?? Promise.resolve();
  }

  async remove(id: string): Promise<void> {
    if (this.store === null) return;
    if (this.live.has(id)) {
      this.message = { tone: 'error', text: 'Another tab is running this study; delete it there, or once that tab has closed.' };
      return;
    }
    if (this.tracked?.id === id) this.letGo(null);
    await this.store.delete(id);
    this.channel?.post({ type: 'removed', id });
    await this.refresh();
  }

  /** Validates and stores a study file; a refused file changes nothing and says why. */
  async importFile(file: Blob): Promise<string | null> {
    let imported;
    try {
      imported = await readStudyFile(file);
    } catch (error) {
      this.message = { tone: 'error', text: error instanceof StudyFileError ? `Import refused: ${error.message}` : `Import failed: ${messageOf(error)}` };
      return null;
    }
    const status: StudyStatus = imported.status === 'running' ? 'interrupted' : imported.status;
    const record = createSavedStudy({
      name: imported.name,
      setup: imported.setup,
      study: imported.study,
      status,
      now: this.now(),
      ...(imported.extra === undefined ? {} : { extra: imported.extra }),
      ...(imported.scheduler === undefined ? {} : { scheduler: imported.scheduler }),
    });
    if (this.store === null) {
      this.message = { tone: 'error', text: 'Import failed: this browser cannot store studies.' };
      return null;
    }
    try {
      await this.store.put(record);
    } catch (error) {
      await this.storageFailed(`Import of “${record.name}” failed`, error, jsonBytes(record), []);
      return null;
    }
    this.channel?.post({ type: 'summary', summary: summarizeStudy(record) });
    await this.refresh().catch(() => undefined);
    const notes = imported.notes.length > 0 ? ` (${imported.notes.join(' ')})` : '';
    this.message = { tone: 'info', text: `Imported “${record.name}” with ${record.study.trials.length} trials${notes}.` };
    return record.id;
  }

  async exportJson(id: string): Promise<void> {
    const record = await this.get(id);
    if (record === null) return;
    this.save(studyFileBlob(record, this.now()), studyFileName(record.name, this.now()));
  }

  async exportCsv(id: string): Promise<void> {
    const record = await this.get(id);
    if (record === null) return;
    this.save(csvBlob(trialsToCsv(record.study)), studyFileName(record.name, this.now()).replace(/\.json$/, '.csv'));
  }

  private save(blob: Blob, fileName: string): void {
    (this.deps.download ?? ((b, n) => void downloadBlob(b, n)))(blob, fileName);
  }

  /** Stops storing the tracked study and lets go of its lock, unless it is `keep`. */
  private letGo(keep: string | null): void {
    const tracked = this.tracked;
    if (tracked === null) return;
    tracked.dispose();
    this.tracked = null;
    if (tracked.id !== keep) this.locks.release(tracked.id);
  }

  /** A study left `running` (or paused with trials running) by a tab that is gone: `interrupted`. */
  private async markIfInterrupted(id: string): Promise<void> {
    if (this.store === null) return;
    const header = await this.store.header(id);
    if (header !== null) {
      if (header.status === 'running' || (header.status === 'paused' && (header.tally?.counts?.running ?? 0) > 0)) await this.store.setStatus(id, 'interrupted');
      return;
    }
    const record = await this.store.get(id); // schema-1 record left as it was
    if (record !== null && (record.status === 'running' || record.study.trials.some((t) => t.state === 'running'))) await this.store.put({ ...record, status: 'interrupted' });
  }

  /** Marks the study live elsewhere and waits for its owner to let it go. */
  private watchOwner(id: string): void {
    if (this.waits.has(id) || this.tracked?.id === id) return;
    this.live = new Set(this.live).add(id);
    const cancel = this.locks.whenFree(id, async () => {
      this.waits.delete(id);
      await this.markIfInterrupted(id).catch(() => undefined);
      const live = new Set(this.live);
      live.delete(id);
      this.live = live;
      await this.refresh().catch(() => undefined);
      for (const listener of this.watchers.get(id) ?? []) listener({ kind: 'owner-gone' });
    });
    this.waits.set(id, cancel);
  }

  /** News from another tab. */
  private async hear(news: StudyNews): Promise<void> {
    switch (news.type) {
      case 'appended':
      case 'summary': {
        const { summary } = news;
        this.summaries = [summary, ...this.summaries.filter((s) => s.id !== summary.id)];
        if (this.locks.supported && (summary.status === 'running' || summary.status === 'paused') && this.tracked?.id !== summary.id) {
          if ((await this.locks.heldElsewhere()).has(summary.id)) this.watchOwner(summary.id);
        }
        if (news.type === 'appended') for (const listener of this.watchers.get(summary.id) ?? []) listener({ kind: 'entries', entries: news.entries });
        break;
      }
      case 'removed':
        this.summaries = this.summaries.filter((s) => s.id !== news.id);
        break;
      default: {
        const unreachable: never = news;
        return unreachable;
      }
    }
  }

  private saved(id: string, batch: SavedBatch): void {
    this.lastSavedAt = batch.updatedAt;
    if (this.message?.storage === true) this.message = null;
    const before = this.summaries.find((s) => s.id === id);
    if (before === undefined) {
      void this.refresh().catch(() => undefined);
      return;
    }
    const c = batch.tally.counts;
    const summary: StudySummary = { ...before, status: batch.status, updatedAt: batch.updatedAt, trialCount: c.running + c.complete + c.failed + c.pruned, bestValue: batch.tally.bestValue, bytes: batch.tally.bytes };
    this.summaries = [summary, ...this.summaries.filter((s) => s.id !== id)];
    const entries = batch.changes.map((change, i): JournalEntry => ({ studyId: id, seq: batch.result.firstSeq + i, ...change }));
    this.channel?.post({ type: 'appended', summary, entries });
  }

  /** Says a write failed; for a full storage, how much it needed and what could be deleted. */
  private async storageFailed(what: string, error: unknown, neededBytes: number, keep: readonly string[]): Promise<void> {
    if (!(error instanceof StorageError) || error.problem !== 'quota-exceeded') {
      this.message = { tone: 'error', text: `${what}: ${messageOf(error)}`, storage: true };
      return;
    }
    const estimate = this.deps.estimate === undefined ? browserEstimate() : this.deps.estimate;
    const advice = await quotaAdvice({ neededBytes, summaries: this.summaries, keep, estimate });
    this.message = { tone: 'error', text: `${what}: the browser storage for this page is full. ${advice}`, storage: true };
  }
}

function studyName(session: StudySession): string {
  const { setup } = session;
  const strategy = setup.strategy === 'manual' ? 'Manual' : SAMPLER_LABELS[setup.strategy];
  return `${TASKS[setup.task].label.replace(/\s*\(.*\)$/, '')} · ${strategy} · ${formatDateTime(Date.now())}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
