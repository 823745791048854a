/**
 * A user's own tfjs LayersModel as a model to train, checked in pure TypeScript (no tfjs, no
 * DOM) before any worker starts: its files (`checkModelFiles`) and its fit to the data
 * (`checkModelFitsData`). Every refusal is a `UserModelError`.
 */

export { UserModelError, type UserModelProblem } from './user-model-error';
export { MAX_MODEL_JSON_BYTES, MAX_MODEL_JSON_DEPTH } from './model-json';
export type { SampleShape, UserLayer, UserOutput } from './topology';
export { checkModelFiles, type UserFile, type UserModelFiles, type WeightSpec, type WeightDtype } from './check-model-files';
export { checkModelFitsData, shapeFits, type ModelData } from './check-model-fits-data';
