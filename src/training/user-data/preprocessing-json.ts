/**
 * preprocessing.json, the file that travels beside a downloaded model.json and weights.bin: how a
 * table row or an image becomes the model's input, and how its output reads (class labels, or the
 * regression target's scale). `tablePreprocessingJson` and `imagePreprocessingJson` write it;
 * `checkPreprocessingJson` reads one back strictly (every field present, of its type, consistent,
 * no unknown field) and throws a `PreprocessingJsonError` naming the field.
 *
 *   images   input = { kind: 'images', side, channels, scale: 255 }: a pixel value v reads as v / scale
 *   tables   input = { kind: 'table', table: Preprocessing } (see ../table/preprocessing.ts)
 *   regression: prediction = output × targetScale.std + targetScale.mean
 */
import { MAX_IMAGE_SIDE, MIN_IMAGE_SIDE } from '../image-folder/image-pixels';
import type { FeatureEncoding, LeftOutColumn, Preprocessing, TargetEncoding } from '../table/preprocessing';
import { PREPROCESSING_FORMAT, type ImageInput, type PreprocessingJson, type TableInput, type TargetScale, type UserTaskKind } from './protocol';

/** What pixel bytes are divided by (`ImageInput.scale`). */
export const PIXEL_SCALE = 255;

/** A preprocessing.json that does not read; `field` is its path ("input.table.features[2].std"). */
export class PreprocessingJsonError extends Error {
  override readonly name = 'PreprocessingJsonError';

  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`preprocessing.json: ${field === '' ? 'the file' : `"${field}"`} ${problem}`);
  }
}

/** preprocessing.json of a table model: its fitted preprocessing, and the target scale for regression (null for classification). */
export function tablePreprocessingJson(preprocessing: Preprocessing, targetScale: TargetScale | null): PreprocessingJson {
  const target = preprocessing.target;
  return {
    format: PREPROCESSING_FORMAT,
    task: target.task,
    input: { kind: 'table', table: preprocessing },
    labels: target.task === 'classification' ? [...target.labels] : null,
    targetScale: target.task === 'regression' ? (targetScale ?? { mean: 0, std: 1 }) : null,
  };
}

/** preprocessing.json of an image classifier: side × side pixels, 1 or 3 channels, its class labels. */
export function imagePreprocessingJson(side: number, channels: 1 | 3, labels: readonly string[]): PreprocessingJson {
  return { format: PREPROCESSING_FORMAT, task: 'classification', input: { kind: 'images', side, channels, scale: PIXEL_SCALE }, labels: [...labels], targetScale: null };
}

type Json = Record<string, unknown>;

const describe = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60) ?? String(value));
const fail = (field: string, problem: string): never => {
  throw new PreprocessingJsonError(field, problem);
};
const at = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);

/** An object with exactly `keys` (every one present, no other). */
function object(value: unknown, path: string, keys: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, `must be an object, got ${describe(value)}`);
  const record = value as Json;
  for (const key of keys) if (!(key in record)) fail(at(path, key), 'is missing');
  const unknown = Object.keys(record).find((key) => !keys.includes(key));
  if (unknown !== undefined) fail(at(path, unknown), `is not a field of ${path === '' ? 'preprocessing.json' : `"${path}"`}`);
  return record;
}

/** One field of an object, read before the object's other fields are known (a `kind` or `task` that decides them). */
function peek(value: unknown, path: string, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, `must be an object, got ${describe(value)}`);
  return key in value ? (value as Json)[key] : fail(at(path, key), 'is missing');
}

function text(value: unknown, path: string): string {
  return typeof value === 'string' ? value : fail(path, `must be text, got ${describe(value)}`);
}

function finite(value: unknown, path: string): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(path, `must be a finite number, got ${describe(value)}`);
}

function positive(value: unknown, path: string): number {
  return finite(value, path) > 0 ? (value as number) : fail(path, `must be a positive number, got ${describe(value)}`);
}

function wholeNumber(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  return ok ? value : fail(path, `must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got ${describe(value)}`);
}

function list<T>(value: unknown, path: string, item: (entry: unknown, path: string) => T): T[] {
  if (!Array.isArray(value)) return fail(path, `must be a list, got ${describe(value)}`);
  return value.map((entry, index) => item(entry, at(path, index)));
}

function distinctTexts(value: unknown, path: string, fewest: number): string[] {
  const texts = list(value, path, text);
  if (texts.length < fewest) fail(path, `must hold at least ${fewest} names, got ${texts.length}`);
  const repeated = texts.findIndex((name, index) => texts.indexOf(name) !== index);
  if (repeated !== -1) fail(at(path, repeated), `repeats "${texts[repeated]}"`);
  return texts;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  return allowed.includes(value as T) ? (value as T) : fail(path, `must be ${allowed.map((name) => `"${name}"`).join(' or ')}, got ${describe(value)}`);
}

function featureEncoding(value: unknown, path: string, columns: readonly string[]): FeatureEncoding {
  const kind = oneOf(peek(value, path, 'kind'), at(path, 'kind'), ['numeric', 'categorical'] as const);
  const record = kind === 'numeric' ? object(value, path, ['kind', 'column', 'offset', 'mean', 'std']) : object(value, path, ['kind', 'column', 'offset', 'categories', 'missingSlot']);
  const column = text(record.column, at(path, 'column'));
  if (!columns.includes(column)) fail(at(path, 'column'), `names "${column}", which is not one of "columns"`);
  const offset = wholeNumber(record.offset, at(path, 'offset'), 0);
  if (kind === 'numeric') return { kind, column, offset, mean: finite(record.mean, at(path, 'mean')), std: positive(record.std, at(path, 'std')) };
  const categories = distinctTexts(record.categories, at(path, 'categories'), 1);
  if (typeof record.missingSlot !== 'boolean') fail(at(path, 'missingSlot'), `must be true or false, got ${describe(record.missingSlot)}`);
  return { kind, column, offset, categories, missingSlot: record.missingSlot as boolean };
}

function tablePreprocessing(value: unknown, path: string, task: UserTaskKind): Preprocessing {
  const record = object(value, path, ['format', 'version', 'columns', 'features', 'featureCount', 'leftOut', 'target']);
  if (record.format !== 'table-preprocessing') fail(at(path, 'format'), `must be "table-preprocessing", got ${describe(record.format)}`);
  if (record.version !== 1) fail(at(path, 'version'), `must be 1, got ${describe(record.version)}`);
  const columns = distinctTexts(record.columns, at(path, 'columns'), 1);
  const features = list(record.features, at(path, 'features'), (entry, where) => featureEncoding(entry, where, columns));
  if (features.length === 0) fail(at(path, 'features'), 'must hold at least one feature');
  let width = 0;
  features.forEach((encoding, index) => {
    if (encoding.offset !== width) fail(at(at(at(path, 'features'), index), 'offset'), `must be ${width} (right after the features before it), got ${encoding.offset}`);
    width += encoding.kind === 'numeric' ? 1 : encoding.categories.length + (encoding.missingSlot ? 1 : 0);
  });
  if (record.featureCount !== width) fail(at(path, 'featureCount'), `must be ${width} (the features' total width), got ${describe(record.featureCount)}`);
  const leftOut = list(record.leftOut, at(path, 'leftOut'), (entry, where): LeftOutColumn => {
    const item = object(entry, where, ['column', 'reason']);
    return { column: text(item.column, at(where, 'column')), reason: text(item.reason, at(where, 'reason')) };
  });
  const targetPath = at(path, 'target');
  const targetTask = oneOf(peek(record.target, targetPath, 'task'), at(targetPath, 'task'), ['classification', 'regression'] as const);
  if (targetTask !== task) fail(at(targetPath, 'task'), `must be the file's task "${task}", got "${targetTask}"`);
  const targetRecord = object(record.target, targetPath, targetTask === 'classification' ? ['task', 'column', 'labels'] : ['task', 'column']);
  const column = text(targetRecord.column, at(targetPath, 'column'));
  if (!columns.includes(column)) fail(at(targetPath, 'column'), `names "${column}", which is not one of "columns"`);
  if (features.some((encoding) => encoding.column === column)) fail(at(targetPath, 'column'), `names "${column}", which is also a feature`);
  const target: TargetEncoding =
    targetTask === 'classification' ? { task: targetTask, column, labels: distinctTexts(targetRecord.labels, at(targetPath, 'labels'), 2) } : { task: targetTask, column };
  return { format: 'table-preprocessing', version: 1, columns, features, featureCount: width, leftOut, target };
}

function input(value: unknown, task: UserTaskKind): TableInput | ImageInput {
  const kind = oneOf(peek(value, 'input', 'kind'), 'input.kind', ['table', 'images'] as const);
  if (kind === 'table') return { kind, table: tablePreprocessing(object(value, 'input', ['kind', 'table']).table, 'input.table', task) };
  if (task !== 'classification') fail('task', `must be "classification" for images, got "${task}"`);
  const record = object(value, 'input', ['kind', 'side', 'channels', 'scale']);
  const channels = record.channels === 1 || record.channels === 3 ? record.channels : fail('input.channels', `must be 1 (grey) or 3 (colour), got ${describe(record.channels)}`);
  return { kind, side: wholeNumber(record.side, 'input.side', MIN_IMAGE_SIDE, MAX_IMAGE_SIDE), channels, scale: positive(record.scale, 'input.scale') };
}

/** Reads a parsed preprocessing.json strictly; throws a `PreprocessingJsonError` naming the first field that is wrong. */
export function checkPreprocessingJson(raw: unknown): PreprocessingJson {
  const record = object(raw, '', ['format', 'task', 'input', 'labels', 'targetScale']);
  if (record.format !== PREPROCESSING_FORMAT) fail('format', `must be "${PREPROCESSING_FORMAT}", got ${describe(record.format)}`);
  const task = oneOf(record.task, 'task', ['classification', 'regression'] as const);
  const checkedInput = input(record.input, task);
  if (task === 'regression') {
    if (record.labels !== null) fail('labels', `must be null for regression, got ${describe(record.labels)}`);
    const scale = object(record.targetScale, 'targetScale', ['mean', 'std']);
    const targetScale = { mean: finite(scale.mean, 'targetScale.mean'), std: positive(scale.std, 'targetScale.std') };
    return { format: PREPROCESSING_FORMAT, task, input: checkedInput, labels: null, targetScale };
  }
  if (record.targetScale !== null) fail('targetScale', `must be null for classification, got ${describe(record.targetScale)}`);
  const labels = distinctTexts(record.labels, 'labels', 2);
  if (checkedInput.kind === 'table' && checkedInput.table.target.task === 'classification') {
    const targetLabels = checkedInput.table.target.labels;
    if (targetLabels.length !== labels.length || targetLabels.some((label, index) => labels[index] !== label)) fail('labels', 'must be the same names, in the same order, as "input.table.target.labels"');
  }
  return { format: PREPROCESSING_FORMAT, task, input: checkedInput, labels, targetScale: null };
}
