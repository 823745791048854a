/**
 * Downloading the best model: a fresh task worker retrains the best configuration with the study's
 * budget (same data split and seed as its trials; the task's `exportModel`), captures it with
 * `tf.io.withSaveHandler`, and hands back model.json and weights.bin. The built-in CNN tasks
 * retrain in the CNN worker on the page's dataset; a study on the user's own data retrains in the
 * user-data worker on the same UserDataset its trials had, and adds preprocessing.json (the
 * dataset's preprocessing). Both start their worker the one same way (`exportTask` then `train`).
 */
import { startTrialWorker, type WorkerScript } from '../../runner';
import {
  CNN_TRIAL_WORKER,
  configFromParams,
  USER_DATA_WORKER,
  type BackendReport,
  type BuiltinWorkerScript,
  type Dataset,
  type ExportedModel,
  type PreprocessingJson,
  type UserTaskSetup,
} from '../../training';
import { deriveSeed, type Params } from '../../tuner';
import { downloadBlob } from '../persistence';
import { DEFAULT_SAMPLES, type SetupConfig } from '../setup/setup-config';
import { TASKS } from '../setup/tasks';
import { PredictorSession } from '../try-it/predictor-session.svelte';
import { modelFiles, predictorFiles, type ModelFile } from './model-files';

export type ExportPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'training'; readonly backend: BackendReport | null }
  | {
      readonly kind: 'ready';
      readonly model: ExportedModel;
      readonly backend: BackendReport;
      /** User data: the task the model was retrained on (its dataset's validation rows, its preprocessing); null for the CNN tasks. */
      readonly userTask: UserTaskSetup | null;
      /** The files to download, in order. */
      readonly files: readonly ModelFile[];
    }
  | { readonly kind: 'error'; readonly message: string };

export interface ModelExportDeps {
  /** Starts the worker instead of the task's own script (tests). */
  readonly createWorker?: () => Worker;
  /** The built-in CNN tasks' dataset. */
  readonly dataset: (setup: SetupConfig) => Promise<Dataset>;
  /** A user-data study's task setup (its dataset rebuilt from the stored files, and the model family). */
  readonly userTask?: (setup: SetupConfig) => Promise<UserTaskSetup>;
  readonly download?: (blob: Blob, fileName: string) => void;
  /** Makes the predictor session that loads a user-data model's files (tests pass one over a stand-in worker). */
  readonly predictorSession?: () => PredictorSession;
}

/** What a study's model is retrained by: the worker script, its setup, and the preprocessing.json to add (user data). */
interface ExportTask {
  readonly script: BuiltinWorkerScript;
  readonly setup: unknown;
  readonly userTask: UserTaskSetup | null;
  readonly preprocessing: PreprocessingJson | null;
}

/** Whether a study of this setup has a model to download (a real task, not a synthetic landscape). */
export function exportsModel(setup: SetupConfig): boolean {
  return TASKS[setup.task].kind !== 'synthetic';
}

export class ModelExport {
  phase = $state<ExportPhase>({ kind: 'idle' });
  /** The params the ready (or training) model was built from. */
  params = $state.raw<Params | null>(null);
  /**
   * User data: the predictor worker that loaded the ready model's three files (the evaluation
   * panels and Try it use it); null before, and for the CNN tasks.
   */
  predictor = $state.raw<PredictorSession | null>(null);

  constructor(private readonly deps: ModelExportDeps) {}

  /** The worker script and setup that retrain a model of `setup`'s study. */
  private async exportTask(setup: SetupConfig, params: Params): Promise<ExportTask> {
    const task = TASKS[setup.task];
    switch (task.kind) {
      case 'cnn': {
        // Checked here too, so a bad configuration is told without starting a worker.
        configFromParams(params);
        const samples = setup.samples ?? DEFAULT_SAMPLES;
        const dataset = await this.deps.dataset(setup);
        const cnnSetup = { dataset, trainSamples: samples.train, validationSamples: samples.validation, splitSeed: setup.seed };
        return { script: CNN_TRIAL_WORKER, setup: cnnSetup, userTask: null, preprocessing: null };
      }
      case 'user': {
        if (this.deps.userTask === undefined) throw new Error('this page cannot rebuild the data of a study on your own data');
        const userTask = await this.deps.userTask(setup);
        return { script: USER_DATA_WORKER, setup: userTask, userTask, preprocessing: userTask.dataset.preprocessing };
      }
      case 'synthetic':
        throw new Error('a synthetic task trains no model');
      default: {
        const unreachable: never = task;
        throw new Error(`unknown task ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Retrains `params` (a trial's hyperparameters) under `setup`'s budget, in its own worker. */
  async train(setup: SetupConfig, params: Params, trialId: number): Promise<void> {
    if (!exportsModel(setup) || this.phase.kind === 'training') return;
    this.params = params;
    this.closePredictor();
    this.phase = { kind: 'training', backend: null };
    let worker: Worker | null = null;
    let watchdog: { stop(): void } | null = null;
    try {
      const task = await this.exportTask(setup, params);
      // Started under the same guards as the study's workers: a script that cannot load, or a worker
      // that falls silent while it trains, ends the export with the reason instead of hanging.
      const createWorker = this.deps.createWorker;
      const script: WorkerScript = createWorker === undefined ? task.script : { name: task.script.name, create: createWorker };
      const started = await startTrialWorker(script, setup.backend, task.setup);
      worker = started.worker;
      watchdog = started.watchdog;
      const silent = new Promise<never>((_, reject) => started.watchdog.reportTo((reason) => reject(new Error(reason))));
      silent.catch(() => undefined);
      const backend = started.report;
      if (backend === null) throw new Error(`${script.name} picked no tfjs backend`);
      this.phase = { kind: 'training', backend };
      const job = { trialId, attempt: 0, params, seed: deriveSeed(setup.seed, trialId), maxEpochs: setup.budget.epochs };
      const model = await Promise.race([started.api.exportModel(params, job), silent]);
      this.phase = { kind: 'ready', model, backend, userTask: task.userTask, files: modelFiles(model, task.preprocessing) };
      if (task.userTask !== null) this.openPredictor(model, task.userTask, setup);
    } catch (error) {
      this.phase = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    } finally {
      watchdog?.stop();
      worker?.terminate();
    }
  }

  /** Loads the files the download offers into a predictor worker, which then predicts the validation rows. */
  private openPredictor(model: ExportedModel, userTask: UserTaskSetup, setup: SetupConfig): void {
    const predictor = (this.deps.predictorSession ?? (() => new PredictorSession()))();
    this.predictor = predictor;
    void predictor.open(predictorFiles(model, userTask.dataset.preprocessing), setup.backend, userTask.dataset);
  }

  /** Ends the predictor worker (when the panel goes away, or before a retrain). */
  closePredictor(): void {
    this.predictor?.close();
    this.predictor = null;
  }

  /** Saves one file of the ready model. */
  downloadFile(file: ModelFile): void {
    const save = this.deps.download ?? ((blob: Blob, name: string) => void downloadBlob(blob, name));
    save(file.blob, file.name);
  }

  /** Saves every file: model.json, weights.bin (the manifest names it) and, for user data, preprocessing.json. */
  download(): void {
    if (this.phase.kind !== 'ready') return;
    for (const file of this.phase.files) this.downloadFile(file);
  }
}
