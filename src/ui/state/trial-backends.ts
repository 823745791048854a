/**
 * What runs a study's trials, chosen by its task: the simulated backend on a scaled real clock for
 * synthetic tasks (trials animate in tens of milliseconds), or the runner's generic worker executor
 * over a real task worker: the built-in CNN task worker for the CNN tasks (the dataset is fetched
 * once per page and handed to every worker's setup, shared), or the user-data worker for a study on
 * the user's data (the dataset is built once from the stored files, on SharedArrayBuffers, and every
 * worker gets the same bytes).
 */
import { createSimulatedBackend, createWorkerExecutorFactory, WorkerExecutor, type ExecutorFactory, type RunnerClock } from '../../runner';
import { cnnKeepsCheckpoints, cnnWorkerOptions, fetchDataset, userDataWorkerOptions, type BackendReport, type Dataset, type DatasetName } from '../../training';
import { TASKS } from '../setup/tasks';
import { pageSimulationClock, wallClock } from './scaled-clock';
import { DEFAULT_SAMPLES, type SetupConfig } from '../setup/setup-config';
import { dataSources } from '../data/data-sources.svelte';

export interface TrialBackend {
  readonly factory: ExecutorFactory;
  /** The loop's and the study's clock: simulated ms for synthetic tasks, Unix ms for real ones. */
  readonly clock: RunnerClock;
  /** Whether trial times are simulated (synthetic tasks). */
  readonly simulated: boolean;
}

export interface TrialBackendOptions {
  /** Clock reading to continue from (a resumed study's last time); synthetic tasks only. */
  readonly startMs?: number;
  /** Called with the backend each worker got (real tasks). */
  readonly onWorkerBackend?: (slot: number, report: BackendReport) => void;
  /** Called when a worker could not start, with the reason (real tasks): the script did not load, it fell silent, no backend works. */
  readonly onWorkerFailure?: (slot: number, reason: string) => void;
}

const datasets = new Map<DatasetName, Promise<Dataset>>();

/** The page's copy of a dataset, fetched on first use. */
export function pageDataset(name: DatasetName): Promise<Dataset> {
  let found = datasets.get(name);
  if (found === undefined) {
    // Vite's base URL (typed loosely: this file is also type-checked by tools without vite/client).
    const base = (import.meta as ImportMeta & { readonly env?: { readonly BASE_URL?: string } }).env?.BASE_URL ?? '/';
    found = fetchDataset(new URL(base, location.href).href, name);
    found.catch(() => datasets.delete(name));
    datasets.set(name, found);
  }
  return found;
}

/**
 * The backend for `setup`'s trials. A study on the user's data first needs its dataset: this rejects
 * with the data sources' `MissingDataError` when its files are nowhere (neither picked this visit nor
 * stored), or with their error when building the dataset refuses.
 */
export async function createTrialBackend(setup: SetupConfig, options: TrialBackendOptions = {}): Promise<TrialBackend> {
  const task = TASKS[setup.task];
  switch (task.kind) {
    case 'synthetic': {
      const clock = pageSimulationClock(options.startMs ?? 0);
      const factory = createSimulatedBackend({ clock, objective: task.objective, seed: setup.seed, startupMs: 300, noise: 0.01 });
      return { factory, clock, simulated: true };
    }
    case 'cnn': {
      const dataset = await pageDataset(task.dataset);
      const samples = setup.samples ?? DEFAULT_SAMPLES;
      const base = createWorkerExecutorFactory(
        cnnWorkerOptions(setup.backend, { dataset, trainSamples: samples.train, validationSamples: samples.validation, splitSeed: setup.seed, folds: setup.folds ?? 1 }),
      );
      return { factory: reportingFactory(base, options), clock: wallClock, simulated: false };
    }
    case 'user': {
      const taskSetup = await dataSources.taskSetupFor(setup);
      const base = createWorkerExecutorFactory(userDataWorkerOptions(setup.backend, taskSetup));
      return { factory: reportingFactory(base, options), clock: wallClock, simulated: false };
    }
    default: {
      const unreachable: never = task;
      return unreachable;
    }
  }
}

/**
 * Whether the real-training workers (CNN and user data alike) keep checkpoints (pause/resume, PBT
 * clones) for a study with `folds` cross-validation folds: with one split only, as a checkpoint holds
 * one model, not one per fold.
 */
export function workerCheckpoints(folds = 1): boolean {
  return cnnKeepsCheckpoints({ folds });
}

/** `base`, telling `options` the backend each worker got, or why a worker could not start. */
function reportingFactory(base: ExecutorFactory, options: TrialBackendOptions): ExecutorFactory {
  return {
    ...base,
    create: async (slot) => {
      let executor: Awaited<ReturnType<ExecutorFactory['create']>>;
      try {
        executor = await base.create(slot);
      } catch (error) {
        options.onWorkerFailure?.(slot, error instanceof Error ? error.message : String(error));
        throw error;
      }
      if (executor instanceof WorkerExecutor && executor.backend !== null) options.onWorkerBackend?.(slot, executor.backend);
      return executor;
    },
  };
}
