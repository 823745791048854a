/**
 * What a trial worker exposes over comlink: routes each call to src/training. Loaded by the worker
 * shell (trial.worker.ts) after its heartbeat has started, since loading tfjs takes seconds.
 */
import * as Comlink from 'comlink';
import { selectBackend } from '../src/training/backend';
import { trainAndExport } from '../src/training/export-model';
import type { ModelExportApi, TrainProgress, TrainResult, TrialWorkerApi } from '../src/training/protocol';
import { TrialSession } from '../src/training/session';

/** Answers the page's comlink calls on this worker's global from now on. */
export function exposeTrialApi(): void {
  const session = new TrialSession();
  const api: TrialWorkerApi & ModelExportApi = {
    async init(preference) {
      const { report, lost } = await selectBackend(preference);
      session.watchBackend(lost);
      return report;
    },
    async loadDataset(dataset) {
      session.loadDataset(dataset);
    },
    async train(config, budget, onProgress, checkpointing) {
      // Checkpoints leave by transfer (their buffers move to the page and are gone from here).
      const send = (progress: TrainProgress) =>
        onProgress(progress.kind === 'epoch' && progress.checkpoint ? Comlink.transfer(progress, [...progress.checkpoint.buffers]) : progress);
      try {
        const result: TrainResult = await session.train(config, budget, send, checkpointing);
        return result.kind !== 'failed' && result.checkpoint ? Comlink.transfer(result, [...result.checkpoint.buffers]) : result;
      } finally {
        // The listener arrived as a comlink proxy: close its MessagePort, or every trial leaks one.
        (onProgress as Partial<Record<typeof Comlink.releaseProxy, () => void>>)[Comlink.releaseProxy]?.();
      }
    },
    stop() {
      session.stop();
    },
    memory() {
      return session.memory();
    },
    async exportModel(dataset, config, budget) {
      const exported = await trainAndExport(dataset, config, budget);
      return Comlink.transfer(exported, [exported.weights]);
    },
  };
  Comlink.expose(api);
}
