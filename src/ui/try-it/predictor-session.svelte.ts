/**
 * The downloaded model at work in the page: a predictor worker (workers/predict.worker.ts) loads the
 * very files the download offers (model.json, weights.bin, preprocessing.json), predicts the
 * dataset's validation rows for the evaluation panels, and answers "Try it" (one row or one image).
 * Every prediction runs in that worker, never on the main thread.
 */
import * as Comlink from 'comlink';
import { PREDICT_WORKER, type BackendPreference, type BackendReport, type Prediction, type PredictorApi, type PredictorFiles, type UserDataset } from '../../training';
import type { ValidationPredictions } from '../evaluation/validation-predictions';

export type PredictorPhase =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly backend: BackendReport }
  | { readonly kind: 'error'; readonly message: string };

/** The validation rows' predictions, once computed (or why not). */
export type ValidationPhase =
  | { readonly kind: 'computing' }
  | { readonly kind: 'ready'; readonly predictions: ValidationPredictions }
  | { readonly kind: 'error'; readonly message: string };

export interface PredictorSessionDeps {
  /** Starts the predictor worker (tests pass a stand-in); default PREDICT_WORKER. */
  readonly createWorker?: () => Worker;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The validation rows of `dataset`'s first fold: the rows, their true labels and the values per row. */
export function validationRows(dataset: UserDataset): { readonly features: Float32Array; readonly rows: Int32Array; readonly sampleSize: number; readonly actual: Int32Array | Float32Array } {
  const fold = dataset.folds[0];
  if (fold === undefined) throw new Error(`the dataset ${dataset.name} has no folds`);
  const rows = fold.validation;
  const labels = dataset.labels;
  const actual = labels instanceof Int32Array ? Int32Array.from(rows, (row) => labels[row] as number) : Float32Array.from(rows, (row) => labels[row] as number);
  return { features: fold.features, rows, sampleSize: dataset.sampleShape.reduce((a, b) => a * b, 1), actual };
}

export class PredictorSession {
  phase = $state<PredictorPhase>({ kind: 'loading' });
  validation = $state.raw<ValidationPhase>({ kind: 'computing' });
  private worker: Worker | null = null;
  private api: Comlink.Remote<PredictorApi> | null = null;

  constructor(private readonly deps: PredictorSessionDeps = {}) {}

  /** Starts the worker, loads the files, then predicts `dataset`'s validation rows. */
  async open(files: PredictorFiles, preference: BackendPreference, dataset: UserDataset): Promise<void> {
    this.close();
    this.phase = { kind: 'loading' };
    this.validation = { kind: 'computing' };
    let api: Comlink.Remote<PredictorApi>;
    let failed: Promise<never>;
    try {
      const worker = (this.deps.createWorker ?? PREDICT_WORKER.create)();
      api = Comlink.wrap<PredictorApi>(worker);
      this.worker = worker;
      this.api = api;
      failed = this.failure(worker);
      const backend = await Promise.race([api.load(Comlink.transfer(files, [files.weights]), preference), failed]);
      this.phase = { kind: 'ready', backend };
    } catch (error) {
      this.phase = { kind: 'error', message: `the model could not be loaded: ${messageOf(error)}` };
      this.validation = { kind: 'error', message: 'the model could not be loaded' };
      return;
    }
    try {
      const { features, rows, sampleSize, actual } = validationRows(dataset);
      const outputs = await Promise.race([api.predictRows(features, rows, sampleSize), failed]);
      this.validation = { kind: 'ready', predictions: { task: dataset.task, actual, outputs, classNames: dataset.classNames } };
    } catch (error) {
      this.validation = { kind: 'error', message: messageOf(error) };
    }
  }

  /** One table row (column → value as typed; empty = missing), predicted in the worker. */
  async predictRecord(record: Readonly<Record<string, string>>): Promise<Prediction> {
    return this.ready().predictRecord({ ...record });
  }

  /** One image, predicted in the worker. */
  async predictImage(image: Blob): Promise<Prediction> {
    return this.ready().predictImage(image);
  }

  /** Ends the worker. */
  close(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private ready(): Comlink.Remote<PredictorApi> {
    if (this.api === null || this.phase.kind !== 'ready') throw new Error('the model is not loaded yet');
    return this.api;
  }

  /** Rejects when the worker's script fails to load (it then answers nothing). */
  private failure(worker: Worker): Promise<never> {
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => reject(new Error(event instanceof ErrorEvent && event.message ? event.message : `${PREDICT_WORKER.name} did not load`)), { once: true });
    });
    failed.catch(() => undefined);
    return failed;
  }
}
