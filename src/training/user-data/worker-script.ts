/**
 * The user-data trial worker (workers/user-data.worker.ts, which serves `createUserDataTask()`
 * through `serveTrials`) and the options the runner's worker executor takes for it. No tfjs here:
 * the page imports this, and tfjs loads only inside the worker.
 *
 *   const setup: UserTaskSetup = { dataset, family: { kind: 'mlp' } };   // the dataset built once, on SharedArrayBuffers
 *   const factory = createWorkerExecutorFactory(userDataWorkerOptions('auto', setup));
 */
import type { BuiltinWorkerScript } from '../builtin-worker';
import type { BackendPreference } from '../protocol';
import type { UserTaskSetup } from './protocol';

/** The worker that trains the model families of a user-data study. */
export const USER_DATA_WORKER: BuiltinWorkerScript = {
  name: 'workers/user-data.worker.ts',
  create: () => new Worker(new URL('../../../workers/user-data.worker.ts', import.meta.url), { type: 'module' }),
};

/** The worker executor's options for a user-data study: what `createWorkerExecutorFactory` takes. */
export interface UserDataWorkerOptions {
  readonly script: BuiltinWorkerScript;
  readonly backend: BackendPreference;
  /** Structured-cloned to every worker's `init`: the dataset's SharedArrayBuffers stay shared, never copied. */
  readonly setup: UserTaskSetup;
  /** True without cross-validation: a checkpoint holds one model, not one per fold. */
  readonly checkpoints: boolean;
}

/**
 * The worker executor's options for `setup`: the user-data worker (or `script`, for tests), the
 * backend preference, the setup, and checkpoints (pause/resume, PBT) iff the dataset has one fold.
 */
export function userDataWorkerOptions(backend: BackendPreference, setup: UserTaskSetup, script: BuiltinWorkerScript = USER_DATA_WORKER): UserDataWorkerOptions {
  return { script, backend, setup, checkpoints: setup.dataset.folds.length === 1 };
}
