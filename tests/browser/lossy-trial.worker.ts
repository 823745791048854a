/**
 * Test-only worker: the real trial worker's routing (workers/trial.worker.ts) plus two faults:
 * `destroyDevice` destroys the WebGPU device tfjs trains on, as a driver crash or GPU reset would
 * (on the webgl backend it loses the WebGL context instead, through WEBGL_lose_context);
 * `throwUncaught` throws outside any call, which the page sees as the worker's 'error' event.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { selectBackend } from '../../src/training/backend';
import { startHeartbeat } from '../../src/training/heartbeat';
import type { TrialWorkerApi } from '../../src/training/protocol';
import { TrialSession } from '../../src/training/session';

const session = new TrialSession();
// Signs of life for the page's watchdog (see WorkerHeartbeat), from the moment the worker runs.
startHeartbeat((beat) => (self as unknown as { postMessage(message: unknown): void }).postMessage(beat));

const api: TrialWorkerApi & { destroyDevice(): boolean; throwUncaught(): void } = {
  async init(preference) {
    const { report, lost } = await selectBackend(preference);
    session.watchBackend(lost);
    return report;
  },
  async loadDataset(dataset) {
    session.loadDataset(dataset);
  },
  train: (config, budget, onProgress) => session.train(config, budget, onProgress),
  stop: () => session.stop(),
  memory: () => session.memory(),
  destroyDevice() {
    const backend = tf.backend() as unknown as { device?: { destroy(): void }; gpgpu?: { gl: WebGL2RenderingContext } };
    if (backend.device !== undefined) {
      backend.device.destroy();
      return true;
    }
    const loseContext = backend.gpgpu?.gl.getExtension('WEBGL_lose_context');
    loseContext?.loseContext();
    return loseContext !== undefined && loseContext !== null;
  },
  throwUncaught() {
    setTimeout(() => {
      throw new Error('trial worker crashed on purpose');
    }, 0);
  },
};

Comlink.expose(api);
