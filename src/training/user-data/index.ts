/**
 * User data for the page: the shared dataset and model-family types every user-data worker gets,
 * the data-preparation worker's protocol, and (added by their modules) the search spaces, the worker
 * scripts and the predictor. No tfjs is reached through this file.
 */
export { PREPROCESSING_FORMAT, USER_DATASET_FORMAT } from './protocol';
export type {
  ImageInput,
  ModelFamily,
  PreprocessingJson,
  TableInput,
  TargetScale,
  UserDataFold,
  UserDataKind,
  UserDataset,
  UserTaskKind,
  UserTaskSetup,
} from './protocol';
export type {
  DataPrepApi,
  ImageClassPreview,
  ImageFolderPreview,
  ImageReport,
  ImageRequest,
  PickedSourceFile,
  PrepRefusal,
  PrepResult,
  TablePreview,
  TableReport,
  TableRequest,
} from './prep-protocol';
