/**
 * The data-preparation worker (workers/data-prep.worker.ts, which exposes `createDataPrepApi()`
 * over comlink) as a script the page starts by URL. No parsing or decoding is reached from here:
 * the page imports this, and the work happens in the worker.
 *
 *   const api = Comlink.wrap<DataPrepApi>(DATA_PREP_WORKER.create());
 */
import type { BuiltinWorkerScript } from '../builtin-worker';

/** The data-preparation worker: parses, profiles, encodes and decodes user data off the main thread. */
export const DATA_PREP_WORKER: BuiltinWorkerScript = {
  name: 'workers/data-prep.worker.ts',
  create: () => new Worker(new URL('../../../workers/data-prep.worker.ts', import.meta.url), { type: 'module' }),
};
