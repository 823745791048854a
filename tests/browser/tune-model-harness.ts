/**
 * The browser side of tests/browser/tune-model.test.ts: `window.tuneModelHarness.run(options)`
 * calls `tune()` over real tfjs task workers (fixtures/tune-model.worker.ts, served with
 * `serveModelTrials`) and hands back what Node can read: every trial with every metric of every
 * epoch, the events, the error it rejected with, how many workers were started, and (with `spy`)
 * every job a worker was given, with the checkpoint it started from.
 */
import {
  createStudy,
  tune,
  TuneError,
  TuneOptionsError,
  type Direction,
  type ExecutorFactory,
  type Params,
  type SchedulerChoice,
  type SearchSpace,
  type Study,
  type TuneEvent,
  type TuneOptions,
} from '../../src/tune';
import { createWorkerExecutorFactory, type TrialProgress, type WorkerScript } from '../../src/runner';

/** tune() options as they cross from Node (no functions). */
export interface ModelHarnessOptions {
  readonly space: SearchSpace;
  readonly objective: { readonly metric: string; readonly direction: Direction };
  readonly sampler: 'random' | 'gp';
  readonly scheduler?: SchedulerChoice;
  readonly epochs: number;
  readonly trials: number;
  readonly workers: number;
  readonly seed: number;
  readonly setup?: { readonly fault?: string };
  /** Params run first, in this order (`study.enqueue`), before the sampler is asked. */
  readonly enqueue?: readonly Params[];
  /** Run through a factory that records every job (and its checkpoint) instead of `worker`. */
  readonly spy?: boolean;
  /**
   * With `spy`: trials [leader, follower] report in turns, leader's epoch e, then follower's e,
   * then leader's e + 1, … until a third trial starts. When the follower's run ends, what it still
   * had to report is dropped, and the leader waits for the third trial; the leader's run waits
   * until its reports are through. (So PBT compares them at every
   * epoch whichever worker is faster, and a PBT parent is still training when its child starts.)
   */
  readonly lockstep?: readonly [number, number];
  /** Workers started from this one on (1-based) get a data loader that throws. */
  readonly breakDataFromStart?: number;
}

export interface ModelHarnessTrial {
  readonly id: number;
  readonly state: string;
  readonly params: Params;
  readonly value: number | null;
  readonly reason: string | null;
  readonly intermediate: ReadonlyArray<{ readonly step: number; readonly value: number | null; readonly metrics: Readonly<Record<string, number>> | null }>;
}

/** A job as a worker got it: which slot, which trial, and the checkpoint it started from. */
export interface SpiedJob {
  readonly slot: number;
  readonly trialId: number;
  readonly attempt: number;
  readonly maxEpochs: number;
  readonly startFrom: { readonly format: string; readonly epochsDone: number; readonly bytes: number } | null;
  /** The format of the checkpoint the run handed back, if any. */
  readonly checkpointBack: string | null;
}

export interface ModelHarnessResult {
  readonly trials: readonly ModelHarnessTrial[];
  /** The study's best trial (in its direction), when tune() resolved with one. */
  readonly best: { readonly id: number; readonly value: number } | null;
  readonly events: readonly TuneEvent[];
  readonly error: { readonly name: string; readonly reason?: string; readonly message: string } | null;
  readonly workerStarts: number;
  readonly jobs: readonly SpiedJob[];
}

function trialsOf(study: Study): ModelHarnessTrial[] {
  return study.trials.map((t) => ({
    id: t.id,
    state: t.state,
    params: { ...t.params },
    value: t.value,
    reason: t.reason,
    intermediate: t.intermediate.map((i) => ({ step: i.step, value: i.value, metrics: i.metrics === undefined ? null : { ...i.metrics } })),
  }));
}

/** Holds back the progress of two trials so that they report in turns (see `ModelHarnessOptions.lockstep`). */
class Lockstep {
  private readonly passed = new Map<number, number>();
  private readonly held = new Map<number, Array<{ progress: TrialProgress; send: (p: TrialProgress) => void }>>();
  private released = false;

  constructor(private readonly pair: readonly [number, number]) {}

  /** Forwards `progress` now or when its turn comes. */
  offer(progress: TrialProgress, send: (p: TrialProgress) => void): void {
    if (this.released || !this.pair.includes(progress.trialId)) return send(progress);
    const queue = this.held.get(progress.trialId) ?? [];
    queue.push({ progress, send });
    this.held.set(progress.trialId, queue);
    this.flush();
  }

  /** A job started: a third trial releases the pair. */
  started(trialId: number): void {
    if (!this.pair.includes(trialId)) this.release();
  }

  /** The follower's run ended: what it still had to report is dropped (it would come after its run settled). */
  ended(trialId: number): void {
    if (this.released || trialId !== this.pair[1]) return;
    this.held.delete(trialId);
    this.passed.set(trialId, -Infinity);
  }

  /** Whether `trialId` has progress still held. */
  holds(trialId: number): boolean {
    return (this.held.get(trialId)?.length ?? 0) > 0;
  }

  private release(): void {
    this.released = true;
    this.flush();
  }

  private flush(): void {
    const [leader, follower] = this.pair;
    for (let moved = true; moved; ) {
      moved = false;
      for (const id of [leader, follower]) {
        const next = this.held.get(id)?.[0];
        if (next === undefined) continue;
        const other = id === leader ? follower : leader;
        const turn = this.released || (this.passed.get(other) ?? 0) >= next.progress.epoch - (id === leader ? 1 : 0);
        if (!turn) continue;
        this.held.get(id)?.shift();
        this.passed.set(id, next.progress.epoch);
        next.send(next.progress);
        moved = true;
      }
    }
  }
}

/** Wraps `factory` so every job its executors run is recorded in `jobs` (and paced by `lockstep`). */
function spying(factory: ExecutorFactory, jobs: SpiedJob[], lockstep: Lockstep | null): ExecutorFactory {
  return {
    kind: factory.kind,
    ...(factory.checkpoints === undefined ? {} : { checkpoints: factory.checkpoints }),
    async create(slot) {
      const executor = await factory.create(slot);
      return {
        async run(job, onProgress) {
          const from = job.startFrom;
          // Read before the run: the buffers are transferred to the worker.
          const startFrom = from === undefined ? null : { format: from.format, epochsDone: from.epochsDone, bytes: from.buffers.reduce((n, b) => n + b.byteLength, 0) };
          lockstep?.started(job.trialId);
          const outcome = await executor.run(job, (progress) => (lockstep === null ? onProgress(progress) : lockstep.offer(progress, onProgress)));
          lockstep?.ended(job.trialId);
          // The leader's reports still held would arrive after its run settled: wait for their turn.
          while (lockstep?.holds(job.trialId) === true) await new Promise((resolve) => setTimeout(resolve, 5));
          const back = outcome.kind === 'failed' ? null : (outcome.checkpoint?.format ?? null);
          jobs.push({ slot, trialId: job.trialId, attempt: job.attempt, maxEpochs: job.maxEpochs, startFrom, checkpointBack: back });
          return outcome;
        },
        stop: () => executor.stop(),
        terminate: () => executor.terminate(),
      };
    },
  };
}

async function run(options: ModelHarnessOptions): Promise<ModelHarnessResult> {
  const events: TuneEvent[] = [];
  const jobs: SpiedJob[] = [];
  let workerStarts = 0;
  const script: WorkerScript = {
    name: 'tune-model.worker.ts',
    create: () => {
      workerStarts += 1;
      if (options.breakDataFromStart !== undefined && workerStarts >= options.breakDataFromStart) {
        return new Worker(new URL('./fixtures/tune-model.worker.ts', import.meta.url), { type: 'module', name: 'broken-data' });
      }
      return new Worker(new URL('./fixtures/tune-model.worker.ts', import.meta.url), { type: 'module' });
    },
  };
  let study: Study | null = null;
  if (options.enqueue !== undefined) {
    study = createStudy({ space: options.space, sampler: options.sampler, direction: options.objective.direction, seed: options.seed });
    for (const params of options.enqueue) study.enqueue(params);
  }
  const where: Pick<TuneOptions, 'worker' | 'executors' | 'backend' | 'setup' | 'checkpoints'> = options.spy
    ? { executors: spying(createWorkerExecutorFactory({ script, backend: 'cpu', setup: options.setup, checkpoints: true }), jobs, options.lockstep === undefined ? null : new Lockstep(options.lockstep)) }
    : { worker: script, backend: 'cpu', setup: options.setup };
  const what: Pick<TuneOptions, 'space' | 'study' | 'sampler' | 'seed'> =
    study === null ? { space: options.space, sampler: options.sampler, seed: options.seed } : { study };
  let error: ModelHarnessResult['error'] = null;
  let trials: ModelHarnessTrial[] = [];
  let best: ModelHarnessResult['best'] = null;
  try {
    const done = await tune({
      ...where,
      ...what,
      workers: options.workers,
      objective: options.objective,
      ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
      epochs: options.epochs,
      trials: options.trials,
      onEvent: (event) => events.push(event),
    });
    trials = trialsOf(done);
    const top = done.best;
    best = top === null || top.value === null ? null : { id: top.id, value: top.value };
  } catch (e) {
    if (e instanceof TuneError) trials = trialsOf(e.study);
    const reason = e instanceof TuneError ? { reason: e.reason } : e instanceof TuneOptionsError ? { reason: e.option } : {};
    error = { name: e instanceof Error ? e.name : 'unknown', message: e instanceof Error ? e.message : String(e), ...reason };
  }
  return { trials, best, events, error, workerStarts, jobs };
}

declare global {
  interface Window {
    tuneModelHarness: { run: typeof run };
  }
}

window.tuneModelHarness = { run };
