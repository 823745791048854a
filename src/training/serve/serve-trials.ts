/**
 * `serveTrials(task)`: makes the calling worker a task worker. It starts the worker's heartbeat
 * (the runner counts a silent worker as dead), then answers the runner's `TaskWorkerApi` calls over
 * comlink on the worker's global. Checkpoint buffers and exported weights leave by transfer.
 */
import * as Comlink from 'comlink';
import { startHeartbeat } from './heartbeat';
import type { TaskProgress, TaskResult, TaskWorkerApi } from './protocol';
import type { TrialTask } from './task';
import { TaskWorker } from './task-worker';

/** The transferables of a progress report or result: its checkpoint's buffers. */
function withTransfer<T extends TaskProgress | TaskResult>(message: T): T {
  const checkpoint = 'checkpoint' in message ? message.checkpoint : undefined;
  return checkpoint === undefined ? message : Comlink.transfer(message, [...checkpoint.buffers]);
}

/** The comlink face of a `TaskWorker`: transfers what leaves, releases the progress proxy after each run. */
export function taskWorkerApi(worker: TaskWorker): TaskWorkerApi {
  return {
    init: (preference, setup) => worker.init(preference, setup),
    async run(job, onProgress) {
      try {
        const result = await worker.run(job, (progress) => onProgress(withTransfer(progress)));
        return withTransfer(result);
      } finally {
        // The listener arrived as a comlink proxy: close its MessagePort, or every trial leaks one.
        (onProgress as Partial<Record<typeof Comlink.releaseProxy, () => void>>)[Comlink.releaseProxy]?.();
      }
    },
    stop: () => worker.stop(),
    memory: () => worker.memory(),
    async exportModel(params, job) {
      const exported = await worker.exportModel(params, job);
      return Comlink.transfer(exported, [exported.weights]);
    },
  };
}

/**
 * Serves trials of `task` from this worker: call it once, at the top level of your worker module.
 *
 * @example
 * ```ts
 * // trials.worker.ts
 * import { serveTrials } from 'tfjs-tuner/worker';
 *
 * serveTrials({
 *   train: async (params, report, ctx) => {
 *     const x = params.x as number;
 *     for (let epoch = (ctx.startFrom?.epochsDone ?? 0) + 1; epoch <= ctx.maxEpochs; epoch++) {
 *       const loss = (x - 2) ** 2 + 1 / epoch;
 *       if ((await report(epoch, { loss })) !== 'continue') return;
 *     }
 *   },
 * });
 * ```
 */
export function serveTrials(task: TrialTask): void {
  const workerScope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  if (workerScope === undefined || !(globalThis instanceof workerScope)) {
    throw new Error('serveTrials() must be called in a Web Worker: put it at the top level of the worker module the page starts');
  }
  const scope = globalThis as unknown as { postMessage(message: unknown): void };
  if (typeof task !== 'object' || task === null || typeof task.train !== 'function') {
    throw new Error('serveTrials(task): task.train must be a function (params, report, ctx) => …');
  }
  startHeartbeat((beat) => scope.postMessage(beat));
  Comlink.expose(taskWorkerApi(new TaskWorker(task)));
}
