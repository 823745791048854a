/**
 * The page's built-in CNN tasks (MNIST, Fashion-MNIST) as a task worker: the worker script
 * (workers/trial.worker.ts, which serves the CNN task of cnn-task.ts), the setup each of its
 * workers receives, and the options the runner's worker executor takes for it. No tfjs here: the
 * page imports this, and tfjs loads only inside the worker.
 *
 *   const dataset = await fetchDataset(baseUrl, 'mnist');   // once, on a SharedArrayBuffer where possible
 *   const factory = createWorkerExecutorFactory(cnnWorkerOptions('auto', { dataset, trainSamples: 2048, validationSamples: 512, splitSeed: 7 }));
 */
import type { TrainConfig } from './config';
import type { Dataset } from './datasets';
import type { BackendPreference } from './protocol';

/** What every CNN task worker is set up with (`init`'s setup): its data and what is fixed for a study. */
export interface CnnTaskSetup {
  /** Fetched once by the page; its bytes on a SharedArrayBuffer are shared by every worker, not copied. */
  readonly dataset: Dataset;
  /** Samples from the train split per epoch (≤ what the split holds). */
  readonly trainSamples: number;
  /** Samples from the validation split evaluated after each epoch. */
  readonly validationSamples: number;
  /** Fixes the train/validation split for the whole study. */
  readonly splitSeed: number;
  /**
   * k-fold cross-validation over the train + validation samples, 1–10; default 1 (none). With
   * k ≥ 2 a trial trains k models in lockstep and keeps no checkpoints: paused trials retrain.
   */
  readonly folds?: number;
  /** Values of the hyperparameters a study's params leave out; default DEFAULT_CONFIG. */
  readonly baseConfig?: TrainConfig;
}

/** A worker script in the shape the runner's worker executor takes (`WorkerScript`). */
export interface BuiltinWorkerScript {
  readonly name: string;
  create(): Worker;
}

/** The CNN task worker. */
export const CNN_TRIAL_WORKER: BuiltinWorkerScript = {
  name: 'workers/trial.worker.ts',
  create: () => new Worker(new URL('../../workers/trial.worker.ts', import.meta.url), { type: 'module' }),
};

/** Whether CNN trials under `setup` keep checkpoints (pause/resume, PBT): a checkpoint holds one model, not one per fold. */
export function cnnKeepsCheckpoints(setup: Pick<CnnTaskSetup, 'folds'>): boolean {
  return (setup.folds ?? 1) === 1;
}

/**
 * The worker executor's options for the CNN task (`createWorkerExecutorFactory(…)`): the CNN worker
 * (or `script`, for tests), the backend preference, the setup, and checkpoints unless cross-validating.
 */
export function cnnWorkerOptions(
  backend: BackendPreference,
  setup: CnnTaskSetup,
  script: BuiltinWorkerScript = CNN_TRIAL_WORKER,
): { readonly script: BuiltinWorkerScript; readonly backend: BackendPreference; readonly setup: CnnTaskSetup; readonly checkpoints: boolean } {
  return { script, backend, setup, checkpoints: cnnKeepsCheckpoints(setup) };
}
