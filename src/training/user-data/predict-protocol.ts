/**
 * The predictor worker's protocol (workers/predict.worker.ts): it loads exactly the three files a
 * downloaded model consists of (model.json, weights.bin, preprocessing.json) and predicts with
 * them, off the main thread: one typed table row or one dropped image ("Try it"), or the encoded
 * validation rows of a dataset (the Results view's evaluation panels). Pure types: no tfjs, no DOM.
 *
 *   const predictor = Comlink.wrap<PredictorApi>(PREDICT_WORKER.create());
 *   await predictor.load({ modelJson, weights, preprocessing }, 'auto');
 *   await predictor.predictRecord({ bill_length_mm: '39.1', island: 'Biscoe' });   // → { kind: 'classification', label: 'Adelie', … }
 */
import type { BackendPreference, BackendReport } from '../serve/protocol';
import type { PreprocessingJson } from './protocol';

/** The files of a downloaded model, as the predictor loads them. */
export interface PredictorFiles {
  /** model.json text (a LayersModel whose weights manifest names one file). */
  readonly modelJson: string;
  /** The bytes of the weight file(s), concatenated in manifest order. */
  readonly weights: ArrayBuffer;
  /** preprocessing.json, parsed (it is checked again on load). */
  readonly preprocessing: PreprocessingJson;
}

/** One class and the model's probability for it. */
export interface ClassProbability {
  readonly label: string;
  readonly probability: number;
}

/** A prediction for one row or image. */
export type Prediction =
  | {
      readonly kind: 'classification';
      /** The most probable class. */
      readonly label: string;
      /** Every class, in the model's output order (preprocessing.json's `labels`). */
      readonly probabilities: readonly ClassProbability[];
    }
  | {
      readonly kind: 'regression';
      /** On the target's original scale (output × std + mean). */
      readonly value: number;
    };

/** What the predictor worker offers over comlink. Every method but `load` rejects until a model is loaded. */
export interface PredictorApi {
  /**
   * Picks a tfjs backend (`preference` down to cpu), checks preprocessing.json, loads the model and
   * checks that its input and output fit the preprocessing; rejects naming the problem. Replaces a
   * model loaded before.
   */
  load(files: PredictorFiles, preference: BackendPreference): Promise<BackendReport>;
  /**
   * Predicts one table row: column name → the value as typed. An empty value (or "NA", "?"…) is
   * missing and imputed as preprocessing.json says; a column the model uses but the record lacks,
   * or a number column holding text that is not a number, is refused by name.
   */
  predictRecord(record: Readonly<Record<string, string>>): Promise<Prediction>;
  /** Predicts one image (PNG, JPEG, WebP or GIF), resized and converted as preprocessing.json says. */
  predictImage(image: Blob): Promise<Prediction>;
  /**
   * Predicts already-encoded rows: `features` row-major with `sampleSize` values a row (a fold's
   * features), `rows` the indices to predict. Returns, row by row in `rows` order, the class
   * probabilities (classification, [rows, classes]) or one value each on the original scale (regression).
   */
  predictRows(features: Float32Array, rows: Int32Array, sampleSize: number): Promise<Float32Array>;
}
