/**
 * Downloading the best model: a fresh CNN task worker retrains the best configuration with the
 * study's budget (same data split and seed as its trials; the task's `exportModel`), captures it
 * with `tf.io.withSaveHandler`, and hands back model.json and weights.bin, which the page offers as
 * two downloads.
 */
import { startTrialWorker, type WorkerScript } from '../../runner';
import { CNN_TRIAL_WORKER, configFromParams, type BackendReport, type CnnTaskSetup, type Dataset, type ExportedModel } from '../../training';
import { deriveSeed, type Params } from '../../tuner';
import { downloadBlob } from '../persistence';
import { DEFAULT_SAMPLES, type SetupConfig } from '../setup/setup-config';
import { TASKS } from '../setup/tasks';

export type ExportPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'training'; readonly backend: BackendReport | null }
  | { readonly kind: 'ready'; readonly model: ExportedModel; readonly backend: BackendReport }
  | { readonly kind: 'error'; readonly message: string };

export interface ModelExportDeps {
  readonly createWorker?: () => Worker;
  readonly dataset: (setup: SetupConfig) => Promise<Dataset>;
  readonly download?: (blob: Blob, fileName: string) => void;
}

export class ModelExport {
  phase = $state<ExportPhase>({ kind: 'idle' });
  /** The params the ready (or training) model was built from. */
  params = $state.raw<Params | null>(null);

  constructor(private readonly deps: ModelExportDeps) {}

  /** Retrains `params` (a trial's hyperparameters) under `setup`'s budget, in its own worker. */
  async train(setup: SetupConfig, params: Params, trialId: number): Promise<void> {
    if (TASKS[setup.task].kind !== 'cnn' || this.phase.kind === 'training') return;
    this.params = params;
    this.phase = { kind: 'training', backend: null };
    let worker: Worker | null = null;
    let watchdog: { stop(): void } | null = null;
    try {
      // Checked here too, so a bad configuration is told without starting a worker.
      configFromParams(params);
      const samples = setup.samples ?? DEFAULT_SAMPLES;
      const dataset = await this.deps.dataset(setup);
      const taskSetup: CnnTaskSetup = { dataset, trainSamples: samples.train, validationSamples: samples.validation, splitSeed: setup.seed };
      // Started under the same guards as the study's workers: a script that cannot load, or a worker
      // that falls silent while it trains, ends the export with the reason instead of hanging.
      const createWorker = this.deps.createWorker;
      const script: WorkerScript = createWorker === undefined ? CNN_TRIAL_WORKER : { name: CNN_TRIAL_WORKER.name, create: createWorker };
      const started = await startTrialWorker(script, setup.backend, taskSetup);
      worker = started.worker;
      watchdog = started.watchdog;
      const silent = new Promise<never>((_, reject) => started.watchdog.reportTo((reason) => reject(new Error(reason))));
      silent.catch(() => undefined);
      const backend = started.report;
      if (backend === null) throw new Error(`${script.name} picked no tfjs backend`);
      this.phase = { kind: 'training', backend };
      const job = { trialId, attempt: 0, params, seed: deriveSeed(setup.seed, trialId), maxEpochs: setup.budget.epochs };
      const model = await Promise.race([started.api.exportModel(params, job), silent]);
      this.phase = { kind: 'ready', model, backend };
    } catch (error) {
      this.phase = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    } finally {
      watchdog?.stop();
      worker?.terminate();
    }
  }

  /** Saves model.json and weights.bin (the manifest names that file). */
  download(): void {
    if (this.phase.kind !== 'ready') return;
    const save = this.deps.download ?? ((blob: Blob, name: string) => void downloadBlob(blob, name));
    save(new Blob([this.phase.model.modelJson], { type: 'application/json' }), 'model.json');
    save(new Blob([this.phase.model.weights], { type: 'application/octet-stream' }), 'weights.bin');
  }
}
