/**
 * The study this tab runs, kept in storage: the session's journal (it stores each batch before the
 * session shows it), its status in words storage keeps, and the state saved beside the trials.
 * A new study's record is created before its first batch; a resumed one's goes on from what it
 * holds. The library owns one of these at a time, for the study whose lock this tab holds.
 */
import type { TrialJSON } from '../../tuner';
import {
  createAutosaver,
  createSavedStudy,
  storedQueue,
  studyBaseOf,
  trialJSON,
  type Autosaver,
  type JSONValue,
  type ReadState,
  type SavedBatch,
  type StudyStatus,
  type StudyStore,
} from '../persistence';
import { SAMPLER_LABELS } from '../palette';
import { TASKS } from '../setup/tasks';
import { formatDateTime } from './format-time';
import type { StudySession } from './study-session.svelte';
import type { JournaledTrial, SessionJournal } from './stored-batches';

export interface TrackedStudyOptions {
  readonly store: StudyStore;
  readonly id: string;
  readonly session: StudySession;
  /** A study already stored: its trials as stored, and the extra data kept with it. Null for a new study. */
  readonly stored: { readonly trials: readonly TrialJSON[]; readonly extra?: JSONValue } | null;
  /** A new study's name. */
  readonly name: string;
  readonly now: () => number;
  readonly onSaved: (batch: SavedBatch) => void;
  readonly onError: (error: Error, neededBytes: number) => void;
  readonly onGone: () => void;
}

export class TrackedStudy implements SessionJournal {
  readonly id: string;
  private readonly saver: Autosaver;
  private created: boolean;
  private readonly readState: ReadState;

  constructor(private readonly options: TrackedStudyOptions) {
    this.id = options.id;
    const { session } = options;
    this.created = options.stored !== null;
    const extra = options.stored?.extra;
    this.readState = () => {
      const scheduler = session.schedulerState();
      return { base: studyBaseOf(session.study), ...(scheduler === undefined ? {} : { scheduler }), ...(extra === undefined ? {} : { extra }) };
    };
    this.saver = createAutosaver(options.store, options.id, {
      stored: { trials: options.stored?.trials ?? [], direction: session.study.direction },
      clock: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>), now: options.now },
      onSaved: options.onSaved,
      onError: options.onError,
      onGone: options.onGone,
    });
  }

  get status(): StudyStatus {
    return statusOf(this.options.session);
  }

  /**
   * Stores a batch with the study's queue as it is now, when the batch's trials were read (so they
   * agree), once `ready` resolves true (the library's claim on the study); nothing when false.
   */
  async commit(changes: readonly JournaledTrial[], ready: Promise<boolean> = Promise.resolve(true)): Promise<void> {
    const enqueued = storedQueue(this.options.session.study.enqueued);
    const entries = changes.map((c) => ({ trial: trialJSON(c.trial), ...(c.paused === undefined ? {} : { paused: c.paused }) }));
    if (!(await ready) || !(await this.ensureCreated())) return;
    await this.saver.commit(entries, this.status, this.readState, enqueued);
  }

  /** Writes whatever is pending and the study's state now (page hide, export, before a resume). */
  async flush(): Promise<void> {
    if (!(await this.ensureCreated())) return;
    await this.saver.flush(this.status, this.readState);
  }

  hasUnsavedChanges(): boolean {
    return !this.created || this.saver.hasUnsavedChanges();
  }

  dispose(): void {
    this.saver.dispose();
  }

  /** A new study's record, written once (again on the next batch if it failed). */
  private async ensureCreated(): Promise<boolean> {
    if (this.created) return true;
    const { session, store } = this.options;
    const scheduler = session.schedulerState();
    const record = createSavedStudy({
      id: this.id,
      name: this.options.name,
      setup: session.setup,
      study: { ...studyBaseOf(session.study), trials: [] },
      status: this.status,
      now: this.options.now(),
      ...(scheduler === undefined ? {} : { scheduler }),
    });
    try {
      await store.put(record);
      this.created = true;
      return true;
    } catch (error) {
      this.options.onError(error instanceof Error ? error : new Error(String(error)), JSON.stringify(record).length);
      return false;
    }
  }
}

/**
 * The status storage keeps for a session. A run that ended by an error (a worker that could not
 * start, every worker lost) with trials still to run is `paused`: it can be resumed.
 */
export function statusOf(session: StudySession): StudyStatus {
  const phase = session.phase;
  switch (phase.kind) {
    case 'ready':
    case 'error':
      return session.remainingTrials > 0 ? 'paused' : 'finished';
    case 'finished':
      return (phase.finish === 'error' || phase.finish === 'no-slots') && session.remainingTrials > 0 ? 'paused' : 'finished';
    case 'starting':
    case 'running':
    case 'watching':
      return 'running';
    case 'paused':
      return 'paused';
    default: {
      const unreachable: never = phase;
      return unreachable;
    }
  }
}

/** A new study's name: its task, its strategy and when it started ("Branin · Random search · …"). */
export function studyName(session: StudySession): string {
  const { setup } = session;
  const strategy = setup.strategy === 'manual' ? 'Manual' : SAMPLER_LABELS[setup.strategy];
  return `${TASKS[setup.task].label.replace(/\s*\(.*\)$/, '')} · ${strategy} · ${formatDateTime(Date.now())}`;
}
