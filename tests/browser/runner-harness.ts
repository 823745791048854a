/**
 * The browser side of tests/browser/worker-executor.test.ts: worker executors (src/runner/worker-executor.ts)
 * over real trial workers, driven from Node through `window.runnerHarness`. Node-side proxies call
 * `create`/`run`/`stop`/`terminate` one by one (the executor contract suite), and `runStudy` runs a
 * whole study through the runner's pool and tuner loop inside the page.
 */
import * as Comlink from 'comlink';
import { ExecutorPool } from '../../src/runner/pool';
import { TunerLoop } from '../../src/runner/tuner-loop';
import type { TunerEvent } from '../../src/runner/tuner-events';
import type { TrialJob, TrialOutcome, TrialProgress } from '../../src/runner/executor';
import { WorkerExecutor, type WorkerExecutorOptions } from '../../src/runner/worker-executor';
import { createStudy, type SearchSpace, type TrialState } from '../../src/tuner';
import { fetchDataset, type Dataset } from '../../src/training/datasets';

/** Executor options as they cross from Node (the dataset is the page's, loaded once). */
export type ExecutorSetup = Omit<WorkerExecutorOptions, 'dataset' | 'createWorker'>;

export type RunReply =
  | { readonly ok: true; readonly outcome: TrialOutcome }
  | { readonly ok: false; readonly name: string; readonly message: string };

export interface StudySetup {
  readonly executor: ExecutorSetup;
  readonly workers: number;
  readonly trials: number;
  readonly maxEpochs: number;
  readonly space: SearchSpace;
  /** Terminate the worker of the slot that reports this trial's first epoch (a kill without any event). */
  readonly killTrialAfterFirstEpoch?: number;
}

export interface StudyReport {
  readonly finish: string;
  readonly trials: ReadonlyArray<{ readonly id: number; readonly state: TrialState; readonly value: number | null; readonly reason: string | null }>;
  readonly events: readonly string[];
  /** Most trials running at the same time. */
  readonly maxConcurrent: number;
  readonly workersStarted: number;
}

/** A fault injected into a test worker (lossy-trial.worker.ts) once its trial reported epoch 1. */
export type WorkerFault = 'destroy-device' | 'uncaught-error';

export interface RunnerHarness {
  loadDataset(): Promise<void>;
  create(setup: ExecutorSetup): Promise<number>;
  run(executorId: number, job: TrialJob): Promise<RunReply>;
  stop(executorId: number): void;
  terminate(executorId: number): void;
  runStudy(setup: StudySetup): Promise<StudyReport>;
  /** Runs one job on a lossy worker, injects `fault` after epoch 1, then tries a second job. */
  runWithFault(setup: ExecutorSetup, job: TrialJob, fault: WorkerFault): Promise<{ first: RunReply; second: RunReply }>;
  /** Starts an executor over a worker that never answers; resolves with how `start` failed. */
  startSilent(setup: ExecutorSetup): Promise<{ name: string; message: string } | null>;
}

declare global {
  interface Window {
    runnerHarness: RunnerHarness;
    /** Exposed by the Node side (playwright's exposeFunction). */
    reportExecutorProgress?: (executorId: number, progress: TrialProgress) => Promise<void>;
  }
}

let dataset: Dataset | null = null;
const executors = new Map<number, WorkerExecutor>();
let nextId = 0;

function options(setup: ExecutorSetup, createWorker?: () => Worker): WorkerExecutorOptions {
  if (dataset === null) throw new Error('call loadDataset first');
  return { ...setup, dataset, ...(createWorker === undefined ? {} : { createWorker }) };
}

function executor(id: number): WorkerExecutor {
  const found = executors.get(id);
  if (found === undefined) throw new Error(`no executor ${id}`);
  return found;
}

type LossyApi = { destroyDevice(): boolean; throwUncaught(): void };

async function reply(run: () => Promise<TrialOutcome>): Promise<RunReply> {
  try {
    return { ok: true, outcome: await run() };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, name: e.name, message: e.message };
  }
}

const trialWorker = (): Worker => new Worker(new URL('../../workers/trial.worker.ts', import.meta.url), { type: 'module' });

window.runnerHarness = {
  async loadDataset() {
    dataset = await fetchDataset(new URL('/', location.href).href, 'mnist');
  },
  async create(setup) {
    const id = nextId++;
    executors.set(id, await WorkerExecutor.start(options(setup)));
    return id;
  },
  run(executorId, job) {
    return reply(() => executor(executorId).run(job, (progress) => void window.reportExecutorProgress?.(executorId, progress)));
  },
  stop(executorId) {
    executor(executorId).stop();
  },
  terminate(executorId) {
    executor(executorId).terminate();
  },
  async runWithFault(setup, job, fault) {
    const worker = new Worker(new URL('./lossy-trial.worker.ts', import.meta.url), { type: 'module' });
    const faults = Comlink.wrap<LossyApi>(worker);
    const slot = await WorkerExecutor.start(options(setup, () => worker));
    const inject = () => (fault === 'destroy-device' ? faults.destroyDevice() : faults.throwUncaught());
    const first = await reply(() => slot.run(job, (p) => p.epoch === 1 && void inject()));
    const second = await reply(() => slot.run({ ...job, trialId: job.trialId + 1 }, () => undefined));
    slot.terminate();
    return { first, second };
  },
  async startSilent(setup) {
    const worker = new Worker(new URL('./silent.worker.ts', import.meta.url), { type: 'module' });
    try {
      (await WorkerExecutor.start(options(setup, () => worker))).terminate();
      return null;
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { name: e.name, message: e.message };
    }
  },
  async runStudy(setup) {
    const workers = new Map<number, Worker>();
    let workersStarted = 0;
    const factory = {
      kind: `worker:${setup.executor.backend}`,
      create: (slot: number) => {
        const worker = trialWorker();
        workers.set(slot, worker);
        workersStarted += 1;
        return WorkerExecutor.start(options(setup.executor, () => worker));
      },
    };
    const study = createStudy({ space: setup.space, sampler: 'random', seed: 5, direction: 'minimize' });
    const pool = await ExecutorPool.create(factory, { size: setup.workers });
    const loop = new TunerLoop({ study, pool, budget: { maxEpochs: setup.maxEpochs }, maxTrials: setup.trials });
    const events: string[] = [];
    let running = 0;
    let maxConcurrent = 0;
    let killed = false;
    loop.on((event: TunerEvent) => {
      events.push(event.type === 'trial-progress' ? `${event.type} ${event.trialId}/${event.epoch}` : `${event.type}${'trialId' in event ? ` ${event.trialId}` : ''}`);
      if (event.type === 'trial-started') maxConcurrent = Math.max(maxConcurrent, ++running);
      if (event.type === 'trial-finished' || event.type === 'slot-crashed') running -= 1;
      if (event.type === 'trial-progress' && event.trialId === setup.killTrialAfterFirstEpoch && event.epoch === 1 && !killed) {
        killed = true;
        workers.get(event.slot)?.terminate();
      }
    });
    try {
      const result = await loop.run();
      return {
        finish: result.finish.reason,
        trials: study.trials.map((t) => ({ id: t.id, state: t.state, value: t.value, reason: t.reason })),
        events,
        maxConcurrent,
        workersStarted,
      };
    } finally {
      pool.terminate();
    }
  },
};
