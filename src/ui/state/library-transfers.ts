/**
 * Files in and out of the study library (Saved and Results): imports of study files and Optuna
 * journals, and downloads of a saved study as a study file (with or without its data), its trials
 * as CSV, or the two files that continue it in Optuna (its journal and a Python script). The work
 * itself is study-transfer.ts's; this wires it to the library's store, messages and other tabs.
 * Imports are validated (persistence/study-file.ts, optuna-import.ts) before anything is stored: a
 * refused file only sets the library's message and changes nothing saved. A study on the user's
 * data exports with or without its data.
 *
 *   await library.transfers.importFile(file);            // a study file
 *   await library.transfers.optuna.importFile(file);     // a study file or an Optuna journal
 *   await library.transfers.exportOptuna(id, 'script');
 */
import { downloadBlob, readStudyFileOffThread, summarizeStudy, type OptunaFile, type SavedStudyRecord, type StudyStore, type StudySummary } from '../persistence';
import type { LibraryMessage, StorageFailure } from './library-messages';
import { OptunaImportState } from './optuna-import.svelte';
import { exportDownload, importStudy, type ExportFormat, type ReadStudyFile } from './study-transfer';

/** What the transfers need of the library. */
export interface TransferHost {
  readonly store: () => StudyStore | null;
  readonly now: () => number;
  readonly get: (id: string) => Promise<SavedStudyRecord | null>;
  /** How downloads are saved (default: the browser's) and study files read (default `readStudyFileOffThread`). */
  readonly deps: () => { readonly download?: (blob: Blob, fileName: string) => void; readonly readFile?: ReadStudyFile };
  readonly message: { get(): LibraryMessage | null; set(message: LibraryMessage | null): void };
  readonly refresh: () => Promise<void>;
  readonly summaries: () => readonly StudySummary[];
  /** Tells other tabs of a study's summary. */
  readonly tell: (summary: StudySummary) => void;
  readonly storageFailed: (failure: StorageFailure) => Promise<void>;
}

export class LibraryTransfers {
  /** Optuna journals picked for import (a journal with several studies waits there for a pick). */
  readonly optuna: OptunaImportState = new OptunaImportState(this);

  constructor(private readonly host: TransferHost) {}

  get message(): LibraryMessage | null {
    return this.host.message.get();
  }

  set message(message: LibraryMessage | null) {
    this.host.message.set(message);
  }

  /** Validates and stores a study file (`read`: how, default a study file's reader); a refused file changes nothing and says why. */
  async importFile(file: Blob, read: ReadStudyFile = this.host.deps().readFile ?? readStudyFileOffThread): Promise<string | null> {
    const outcome = await importStudy(file, this.host.store(), this.host.now(), read);
    switch (outcome.kind) {
      case 'refused':
        this.message = outcome.message;
        return null;
      case 'storage-failed':
        await this.host.storageFailed(outcome.failure);
        return null;
      case 'imported': {
        await this.host.refresh().catch(() => undefined);
        // The summary as its stored header gives it (summarising the record again would walk every trial).
        this.host.tell(this.host.summaries().find((s) => s.id === outcome.record.id) ?? summarizeStudy(outcome.record));
        this.message = outcome.message;
        return outcome.record.id;
      }
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  }

  exportJson(id: string): Promise<void> {
    return this.export(id, 'json');
  }

  exportCsv(id: string): Promise<void> {
    return this.export(id, 'csv');
  }

  /** Downloads a study on the user's data with its data in the file; says why when its data is not here or too large. */
  exportWithData(id: string): Promise<void> {
    return this.export(id, 'with-data');
  }

  /** Downloads the study as an Optuna journal, or the Python script that continues it in Optuna. */
  exportOptuna(id: string, file: OptunaFile): Promise<void> {
    return this.export(id, file);
  }

  private async export(id: string, format: ExportFormat | OptunaFile | 'with-data'): Promise<void> {
    const record = await this.host.get(id);
    const store = this.host.store();
    if (record === null || store === null) return;
    const outcome = await exportDownload(record, format, store, this.host.now());
    if (outcome.kind === 'refused') this.message = outcome.message;
    else (this.host.deps().download ?? ((b, n) => void downloadBlob(b, n)))(outcome.blob, outcome.fileName);
  }
}
