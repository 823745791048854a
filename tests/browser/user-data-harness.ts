/**
 * The browser side of tests/browser/user-data-worker.test.ts: builds a tiny 2-class table as a
 * UserDataset on SharedArrayBuffers (as the page's data-preparation worker does), starts the real
 * user-data worker (workers/user-data.worker.ts) through `userDataWorkerOptions` and the runner's
 * `createWorkerExecutorFactory`, and runs one trial on it. Driven from Node through
 * `window.userDataHarness` (playwright).
 */
import type { TrialOutcome } from '../../src/runner/executor';
import { createWorkerExecutorFactory } from '../../src/runner/worker-executor';
import type { BackendPreference } from '../../src/training/protocol';
import { PREPROCESSING_FORMAT, USER_DATASET_FORMAT, type UserDataset } from '../../src/training/user-data/protocol';
import { userDataWorkerOptions } from '../../src/training/user-data/worker-script';
import type { Metrics, Params } from '../../src/tuner';

/** What one trial in a real worker gave. */
export interface OneTrialReport {
  /** Whether the dataset's arrays sat on SharedArrayBuffers (the page is cross-origin isolated). */
  readonly shared: boolean;
  readonly checkpoints: boolean;
  readonly outcome: TrialOutcome;
  readonly epochs: readonly Metrics[];
}

export interface UserDataHarness {
  runOneTrial(backend: BackendPreference, params: Params): Promise<OneTrialReport>;
}

declare global {
  interface Window {
    userDataHarness: UserDataHarness;
  }
}

/** 64 rows of 2 features on shared memory; class 1 iff x0 + x1 > 0; the first 48 rows train. */
function sharedTable(): UserDataset {
  const rows = 64;
  const features = new Float32Array(new SharedArrayBuffer(rows * 2 * 4));
  const labels = new Int32Array(new SharedArrayBuffer(rows * 4));
  for (let i = 0; i < rows; i++) {
    features[2 * i] = Math.sin(i * 1.7);
    features[2 * i + 1] = Math.cos(i * 2.3);
    labels[i] = (features[2 * i] as number) + (features[2 * i + 1] as number) > 0 ? 1 : 0;
  }
  const indices = (from: number, to: number) => {
    const out = new Int32Array(new SharedArrayBuffer((to - from) * 4));
    for (let i = from; i < to; i++) out[i - from] = i;
    return out;
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
    folds: [{ features, train: indices(0, 48), validation: indices(48, rows), targetScale: null }],
    preprocessing: { format: PREPROCESSING_FORMAT, task: 'classification', input: { kind: 'images', side: 1, channels: 1, scale: 1 }, labels: ['no', 'yes'], targetScale: null },
  };
}

window.userDataHarness = {
  async runOneTrial(backend, params) {
    const dataset = sharedTable();
    const factory = createWorkerExecutorFactory(userDataWorkerOptions(backend, { dataset, family: { kind: 'mlp' } }));
    const executor = await factory.create(0);
    const epochs: Metrics[] = [];
    try {
      const outcome = await executor.run({ trialId: 1, attempt: 0, params, seed: 3, maxEpochs: 1 }, (progress) => epochs.push(progress.metrics));
      const shared = dataset.labels.buffer instanceof SharedArrayBuffer && dataset.folds[0]?.features.buffer instanceof SharedArrayBuffer;
      return { shared, checkpoints: factory.checkpoints === true, outcome, epochs };
    } finally {
      executor.terminate();
    }
  },
};
