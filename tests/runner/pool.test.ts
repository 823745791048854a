import { describe, expect, it } from 'vitest';
import type { ExecutorFactory, TrialExecutor, TrialJob } from '../../src/runner/executor';
import { defaultWorkerCount, ExecutorPool, PoolError, type PoolEvent, type PoolJob } from '../../src/runner/pool';
import { createSimulatedBackend, type SimulatedFaults } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { TunerLoop } from '../../src/runner/tuner-loop';
import { createStudy } from '../../src/tuner';
import { branin } from './harness';

const job = (trialId: number, maxEpochs = 5): PoolJob => ({ trialId, params: { x1: 1, x2: 1 }, maxEpochs, seed: trialId });

function backend(faults: SimulatedFaults = {}, clock = new SimulatedClock()): ExecutorFactory {
  return createSimulatedBackend({ clock, objective: branin, seed: 1, startupMs: 100, faults });
}

/** Creates `healthy` executors, then fails every later `create`. */
function failingAfter(healthy: number, inner: ExecutorFactory): ExecutorFactory {
  let made = 0;
  return {
    kind: `failing-after-${healthy}`,
    create: (slot) => (made++ < healthy ? inner.create(slot) : Promise.reject(new Error('worker script failed to load'))),
  };
}

async function poolOf(factory: ExecutorFactory, size: number, maxRetries = 1) {
  const pool = await ExecutorPool.create(factory, { size, maxRetries });
  const events: PoolEvent[] = [];
  pool.subscribe((e) => events.push(e));
  return { pool, events };
}

describe('defaultWorkerCount', () => {
  it.each([
    [8, 'cpu', 7],
    [32, 'cpu', 8],
    [1, 'cpu', 1],
    [8, 'wasm', 4],
    [2, 'wasm', 1],
    [16, 'webgl', 2],
    [16, 'webgpu', 2],
    [2, 'webgl', 1],
    [undefined, 'cpu', 3],
    [Number.NaN, 'webgl', 2],
  ] as const)('hardwareConcurrency %s, backend %s → %i', (cores, kind, expected) => {
    expect(defaultWorkerCount(cores, kind)).toBe(expected);
  });
});

describe('ExecutorPool', () => {
  it('refuses bad sizes and retry counts', async () => {
    await expect(ExecutorPool.create(backend(), { size: 0 })).rejects.toBeInstanceOf(PoolError);
    await expect(ExecutorPool.create(backend(), { size: 2, maxRetries: -1 })).rejects.toBeInstanceOf(PoolError);
  });

  it('fails to start, naming the cause, when the factory cannot make every executor', async () => {
    await expect(ExecutorPool.create(failingAfter(2, backend()), { size: 3 })).rejects.toThrow(
      'could not start failing-after-2 executors (1 of 3 failed): Error: worker script failed to load',
    );
  });

  it('runs one trial per slot, lowest free slot first, and refuses when full', async () => {
    const { pool, events } = await poolOf(backend(), 2);
    const runs = [pool.run(job(0)), pool.run(job(1))];
    expect(pool.freeSlots).toBe(0);
    await expect(pool.run(job(2))).rejects.toBeInstanceOf(PoolError);
    expect((await Promise.all(runs)).map((o) => o.kind)).toEqual(['complete', 'complete']);
    expect(pool.freeSlots).toBe(2);
    const starts = events.filter((e) => e.type === 'attempt-started');
    expect(starts.map((e) => [e.slot, e.job.trialId, e.job.attempt])).toEqual([
      [0, 0, 0],
      [1, 1, 0],
    ]);
    pool.terminate();
  });

  it('replaces a crashed executor and retries the trial on the fresh one', async () => {
    const { pool, events } = await poolOf(backend({ crashes: [{ kind: 'in-trial', trialId: 0, epoch: 2, attempt: 0 }] }), 1);
    const outcome = await pool.run(job(0));
    expect(outcome.kind).toBe('complete');
    expect(events.map((e) => e.type)).toEqual([
      'attempt-started',
      'progress',
      'slot-crashed',
      'slot-replaced',
      'attempt-started',
      'progress',
      'progress',
      'progress',
      'progress',
      'progress',
    ]);
    pool.terminate();
  });

  it('fails the trial after maxRetries crashes, reporting the last one', async () => {
    const { pool } = await poolOf(backend({ crashes: [{ kind: 'in-trial', trialId: 0, epoch: 3 }] }), 1, 2);
    const outcome = await pool.run(job(0));
    expect(outcome).toEqual({
      kind: 'failed',
      reason: 'executor crashed 3 times; last crash: slot 0: crashed during epoch 3 of trial 0',
      epochs: 2,
      elapsedMs: 4_000,
    });
    expect(pool.freeSlots).toBe(1);
    pool.terminate();
  });

  it('loses a slot that cannot be restarted, and fails its trial', async () => {
    const { pool, events } = await poolOf(failingAfter(2, backend({ crashes: [{ kind: 'in-trial', trialId: 0, epoch: 1 }] })), 2);
    const outcome = await pool.run(job(0));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.reason).toMatch(/could not be restarted/);
    expect(events.at(-1)).toEqual({ type: 'slot-lost', slot: 0, reason: 'Error: worker script failed to load' });
    expect(pool.liveSlots).toBe(1);
    expect(pool.freeSlots).toBe(1);
    expect((await pool.run(job(1))).kind).toBe('complete');
    pool.terminate();
  });

  it('stop() and stopAll() end trials early with stopped outcomes', async () => {
    const clock = new SimulatedClock();
    const { pool } = await poolOf(backend({}, clock), 3);
    const runs = [pool.run(job(0)), pool.run(job(1)), pool.run(job(2))];
    clock.setTimer(3_000, () => pool.stop(1));
    clock.setTimer(5_000, () => pool.stopAll());
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((o) => [o.kind, o.epochs])).toEqual([
      ['stopped', 2],
      ['stopped', 1],
      ['stopped', 2],
    ]);
    pool.stop(99);
    pool.terminate();
  });

  it('does not retry a trial that was asked to stop when its slot crashed', async () => {
    const clock = new SimulatedClock();
    const { pool } = await poolOf(backend({ crashes: [{ kind: 'at-time', slot: 0, atMs: 2_500 }] }, clock), 1);
    const run = pool.run(job(0));
    clock.setTimer(2_300, () => pool.stop(0));
    // The stop lands first; the scripted crash then hits an idle slot.
    expect((await run).kind).toBe('stopped');
    pool.terminate();
  });

  it('terminate() fails the trials in flight and closes the pool', async () => {
    const clock = new SimulatedClock();
    const { pool } = await poolOf(backend({}, clock), 2);
    const run = pool.run(job(0));
    clock.setTimer(1_000, () => pool.terminate());
    const outcome = await run;
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.reason).toMatch(/^pool terminated during trial 0/);
    expect(pool.freeSlots).toBe(0);
    await expect(pool.run(job(1))).rejects.toThrow('pool is terminated');
  });

  it('drops progress that arrives after a run settled', async () => {
    let late: (() => void) | null = null;
    const inner = backend();
    const leaky: ExecutorFactory = {
      kind: 'leaky',
      create: async (slot) => {
        const e = await inner.create(slot);
        const wrapped: TrialExecutor = {
          run: async (j: TrialJob, onProgress) => {
            const outcome = await e.run(j, onProgress);
            late = () => onProgress({ trialId: j.trialId, epoch: 99, metrics: {}, elapsedMs: 0 });
            return outcome;
          },
          stop: () => e.stop(),
          terminate: () => e.terminate(),
        };
        return wrapped;
      },
    };
    const { pool, events } = await poolOf(leaky, 1);
    await pool.run(job(0, 2));
    (late as unknown as () => void)();
    expect(events.filter((e) => e.type === 'progress')).toHaveLength(2);
    pool.terminate();
  });
});

describe('tuner loop over a pool that loses every slot', () => {
  it('finishes with no-slots and no trial left running', async () => {
    const clock = new SimulatedClock();
    const factory = failingAfter(2, backend({ crashes: [{ kind: 'in-trial', trialId: 0, epoch: 1 }, { kind: 'in-trial', trialId: 1, epoch: 2 }] }, clock));
    const pool = await ExecutorPool.create(factory, { size: 2 });
    const study = createStudy({ space: branin.space, sampler: 'random', seed: 3, clock: () => clock.now() });
    const result = await new TunerLoop({ study, pool, budget: { maxEpochs: 3 }, maxTrials: 10, clock }).run();
    expect(result.finish.reason).toBe('no-slots');
    expect(study.trials.map((t) => t.state)).toEqual(['failed', 'failed']);
    pool.terminate();
  });
});

describe('tuner loop over a pool terminated under it', () => {
  it('finishes with no-slots instead of waiting for free slots forever', async () => {
    const clock = new SimulatedClock();
    const pool = await ExecutorPool.create(backend({}, clock), { size: 2 });
    const study = createStudy({ space: branin.space, sampler: 'random', seed: 3, clock: () => clock.now() });
    clock.setTimer(3_000, () => pool.terminate());
    const result = await new TunerLoop({ study, pool, budget: { maxEpochs: 3 }, maxTrials: 10, clock }).run();
    expect(result.finish.reason).toBe('no-slots');
    expect(study.trials.map((t) => [t.state, t.reason?.slice(0, 27)])).toEqual([
      ['failed', 'pool terminated during tria'],
      ['failed', 'pool terminated during tria'],
    ]);
  });
});
