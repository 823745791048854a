/**
 * The browser side of tests/browser/trial-worker.test.ts: a page that fetches the shipped datasets
 * once, starts CNN task workers (workers/trial.worker.ts, which serves the CNN task through the task
 * protocol) and keeps what they report, driven from Node through `window.harness` (playwright).
 */
import * as Comlink from 'comlink';
import { CNN_TRIAL_WORKER, type CnnTaskSetup } from '../../src/training/builtin-worker';
import { fetchDataset, type Dataset, type DatasetName } from '../../src/training/datasets';
import type { BackendPreference, BackendReport, TaskJob, TaskProgress, TaskResult, TaskWorkerApi, TensorMemory } from '../../src/training/serve/protocol';
import { WorkerSlots } from './worker-slots';

/**
 * The test-only lossy worker adds `destroyDevice` to the real API (see lossy-trial.worker.ts); the
 * real one rejects it. 'wasm-threads' is the real task with two wasm threads (wasm-threads.worker.ts).
 */
export type WorkerKind = 'trial' | 'lossy-trial' | 'wasm-threads';
type Api = TaskWorkerApi & { destroyDevice(): boolean };

/** A CNN task setup as it crosses from Node: the dataset is named, the page hands over its loaded copy. */
export type HarnessSetup = Omit<CnnTaskSetup, 'dataset'> & { readonly dataset: DatasetName };

interface Slot {
  readonly worker: Worker;
  readonly api: Comlink.Remote<Api>;
  progress: TaskProgress[];
  running: Promise<TaskResult> | null;
}

export interface Harness {
  /** Fetches a dataset once into (shared) memory; every later worker gets the same buffers. */
  loadDataset(name: DatasetName): Promise<{ count: number; shared: boolean }>;
  /** Starts a worker: `init(preference, setup)` with the loaded dataset. */
  spawn(preference: BackendPreference, setup: HarnessSetup, kind?: WorkerKind): Promise<{ id: number; report: BackendReport | null }>;
  /** Starts a trial in worker `id`; its progress is collected. */
  start(id: number, job: TaskJob): void;
  /** Resolves once worker `id` has reported `count` batch progress events of its running trial. */
  waitForBatches(id: number, count: number): Promise<void>;
  /** The running trial's result, and all progress it reported. */
  finish(id: number): Promise<{ result: TaskResult; progress: TaskProgress[] }>;
  train(id: number, job: TaskJob): Promise<{ result: TaskResult; progress: TaskProgress[] }>;
  stop(id: number): Promise<void>;
  memory(id: number): Promise<TensorMemory>;
  destroyDevice(id: number): Promise<boolean>;
  terminate(id: number): void;
  crossOriginIsolated(): boolean;
}

declare global {
  interface Window {
    harness: Harness;
  }
}

const datasets = new Map<DatasetName, Dataset>();
const slots = new WorkerSlots<Slot>();
const slot = (id: number): Slot => slots.get(id);

function createWorker(kind: WorkerKind): Worker {
  switch (kind) {
    case 'trial':
      return CNN_TRIAL_WORKER.create();
    case 'lossy-trial':
      return new Worker(new URL('./lossy-trial.worker.ts', import.meta.url), { type: 'module' });
    case 'wasm-threads':
      return new Worker(new URL('./wasm-threads.worker.ts', import.meta.url), { type: 'module' });
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown worker kind ${String(unreachable)}`);
    }
  }
}

window.harness = {
  async loadDataset(name) {
    const dataset = await fetchDataset(new URL('/', location.href).href, name);
    datasets.set(name, dataset);
    return { count: dataset.labels.length, shared: dataset.images.buffer instanceof SharedArrayBuffer };
  },
  async spawn(preference, setup, kind = 'trial') {
    const dataset = datasets.get(setup.dataset);
    if (dataset === undefined) throw new Error(`load ${setup.dataset} first`);
    const worker = createWorker(kind);
    const api = Comlink.wrap<Api>(worker);
    const taskSetup: CnnTaskSetup = { ...setup, dataset };
    const report = await api.init(preference, taskSetup);
    const id = slots.add({ worker, api, progress: [], running: null });
    return { id, report };
  },
  start(id, job) {
    const s = slot(id);
    s.progress = [];
    s.running = s.api.run(job, Comlink.proxy((p: TaskProgress) => void s.progress.push(p)));
  },
  async waitForBatches(id, count) {
    const s = slot(id);
    while (s.progress.filter((p) => p.kind === 'batch').length < count) await new Promise((r) => setTimeout(r, 10));
  },
  async finish(id) {
    const s = slot(id);
    if (s.running === null) throw new Error(`worker ${id} runs no trial`);
    const result = await s.running;
    s.running = null;
    return { result, progress: s.progress };
  },
  async train(id, job) {
    window.harness.start(id, job);
    return window.harness.finish(id);
  },
  async stop(id) {
    await slot(id).api.stop();
  },
  async memory(id) {
    return slot(id).api.memory();
  },
  async destroyDevice(id) {
    return slot(id).api.destroyDevice();
  },
  terminate(id) {
    slot(id).worker.terminate();
    slots.delete(id);
  },
  crossOriginIsolated: () => globalThis.crossOriginIsolated,
};
