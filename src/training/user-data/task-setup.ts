/**
 * Checks what a user-data worker's `init` received (it crossed postMessage, so it is read as
 * unknown): a `UserTaskSetup` whose dataset is consistent (shapes, labels, folds, row indices,
 * target scales) and whose model family can train on it. Every problem throws an Error that names
 * the field and what is wrong. Pure TypeScript; nothing is copied (the arrays stay the shared ones).
 *
 *   const checked = checkUserTaskSetup(raw);   // → { dataset, family, classCount, userModel }
 */
import { checkModelFiles, checkModelFitsData, type UserModelFiles } from '../user-model';
import { isRecord } from '../user-model/model-json';
import { USER_DATASET_FORMAT, type ModelFamily, type UserDataFold, type UserDataset, type UserTaskSetup } from './protocol';

/** Most folds a dataset may have (as the built-in tasks allow). */
export const MAX_FOLDS = 10;

/** The file name the user's weights are checked under (they arrive concatenated in manifest order). */
const WEIGHTS_NAME = 'weights.bin';

/** A setup as the task keeps it. */
export interface CheckedTaskSetup extends UserTaskSetup {
  /** Classes (classification), or 1: the model's output units. */
  readonly outputUnits: number;
  /** The user's model files, checked (null for the other families). */
  readonly userModel: UserModelFiles | null;
}

const bad = (problem: string) => new Error(`user-data task setup: ${problem}`);
const isCount = (value: unknown, low = 1): value is number => typeof value === 'number' && Number.isInteger(value) && value >= low;

/** Checks `raw` as a UserTaskSetup; throws naming the first problem. */
export function checkUserTaskSetup(raw: unknown): CheckedTaskSetup {
  if (!isRecord(raw)) throw bad(`expected { dataset, family }, got ${raw === null ? 'null' : typeof raw}`);
  const dataset = checkDataset(raw['dataset']);
  const family = checkFamily(raw['family'], dataset);
  const outputUnits = dataset.task === 'classification' ? (dataset.classNames as readonly string[]).length : 1;
  const userModel = family.kind === 'user-model' ? checkUserModel(family, dataset, outputUnits) : null;
  return { dataset, family, outputUnits, userModel };
}

function checkDataset(raw: unknown): UserDataset {
  if (!isRecord(raw)) throw bad('dataset is missing (expected a UserDataset built by the data-preparation worker)');
  if (raw['format'] !== USER_DATASET_FORMAT) throw bad(`dataset.format must be "${USER_DATASET_FORMAT}", got ${JSON.stringify(raw['format'])}`);
  const { kind, task, rows, sampleShape, labels, classNames, folds } = raw;
  if (kind !== 'table' && kind !== 'images') throw bad(`dataset.kind must be "table" or "images", got ${JSON.stringify(kind)}`);
  if (task !== 'classification' && task !== 'regression') throw bad(`dataset.task must be "classification" or "regression", got ${JSON.stringify(task)}`);
  if (!isCount(rows, 2)) throw bad(`dataset.rows must be an integer ≥ 2, got ${JSON.stringify(rows)}`);
  if (!Array.isArray(sampleShape) || sampleShape.length === 0 || !sampleShape.every((d) => isCount(d))) {
    throw bad(`dataset.sampleShape must be a non-empty list of positive integers, got ${JSON.stringify(sampleShape)}`);
  }
  if (kind === 'images' && sampleShape.length !== 3) throw bad(`an image dataset's sampleShape is [side, side, channels], got ${JSON.stringify(sampleShape)}`);
  const sampleSize = (sampleShape as number[]).reduce((a, d) => a * d, 1);
  if (task === 'classification') {
    if (!Array.isArray(classNames) || classNames.length < 2 || !classNames.every((c) => typeof c === 'string')) {
      throw bad(`a classification dataset needs classNames: at least 2 strings, got ${JSON.stringify(classNames)}`);
    }
    if (!(labels instanceof Int32Array)) throw bad('a classification dataset\'s labels must be an Int32Array of class indices');
    const k = classNames.length;
    const at = labels.findIndex((y) => y < 0 || y >= k);
    if (at !== -1) throw bad(`label ${labels[at]} of row ${at} is not a class index in [0, ${k})`);
  } else {
    if (classNames !== null) throw bad('a regression dataset has classNames null');
    if (!(labels instanceof Float32Array)) throw bad('a regression dataset\'s labels must be a Float32Array of target values');
  }
  if ((labels as Int32Array | Float32Array).length !== rows) throw bad(`dataset.labels holds ${(labels as Int32Array).length} values for ${rows} rows`);
  if (!Array.isArray(folds) || folds.length < 1 || folds.length > MAX_FOLDS) {
    throw bad(`dataset.folds must list 1 to ${MAX_FOLDS} folds, got ${Array.isArray(folds) ? folds.length : JSON.stringify(folds)}`);
  }
  folds.forEach((fold, f) => checkFold(fold, f, { rows, sampleSize, task, labels: labels as Int32Array | Float32Array }));
  return raw as unknown as UserDataset;
}

function checkFold(raw: unknown, f: number, data: { rows: number; sampleSize: number; task: 'classification' | 'regression'; labels: Int32Array | Float32Array }): void {
  const where = `dataset.folds[${f}]`;
  if (!isRecord(raw)) throw bad(`${where} is not a fold { features, train, validation, targetScale }`);
  const { features, train, validation, targetScale } = raw as Partial<Record<keyof UserDataFold, unknown>>;
  if (!(features instanceof Float32Array)) throw bad(`${where}.features must be a Float32Array`);
  if (features.length !== data.rows * data.sampleSize) {
    throw bad(`${where}.features holds ${features.length} values; ${data.rows} rows of ${data.sampleSize} need ${data.rows * data.sampleSize}`);
  }
  for (const [name, indices] of [['train', train], ['validation', validation]] as const) {
    if (!(indices instanceof Int32Array) || indices.length === 0) throw bad(`${where}.${name} must be a non-empty Int32Array of row indices`);
    const at = indices.findIndex((row) => row < 0 || row >= data.rows);
    if (at !== -1) throw bad(`${where}.${name}[${at}] is row ${indices[at]}, not in [0, ${data.rows})`);
  }
  if (data.task === 'classification') {
    if (targetScale !== null) throw bad(`${where}.targetScale must be null for classification`);
    return;
  }
  if (!isRecord(targetScale) || !Number.isFinite(targetScale['mean']) || !(Number(targetScale['std']) > 0) || !Number.isFinite(targetScale['std'])) {
    throw bad(`${where}.targetScale must be { mean, std } with a finite mean and a finite std > 0, got ${JSON.stringify(targetScale)}`);
  }
  const rows = [...(train as Int32Array), ...(validation as Int32Array)];
  const at = rows.find((row) => !Number.isFinite(data.labels[row] as number));
  if (at !== undefined) throw bad(`the target of row ${at} is ${data.labels[at]}, not a finite number`);
}

function checkFamily(raw: unknown, dataset: UserDataset): ModelFamily {
  if (!isRecord(raw)) throw bad('family is missing (expected { kind: "mlp" | "cnn" | "user-model" })');
  switch (raw['kind']) {
    case 'mlp':
      return { kind: 'mlp' };
    case 'cnn':
      if (dataset.kind !== 'images' || dataset.task !== 'classification') {
        throw bad(`the CNN trains on image folders (classification); this dataset is a ${dataset.task} ${dataset.kind === 'table' ? 'table' : 'image set'}`);
      }
      return { kind: 'cnn' };
    case 'user-model': {
      if (typeof raw['modelJson'] !== 'string') throw bad('family.modelJson must be the text of model.json');
      if (!(raw['weights'] instanceof ArrayBuffer)) throw bad('family.weights must be an ArrayBuffer (the weight files concatenated in manifest order)');
      return { kind: 'user-model', modelJson: raw['modelJson'], weights: raw['weights'] };
    }
    default:
      throw bad(`family.kind must be "mlp", "cnn" or "user-model", got ${JSON.stringify(raw['kind'])}`);
  }
}

/**
 * The user's model checked as the page checked it (checkModelFiles, checkModelFitsData), its
 * manifest's groups merged into one file (the weights arrive concatenated in manifest order).
 */
function checkUserModel(family: Extract<ModelFamily, { kind: 'user-model' }>, dataset: UserDataset, outputUnits: number): UserModelFiles {
  let parsed: unknown;
  try {
    parsed = JSON.parse(family.modelJson);
  } catch (error) {
    throw bad(`model.json is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed) || !Array.isArray(parsed['weightsManifest'])) throw bad('model.json has no weightsManifest, so it is not a tfjs LayersModel');
  const weights = parsed['weightsManifest'].flatMap((group: unknown) => (isRecord(group) && Array.isArray(group['weights']) ? group['weights'] : []));
  const merged = { ...parsed, weightsManifest: [{ paths: [WEIGHTS_NAME], weights }] };
  try {
    const files = checkModelFiles([
      { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(merged)) },
      { name: WEIGHTS_NAME, bytes: family.weights },
    ]);
    checkModelFitsData(files, {
      inputShape: dataset.sampleShape,
      task: dataset.task,
      ...(dataset.task === 'classification' ? { classes: outputUnits } : {}),
    });
    return files;
  } catch (error) {
    throw bad(error instanceof Error ? error.message : String(error));
  }
}
