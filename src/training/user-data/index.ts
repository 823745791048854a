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
export { PREDICT_WORKER } from './predict-script';
export type { ClassProbability, Prediction, PredictorApi, PredictorFiles } from './predict-protocol';
export { familyDomains, familySpaceProblem, IMAGE_CNN_SEARCH_SPACE, mlpSearchSpace, paramDomainProblem, userDataMetricNames, userModelSearchSpace } from './spaces';
export type { FamilySpaceProblem, ModelFamilyKind } from './spaces';
export { MLP_DEFAULTS, MLP_DOMAINS, USER_MODEL_DEFAULTS, userModelDomains } from './family-params';
export type { MlpParams, TrainingParams, UserModelParams } from './family-params';
export { USER_DATA_WORKER, userDataWorkerOptions } from './worker-script';
export type { UserDataWorkerOptions } from './worker-script';
export { fingerprintFiles } from './fingerprint';
export { DATA_PREP_WORKER } from './data-prep-script';
export { checkPreprocessingJson, imagePreprocessingJson, PIXEL_SCALE, PreprocessingJsonError, tablePreprocessingJson } from './preprocessing-json';
export { decodeImagePixels } from './decode-image';
