/**
 * The browser side of `npm run bench:training` (main.ts drives it through `window.trainingBench`):
 * samples/s of one config on a chosen backend (wasm with a chosen thread count and SIMD choice,
 * through wasm-trial.worker.ts), and trials per minute of the page's default MNIST study through
 * the runner's pool, in the page's own CNN trial workers.
 */
import * as Comlink from 'comlink';
import { ExecutorPool } from '../../src/runner/pool';
import { TunerLoop } from '../../src/runner/tuner-loop';
import { WorkerExecutor } from '../../src/runner/worker-executor';
import { createStudy, type Params } from '../../src/tuner';
import { CNN_TRIAL_WORKER, cnnWorkerOptions, type BuiltinWorkerScript, type CnnTaskSetup } from '../../src/training/builtin-worker';
import { DEFAULT_SEARCH_SPACE, type TrainConfig } from '../../src/training/config';
import { fetchDataset, type Dataset } from '../../src/training/datasets';
import type { BackendName, BackendReport, TaskJob, TaskProgress, TaskWorkerApi } from '../../src/training/serve/protocol';

/** How a wasm row loads the backend: XNNPACK threads and whether the SIMD binary is used. */
export interface WasmBenchSetting {
  readonly threads: number;
  readonly simd: boolean;
}

/** A throughput row's backend: one of tfjs's, and for wasm its setting. */
export type BenchBackend = { readonly name: Exclude<BackendName, 'wasm'> } | { readonly name: 'wasm'; readonly wasm: WasmBenchSetting };

export interface ThroughputReport {
  readonly report: BackendReport;
  readonly paramCount: number | null;
  /** Training samples per second of the fastest timed run (validation excluded). */
  readonly samplesPerSecond: number;
  /** Wall time of the warm-up trial (binary or shader compilation, first uploads). */
  readonly warmupMs: number;
}

/** What a study run trains: the page's default MNIST study (setup-config.ts defaultSetup('mnist-cnn')). */
export interface StudyBenchOptions {
  readonly backend: BackendName;
  readonly workers: number;
  readonly trials: number;
  readonly epochs: number;
  readonly trainSamples: number;
  readonly validationSamples: number;
}

export interface ScalingReport {
  readonly workers: number;
  readonly trials: number;
  /** From the first trial's start to the last trial's end; worker start-up excluded. */
  readonly wallMs: number;
  readonly trialsPerMinute: number;
  readonly states: readonly string[];
  /** Each worker's backend report (its detail says threads and SIMD for wasm). */
  readonly backends: readonly string[];
}

export interface TrainingBench {
  loadDataset(): Promise<void>;
  /**
   * The best samples/s of `repeats` timed one-epoch trials after a warm-up (other work on the machine
   * only ever slows a trial down). Rejects after `timeoutMs` (and stops the worker) when the worker
   * hangs, e.g. a wasm build that cannot start.
   */
  throughput(backend: BenchBackend, config: TrainConfig, trainSamples: number, repeats: number, timeoutMs: number): Promise<ThroughputReport>;
  study(options: StudyBenchOptions): Promise<ScalingReport>;
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

/** The CNN trial worker with wasm set up as `setting` says (the setting travels in the worker's name). */
function wasmBenchWorker(setting: WasmBenchSetting): BuiltinWorkerScript {
  return {
    name: 'bench/training/wasm-trial.worker.ts',
    create: () => new Worker(new URL('./wasm-trial.worker.ts', import.meta.url), { type: 'module', name: JSON.stringify(setting) }),
  };
}

window.trainingBench = {
  async loadDataset() {
    dataset = await fetchDataset(new URL('/', location.href).href, 'mnist');
  },

  async throughput(backend, config, trainSamples, repeats, timeoutMs) {
    const worker = (backend.name === 'wasm' ? wasmBenchWorker(backend.wasm) : CNN_TRIAL_WORKER).create();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    const measure = async (): Promise<ThroughputReport> => {
      const api = Comlink.wrap<TaskWorkerApi>(worker);
      const setup: CnnTaskSetup = { dataset: loaded(), trainSamples, validationSamples: 64, splitSeed: 1 };
      const report = await api.init(backend.name, setup);
      if (report === null) throw new Error(`${CNN_TRIAL_WORKER.name} picked no tfjs backend`);
      const job: TaskJob = { trialId: 0, attempt: 0, params: config as unknown as Params, seed: 1, maxEpochs: 1 };
      // Warm-up (wasm or shader compilation, first uploads): a trial stopped after its first batch.
      const warmupStarted = performance.now();
      await api.run(job, Comlink.proxy((p: TaskProgress) => void (p.kind === 'batch' && api.stop())));
      const warmupMs = performance.now() - warmupStarted;
      let best: ThroughputReport | null = null;
      for (let trialId = 1; trialId <= repeats; trialId++) {
        const result = await api.run({ ...job, trialId }, Comlink.proxy(() => undefined));
        if (result.kind !== 'complete') throw new Error(`benchmark trial ended ${result.kind}${result.kind === 'failed' ? `: ${result.reason}` : ''}`);
        const samplesPerSecond = result.samplesPerSecond ?? 0;
        if (best === null || samplesPerSecond > best.samplesPerSecond) best = { report, paramCount: result.paramCount ?? null, samplesPerSecond, warmupMs };
      }
      if (best === null) throw new Error(`repeats must be ≥ 1, got ${repeats}`);
      return best;
    };
    try {
      return await Promise.race([measure(), timeout]);
    } finally {
      clearTimeout(timer);
      worker.terminate();
    }
  },

  async study({ backend, workers, trials, epochs, trainSamples, validationSamples }) {
    const setup = cnnWorkerOptions(backend, { dataset: loaded(), trainSamples, validationSamples, splitSeed: 1 });
    const backends: string[] = [];
    const start = async () => {
      const executor = await WorkerExecutor.start(setup);
      backends.push(executor.backend === null ? 'none' : `${executor.backend.backend}: ${executor.backend.detail}`);
      return executor;
    };
    const pool = await ExecutorPool.create({ kind: `worker:${backend}`, create: start }, { size: workers });
    try {
      const study = createStudy({ space: DEFAULT_SEARCH_SPACE, sampler: 'gp', seed: 1 });
      const loop = new TunerLoop({ study, pool, budget: { maxEpochs: epochs }, maxTrials: trials });
      const started = performance.now();
      await loop.run();
      const wallMs = performance.now() - started;
      return { workers, trials, wallMs, trialsPerMinute: (trials * 60_000) / wallMs, states: study.trials.map((t) => t.state), backends };
    } finally {
      pool.terminate();
    }
  },
};
