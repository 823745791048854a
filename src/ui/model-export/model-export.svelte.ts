/**
 * Downloading the best model: a fresh trial worker retrains the best configuration with the study's
 * budget (same data split and seed as its trials), captures it with `tf.io.withSaveHandler`, and
 * hands back model.json and weights.bin, which the page offers as two downloads.
 */
import type * as Comlink from 'comlink';
import { startTrialWorker, TRIAL_WORKER, type WorkerScript } from '../../runner/worker-start';
import { configFromParams, DEFAULT_CONFIG } from '../../training/config';
import type { Dataset } from '../../training/datasets';
import type { BackendPreference, BackendReport, ExportedModel, ModelExportApi, TrainBudget, TrialWorkerApi } from '../../training/protocol';
import { deriveSeed, type Params } from '../../tuner';
import { downloadBlob } from '../persistence';
import { DEFAULT_SAMPLES, type SetupConfig } from '../state/setup-config';
import { TASKS } from '../tasks';

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

type ExportWorker = TrialWorkerApi & ModelExportApi;


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
      const config = configFromParams(params, { ...DEFAULT_CONFIG, epochs: setup.budget.epochs });
      const samples = setup.samples ?? DEFAULT_SAMPLES;
      const dataset = await this.deps.dataset(setup);
      // Started under the same guards as the study's workers: a script that cannot load, or a worker
      // that falls silent while it trains, ends the export with the reason instead of hanging.
      const createWorker = this.deps.createWorker;
      const script: WorkerScript = createWorker === undefined ? TRIAL_WORKER : { name: TRIAL_WORKER.name, create: createWorker };
      const started = await startTrialWorker(script, setup.backend);
      worker = started.worker;
      watchdog = started.watchdog;
      const silent = new Promise<never>((_, reject) => started.watchdog.reportTo((reason) => reject(new Error(reason))));
      silent.catch(() => undefined);
      const api = started.api as unknown as Comlink.Remote<ExportWorker>;
      const backend = started.report;
      this.phase = { kind: 'training', backend };
      const budget: TrainBudget = {
        dataset: dataset.name,
        trainSamples: samples.train,
        validationSamples: samples.validation,
        maxEpochs: setup.budget.epochs,
        splitSeed: setup.seed,
        seed: deriveSeed(setup.seed, trialId),
      };
      const model = await Promise.race([api.exportModel(dataset, config, budget), silent]);
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
