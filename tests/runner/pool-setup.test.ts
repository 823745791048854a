/**
 * The pool when the task's own setup fails (`ExecutorSetupError`, e.g. a data loader that throws):
 * not a crash, so no executor is started again for it. At the start the pool does not start; later,
 * only the slot whose replacement failed is lost, and no further replacement is tried.
 */
import { describe, expect, it } from 'vitest';
import { ExecutorSetupError, type ExecutorFactory } from '../../src/runner/executor';
import { ExecutorPool, PoolError, PoolSetupError, type PoolEvent, type PoolJob } from '../../src/runner/pool';
import { createSimulatedBackend } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { branin } from './harness';

const job = (trialId: number, maxEpochs = 3): PoolJob => ({ trialId, params: { x1: 1, x2: 1 }, maxEpochs, seed: trialId });
const SETUP = 'trials.worker.ts could not start: setup failed: data() threw: the dataset server is down';

/** `healthy` executors from the simulated backend (trials 0 and 1 crash at epoch 1), then only setup failures; counts every create. */
function setupFailingAfter(healthy: number): { factory: ExecutorFactory; creates: () => number } {
  const clock = new SimulatedClock();
  const inner = createSimulatedBackend({
    clock,
    objective: branin,
    seed: 1,
    startupMs: 0,
    faults: { crashes: [{ kind: 'in-trial', trialId: 0, epoch: 1 }, { kind: 'in-trial', trialId: 1, epoch: 1 }] },
  });
  let made = 0;
  const factory: ExecutorFactory = {
    kind: 'setup-failing',
    create: (slot) => (made++ < healthy ? inner.create(slot) : Promise.reject(new ExecutorSetupError(SETUP))),
  };
  return { factory, creates: () => made };
}

describe('pool: the task setup fails', () => {
  it('does not start, with a PoolSetupError whose cause is the setup error', async () => {
    const { factory, creates } = setupFailingAfter(1);
    const error = await ExecutorPool.create(factory, { size: 2 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PoolSetupError);
    expect(error).toBeInstanceOf(PoolError);
    expect((error as Error).message).toBe(`could not start setup-failing executors (1 of 2 failed): ${SETUP}`);
    expect((error as Error).cause).toBeInstanceOf(ExecutorSetupError);
    expect(creates()).toBe(2);
  });

  it('loses the slot whose replacement fails its setup, says why in the trial, and starts no further executor', async () => {
    const { factory, creates } = setupFailingAfter(2);
    const pool = await ExecutorPool.create(factory, { size: 2, maxRetries: 3 });
    const events: PoolEvent[] = [];
    pool.subscribe((e) => events.push(e));
    const first = await pool.run(job(0));
    expect(first.kind).toBe('failed');
    if (first.kind === 'failed') expect(first.reason).toMatch(new RegExp(`could not be restarted: ${SETUP.replace(/[()]/g, '\\$&')}$`));
    expect(pool.setupFailure).toBe(SETUP);
    expect(pool.liveSlots).toBe(1);
    // Slot 1 crashes too: it is lost without another start, since the setup would fail again.
    const second = await pool.run(job(1));
    expect(second.kind).toBe('failed');
    expect(pool.liveSlots).toBe(0);
    expect(creates()).toBe(3);
    expect(events.filter((e) => e.type === 'slot-lost').map((e) => e.type === 'slot-lost' && e.reason)).toEqual([SETUP, `not restarted: ${SETUP}`]);
    pool.terminate();
  });
});
