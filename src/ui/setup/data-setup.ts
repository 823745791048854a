/**
 * A study on the user's own data, as its setup records it: which files (by name and SHA-256
 * fingerprint, never the bytes: those are kept in IndexedDB or picked again), what the user chose
 * (target column, task kind, image size), and the model family. The dataset itself is rebuilt from
 * the files and these choices, identically, whenever the study runs.
 *
 * `validateDataSetup` checks untrusted input (a shared link, an imported study file) and refuses it
 * with a `SetupError` naming the field (`data.image.side: must be an integer in [28, 96], got 200`),
 * including the fields that depend on each other: a table has a target and no image size, an image
 * folder the reverse; the MLP trains on tables, the CNN on images, the user's model on either.
 *
 *   validateDataSetup({ source: 'table', name: 'penguins.csv', fingerprint: 'ab12…', bytes: 13_519, task: 'classification',
 *                       target: 'species', image: null, validationFraction: 0.2, model: { kind: 'mlp' } })
 */
import * as v from 'valibot';
import { shortValue } from '../../tuner';
import { MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, type UserDataKind, type UserTaskKind } from '../../training';
import { integerIn, numberIn, objectMessage, parsed } from './setup-schema';

/** The model family tuned on user data: an MLP (tables), the CNN (images), or the user's own tfjs model. */
export type UserModelSetup =
  | { readonly kind: 'mlp' }
  | { readonly kind: 'cnn' }
  | {
      readonly kind: 'user-model';
      /** model.json's file name as picked. */
      readonly name: string;
      /** SHA-256 of model.json and its weight files. */
      readonly fingerprint: string;
      readonly bytes: number;
      /** Whether the search also chooses how many of the first weighted layers stay frozen. */
      readonly tuneTrainable: boolean;
    };

export interface UserDataSetup {
  readonly source: UserDataKind;
  /** The file (table) or folder (images) name. */
  readonly name: string;
  /** SHA-256 (hex) of the source files. */
  readonly fingerprint: string;
  /** Size of the source files in bytes. */
  readonly bytes: number;
  readonly task: UserTaskKind;
  /** Tables: the target column; null for images. */
  readonly target: string | null;
  /** Images: the side (28 … 96 px) and channels; null for tables. */
  readonly image: { readonly side: number; readonly channels: 1 | 3 } | null;
  /** Share of rows held out for validation, in [0.1, 0.5]. */
  readonly validationFraction: number;
  readonly model: UserModelSetup;
}

/** The share of rows held out for validation, when the user does not choose. */
export const DEFAULT_VALIDATION_FRACTION = 0.2;
/** The range `validationFraction` may take. */
export const VALIDATION_FRACTION_RANGE: readonly [number, number] = [0.1, 0.5];

/** One set of source files a user-data setup names: the data, or the user's model. */
export interface SetupSourceFiles {
  readonly kind: UserDataKind | 'model';
  readonly name: string;
  readonly fingerprint: string;
  readonly bytes: number;
}

/** The source files a setup needs, data first (then the user's model, if any): what must be found before it runs. */
export function setupSourceFiles(data: UserDataSetup): SetupSourceFiles[] {
  const files: SetupSourceFiles[] = [{ kind: data.source, name: data.name, fingerprint: data.fingerprint, bytes: data.bytes }];
  if (data.model.kind === 'user-model') files.push({ kind: 'model', name: data.model.name, fingerprint: data.model.fingerprint, bytes: data.model.bytes });
  return files;
}

const SOURCES: readonly UserDataKind[] = ['table', 'images'];
const TASK_KINDS: readonly UserTaskKind[] = ['classification', 'regression'];
const MODEL_KINDS: readonly UserModelSetup['kind'][] = ['mlp', 'cnn', 'user-model'];

const nameSchema = v.pipe(
  v.string((issue) => `must be a file or folder name, got ${shortValue(issue.input)}`),
  v.minLength(1, 'must be a file or folder name, got ""'),
);

const fingerprintSchema = v.pipe(
  v.string((issue) => fingerprintMessage(issue.input)),
  v.regex(/^[0-9a-f]{64}$/, (issue) => fingerprintMessage(issue.input)),
);

const bytesSchema = integerIn(1, Number.MAX_SAFE_INTEGER);

const modelSchema = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('mlp') }),
    v.object({ kind: v.literal('cnn') }),
    v.object(
      {
        kind: v.literal('user-model'),
        name: nameSchema,
        fingerprint: fingerprintSchema,
        bytes: bytesSchema,
        tuneTrainable: v.boolean((issue) => `must be true or false, got ${shortValue(issue.input)}`),
      },
      objectMessage,
    ),
  ],
  (issue) => (issue.path?.at(-1)?.key === 'kind' ? `must be one of ${MODEL_KINDS.map((k) => `"${k}"`).join(', ')}, got ${shortValue(issue.input)}` : 'must be an object'),
);

/**
 * A user-data setup's fields, then how they must agree, in the order problems are reported (setup-config.ts
 * embeds it as the setup's `data` field, so its paths start with `data.`).
 */
export const DATA_SETUP_SCHEMA = v.pipe(
  v.object(
    {
      source: v.picklist(SOURCES, (issue) => `must be "table" or "images", got ${shortValue(issue.input)}`),
      name: nameSchema,
      fingerprint: fingerprintSchema,
      bytes: bytesSchema,
      task: v.picklist(TASK_KINDS, (issue) => `must be "classification" or "regression", got ${shortValue(issue.input)}`),
      target: v.nullable(v.pipe(v.string((issue) => `must be a column name or null, got ${shortValue(issue.input)}`), v.minLength(1, 'must be a column name or null, got ""'))),
      image: v.nullable(v.object({ side: integerIn(MIN_IMAGE_SIDE, MAX_IMAGE_SIDE), channels: v.picklist([1, 3], (issue) => `must be 1 (grey) or 3 (colour), got ${shortValue(issue.input)}`) }, objectMessage)),
      validationFraction: numberIn(...VALIDATION_FRACTION_RANGE),
      model: modelSchema,
    },
    objectMessage,
  ),
  v.forward(
    v.check((d) => (d.source === 'table') === (d.target !== null), (issue) =>
      issue.input.source === 'table' ? 'must name the target column of the table, got null' : `must be null for an image folder (its sub-folders are the classes), got ${shortValue(issue.input.target)}`,
    ),
    ['target'],
  ),
  v.forward(
    v.check((d) => (d.source === 'images') === (d.image !== null), (issue) =>
      issue.input.source === 'images' ? 'must give the side and channels images are resized to, got null' : `must be null for a table, got ${shortValue(issue.input.image)}`,
    ),
    ['image'],
  ),
  v.forward(
    v.check((d) => d.source === 'table' || d.task === 'classification', 'must be "classification" for an image folder: its sub-folders are the classes, got "regression"'),
    ['task'],
  ),
  v.forward(
    v.check((d) => !(d.model.kind === 'cnn' && d.source === 'table') && !(d.model.kind === 'mlp' && d.source === 'images'), (issue) =>
      issue.input.source === 'table' ? 'the CNN trains on image folders: a table takes "mlp" or "user-model"' : 'the MLP trains on tables: an image folder takes "cnn" or "user-model"',
    ),
    ['model', 'kind'],
  ),
);

/** Checks untrusted input and returns a frozen user-data setup; refuses with a `SetupError` whose path starts with `data`. */
export function validateDataSetup(raw: unknown): UserDataSetup {
  return frozenDataSetup(parsed(v.object({ data: DATA_SETUP_SCHEMA }, objectMessage), { data: raw }).data);
}

/** A frozen copy of a setup `DATA_SETUP_SCHEMA` accepted. */
export function frozenDataSetup(d: v.InferOutput<typeof DATA_SETUP_SCHEMA>): UserDataSetup {
  return Object.freeze({
    source: d.source,
    name: d.name,
    fingerprint: d.fingerprint,
    bytes: d.bytes,
    task: d.task,
    target: d.target,
    image: d.image === null ? null : Object.freeze({ side: d.image.side, channels: d.image.channels }),
    validationFraction: d.validationFraction,
    model: Object.freeze({ ...d.model }),
  });
}

function fingerprintMessage(input: unknown): string {
  return `must be a SHA-256 fingerprint (64 lowercase hex digits), got ${shortValue(input)}`;
}
