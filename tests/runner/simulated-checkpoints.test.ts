import { describe, expect, it } from 'vitest';
import { createSimulatedBackend, type SimulatedBackendOptions } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { ExecutorPool } from '../../src/runner/pool';
import type { ExecutorFactory, TrialCheckpoint, TrialJob, TrialOutcome, TrialProgress } from '../../src/runner/executor';
import { crossingCurves, lrScheduleTask } from '../../src/runner/scheduling-tasks';
import { CheckpointStore } from '../../src/runner/checkpoint-store';
import { TunerLoop } from '../../src/runner/tuner-loop';
import { createStudy } from '../../src/tuner';
import { createScheduler, type SchedulerName } from '../../src/tuner/schedulers';
import { branin } from './harness';

const job = (over: Partial<TrialJob> = {}): TrialJob => ({ trialId: 0, attempt: 0, params: { x1: 3, x2: 2 }, maxEpochs: 6, seed: 5, ...over });

async function executorOn(options: Partial<SimulatedBackendOptions> = {}) {
  return createSimulatedBackend({ clock: new SimulatedClock(), objective: branin, seed: 1, startupMs: 0, ...options }).create(0);
}

const checkpointOf = (o: TrialOutcome): TrialCheckpoint => {
  if (o.kind === 'failed' || o.checkpoint === undefined) throw new Error('no checkpoint');
  return o.checkpoint;
};

describe('simulated backend: checkpoints', () => {
  it('pausing after 3 epochs and resuming reports what a run that never paused reports, noise included', async () => {
    const e = await executorOn({ noise: 0.05 });
    const whole: TrialProgress[] = [];
    await e.run(job(), (p) => whole.push(p));
    const paused = await e.run({ ...job(), saveCheckpoint: 'every-epoch' }, (p) => p.epoch === 3 && e.stop());
    const checkpoint = checkpointOf(paused);
    expect(checkpoint.epochsDone).toBe(3);
    const rest: TrialProgress[] = [];
    await e.run({ ...job(), startFrom: checkpoint }, (p) => rest.push(p));
    expect(rest.map((p) => p.epoch)).toEqual([4, 5, 6]);
    expect(rest.map((p) => p.metrics.valLoss)).toEqual(whole.slice(3).map((p) => p.metrics.valLoss));
  });

  it('a PBT child inherits the state: the lr-schedule loss goes on from where its parent left it', async () => {
    const e = await executorOn({ objective: lrScheduleTask, noise: 0 });
    const parent = { learningRate: 0.3, weightDecay: 1e-4 };
    const child = { learningRate: 0.01, weightDecay: 1e-4 };
    const first = await e.run(job({ params: parent, maxEpochs: 10, saveCheckpoint: 'at-end' }), () => {});
    const fresh: number[] = [];
    await e.run(job({ trialId: 1, params: child, maxEpochs: 11 }), (p) => fresh.push(p.metrics.valLoss as number));
    const inherited: number[] = [];
    await e.run(job({ trialId: 2, params: child, maxEpochs: 11, startFrom: checkpointOf(first) }), (p) => inherited.push(p.metrics.valLoss as number));
    expect(inherited).toHaveLength(1);
    expect(inherited[0]).toBeLessThan(fresh[10] as number);
    expect(inherited[0]).toBeLessThan(first.kind === 'complete' ? (first.metrics.valLoss as number) : Number.NaN);
  });

  it('refuses a checkpoint of another objective or one with nothing left to train', async () => {
    const e = await executorOn();
    const checkpoint = checkpointOf(await e.run({ ...job(), saveCheckpoint: 'at-end' }, () => {}));
    const other = await executorOn({ objective: lrScheduleTask });
    const foreign = await other.run(job({ params: { learningRate: 0.1, weightDecay: 1e-4 }, startFrom: checkpoint }), () => {});
    expect(foreign).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/objective "branin"/) });
    const done = await e.run({ ...job(), startFrom: checkpoint }, () => {});
    expect(done).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/nothing to train/) });
  });
});

describe('simulated backend: common random numbers across schedulers', () => {
  /** Every reported value of a run, by "trial:epoch". */
  async function valuesUnder(scheduler: SchedulerName): Promise<Map<string, number>> {
    const clock = new SimulatedClock();
    const study = createStudy({ space: crossingCurves.space, sampler: 'random', seed: 7, clock: () => clock.now() });
    const factory = createSimulatedBackend({ clock, objective: crossingCurves, seed: 7, noise: 0.01, startupMs: 0 });
    const pool = await ExecutorPool.create(factory, { size: 2 });
    const loop = new TunerLoop({ study, pool, scheduler: createScheduler(scheduler, { maxEpochs: 9 }), clock, maxTrials: 12, stopGraceMs: 0 });
    const values = new Map<string, number>();
    loop.on((e) => e.type === 'trial-progress' && e.value !== null && values.set(`${e.trialId}:${e.epoch}`, e.value));
    await loop.run();
    pool.terminate();
    return values;
  }

  it('a trial ASHA pauses and resumes reports, epoch by epoch, what it reports under FIFO', async () => {
    const [fifo, asha] = [await valuesUnder('fifo'), await valuesUnder('asha')];
    const resumed = [...asha.keys()].filter((k) => Number(k.split(':')[1]) > 1);
    expect(resumed.length).toBeGreaterThan(5);
    for (const key of asha.keys()) expect([key, asha.get(key)]).toEqual([key, fifo.get(key)]);
  });
});

describe('pool: a retry continues from the last checkpoint', () => {
  it('after a crash in epoch 3, the retry reports epochs 3 … 6, not 1 … 6', async () => {
    const clock = new SimulatedClock();
    const factory = createSimulatedBackend({ clock, objective: branin, seed: 1, startupMs: 0, faults: { crashes: [{ kind: 'in-trial', trialId: 0, epoch: 3, attempt: 0 }] } });
    const pool = await ExecutorPool.create(factory, { size: 1 });
    expect(pool.checkpoints).toBe(true);
    const epochs: Array<[number, number]> = [];
    pool.subscribe((e) => e.type === 'progress' && epochs.push([e.job.attempt, e.progress.epoch]));
    const outcome = await pool.run({ trialId: 0, params: { x1: 3, x2: 2 }, maxEpochs: 6, seed: 5, saveCheckpoint: 'every-epoch' });
    pool.terminate();
    expect(outcome.kind).toBe('complete');
    expect(epochs).toEqual([
      [0, 1],
      [0, 2],
      [1, 3],
      [1, 4],
      [1, 5],
      [1, 6],
    ]);
  });
});

describe('pool: handing a checkpoint to the executor copies it at most once', () => {
  const recordingFactory = (seen: TrialJob[]): ExecutorFactory => ({
    kind: 'recording',
    checkpoints: true,
    create: async () => ({
      run: async (job) => {
        seen.push(job);
        return { kind: 'complete', metrics: { valLoss: 1 }, epochs: job.maxEpochs, elapsedMs: 0 };
      },
      stop: () => {},
      terminate: () => {},
    }),
  });
  const checkpoint: TrialCheckpoint = { format: 'x', epochsDone: 2, buffers: [new ArrayBuffer(8)], manifest: null };
  const base = { trialId: 0, params: {}, maxEpochs: 4, seed: 1, startFrom: checkpoint };

  it.each([
    ['handed over, no retries', 0, false, 'same'],
    ['handed over, a retry may need it', 1, false, 'copy'],
    ['kept by the caller (a PBT parent)', 0, true, 'copy'],
  ] as const)('%s', async (_, maxRetries, keepStartFrom, expected) => {
    const seen: TrialJob[] = [];
    const pool = await ExecutorPool.create(recordingFactory(seen), { size: 1, maxRetries });
    await pool.run({ ...base, keepStartFrom });
    pool.terminate();
    const given = seen[0]?.startFrom;
    expect(given?.buffers[0] === checkpoint.buffers[0] ? 'same' : 'copy').toBe(expected);
    expect(given?.epochsDone).toBe(2);
    expect(seen[0]).not.toHaveProperty('keepStartFrom');
  });
});

describe('checkpoint store', () => {
  const cp = (epochsDone: number): TrialCheckpoint => ({ format: 'x', epochsDone, buffers: [new Float64Array([epochsDone]).buffer], manifest: null });

  it('keeps the latest per trial, hands it over once, and copies it for others', () => {
    const store = new CheckpointStore();
    store.put(1, cp(2));
    store.put(1, cp(3));
    store.put(1, cp(1));
    expect(store.peek(1, 3)?.epochsDone).toBe(3);
    expect(store.peek(1, 2)).toBeNull();
    const copy = store.copy(1, 3) as TrialCheckpoint;
    expect(copy.buffers[0]).not.toBe(store.peek(1, 3)?.buffers[0]);
    expect(new Float64Array(copy.buffers[0] as ArrayBuffer)[0]).toBe(3);
    expect(store.bytes).toBe(8);
    expect(store.take(1, 3)?.epochsDone).toBe(3);
    expect(store.size).toBe(0);
  });
});
