/**
 * The browser side of `npm run bench:training` (main.ts drives it through `window.trainingBench`):
 * samples/s of one config on a chosen backend, and trials per minute through the runner's pool.
 */
import * as Comlink from 'comlink';
import { ExecutorPool } from '../../src/runner/pool';
import { TunerLoop } from '../../src/runner/tuner-loop';
import { WorkerExecutor } from '../../src/runner/worker-executor';
import { createStudy, type Params } from '../../src/tuner';
import { CNN_TRIAL_WORKER, cnnWorkerOptions, type CnnTaskSetup } from '../../src/training/builtin-worker';
import type { TrainConfig } from '../../src/training/config';
import { fetchDataset, type Dataset } from '../../src/training/datasets';
import type { BackendName, BackendReport, TaskJob, TaskProgress, TaskWorkerApi } from '../../src/training/serve/protocol';

export interface ThroughputReport {
  readonly report: BackendReport;
  readonly paramCount: number | null;
  /** Training samples per second of the timed run (validation excluded). */
  readonly samplesPerSecond: number;
  /** Wall time of the warm-up trial (shader compilation, first uploads). */
  readonly warmupMs: number;
}

export interface ScalingReport {
  readonly workers: number;
  readonly trials: number;
  /** From the first trial's start to the last trial's end; worker start-up excluded. */
  readonly wallMs: number;
  readonly trialsPerMinute: number;
  readonly states: readonly string[];
}

export interface TrainingBench {
  loadDataset(): Promise<void>;
  throughput(backend: BackendName, config: TrainConfig, trainSamples: number): Promise<ThroughputReport>;
  scaling(backend: BackendName, workers: number, trials: number, config: TrainConfig, trainSamples: number): Promise<ScalingReport>;
}

declare global {
  interface Window {
    trainingBench: TrainingBench;
  }
}

let dataset: Dataset | null = null;
const loaded = (): Dataset => {
  if (dataset === null) throw new Error('call loadDataset first');
  return dataset;
};

window.trainingBench = {
  async loadDataset() {
    dataset = await fetchDataset(new URL('/', location.href).href, 'mnist');
  },

  async throughput(backend, config, trainSamples) {
    const worker = CNN_TRIAL_WORKER.create();
    try {
      const api = Comlink.wrap<TaskWorkerApi>(worker);
      const setup: CnnTaskSetup = { dataset: loaded(), trainSamples, validationSamples: 64, splitSeed: 1 };
      const report = await api.init(backend, setup);
      if (report === null) throw new Error(`${CNN_TRIAL_WORKER.name} picked no tfjs backend`);
      const job: TaskJob = { trialId: 0, attempt: 0, params: config as unknown as Params, seed: 1, maxEpochs: 1 };
      // Warm-up (shader compilation, first uploads): a trial stopped after its first batch.
      const warmupStarted = performance.now();
      await api.run(job, Comlink.proxy((p: TaskProgress) => void (p.kind === 'batch' && api.stop())));
      const warmupMs = performance.now() - warmupStarted;
      const result = await api.run({ ...job, trialId: 1 }, Comlink.proxy(() => undefined));
      if (result.kind !== 'complete') throw new Error(`benchmark trial ended ${result.kind}${result.kind === 'failed' ? `: ${result.reason}` : ''}`);
      return { report, paramCount: result.paramCount ?? null, samplesPerSecond: result.samplesPerSecond ?? 0, warmupMs };
    } finally {
      worker.terminate();
    }
  },

  async scaling(backend, workers, trials, config, trainSamples) {
    const setup = cnnWorkerOptions(backend, { dataset: loaded(), baseConfig: config, trainSamples, validationSamples: 64, splitSeed: 1 });
    const pool = await ExecutorPool.create({ kind: `worker:${backend}`, create: () => WorkerExecutor.start(setup) }, { size: workers });
    try {
      // Every trial trains the same config: the space's one parameter only varies the learning rate slightly.
      const study = createStudy({ space: { learningRate: { type: 'float', low: 9e-4, high: 1.1e-3 } }, sampler: 'random', seed: 1 });
      const loop = new TunerLoop({ study, pool, budget: { maxEpochs: 1 }, maxTrials: trials });
      const started = performance.now();
      await loop.run();
      const wallMs = performance.now() - started;
      return { workers, trials, wallMs, trialsPerMinute: (trials * 60_000) / wallMs, states: study.trials.map((t) => t.state) };
    } finally {
      pool.terminate();
    }
  },
};
