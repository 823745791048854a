/**
 * The built-in CNN tasks (MNIST, Fashion-MNIST) as a task for `serveTrials`: the page's trial
 * workers (workers/trial.worker.ts) are users of the same task API as anyone's worker module.
 *
 *   serveTrials(createCnnTask());                     // workers/trial.worker.ts
 *
 *   setup(data)        data: CnnTaskSetup (builtin-worker.ts): the dataset (its bytes on a
 *                      SharedArrayBuffer, shared by every worker), the samples per epoch, the split
 *                      seed, the folds and the base config. `undefined`: a worker that only picks
 *                      its backend (the page's probe); it runs no trial.
 *   train(params, …)   the params override the base config (configFromParams); the job's
 *                      `maxEpochs` is the epoch budget (a param `epochs` may only lower it). Runs
 *                      train.ts through a TrialSession: seeded splits and shuffles, k-fold
 *                      cross-validation, L2, divergence checks, step-cost heartbeats, 'tfjs-weights/1'
 *                      checkpoints. Each epoch is reported with its metrics (loss, accuracy,
 *                      valLoss, valAccuracy) and, when the runner keeps checkpoints, the state after
 *                      it; an answer other than 'continue' (or the runner's stop) ends the trial
 *                      within one batch. Batches go to `ctx.reportBatch`. A diverged, failed or
 *                      backend-lost trial throws a TrialFailure with that cause.
 *   exportModel        retrains the params as a trial of that job would (export-model.ts).
 */
import { cloneCheckpoint } from './serve/checkpoint';
import type { CnnTaskSetup } from './builtin-worker';
import { configFromParams, DEFAULT_CONFIG, TrainConfigError, validateConfig, type TrainConfig } from './config';
import { DATASET_NAMES, isDatasetName, sampleSize } from './datasets';
import { backendLoss } from './serve/backend';
import { trainAndExport } from './export-model';
import type { TrainBudget, TrainCheckpointing, TrainProgress } from './protocol';
import { TrialFailure } from './serve/failure';
import type { ExportedModel, TaskJob } from './serve/protocol';
import type { TrialTask } from './serve/task';
import { TrialSession } from './session';
import type { Params } from '../tuner';

/** A setup as the task keeps it, checked and with its defaults filled in. */
interface CheckedSetup extends CnnTaskSetup {
  readonly baseConfig: TrainConfig;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1;

/** Checks what arrived as `setup` (it crossed postMessage); throws an Error naming the first bad field. */
function checkSetup(data: unknown): CheckedSetup {
  const bad = (problem: string) => new Error(`CNN task setup: ${problem}`);
  if (data === null || typeof data !== 'object') throw bad(`expected { dataset, trainSamples, validationSamples, splitSeed, folds?, baseConfig? }, got ${data === null ? 'null' : typeof data}`);
  const setup = data as Partial<Record<keyof CnnTaskSetup, unknown>>;
  const dataset = setup.dataset as Partial<CnnTaskSetup['dataset']> | undefined;
  if (dataset === undefined || dataset === null || typeof dataset !== 'object') throw bad('dataset is missing');
  if (!isDatasetName(dataset.name)) throw bad(`dataset.name must be one of ${DATASET_NAMES.join(', ')}, got ${JSON.stringify(dataset.name)}`);
  if (!(dataset.images instanceof Uint8Array) || !(dataset.labels instanceof Uint8Array)) throw bad('dataset.images and dataset.labels must be Uint8Arrays');
  if (!Array.isArray(dataset.shape) || dataset.shape.length !== 3 || !dataset.shape.every(isCount)) throw bad('dataset.shape must be [h, w, c] of positive integers');
  if (dataset.images.length !== dataset.labels.length * sampleSize(dataset.shape as [number, number, number])) {
    throw bad(`dataset ${dataset.name}: ${dataset.images.length} pixel bytes do not fit ${dataset.labels.length} samples`);
  }
  for (const name of ['trainSamples', 'validationSamples'] as const) {
    if (!isCount(setup[name])) throw bad(`${name} must be an integer ≥ 1, got ${JSON.stringify(setup[name])}`);
  }
  if (typeof setup.splitSeed !== 'number' || !Number.isInteger(setup.splitSeed)) throw bad(`splitSeed must be an integer, got ${JSON.stringify(setup.splitSeed)}`);
  if (setup.folds !== undefined && !isCount(setup.folds)) throw bad(`folds must be an integer ≥ 1, got ${JSON.stringify(setup.folds)}`);
  let baseConfig: TrainConfig;
  try {
    baseConfig = setup.baseConfig === undefined ? DEFAULT_CONFIG : validateConfig(setup.baseConfig as TrainConfig);
  } catch (error) {
    throw bad(`baseConfig: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ...(data as CnnTaskSetup), baseConfig };
}

/**
 * The config a job trains: `params` over the base config, for the job's epoch budget (`epochs` from
 * the params may lower it, never raise it). A bad param fails the trial naming it.
 */
function jobConfig(params: Params, base: TrainConfig, maxEpochs: number): TrainConfig {
  try {
    const config = configFromParams(params, { ...base, epochs: maxEpochs });
    return config.epochs > maxEpochs ? { ...config, epochs: maxEpochs } : config;
  } catch (error) {
    if (error instanceof TrainConfigError) throw new TrialFailure('error', error.message);
    throw error;
  }
}

/** What one trial of `setup` trains on (the epochs are the config's). */
function budgetOf(setup: CheckedSetup, seed: number): TrainBudget {
  return {
    dataset: setup.dataset.name,
    trainSamples: setup.trainSamples,
    validationSamples: setup.validationSamples,
    splitSeed: setup.splitSeed,
    seed,
    ...(setup.folds === undefined || setup.folds === 1 ? {} : { folds: setup.folds }),
  };
}

/** A task serving the built-in CNN tasks; one per worker (it keeps the worker's dataset). */
export function createCnnTask(): TrialTask {
  const session = new TrialSession();
  let setup: CheckedSetup | null = null;
  const needSetup = (): CheckedSetup => {
    if (setup === null) throw new TrialFailure('error', 'this CNN task worker was started without a setup (no dataset): it only picked its backend');
    return setup;
  };

  return {
    setup(data) {
      if (data === undefined) return;
      const checked = checkSetup(data);
      session.loadDataset(checked.dataset);
      session.watchBackend(backendLoss());
      setup = checked;
    },

    async train(params, report, ctx) {
      const current = needSetup();
      const config = jobConfig(params, current.baseConfig, ctx.maxEpochs);
      const stop = () => session.stop();
      ctx.signal.addEventListener('abort', stop);
      // Each epoch's state comes with its progress, so the checkpoint function hands over a copy of it.
      const checkpointing: TrainCheckpointing = {
        ...(ctx.startFrom === undefined ? {} : { startFrom: ctx.startFrom }),
        ...(ctx.saveCheckpoint === undefined ? {} : { saveCheckpoint: 'every-epoch' as const }),
      };
      const listener = async (progress: TrainProgress): Promise<void> => {
        switch (progress.kind) {
          case 'batch':
            ctx.reportBatch(progress.batch, progress.batches, progress.loss);
            return;
          case 'epoch': {
            const state = progress.checkpoint;
            const { loss, accuracy, valLoss, valAccuracy } = progress.metrics;
            const answer = await report(progress.epoch, { loss, accuracy, valLoss, valAccuracy }, state === undefined ? undefined : () => cloneCheckpoint(state));
            if (answer !== 'continue') session.stop();
            return;
          }
          default: {
            const unreachable: never = progress;
            throw new Error(`unknown training progress ${JSON.stringify(unreachable)}`);
          }
        }
      };
      try {
        if (ctx.signal.aborted) return {};
        const result = await session.train(config, budgetOf(current, ctx.seed), listener, checkpointing);
        const summary = { ...(result.paramCount === null ? {} : { paramCount: result.paramCount }), samplesPerSecond: result.samplesPerSecond };
        switch (result.kind) {
          case 'complete':
          case 'stopped':
            return summary;
          case 'failed':
            throw new TrialFailure(result.cause, result.reason);
          default: {
            const unreachable: never = result;
            throw new Error(`unknown training result ${JSON.stringify(unreachable)}`);
          }
        }
      } finally {
        ctx.signal.removeEventListener('abort', stop);
      }
    },

    async exportModel(params: Params, job: TaskJob): Promise<ExportedModel> {
      const current = needSetup();
      return trainAndExport(current.dataset, jobConfig(params, current.baseConfig, job.maxEpochs), budgetOf({ ...current, folds: 1 }, job.seed));
    },
  };
}
