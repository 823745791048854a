/**
 * Study files in and out of the library. An import is read and validated first (a refused file
 * changes nothing and says why), then stored as a new saved study, after the data it carries (if
 * any); running studies come in `interrupted`, to be resumed. An export is a download: the study as
 * a file (with or without its data), its trials as CSV, or the two files for Optuna (its journal
 * and the script that continues it there).
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
  studyFileWithData,
  shortFingerprint,
  sourceReferences,
  type DataSource,
  trialsToCsv,
  optunaDownload,
  type ImportedStudy,
  type OptunaFile,
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
  // The data goes first: a study is never stored without the data it came with.
  try {
    for (const source of imported.sources ?? []) await store.putSource(source);
  } catch (error) {
    return { kind: 'refused', message: { tone: 'error', text: `Import of “${record.name}” failed: ${messageOf(error)}`, storage: true } };
  }
  try {
    await store.put(record);
  } catch (error) {
    return { kind: 'storage-failed', failure: { what: `Import of “${record.name}” failed`, error, neededBytes: jsonBytes(record), keep: [] } };
  }
  // Notes are whole sentences: they follow the message's own sentence.
  const notes = imported.notes.length > 0 ? ` ${imported.notes.join(' ')}` : '';
  const data = (imported.sources ?? []).map((s) => `“${s.name}”`);
  const withData = data.length === 0 ? '' : ` and its data (${data.join(', ')})`;
  return { kind: 'imported', record, message: { tone: 'info', text: `Imported “${record.name}” with ${record.study.trials.length} trials${withData}.${notes}` } };
}

export type ExportFormat = 'json' | 'csv';

export type DataDownload =
  | { readonly kind: 'file'; readonly blob: Blob; readonly fileName: string }
  | { readonly kind: 'refused'; readonly message: LibraryMessage };

/**
 * A saved study with its data (read from `store`) as a file to download, `<name>-<date>-with-data.json`;
 * refused, saying why, when its data is not in this browser or too large for a study file.
 */
export async function studyDownloadWithData(record: SavedStudyRecord, store: Pick<StudyStore, 'getSource'>, now: number): Promise<DataDownload> {
  const refused = (why: string): DataDownload => ({ kind: 'refused', message: { tone: 'error', text: `“${record.name}” was not exported with its data: ${why}` } });
  const sources: DataSource[] = [];
  try {
    for (const wanted of sourceReferences(record.setup)) {
      const source = await store.getSource(wanted.fingerprint);
      if (source === null) {
        return refused(`${wanted.name} (fingerprint ${shortFingerprint(wanted.fingerprint)}) is not in this browser. Export it without data, or resume it and choose its data first.`);
      }
      sources.push(source);
    }
    return { kind: 'file', blob: await studyFileWithData(record, sources, now), fileName: studyFileName(record.name, now).replace(/\.json$/, '-with-data.json') };
  } catch (error) {
    return refused(messageOf(error));
  }
}

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

/** A saved study as a download in any export format; refused, saying why, when it cannot be written. */
export async function exportDownload(record: SavedStudyRecord, format: ExportFormat | OptunaFile | 'with-data', store: Pick<StudyStore, 'getSource'>, now: number): Promise<DataDownload> {
  try {
    if (format === 'with-data') return await studyDownloadWithData(record, store, now);
    if (format === 'journal' || format === 'script') return { kind: 'file', ...optunaDownload(record, format, now) };
    return { kind: 'file', ...studyDownload(record, format, now) };
  } catch (error) {
    return { kind: 'refused', message: { tone: 'error', text: `“${record.name}” could not be exported: ${messageOf(error)}` } };
  }
}
