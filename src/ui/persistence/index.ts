/** Keeping every study: IndexedDB records, autosave, study files, CSV export and share links. */
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
export { summarizeStudy, type StudySummary } from './study-summary';
export {
  DATABASE_NAME,
  DATABASE_VERSION,
  openStudyStore,
  STUDIES_STORE,
  UPDATED_AT_INDEX,
  type OpenStudyStoreOptions,
  type StudyStore,
} from './idb-store';
export { StorageError, type StorageOperation, type StorageProblem } from './storage-error';
export { createAutosaver, type AutosaveClock, type Autosaver, type AutosaverOptions } from './autosaver';
export {
  MAX_STUDY_FILE_BYTES,
  MAX_STUDY_FILE_DEPTH,
  parseStudyFile,
  readStudyFile,
  STUDY_FILE_FORMAT,
  STUDY_FILE_VERSION,
  StudyFileError,
  studyFileBlob,
  studyFileJSON,
  studyFileName,
  studyFileText,
  type ImportedStudy,
  type StudyFileJSON,
} from './study-file';
export { setupForBareStudy, type BareStudySetup } from './bare-study-setup';
export { csvBlob, trialsToCsv, type TrialTable } from './csv';
export { downloadBlob, pageDom, type DownloadDom } from './download';
export { MAX_SHARED_SETUP_CHARS, setupFromHash, setupToHash, shareUrl, SHARE_HASH_KEY, type SharedSetup } from './share-url';
export { FORBIDDEN_KEYS, type JSONValue } from './untrusted-json';
