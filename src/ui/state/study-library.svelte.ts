/**
 * The Saved view's state: every study the page has kept in IndexedDB, autosave for the study that
 * is running, and import/export. On open, studies that were still `running` (the page went away
 * under them) are marked `interrupted`, so the page can offer to resume them.
 *
 * Imports are validated by persistence/study-file.ts before anything is stored: a refused file
 * only sets `message` and leaves the saved studies as they were.
 */
import {
  createAutosaver,
  createSavedStudy,
  csvBlob,
  downloadBlob,
  readStudyFile,
  StudyFileError,
  studyFileBlob,
  studyFileName,
  trialsToCsv,
  updateSavedStudy,
  type Autosaver,
  type SavedStudyRecord,
  type StudyStatus,
  type StudyStore,
  type StudySummary,
} from '../persistence';
import { SAMPLER_LABELS } from '../palette';
import { TASKS } from '../tasks';
import { formatDateTime } from './format-time';
import type { StudySession } from './study-session.svelte';
import type { SavedSchedulerState } from './scheduler-resume';

export type LibraryMessage = { readonly tone: 'info' | 'error'; readonly text: string };

export interface LibraryDeps {
  readonly openStore: () => Promise<StudyStore>;
  /** Unix ms. */
  readonly now?: () => number;
  /** Autosave window, ms; default 500. */
  readonly debounceMs?: number;
  readonly download?: (blob: Blob, fileName: string) => void;
}

export class StudyLibrary {
  summaries = $state.raw<readonly StudySummary[]>([]);
  message = $state<LibraryMessage | null>(null);
  /** Null until opened; false when IndexedDB is unavailable (studies then live only in this tab). */
  available = $state<boolean | null>(null);
  /** Id of the record autosaving the current session. */
  trackedId = $state<string | null>(null);
  /** When the tracked study was last written (Unix ms). */
  lastSavedAt = $state<number | null>(null);

  readonly interrupted = $derived(this.summaries.filter((s) => s.status === 'interrupted'));

  private store: StudyStore | null = null;
  private autosaver: Autosaver | null = null;
  private untrack: (() => void) | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: LibraryDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Opens the store and marks studies that were running when the page went away as interrupted. */
  async open(): Promise<void> {
    try {
      this.store = await this.deps.openStore();
      this.available = true;
      for (const summary of await this.store.list()) {
        if (summary.status !== 'running' && summary.status !== 'paused') continue;
        const record = await this.store.get(summary.id);
        const wasRunning = summary.status === 'running' || (record?.study.trials.some((t) => t.state === 'running') ?? false);
        if (record !== null && wasRunning) await this.store.put(updateSavedStudy(record, { status: 'interrupted' }, record.updatedAt));
      }
      await this.refresh();
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

  /** Autosaves `session` (a new record, or `existingId` when it continues a saved study) from now on. */
  track(session: StudySession, existingId: string | null = null): string {
    this.untrack?.();
    this.autosaver?.dispose();
    const name = existingId === null ? studyName(session) : null;
    let record: SavedStudyRecord | null =
      existingId === null ? createSavedStudy({ name: name as string, setup: session.setup, study: session.toJSON(), status: statusOf(session), now: this.now(), ...schedulerOf(session) }) : null;
    const id = record?.id ?? (existingId as string);
    this.trackedId = id;
    const store = this.store;
    if (store === null) return id;
    const ready = record === null ? store.get(id).then((r) => (record = r)) : Promise.resolve(record);
    this.autosaver = createAutosaver(
      store,
      () => {
        if (record === null) return null;
        const changes = { study: session.toJSON(), status: statusOf(session), setup: session.setup, ...schedulerOf(session) };
        return (record = updateSavedStudy(record, changes, this.now()));
      },
      {
        debounceMs: this.deps.debounceMs ?? 500,
        onSaved: (saved) => {
          this.lastSavedAt = saved.updatedAt;
          void this.refresh();
        },
        onError: (error) => (this.message = { tone: 'error', text: `Autosave failed: ${error.message}` }),
      },
    );
    const saver = this.autosaver;
    // A new record is written at once; a saved one only once the session changes it (opening a study
    // to look at its results leaves its record as it was).
    if (existingId === null) void ready.then(() => saver.changed());
    this.untrack = session.onChange(() => saver.changed());
    return id;
  }

  /** Writes the tracked study now (page hide, before a reload). */
  flush(): Promise<void> {
    return this.autosaver?.flush() ?? Promise.resolve();
  }

  async remove(id: string): Promise<void> {
    if (this.store === null) return;
    await this.store.delete(id);
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
    await this.store.put(record);
    await this.refresh();
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
}

function schedulerOf(session: StudySession): { scheduler?: SavedSchedulerState } {
  const scheduler = session.schedulerState();
  return scheduler === undefined ? {} : { scheduler };
}

function statusOf(session: StudySession): StudyStatus {
  switch (session.phase.kind) {
    case 'ready':
    case 'finished':
    case 'error':
      return session.phase.kind === 'ready' && session.remainingTrials > 0 ? 'paused' : 'finished';
    case 'starting':
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    default: {
      const unreachable: never = session.phase;
      return unreachable;
    }
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
