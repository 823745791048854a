/**
 * User data as the page's workers see it: one dataset, parsed and encoded once (tables) or decoded
 * once (image folders), held on SharedArrayBuffers so that every trial worker reads the same bytes;
 * the model family tuned on it; and the `preprocessing.json` that travels with a downloaded model.
 * Pure types and constants: no tfjs, no DOM.
 *
 *   const setup: UserTaskSetup = { dataset, family: { kind: 'mlp' } };   // init(backend, setup) of every user-data worker
 */
import type { Preprocessing } from '../table';

/** Where the rows came from. */
export type UserDataKind = 'table' | 'images';

/** What the target is: classes, or a number. */
export type UserTaskKind = 'classification' | 'regression';

/** `format` of a `UserDataset`. */
export const USER_DATASET_FORMAT = 'user-dataset/1';

/** `format` of a downloaded model's preprocessing.json. */
export const PREPROCESSING_FORMAT = 'tfjs-tuner.preprocessing/1';

/** A regression target's standardisation, fitted on the training rows: the model predicts (y − mean) / std. */
export interface TargetScale {
  readonly mean: number;
  readonly std: number;
}

/** One train/validation split of the rows, with the features encoded for it. */
export interface UserDataFold {
  /**
   * Row-major features, shape [rows, ...sampleShape], float32, on a SharedArrayBuffer in the page.
   * Tables: encoded with the preprocessing fitted on this fold's training rows. Images: pixels in
   * [0, 1], the same array for every fold.
   */
  readonly features: Float32Array;
  /** Row indices of the training rows (stratified for classification, shuffled with the study's seed). */
  readonly train: Int32Array;
  /** Row indices of the validation rows. */
  readonly validation: Int32Array;
  /** Regression: the target's scale fitted on this fold's training rows; null for classification. */
  readonly targetScale: TargetScale | null;
}

/** A dataset ready for training: what every user-data worker gets once, in `init`. */
export interface UserDataset {
  readonly format: typeof USER_DATASET_FORMAT;
  readonly kind: UserDataKind;
  readonly task: UserTaskKind;
  /** The file or folder name, as the user picked it. */
  readonly name: string;
  /** SHA-256 (hex) of the source files (fingerprint.ts): the same data, the same fingerprint. */
  readonly fingerprint: string;
  readonly rows: number;
  /** One sample's shape: [features] for a table, [side, side, channels] for images. */
  readonly sampleShape: readonly number[];
  /** Per row: the class index (classification, Int32Array) or the raw target value (regression, Float32Array). Shared. */
  readonly labels: Int32Array | Float32Array;
  /** Classification: the class names, index order; null for regression. */
  readonly classNames: readonly string[] | null;
  /** One fold without cross-validation (folds[0] is the train/validation split); k with k-fold. */
  readonly folds: readonly UserDataFold[];
  /** Written as preprocessing.json beside a downloaded model (folds[0]'s fit). */
  readonly preprocessing: PreprocessingJson;
}

/** How an input image becomes the model's input. */
export interface ImageInput {
  readonly kind: 'images';
  /** Images are resized (stretched) to side × side. */
  readonly side: number;
  /** 1: grey (BT.601 luma), 3: RGB. */
  readonly channels: 1 | 3;
  /** Pixel values are divided by 255. */
  readonly scale: number;
}

/** How a table row becomes the model's input: the table preprocessing (column order, scaling, category maps, imputation). */
export interface TableInput {
  readonly kind: 'table';
  readonly table: Preprocessing;
}

/** preprocessing.json: everything besides model.json and weights.bin needed to predict as the page does. */
export interface PreprocessingJson {
  readonly format: typeof PREPROCESSING_FORMAT;
  readonly task: UserTaskKind;
  readonly input: TableInput | ImageInput;
  /** Classification: output i is the probability of labels[i]. */
  readonly labels: readonly string[] | null;
  /** Regression: prediction = output × std + mean. */
  readonly targetScale: TargetScale | null;
}

/** The model family a user-data study tunes. */
export type ModelFamily =
  | { readonly kind: 'mlp' }
  | { readonly kind: 'cnn' }
  | {
      readonly kind: 'user-model';
      /** The user's model.json text. */
      readonly modelJson: string;
      /** Every weight file's bytes, concatenated in manifest order (as `checkModelFiles` returns them). */
      readonly weights: ArrayBuffer;
    };

/** `init`'s setup for a user-data worker. */
export interface UserTaskSetup {
  readonly dataset: UserDataset;
  readonly family: ModelFamily;
}
