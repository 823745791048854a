/**
 * The browser side of tests/browser/worker-executor.test.ts: the runner's generic worker executors
 * (src/runner/worker-executor.ts) over real CNN task workers (workers/trial.worker.ts, set up with
 * `cnnWorkerOptions`), driven from Node through `window.runnerHarness`. Node-side proxies call
 * `create`/`run`/`stop`/`terminate` one by one (the executor contract suite), and `runStudy` runs a
 * whole study through the runner's pool and tuner loop inside the page. Checkpoints stay in the
 * page (`runKeeping` keeps them by name, so their buffers are the page's and transfers are real);
 * `runPbtStudy` runs a PBT study through the same loop with the PBT scheduler.
 */
import * as Comlink from 'comlink';
import { ExecutorPool } from '../../src/runner/pool';
import { TunerLoop } from '../../src/runner/tuner-loop';
import type { TunerEvent } from '../../src/runner/tuner-events';
import { checkpointBytes, copyCheckpoint, type TrialCheckpoint, type TrialJob, type TrialOutcome, type TrialProgress } from '../../src/runner/executor';
import { WorkerExecutor, type WorkerExecutorOptions } from '../../src/runner/worker-executor';
import type { SilenceRecord } from '../../src/runner/worker-watchdog';
import { createStudy, type Params, type SearchSpace, type TrialState } from '../../src/tuner';
import { createScheduler } from '../../src/tuner/schedulers';
import { CNN_TRIAL_WORKER, cnnWorkerOptions, type CnnTaskSetup } from '../../src/training/builtin-worker';
import { fetchDataset, type Dataset } from '../../src/training/datasets';
import type { BackendPreference, TaskWorkerApi, TensorMemory } from '../../src/training/serve/protocol';

/** Executor options as they cross from Node: the CNN task's setup without its dataset (the page's, loaded once). */
export type ExecutorSetup = Omit<CnnTaskSetup, 'dataset'> & {
  readonly backend: BackendPreference;
  readonly silenceLimitMs?: number;
};

/**
 * A checkpoint as it crosses between the page and Node (playwright hands ArrayBuffers over as
 * something else): its buffers as base64. Only the Node-side proxy executor uses it.
 */
export interface WireCheckpoint {
  readonly format: string;
  readonly epochsDone: number;
  readonly base64: readonly string[];
  readonly manifest: unknown;
}

/** A job as it crosses from Node: `startFrom` goes separately, as a WireCheckpoint. */
export type WireJob = Omit<TrialJob, 'startFrom'>;

/** A progress report as it crosses to Node: its checkpoint goes separately, as a WireCheckpoint. */
export type WireProgress = Omit<TrialProgress, 'checkpoint'>;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function toWire({ format, epochsDone, buffers, manifest }: TrialCheckpoint): WireCheckpoint {
  return { format, epochsDone, base64: buffers.map(toBase64), manifest };
}

function fromWire({ format, epochsDone, base64, manifest }: WireCheckpoint): TrialCheckpoint {
  return { format, epochsDone, buffers: base64.map(fromBase64), manifest };
}

/** An outcome without its checkpoint, which travels beside it as `checkpoint` (a WireCheckpoint). */
export type RunReply =
  | { readonly ok: true; readonly outcome: TrialOutcome; readonly checkpoint?: WireCheckpoint }
  | { readonly ok: false; readonly name: string; readonly message: string };

export interface StudySetup {
  readonly executor: ExecutorSetup;
  readonly workers: number;
  readonly trials: number;
  readonly maxEpochs: number;
  readonly space: SearchSpace;
  /** Terminate the worker of the slot that reports this trial's first epoch (a kill without any event). */
  readonly killTrialAfterFirstEpoch?: number;
}

/** How an executor's start failed. */
export interface StartFailure {
  readonly name: string;
  readonly message: string;
  readonly afterMs: number;
}

export interface StudyReport {
  readonly finish: string;
  readonly trials: ReadonlyArray<{ readonly id: number; readonly state: TrialState; readonly value: number | null; readonly reason: string | null }>;
  readonly events: readonly string[];
  /** Most trials running at the same time. */
  readonly maxConcurrent: number;
  readonly workersStarted: number;
  /** Each executor's longest silence and what was allowed then (ms), in start order. */
  readonly longestSilences: readonly SilenceRecord[];
  /** The backend each executor got, in start order. */
  readonly backends: readonly string[];
}

/** A checkpoint as it crosses to Node: what it is, not its bytes. */
export interface CheckpointSummary {
  readonly format: string;
  readonly epochsDone: number;
  readonly buffers: number;
  readonly bytes: number;
  readonly manifest: unknown;
}

/** What `runKeeping` saw: the outcome (its checkpoint summarised), each epoch, and what became of `startFrom`. */
export interface KeepingReply {
  readonly reply: RunReply;
  readonly checkpoint: CheckpointSummary | null;
  readonly progress: ReadonlyArray<{ readonly epoch: number; readonly valLoss: number; readonly checkpoint: CheckpointSummary | null }>;
  /** Bytes of the `startFrom` checkpoint just before `run` and just after it was called (0 once transferred). */
  readonly startFromBytes: { readonly before: number; readonly afterRunCalled: number } | null;
}

export interface KeepingOptions {
  /** Name of a kept checkpoint to start from (handed over as is: it is transferred). */
  readonly startFrom?: string;
  /** Keep the outcome's checkpoint under this name. */
  readonly keepAs?: string;
  /** `stop()` the executor once it reported this epoch (a pause). */
  readonly stopAfterEpoch?: number;
}

export interface PbtSetup {
  readonly executor: ExecutorSetup;
  readonly space: SearchSpace;
  readonly schedulerOptions: Record<string, unknown>;
  readonly maxTrials: number;
  /** The study's seed (default 5): which configurations the population starts from. */
  readonly seed?: number;
}

export interface PbtReport {
  readonly finish: string;
  readonly trials: ReadonlyArray<{ readonly id: number; readonly state: TrialState; readonly params: Params; readonly steps: readonly number[]; readonly value: number | null }>;
  readonly exploited: ReadonlyArray<{ readonly trialId: number; readonly parentId: number; readonly fromEpoch: number; readonly fromCheckpoint: boolean; readonly changed: readonly string[] }>;
  /** trialId/epoch of every progress event, in order. */
  readonly progress: readonly string[];
  readonly workersStarted: number;
  /** The backend each executor got, in start order. */
  readonly backends: readonly string[];
  /** numTensors of every worker still alive at the end (each back at its idle baseline). */
  readonly tensorsAfter: readonly number[];
}

/** A fault injected into a test worker (lossy-trial.worker.ts) once its trial reported epoch 1. */
export type WorkerFault = 'destroy-device' | 'uncaught-error';

export interface RunnerHarness {
  loadDataset(): Promise<void>;
  create(setup: ExecutorSetup): Promise<number>;
  /** The backend an executor made by `create` got ('none' for a task without tfjs). */
  backend(executorId: number): string;
  run(executorId: number, job: WireJob, startFrom?: WireCheckpoint): Promise<RunReply>;
  stop(executorId: number): void;
  terminate(executorId: number): void;
  runStudy(setup: StudySetup): Promise<StudyReport>;
  /** Runs one job on a lossy worker, injects `fault` after epoch 1, then tries a second job. */
  runWithFault(setup: ExecutorSetup, job: TrialJob, fault: WorkerFault): Promise<{ first: RunReply; second: RunReply }>;
  /** Starts an executor over a worker that never answers; resolves with how `start` failed, and after how long. */
  startSilent(setup: ExecutorSetup): Promise<StartFailure | null>;
  /** Starts an executor over a worker script that is not there (an HTTP 404); resolves with how `start` failed. */
  startMissing(setup: ExecutorSetup): Promise<StartFailure | null>;
  /** Runs `job` on an executor made by `create`, with checkpoints kept in the page (see KeepingOptions). */
  runKeeping(executorId: number, job: TrialJob, options: KeepingOptions): Promise<KeepingReply>;
  /** A kept checkpoint, summarised (bytes 0 once its buffers were transferred away). */
  kept(name: string): CheckpointSummary;
  /** Keeps a copy (new buffers) of a kept checkpoint as `as`. */
  copyKept(name: string, as: string): void;
  /** tf.memory() inside the worker of an executor made by `create`. */
  memory(executorId: number): Promise<TensorMemory>;
  /** A PBT study through the tuner loop on real workers with checkpoints. */
  runPbtStudy(setup: PbtSetup): Promise<PbtReport>;
}

declare global {
  interface Window {
    runnerHarness: RunnerHarness;
    /** Exposed by the Node side (playwright's exposeFunction). */
    reportExecutorProgress?: (executorId: number, progress: WireProgress, checkpoint?: WireCheckpoint) => Promise<void>;
  }
}

let dataset: Dataset | null = null;
const executors = new Map<number, WorkerExecutor>();
/** A second comlink view of each executor's worker, for memory() (the executor does not expose it). */
const probes = new Map<number, Comlink.Remote<TaskWorkerApi>>();
const checkpoints = new Map<string, TrialCheckpoint>();
let nextId = 0;

function summary(checkpoint: TrialCheckpoint): CheckpointSummary {
  const { format, epochsDone, manifest } = checkpoint;
  return { format, epochsDone, buffers: checkpoint.buffers.length, bytes: checkpointBytes(checkpoint), manifest };
}

function keptCheckpoint(name: string): TrialCheckpoint {
  const found = checkpoints.get(name);
  if (found === undefined) throw new Error(`no checkpoint kept as "${name}"`);
  return found;
}

function options({ backend, silenceLimitMs, ...setup }: ExecutorSetup, createWorker?: () => Worker, name = CNN_TRIAL_WORKER.name): WorkerExecutorOptions {
  if (dataset === null) throw new Error('call loadDataset first');
  const script = createWorker === undefined ? CNN_TRIAL_WORKER : { name, create: createWorker };
  return { ...cnnWorkerOptions(backend, { ...setup, dataset }, script), ...(silenceLimitMs === undefined ? {} : { silenceLimitMs }) };
}

function executor(id: number): WorkerExecutor {
  const found = executors.get(id);
  if (found === undefined) throw new Error(`no executor ${id}`);
  return found;
}

type LossyApi = { destroyDevice(): boolean; throwUncaught(): void };

async function reply(run: () => Promise<TrialOutcome>): Promise<RunReply> {
  try {
    return { ok: true, outcome: await run() };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, name: e.name, message: e.message };
  }
}

async function startFailure(setup: ExecutorSetup, create: () => Worker, name: string): Promise<StartFailure | null> {
  const started = performance.now();
  try {
    (await WorkerExecutor.start(options(setup, create, name))).terminate();
    return null;
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { name: e.name, message: e.message, afterMs: performance.now() - started };
  }
}

const trialWorker = (): Worker => CNN_TRIAL_WORKER.create();

window.runnerHarness = {
  async loadDataset() {
    dataset = await fetchDataset(new URL('/', location.href).href, 'mnist');
  },
  async create(setup) {
    const id = nextId++;
    const worker = trialWorker();
    executors.set(id, await WorkerExecutor.start(options(setup, () => worker)));
    probes.set(id, Comlink.wrap<TaskWorkerApi>(worker));
    return id;
  },
  backend(executorId) {
    return executor(executorId).backend?.backend ?? 'none';
  },
  async runKeeping(executorId, job, keeping) {
    const startFrom = keeping.startFrom === undefined ? undefined : keptCheckpoint(keeping.startFrom);
    const before = startFrom === undefined ? 0 : checkpointBytes(startFrom);
    const progress: Array<KeepingReply['progress'][number]> = [];
    const slot = executor(executorId);
    const running = reply(() =>
      slot.run({ ...job, ...(startFrom === undefined ? {} : { startFrom }) }, (p) => {
        progress.push({ epoch: p.epoch, valLoss: p.metrics.valLoss as number, checkpoint: p.checkpoint === undefined ? null : summary(p.checkpoint) });
        if (p.epoch === keeping.stopAfterEpoch) slot.stop();
      }),
    );
    // `run` hands startFrom to the worker synchronously, before its first await.
    const afterRunCalled = startFrom === undefined ? 0 : checkpointBytes(startFrom);
    const result = await running;
    const kept = result.ok && result.outcome.kind !== 'failed' ? (result.outcome.checkpoint ?? null) : null;
    if (kept !== null && keeping.keepAs !== undefined) checkpoints.set(keeping.keepAs, kept);
    const outcome = result.ok && result.outcome.kind !== 'failed' ? { ...result.outcome, checkpoint: undefined } : null;
    return {
      reply: outcome === null ? result : { ok: true, outcome },
      checkpoint: kept === null ? null : summary(kept),
      progress,
      startFromBytes: startFrom === undefined ? null : { before, afterRunCalled },
    };
  },
  kept(name) {
    return summary(keptCheckpoint(name));
  },
  copyKept(name, as) {
    checkpoints.set(as, copyCheckpoint(keptCheckpoint(name)));
  },
  memory(executorId) {
    const probe = probes.get(executorId);
    if (probe === undefined) throw new Error(`no executor ${executorId}`);
    return probe.memory();
  },
  async run(executorId, job, startFrom) {
    const result = await reply(() =>
      executor(executorId).run({ ...job, ...(startFrom === undefined ? {} : { startFrom: fromWire(startFrom) }) }, ({ checkpoint, ...progress }) => {
        void window.reportExecutorProgress?.(executorId, progress, checkpoint === undefined ? undefined : toWire(checkpoint));
      }),
    );
    if (!result.ok || result.outcome.kind === 'failed' || result.outcome.checkpoint === undefined) return result;
    const { checkpoint, ...outcome } = result.outcome;
    return { ok: true, outcome, checkpoint: toWire(checkpoint) };
  },
  stop(executorId) {
    executor(executorId).stop();
  },
  terminate(executorId) {
    executor(executorId).terminate();
  },
  async runWithFault(setup, job, fault) {
    const worker = new Worker(new URL('./lossy-trial.worker.ts', import.meta.url), { type: 'module' });
    const faults = Comlink.wrap<LossyApi>(worker);
    const slot = await WorkerExecutor.start(options(setup, () => worker, 'tests/browser/lossy-trial.worker.ts'));
    const inject = () => (fault === 'destroy-device' ? faults.destroyDevice() : faults.throwUncaught());
    const first = await reply(() => slot.run(job, (p) => p.epoch === 1 && void inject()));
    const second = await reply(() => slot.run({ ...job, trialId: job.trialId + 1 }, () => undefined));
    slot.terminate();
    return { first, second };
  },
  startSilent(setup) {
    return startFailure(setup, () => new Worker(new URL('./silent.worker.ts', import.meta.url), { type: 'module' }), 'tests/browser/silent.worker.ts');
  },
  startMissing(setup) {
    return startFailure(setup, () => new Worker(new URL('/tests/browser/missing.worker.js', location.href), { type: 'module' }), 'tests/browser/missing.worker.js');
  },
  async runPbtStudy(setup) {
    const workers: Worker[] = [];
    const backends: string[] = [];
    const factory = {
      kind: `worker:${setup.executor.backend}`,
      checkpoints: true,
      create: async () => {
        const worker = trialWorker();
        workers.push(worker);
        const started = await WorkerExecutor.start(options(setup.executor, () => worker));
        backends.push(started.backend?.backend ?? 'none');
        return started;
      },
    };
    const study = createStudy({ space: setup.space, sampler: 'random', seed: setup.seed ?? 5, direction: 'minimize' });
    const scheduler = createScheduler('pbt', setup.schedulerOptions);
    const pool = await ExecutorPool.create(factory, { size: 2 });
    const loop = new TunerLoop({ study, pool, scheduler, maxTrials: setup.maxTrials });
    const events: TunerEvent[] = [];
    loop.on((event) => events.push(event));
    try {
      const result = await loop.run();
      // Measured while the workers are idle and still alive (pool.terminate below ends them).
      const live = workers.slice(-2).map((w) => Comlink.wrap<TaskWorkerApi>(w));
      const tensorsAfter = await Promise.all(live.map(async (api) => (await api.memory()).numTensors));
      return {
        finish: result.finish.reason,
        trials: study.trials.map((t) => ({ id: t.id, state: t.state, params: t.params, steps: t.intermediate.map((v) => v.step), value: t.value })),
        exploited: events.flatMap((e) =>
          e.type === 'trial-exploited' ? [{ trialId: e.trialId, parentId: e.parentId, fromEpoch: e.fromEpoch, fromCheckpoint: e.fromCheckpoint, changed: e.changed }] : [],
        ),
        progress: events.flatMap((e) => (e.type === 'trial-progress' ? [`${e.trialId}/${e.epoch}`] : [])),
        workersStarted: workers.length,
        backends,
        tensorsAfter,
      };
    } finally {
      pool.terminate();
    }
  },
  async runStudy(setup) {
    const workers = new Map<number, Worker>();
    const started: WorkerExecutor[] = [];
    let workersStarted = 0;
    const factory = {
      kind: `worker:${setup.executor.backend}`,
      create: async (slot: number) => {
        const worker = trialWorker();
        workers.set(slot, worker);
        workersStarted += 1;
        const executor = await WorkerExecutor.start(options(setup.executor, () => worker));
        started.push(executor);
        return executor;
      },
    };
    const study = createStudy({ space: setup.space, sampler: 'random', seed: 5, direction: 'minimize' });
    const pool = await ExecutorPool.create(factory, { size: setup.workers });
    const loop = new TunerLoop({ study, pool, budget: { maxEpochs: setup.maxEpochs }, maxTrials: setup.trials });
    const events: string[] = [];
    let running = 0;
    let maxConcurrent = 0;
    let killed = false;
    loop.on((event: TunerEvent) => {
      events.push(event.type === 'trial-progress' ? `${event.type} ${event.trialId}/${event.epoch}` : `${event.type}${'trialId' in event ? ` ${event.trialId}` : ''}`);
      if (event.type === 'trial-started') maxConcurrent = Math.max(maxConcurrent, ++running);
      if (event.type === 'trial-finished' || event.type === 'slot-crashed') running -= 1;
      if (event.type === 'trial-progress' && event.trialId === setup.killTrialAfterFirstEpoch && event.epoch === 1 && !killed) {
        killed = true;
        workers.get(event.slot)?.terminate();
      }
    });
    try {
      const result = await loop.run();
      return {
        finish: result.finish.reason,
        trials: study.trials.map((t) => ({ id: t.id, state: t.state, value: t.value, reason: t.reason })),
        events,
        maxConcurrent,
        workersStarted,
        longestSilences: started.map((e) => e.longestSilence),
        backends: started.map((e) => e.backend?.backend ?? 'none'),
      };
    } finally {
      pool.terminate();
    }
  },
};
