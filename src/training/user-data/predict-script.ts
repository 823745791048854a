/**
 * The predictor worker script (workers/predict.worker.ts, which serves `PredictorApi`). No tfjs
 * here: the page imports this, and tfjs loads only inside the worker.
 */
import type { BuiltinWorkerScript } from '../builtin-worker';

/** The worker that loads a downloaded model's three files and predicts with them. */
export const PREDICT_WORKER: BuiltinWorkerScript = {
  name: 'workers/predict.worker.ts',
  create: () => new Worker(new URL('../../../workers/predict.worker.ts', import.meta.url), { type: 'module' }),
};
