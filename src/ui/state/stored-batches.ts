/**
 * Stored before shown: a session's changes, gathered into batches (at most one per `refreshMs`, so
 * a burst of epoch reports never floods the page), each stored in the session's journal before
 * it is shown. Only the trials that changed are copied and stored (trial-copies.ts); a change of
 * the session's phase alone is a batch too. A journal that fails or hangs never freezes the page:
 * it reports its own error and retries, and the batch is shown after at most `commitWaitMs`.
 *
 *   const batches = new StoredBatches({ trials: () => study.trials, phase: () => phase.kind, show }, deps);
 *   batches.attach(journal);
 *   batches.record(event);        // a tuner event: its trial goes with the next batch
 *   await batches.settle();       // everything so far stored, then shown
 */
import type { TunerEvent } from '../../runner';
import type { Trial } from '../../tuner';
import { TrialCopies } from './trial-copies';

/** A trial as the journal stores it: with its pause, when a scheduler has paused it. */
export interface JournaledTrial {
  readonly trial: Trial;
  readonly paused?: { readonly epoch: number; readonly checkpoint: boolean };
}

/** Where a session stores each batch before showing it (the library's journal for the study). */
export interface SessionJournal {
  /** Stores the changed trials and the session's status; never rejects (failures are the journal's to report and retry). */
  commit(changes: readonly JournaledTrial[]): Promise<void>;
}

/** What the batches read from the session, and how they hand it a stored batch. */
export interface BatchedSession {
  /** The engine's trials now (it mutates them in place). */
  trials(): readonly Trial[];
  /** The session's phase now: a phase the journal has not stored yet makes a batch. */
  phase(): string;
  /** Shows a batch once stored: every trial as the page shows it now, and those of them that changed. */
  show(trials: readonly Trial[], changed: readonly Trial[]): void;
}

export interface BatchTiming {
  /** Batching delay for UI refreshes, ms; default 50. */
  readonly refreshMs?: number;
  /** Longest wait for the journal before a batch is shown anyway, ms; default 5000. */
  readonly commitWaitMs?: number;
}

export class StoredBatches {
  /** Whether the run's backend keeps checkpoints (what a paused trial's entry says). */
  checkpoints = false;
  private readonly copies = new TrialCopies();
  /** Trials named by events since the last batch; the epoch each paused trial was paused after. */
  private readonly named = new Set<number>();
  private readonly pausedEpochs = new Map<number, number>();
  private journal: SessionJournal | null = null;
  /** The phase the journal last stored. */
  private committedPhase: string | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly session: BatchedSession,
    private readonly timing: BatchTiming = {},
  ) {}

  /** Every trial copied, as first shown (before any journal is attached). */
  showAll(): readonly Trial[] {
    return this.copies.publish(this.copies.collect(this.session.trials()));
  }

  /** Shows these trials as they are (a read-only view fed from storage); returns what is shown now. */
  replace(trials: readonly Trial[]): readonly Trial[] {
    return this.copies.replace(trials);
  }

  /**
   * Stores every later batch in `journal` before showing it. `unsaved`: trials changed before it
   * was attached (a resumed study's interrupted trials), stored with the first batch.
   */
  attach(journal: SessionJournal, unsaved: readonly number[] = []): void {
    this.journal = journal;
    for (const id of unsaved) this.named.add(id);
    if (unsaved.length > 0) this.schedule();
  }

  /** A tuner event: the trial it names goes with the next batch (with its pause, if paused). */
  record(event: TunerEvent): void {
    if ('trialId' in event) this.named.add(event.trialId);
    if (event.type === 'trial-paused') this.pausedEpochs.set(event.trialId, event.epoch);
    else if (event.type === 'trial-resumed' || event.type === 'trial-finished') this.pausedEpochs.delete(event.trialId);
    this.schedule();
  }

  /** A batch after the batching delay (or after the one in flight). */
  schedule(): void {
    if (this.refreshing !== null) {
      this.refreshAgain = true;
      return;
    }
    if (this.refreshTimer !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (this.refreshing !== null) this.refreshAgain = true;
      else void this.refresh();
    }, this.timing.refreshMs ?? 50);
  }

  /** Runs a batch now (after the one in flight), so everything so far is stored and shown. */
  async settle(): Promise<void> {
    for (;;) {
      if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
      if (this.refreshing === null) break;
      await this.refreshing;
    }
    this.refreshAgain = false;
    await this.refresh();
  }

  /** One batch: collect what changed, store it, then show it. */
  private refresh(): Promise<void> {
    const run = async (): Promise<void> => {
      const changed = this.copies.collect(this.session.trials(), this.named);
      this.named.clear();
      const phase = this.session.phase();
      if (this.journal !== null && (changed.length > 0 || phase !== this.committedPhase)) {
        this.committedPhase = phase;
        const journaled = changed.map((trial) => this.journaled(trial));
        await withinMs(this.journal.commit(journaled), this.timing.commitWaitMs ?? 5000);
      }
      this.session.show(this.copies.publish(changed), changed);
    };
    const running = run().finally(() => {
      this.refreshing = null;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.schedule();
      }
    });
    this.refreshing = running;
    return running;
  }

  private journaled(trial: Trial): JournaledTrial {
    const epoch = trial.state === 'running' ? this.pausedEpochs.get(trial.id) : undefined;
    return epoch === undefined ? { trial } : { trial, paused: { epoch, checkpoint: this.checkpoints } };
  }
}

/** Resolves when `promise` settles or `ms` pass, whichever is first. */
function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
