/**
 * Test-only worker: the CNN task served as workers/trial.worker.ts serves it (the task protocol's
 * comlink face over a TaskWorker running createCnnTask()), plus two faults: `destroyDevice` destroys
 * the WebGPU device tfjs trains on, as a driver crash or GPU reset would (on the webgl backend it
 * loses the WebGL context instead, through WEBGL_lose_context); `throwUncaught` throws outside any
 * call, which the page sees as the worker's 'error' event. Its wasm backend loads the binaries this
 * site serves, as the real worker's does.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { createCnnTask } from '../../src/training/cnn-task';
import { startHeartbeat } from '../../src/training/serve/heartbeat';
import { taskWorkerApi } from '../../src/training/serve/serve-trials';
import { TaskWorker } from '../../src/training/serve/task-worker';
import { configureWasm } from '../../src/training/serve/wasm-setup';
import { WASM_BINARY_URLS } from '../../workers/wasm-binaries';

// Signs of life for the page's watchdog (see WorkerHeartbeat), from the moment the worker runs.
startHeartbeat((beat) => (self as unknown as { postMessage(message: unknown): void }).postMessage(beat));

const faults = {
  destroyDevice(): boolean {
    const backend = tf.backend() as unknown as { device?: { destroy(): void }; gpgpu?: { gl: WebGL2RenderingContext } };
    if (backend.device !== undefined) {
      backend.device.destroy();
      return true;
    }
    const loseContext = backend.gpgpu?.gl.getExtension('WEBGL_lose_context');
    loseContext?.loseContext();
    return loseContext !== undefined && loseContext !== null;
  },
  throwUncaught(): void {
    setTimeout(() => {
      throw new Error('trial worker crashed on purpose');
    }, 0);
  },
};

configureWasm({ binaries: WASM_BINARY_URLS });
Comlink.expose({ ...taskWorkerApi(new TaskWorker(createCnnTask())), ...faults });
