/**
 * Moving studies to and from Optuna: its journal log format (JournalStorage with a file backend),
 * distributions, export of a study as a journal plus a Python script that continues it in Optuna,
 * and import of a journal Optuna wrote.
 */
export {
  JOURNAL_OP,
  OPTUNA_TRIAL_STATE,
  OPTUNA_TRIAL_STATE_NAMES,
  OPTUNA_STUDY_DIRECTION,
  OPTUNA_CONSTRAINTS_KEY,
  OPTUNA_NAMED_CONSTRAINT_PREFIX,
  OPTUNA_FIXED_PARAMS_KEY,
  EXPORT_STUDY_ATTR,
  EXPORT_TRIAL_ATTR,
  EXPORTED_FROM_TFJS_TUNER,
  formatOptunaDatetime,
  parseOptunaDatetime,
  type JournalOpCode,
  type OptunaTrialState,
  type OptunaStudyDirection,
  type JournalJSONValue,
  type JournalAttrs,
  type JournalRecord,
  type CreateStudyRecord,
  type DeleteStudyRecord,
  type SetStudyUserAttrRecord,
  type SetStudySystemAttrRecord,
  type CreateTrialRecord,
  type SetTrialParamRecord,
  type SetTrialStateValuesRecord,
  type SetTrialIntermediateValueRecord,
  type SetTrialUserAttrRecord,
  type SetTrialSystemAttrRecord,
} from './journal-ops';
export { toOptunaDistribution, fromOptunaDistribution, toOptunaInternal, fromOptunaInternal, type OptunaDistributionJSON } from './distribution';
export { optunaTrialsDataframe, optunaStateName, type DataframeStudy, type TrialsDataframe } from './trials-dataframe';
export type { DataframeCell } from './pandas-text';
export {
  studyToOptunaJournal,
  optunaStudyName,
  EXPORT_WORKER_ID,
  DEFAULT_OPTUNA_STUDY_NAME,
  RUNNING_AS_FAILED_NOTE,
  type OptunaExportOptions,
} from './journal-export';
export { optunaContinueScript, type ContinueScriptOptions } from './continue-script';
export {
  readOptunaJournal,
  OptunaJournalError,
  OPTUNA_JOURNAL_MAX_BYTES,
  type OptunaJournalContents,
  type OptunaStudyRecord,
  type OptunaTrialRecord,
  type OptunaTrialStateName,
} from './journal-read';
export {
  listOptunaStudies,
  studyFromOptunaJournal,
  importOptunaJournal,
  RUNNING_IN_OPTUNA_REASON,
  type OptunaStudyListing,
  type OptunaImportOptions,
  type OptunaImport,
} from './journal-import';
export { optunaSamplerOf, type OptunaSamplerHint } from './sampler-of-study';
