/** Keeping every study: the IndexedDB journal and the user's data, autosave, one writer per study across tabs, study files, CSV export and share links. */
export {
  createSavedStudy,
  INTERRUPTED_REASON,
  isStudyStatus,
  newStudyId,
  resumeStudy,
  STUDY_STATUSES,
  updateSavedStudy,
  uuidFromRng,
  type ResumedStudy,
  type SavedStudyRecord,
  type StudyStatus,
} from './saved-study';
export { emptyTally, summarizeHeader, summarizeStudy, tallyChange, tallyTrials, type StudySummary, type StudyTally } from './study-summary';
export {
  DATABASE_NAME,
  DATABASE_VERSION,
  DATASETS_STORE,
  EARLIER_DATABASE_NAMES,
  openStudyStore,
  STUDIES_STORE,
  UPDATED_AT_INDEX,
  type AppendResult,
  type HeaderUpdate,
  type OpenStudyStoreOptions,
  type StudyStore,
} from './idb-store';
export {
  entryBytes,
  isWholeRecord,
  JOURNAL_STORE,
  jsonBytes,
  replayRecord,
  splitRecord,
  STATES_STORE,
  storedQueue,
  studyBaseOf,
  trialJSON,
  type JournalEntry,
  type PausedMark,
  type StoredQueue,
  type StudyBase,
  type StudyHeader,
  type StudyState,
  type TrialChange,
} from './journal-records';
export { pageStudyStore } from './page-store';
export {
  DATA_SOURCE_KINDS,
  isDataSourceKind,
  shortFingerprint,
  sourceFingerprints,
  sourceOfRecord,
  sourceReferences,
  storedSource,
  withDataBytes,
  type DataSource,
  type DataSourceKind,
  type DataSourceSummary,
  type SourceReference,
  type StoredDataSource,
  type StoredSourceFile,
} from './data-source';
export { moveDatabase, type DatabaseMove } from './database-move';
export { StorageError, type StorageOperation, type StorageProblem } from './storage-error';
export { createAutosaver, type AutosaveClock, type Autosaver, type AutosaverOptions, type ReadState, type SavedBatch } from './autosaver';
export { browserEstimate, formatBytes, quotaAdvice, type EstimateStorage, type QuotaAdviceInput, type StorageEstimateLike } from './quota-advice';
export { browserLocks, LOCK_PREFIX, type LockManagerLike, type StudyLocks } from './study-locks';
export { appendedNews, browserChannel, CHANNEL_NAME, type StudyChannel, type StudyNews } from './study-channel';
export { markIfInterrupted } from './abandoned-study';
export {
  MAX_STUDY_FILE_BYTES,
  MAX_STUDY_FILE_DEPTH,
  MAX_STUDY_FILE_WITH_DATA_BYTES,
  parseStudyFile,
  readStudyFile,
  STUDY_FILE_FORMAT,
  STUDY_FILE_VERSION,
  STUDY_FILE_WITH_DATA_FORMAT,
  StudyFileError,
  studyFileBlob,
  studyFileWithData,
  studyFileJSON,
  studyFileName,
  studyFileText,
  type ImportedStudy,
  type StudyFileJSON,
} from './study-file';
export { readOptunaFileOffThread, readStudyFileOffThread, startImportWorker, type ImportWorker, type StudyFileReply, type StudyFileRequest } from './study-file-reader';
export { setupForBareStudy, type BareStudySetup } from './bare-study-setup';
export { csvBlob, trialsToCsv, type TrialTable } from './csv';
export { downloadBlob, pageDom, type DownloadDom } from './download';
export { MAX_SHARED_SETUP_CHARS, setupFromHash, setupToHash, shareUrl, SHARE_HASH_KEY, type SharedSetup } from './share-url';
export { FORBIDDEN_KEYS, type JSONValue } from './untrusted-json';
export { continueProblem, fitsSomeTask, noTaskMessage, type ContinueProblem } from './continue-problem';
export { checkedOrigin, DUEL_PLAYERS, inferredOrigin, ORIGIN_KEY, originContinueMessage, originExtra, originLabel, originSentence, studyOriginOf, trialMaker, type DuelPlayer, type StudyOrigin } from './study-origin';
export { importedOptunaStudy, isOptunaJournal, OPTUNA_JOURNAL_EXTENSIONS, OPTUNA_VALUE_METRIC, optunaOriginOf, readOptunaFile, RESUME_TRIALS, type OptunaFileRead, type OptunaOrigin, type OptunaStudyChoice } from './optuna-import';
export { OPTUNA_FILES, optunaDownload, optunaJournalFile, optunaJournalFileName, optunaScriptFile, type OptunaFile } from './optuna-export';
