/**
 * The Saved view's state: every study the page keeps in IndexedDB, the journal of the study this
 * tab runs, one writer per study across tabs, and (through `transfers`, library-transfers.ts)
 * imports and exports.
 *
 * On open, a study still marked running whose tab is gone is marked `interrupted`, so the page can
 * offer to resume it; one whose lock another tab holds is left alone and shown live (`live`), and
 * once that tab lets it go this tab marks it interrupted and offers to take it over. Storage that is
 * full says how much was needed and what could be deleted; the message clears itself after the
 * next write that succeeds.
 *
 * Deleting a study deletes the data no other study uses (except the data of a study this tab has
 * started and not yet stored). Watchers of a study another tab runs are fed by study-watchers.ts.
 */
import {
  appendedNews,
  browserChannel,
  browserEstimate,
  browserLocks,
  markIfInterrupted,
  newStudyId,
  sourceFingerprints,
  withDataBytes,
  type EstimateStorage,
  type SavedBatch,
  type SavedStudyRecord,
  type StudyChannel,
  type StudyLocks,
  type StudyNews,
  type StudyStore,
  type StudySummary,
} from '../persistence';
import { messageOf, storageFailureMessage, type LibraryMessage, type StorageFailure } from './library-messages';
import type { SetupConfig } from '../setup/setup-config';
import type { StudySession } from './study-session.svelte';
import type { ReadStudyFile } from './study-transfer';
import { StudyWatchers, type WatchNews } from './study-watchers';
import { ContinueChecks } from './continue-checks.svelte';
import { LibraryTransfers } from './library-transfers';
import { studyName, TrackedStudy } from './tracked-study';

export type { LibraryMessage } from './library-messages';
export type { WatchNews } from './study-watchers';

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
  /** Reads and validates an imported file; default `readStudyFileOffThread` (in a worker where there is one). */
  readonly readFile?: ReadStudyFile;
}

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

  /** Imports (study files, Optuna journals) and exports (JSON, CSV, with data, for Optuna). */
  readonly transfers: LibraryTransfers = new LibraryTransfers({
    store: () => this.store,
    now: () => this.now(),
    get: (id) => this.get(id),
    deps: () => this.deps,
    message: { get: () => this.message, set: (message) => (this.message = message) },
    refresh: () => this.refresh(),
    summaries: () => this.summaries,
    tell: (summary) => this.channel?.post({ type: 'summary', summary }),
    storageFailed: (failure) => this.storageFailed(failure),
  });
  /** Why saved studies cannot continue here (`problems`), for their rows. */
  readonly continueChecks = new ContinueChecks({ setup: (id) => this.savedSetup(id), extra: async (id) => (await this.get(id))?.extra });

  readonly interrupted = $derived(this.summaries.filter((s) => s.status === 'interrupted' && !this.live.has(s.id)));
  /** Where the tracked study came from when it is a saved snapshot (a Manual duel's player, a race run); else null. */
  readonly trackedOrigin = $derived(this.trackedId === null ? null : (this.summaries.find((s) => s.id === this.trackedId)?.origin ?? null));

  private store: StudyStore | null = null;
  private tracked: TrackedStudy | null = null;
  /** Fingerprints of the data the tracked study uses: kept when another study is deleted, even before its record is stored. */
  private trackedSources: readonly string[] = [];
  private channel: StudyChannel | null = null;
  private readonly waits = new Map<string, () => void>();
  private readonly watchers = new StudyWatchers((id, fromSeq) => this.store?.readJournal(id, fromSeq) ?? Promise.resolve([]));
  private readonly locks: StudyLocks;
  private readonly now: () => number;
  /** Writes of the tracked study that succeeded so far (a failure's message must not outlive a later success). */
  private writesSaved = 0;

  constructor(private readonly deps: LibraryDeps) {
    this.now = deps.now ?? Date.now;
    this.locks = deps.locks ?? browserLocks();
  }

  /** Opens the store; marks studies whose tab went away as interrupted, and watches those another tab runs. */
  async open(): Promise<void> {
    try {
      this.store = await this.deps.openStore();
      const moveError = this.store.moveError;
      if (moveError !== undefined) {
        this.message = { tone: 'error', text: `Saved studies could not be moved to this version’s storage (${messageOf(moveError)}); they are kept where they were, shown and saved there, and the move is tried again on the next load.` };
      }
      const elsewhere = await this.locks.heldElsewhere();
      for (const summary of await this.store.list()) {
        if (summary.status !== 'running' && summary.status !== 'paused') continue;
        if (elsewhere.has(summary.id) || !(await this.locks.claim(summary.id))) {
          this.watchOwner(summary.id);
          continue;
        }
        await markIfInterrupted(this.store, summary.id);
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
    await this.continueChecks.update(this.summaries);
  }

  async get(id: string): Promise<SavedStudyRecord | null> {
    return this.store === null ? null : this.store.get(id);
  }

  /** A saved study's setup, read from its header (without its trials); null when there is no such study. */
  async savedSetup(id: string): Promise<SetupConfig | null> {
    if (this.store === null) return null;
    const header = await this.store.header(id);
    if (header !== null) return header.setup;
    return (await this.store.get(id))?.setup ?? null;
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
    this.trackedSources = sourceFingerprints(session.setup);
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
      onError: (error, neededBytes) => void this.storageFailed({ what: 'Autosave failed', error, neededBytes, keep: [id] }),
      onGone: () => (this.message = { tone: 'error', text: 'This study was deleted, so it is no longer saved; export it from Results to keep it.' }),
    });
    this.tracked = tracked;
    const claimed = existing === null ? this.locks.claim(id) : Promise.resolve(true);
    const ready = (): Promise<boolean> => claimed.then((ok) => ok && this.tracked === tracked);
    session.attachJournal({ commit: (changes) => tracked.commit(changes, ready()) }, existing?.unsaved ?? []);
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
    const stop = this.watchers.add(id, afterSeq, listener);
    if (!this.live.has(id)) queueMicrotask(() => listener({ kind: 'owner-gone' }));
    return stop;
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
    await this.store.delete(id, this.tracked === null ? [] : this.trackedSources);
    this.channel?.post({ type: 'removed', id });
    await this.refresh();
  }

  /** Stops storing the tracked study and lets go of its lock, unless it is `keep`. */
  private letGo(keep: string | null): void {
    const tracked = this.tracked;
    if (tracked === null) return;
    tracked.dispose();
    this.tracked = null;
    if (tracked.id !== keep) this.locks.release(tracked.id);
  }

  /** Marks the study live elsewhere and waits for its owner to let it go. */
  private watchOwner(id: string): void {
    if (this.waits.has(id) || this.tracked?.id === id) return;
    this.live = new Set(this.live).add(id);
    const cancel = this.locks.whenFree(id, async () => {
      this.waits.delete(id);
      if (this.store !== null) await markIfInterrupted(this.store, id).catch(() => undefined);
      const live = new Set(this.live);
      live.delete(id);
      this.live = live;
      await this.refresh().catch(() => undefined);
      this.watchers.tell(id, { kind: 'owner-gone' });
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
        if (news.type === 'appended') this.watchers.tell(summary.id, { kind: 'entries', entries: news.entries });
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
    this.writesSaved += 1;
    if (this.message?.storage === true) this.message = null;
    const before = this.summaries.find((s) => s.id === id);
    if (before === undefined) {
      void this.refresh().catch(() => undefined);
      return;
    }
    const news = appendedNews(id, before, batch);
    this.summaries = [news.summary, ...this.summaries.filter((s) => s.id !== id)];
    this.channel?.post(news);
  }

  /** Says a write failed; for a full storage, how much it needed and what could be deleted. */
  private async storageFailed(failure: StorageFailure): Promise<void> {
    const estimate = this.deps.estimate === undefined ? browserEstimate() : this.deps.estimate;
    const savedBefore = this.writesSaved;
    // A study's size counts the data only it uses: deleting it frees that too.
    const sources = (await this.store?.listSources().catch(() => null)) ?? [];
    const message = await storageFailureMessage(failure, withDataBytes(this.summaries, sources).map((s) => s.summary), estimate);
    // A write that succeeded while the advice was being worked out means there is space again.
    if (this.writesSaved === savedBefore) this.message = message;
  }
}
