/**
 * The page side of tests/browser/serve-*.test.ts: starts the task-worker fixtures
 * (fixtures/*.worker.ts, user modules that call serveTrials / serveModelTrials), drives them
 * through the task protocol over comlink as the runner does, and keeps what they report. Driven from
 * Node through `window.serveHarness` (playwright).
 */
import * as Comlink from 'comlink';
import type { BackendPreference, BackendReport, ExportedModel, TaskJob, TaskProgress, TaskResult, TaskWorkerApi, TensorMemory } from '../../src/training/serve/protocol';
import { isWorkerHeartbeat } from '../../src/runner/worker-watchdog';
import type { Params } from '../../src/tuner';
import { WorkerSlots } from './worker-slots';

export type FixtureName = 'dense-model' | 'counting-loop';

/** How `init` ended: the backend report, or the error it rejected with (name and message). */
export type InitOutcome = { readonly report: BackendReport | null } | { readonly error: { readonly name: string; readonly message: string } };

export interface RunRecord {
  readonly result: TaskResult;
  readonly progress: TaskProgress[];
}

export interface ServeHarness {
  spawn(fixture: FixtureName, preference: BackendPreference | 'none', setup: unknown): Promise<{ id: number; init: InitOutcome }>;
  /** Runs a trial; with `stopAfterEpoch`, calls stop() once that epoch's progress arrives. */
  run(id: number, job: TaskJob, stopAfterEpoch?: number): Promise<RunRecord>;
  /** The checkpoint of the latest result of worker `id`, kept on the page (for a later startFrom). */
  resume(id: number, job: TaskJob, fromId: number): Promise<RunRecord>;
  memory(id: number): Promise<TensorMemory>;
  /** Heartbeats worker `id` has posted so far. */
  beats(id: number): number;
  exportModel(id: number, params: Params, job: TaskJob): Promise<{ modelJson: string; weightBytes: number; metrics: ExportedModel['metrics']; epochs: number } | { error: string }>;
  terminate(id: number): void;
}

declare global {
  interface Window {
    serveHarness: ServeHarness;
  }
}

interface Slot {
  readonly worker: Worker;
  readonly api: Comlink.Remote<TaskWorkerApi>;
  last: TaskResult | null;
  beats: number;
}

const slots = new WorkerSlots<Slot>();
const slot = (id: number): Slot => slots.get(id);

function createWorker(fixture: FixtureName): Worker {
  switch (fixture) {
    case 'dense-model':
      return new Worker(new URL('./fixtures/dense-model.worker.ts', import.meta.url), { type: 'module' });
    case 'counting-loop':
      return new Worker(new URL('./fixtures/counting-loop.worker.ts', import.meta.url), { type: 'module' });
    default: {
      const unreachable: never = fixture;
      throw new Error(`unknown fixture ${String(unreachable)}`);
    }
  }
}

async function runOn(s: Slot, job: TaskJob, stopAfterEpoch: number | undefined, transfer: Transferable[]): Promise<RunRecord> {
  const progress: TaskProgress[] = [];
  const listener = Comlink.proxy((p: TaskProgress) => {
    progress.push(p);
    if (p.kind === 'epoch' && p.epoch === stopAfterEpoch) void s.api.stop();
  });
  const result = await s.api.run(Comlink.transfer(job, transfer), listener);
  s.last = result;
  return { result, progress };
}

window.serveHarness = {
  async spawn(fixture, preference, setup) {
    const worker = createWorker(fixture);
    const api = Comlink.wrap<TaskWorkerApi>(worker);
    const s: Slot = { worker, api, last: null, beats: 0 };
    worker.addEventListener('message', (event) => {
      if (isWorkerHeartbeat(event.data)) s.beats++;
    });
    const id = slots.add(s);
    try {
      return { id, init: { report: await api.init(preference, setup) } };
    } catch (error) {
      const e = error as Error;
      return { id, init: { error: { name: e.name, message: e.message } } };
    }
  },
  run: (id, job, stopAfterEpoch) => runOn(slot(id), job, stopAfterEpoch, []),
  async resume(id, job, fromId) {
    const from = slot(fromId).last;
    const checkpoint = from !== null && from.kind !== 'failed' ? from.checkpoint : undefined;
    if (checkpoint === undefined) throw new Error(`worker ${fromId}'s last result has no checkpoint`);
    return runOn(slot(id), { ...job, startFrom: checkpoint }, undefined, [...checkpoint.buffers]);
  },
  memory: (id) => slot(id).api.memory(),
  beats: (id) => slot(id).beats,
  async exportModel(id, params, job) {
    try {
      const exported = await slot(id).api.exportModel(params, job);
      return { modelJson: exported.modelJson, weightBytes: exported.weights.byteLength, metrics: exported.metrics, epochs: exported.epochs };
    } catch (error) {
      return { error: (error as Error).message };
    }
  },
  terminate(id) {
    slot(id).worker.terminate();
    slots.delete(id);
  },
};
