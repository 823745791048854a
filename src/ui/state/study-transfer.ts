/**
 * Study files in and out of the library. An import is read and validated first (a refused file
 * changes nothing and says why), then stored as a new saved study; running studies come in
 * `interrupted`, to be resumed. An export is a download: the study as a file, or its trials as CSV.
 *
 *   const outcome = await importStudy(file, store, Date.now(), readStudyFile);
 */
import {
  createSavedStudy,
  csvBlob,
  jsonBytes,
  studyFileBlob,
  studyFileName,
  StudyFileError,
  trialsToCsv,
  type ImportedStudy,
  type SavedStudyRecord,
  type StudyStatus,
  type StudyStore,
} from '../persistence';
import { messageOf, type LibraryMessage, type StorageFailure } from './library-messages';

/** Reads and validates a picked file; rejects with a `StudyFileError` for a refused one. */
export type ReadStudyFile = (file: Blob) => Promise<ImportedStudy>;

export type ImportOutcome =
  | { readonly kind: 'imported'; readonly record: SavedStudyRecord; readonly message: LibraryMessage }
  | { readonly kind: 'refused'; readonly message: LibraryMessage }
  | { readonly kind: 'storage-failed'; readonly failure: StorageFailure };

/** Reads, validates and stores a study file as a new saved study. */
export async function importStudy(file: Blob, store: StudyStore | null, now: number, read: ReadStudyFile): Promise<ImportOutcome> {
  let imported: ImportedStudy;
  try {
    imported = await read(file);
  } catch (error) {
    return { kind: 'refused', message: { tone: 'error', text: error instanceof StudyFileError ? `Import refused: ${error.message}` : `Import failed: ${messageOf(error)}` } };
  }
  const status: StudyStatus = imported.status === 'running' ? 'interrupted' : imported.status;
  const record = createSavedStudy({
    name: imported.name,
    setup: imported.setup,
    study: imported.study,
    status,
    now,
    ...(imported.extra === undefined ? {} : { extra: imported.extra }),
    ...(imported.scheduler === undefined ? {} : { scheduler: imported.scheduler }),
  });
  if (store === null) return { kind: 'refused', message: { tone: 'error', text: 'Import failed: this browser cannot store studies.' } };
  try {
    await store.put(record);
  } catch (error) {
    return { kind: 'storage-failed', failure: { what: `Import of “${record.name}” failed`, error, neededBytes: jsonBytes(record), keep: [] } };
  }
  const notes = imported.notes.length > 0 ? ` (${imported.notes.join(' ')})` : '';
  return { kind: 'imported', record, message: { tone: 'info', text: `Imported “${record.name}” with ${record.study.trials.length} trials${notes}.` } };
}

export type ExportFormat = 'json' | 'csv';

/** A saved study as a file to download: the study file, or its trials as CSV. */
export function studyDownload(record: SavedStudyRecord, format: ExportFormat, now: number): { readonly blob: Blob; readonly fileName: string } {
  const fileName = studyFileName(record.name, now);
  switch (format) {
    case 'json':
      return { blob: studyFileBlob(record, now), fileName };
    case 'csv':
      return { blob: csvBlob(trialsToCsv(record.study)), fileName: fileName.replace(/\.json$/, '.csv') };
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
