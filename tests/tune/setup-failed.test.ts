/**
 * tune() when the task's setup (a user's data loader) fails: reason 'setup-failed', with the
 * setup's error in the message, at once at the start (no worker started again), or once no worker
 * is left after a replacement's setup failed, keeping every trial already told.
 */
import { describe, expect, it } from 'vitest';
import { ExecutorSetupError, type ExecutorFactory } from '../../src/runner';
import { tune } from '../../src/tune';
import { finishedEvent, ofType, rejection, simulation } from './harness';

const SETUP = 'trials.worker.ts could not start: setup failed: data() threw: the dataset server is down';

describe("tune() with reason 'setup-failed'", () => {
  it('ends before any trial when the setup fails at the start, naming the setup error', async () => {
    const sim = simulation();
    let creates = 0;
    const executors: ExecutorFactory = {
      kind: 'broken',
      create: () => {
        creates += 1;
        return Promise.reject(new ExecutorSetupError(SETUP));
      },
    };
    const error = await rejection(tune({ ...sim.options, executors, workers: 2, trials: 5 }));
    expect(error.reason).toBe('setup-failed');
    expect(error.message).toBe(`tune: ${SETUP}`);
    expect(error.study.trials).toEqual([]);
    expect(sim.events).toEqual([expect.objectContaining({ type: 'finished', reason: 'setup-failed', trialsStarted: 0 })]);
    expect(creates).toBe(2);
  });

  it("ends when the last worker's replacement fails its setup, keeping what was done", async () => {
    const sim = simulation({ faults: { crashes: [{ kind: 'in-trial', trialId: 1, epoch: 2 }] } });
    const inner = sim.options.executors!;
    let creates = 0;
    const executors: ExecutorFactory = {
      kind: inner.kind,
      create: (slot) => (creates++ < 1 ? inner.create(slot) : Promise.reject(new ExecutorSetupError(SETUP))),
    };
    const error = await rejection(tune({ ...sim.options, executors, workers: 1, sampler: 'random', trials: 4 }));
    expect(error.reason).toBe('setup-failed');
    expect(error.message).toBe(`tune: every worker is lost, and a replacement's setup failed: ${SETUP}`);
    expect(error.study.trials.map((t) => t.state)).toEqual(['complete', 'failed']);
    expect(error.study.trials[1]?.intermediate.map((i) => i.step)).toEqual([1]);
    expect(ofType(sim.events, 'worker-lost')).toEqual([expect.objectContaining({ worker: 0, reason: SETUP })]);
    expect(finishedEvent(sim.events)).toMatchObject({ reason: 'setup-failed', trialsStarted: 2 });
    expect(creates).toBe(2);
  });
});
