/**
 * The browser side of tests/browser/user-data-worker.test.ts: builds a tiny 2-class table as a
 * UserDataset on SharedArrayBuffers (as the page's data-preparation worker does), starts the real
 * user-data worker (workers/user-data.worker.ts) through `userDataWorkerOptions` and the runner's
 * `createWorkerExecutorFactory`, and runs one trial on it (on one split, or k-fold). Driven from
 * Node through `window.userDataHarness` (playwright).
 */
import type { TrialOutcome } from '../../src/runner/executor';
import { createWorkerExecutorFactory, WorkerExecutor } from '../../src/runner/worker-executor';
import type { BackendPreference } from '../../src/training/protocol';
import { PREPROCESSING_FORMAT, USER_DATASET_FORMAT, type UserDataset } from '../../src/training/user-data/protocol';
import { userDataWorkerOptions } from '../../src/training/user-data/worker-script';
import type { Metrics, Params } from '../../src/tuner';

/** What one trial in a real worker gave. */
export interface OneTrialReport {
  /** Whether the dataset's arrays sat on SharedArrayBuffers (the page is cross-origin isolated). */
  readonly shared: boolean;
  readonly checkpoints: boolean;
  /** The backend the worker trained on. */
  readonly backend: string;
  readonly outcome: TrialOutcome;
  readonly epochs: readonly Metrics[];
}

export interface UserDataHarness {
  /** One trial of `epochs` epochs on `folds` folds (1: the first 48 rows train, the last 16 validate). */
  runOneTrial(backend: BackendPreference, params: Params, folds?: number, epochs?: number): Promise<OneTrialReport>;
}

declare global {
  interface Window {
    userDataHarness: UserDataHarness;
  }
}

/**
 * 64 rows of 2 features on shared memory; class 1 iff x0 + x1 > 0. One fold: the first 48 rows
 * train. k folds: fold f validates on rows [f·64/k, (f+1)·64/k) and trains on the others.
 */
function sharedTable(foldCount: number): UserDataset {
  const rows = 64;
  const features = new Float32Array(new SharedArrayBuffer(rows * 2 * 4));
  const labels = new Int32Array(new SharedArrayBuffer(rows * 4));
  for (let i = 0; i < rows; i++) {
    features[2 * i] = Math.sin(i * 1.7);
    features[2 * i + 1] = Math.cos(i * 2.3);
    labels[i] = (features[2 * i] as number) + (features[2 * i + 1] as number) > 0 ? 1 : 0;
  }
  const indices = (rowsOf: readonly number[]) => {
    const out = new Int32Array(new SharedArrayBuffer(rowsOf.length * 4));
    out.set(rowsOf);
    return out;
  };
  const all = Array.from({ length: rows }, (_, i) => i);
  const fold = (f: number) => {
    const from = foldCount === 1 ? 48 : Math.floor((f * rows) / foldCount);
    const to = foldCount === 1 ? rows : Math.floor(((f + 1) * rows) / foldCount);
    return { features, train: indices(all.filter((i) => i < from || i >= to)), validation: indices(all.slice(from, to)), targetScale: null };
  };
  return {
    format: USER_DATASET_FORMAT,
    kind: 'table',
    task: 'classification',
    name: 'shared.csv',
    fingerprint: '0'.repeat(64),
    rows,
    sampleShape: [2],
    labels,
    classNames: ['no', 'yes'],
    folds: Array.from({ length: foldCount }, (_, f) => fold(f)),
    preprocessing: { format: PREPROCESSING_FORMAT, task: 'classification', input: { kind: 'images', side: 1, channels: 1, scale: 1 }, labels: ['no', 'yes'], targetScale: null },
  };
}

window.userDataHarness = {
  async runOneTrial(backend, params, folds = 1, maxEpochs = 1) {
    const dataset = sharedTable(folds);
    const factory = createWorkerExecutorFactory(userDataWorkerOptions(backend, { dataset, family: { kind: 'mlp' } }));
    const executor = await factory.create(0);
    const epochs: Metrics[] = [];
    try {
      const outcome = await executor.run({ trialId: 1, attempt: 0, params, seed: 3, maxEpochs }, (progress) => epochs.push(progress.metrics));
      const shared = dataset.labels.buffer instanceof SharedArrayBuffer && dataset.folds[0]?.features.buffer instanceof SharedArrayBuffer;
      const backend = executor instanceof WorkerExecutor ? (executor.backend?.backend ?? 'none') : 'unknown';
      return { shared, checkpoints: factory.checkpoints === true, backend, outcome, epochs };
    } finally {
      executor.terminate();
    }
  },
};
