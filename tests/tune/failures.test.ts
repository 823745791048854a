import { describe, expect, it } from 'vitest';
import type { ExecutorFactory } from '../../src/runner';
import { MISSING_METRIC_LIMIT, tune, type Sampler } from '../../src/tune';
import { finishedEvent, ofType, rejection, simulation } from './harness';

/** The simulated executors, reporting their metric as `accuracy` instead of `valLoss` for the trials `renamed` picks. */
function renaming(factory: ExecutorFactory, renamed: (trialId: number) => boolean): ExecutorFactory {
  return {
    kind: factory.kind,
    create: async (slot) => {
      const inner = await factory.create(slot);
      return {
        run: (job, onProgress) =>
          inner.run(job, (progress) => {
            if (!renamed(job.trialId)) return onProgress(progress);
            const { valLoss, ...rest } = progress.metrics;
            onProgress({ ...progress, metrics: { ...rest, accuracy: valLoss ?? 0 } });
          }),
        stop: () => inner.stop(),
        terminate: () => inner.terminate(),
      };
    },
  };
}

describe('tune() when trials or workers fail', () => {
  it('fails a trial whose code never reports the objective metric, naming the metrics it did report', async () => {
    const sim = simulation();
    const error = await rejection(tune({ ...sim.options, objective: { metric: 'valAccuracy', direction: 'maximize' }, sampler: 'random', trials: 20 }));
    const reason = 'metric "valAccuracy" was not reported at epoch 1 (metrics: valLoss)';
    expect(error.reason).toBe('metric-missing');
    expect(error.message).toContain('objective metric "valAccuracy" was never reported');
    expect(error.message).toContain(reason);
    // It gives up after a few such trials instead of spending the budget of 20.
    const failed = ofType(sim.events, 'trial-finished').filter((e) => e.reason === reason);
    expect(failed).toHaveLength(MISSING_METRIC_LIMIT);
    expect(error.study.trials.length).toBeLessThan(20);
    expect(error.study.trials.filter((t) => t.reason === reason)).toHaveLength(MISSING_METRIC_LIMIT);
    expect(error.study.trials.every((t) => t.state === 'failed')).toBe(true);
    expect(finishedEvent(sim.events)).toMatchObject({ reason: 'metric-missing', message: error.message.replace(/^tune: /, '') });
  });

  it('reads a run of only such trials as metric-missing even within the limit', async () => {
    const sim = simulation();
    const error = await rejection(tune({ ...sim.options, objective: { metric: 'acc' }, sampler: 'random', trials: 2 }));
    expect(error.reason).toBe('metric-missing');
    expect(error.study.trials).toHaveLength(2);
  });

  it('goes on when only some trials leave the metric out', async () => {
    const sim = simulation();
    const executors = renaming(sim.options.executors!, (id) => id % 2 === 1);
    const study = await tune({ ...sim.options, executors, sampler: 'random', trials: 8 });
    expect(finishedEvent(sim.events).reason).toBe('trial-budget');
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'failed', 'complete', 'failed', 'complete', 'failed', 'complete', 'failed']);
    expect(study.trials[1]?.reason).toBe('metric "valLoss" was not reported at epoch 1 (metrics: accuracy)');
  });

  it('rejects with no-workers when the workers cannot start', async () => {
    const sim = simulation();
    const executors: ExecutorFactory = { kind: 'broken', create: () => Promise.reject(new Error('trials.worker.ts: setup threw: no data')) };
    const error = await rejection(tune({ ...sim.options, executors, trials: 3 }));
    expect(error.reason).toBe('no-workers');
    expect(error.message).toMatch(/workers could not start: .*setup threw: no data/);
    expect(error.study.trials).toEqual([]);
    expect(sim.events).toEqual([expect.objectContaining({ type: 'finished', reason: 'no-workers' })]);
  });

  it('rejects with no-workers when every worker is lost, keeping what was done', async () => {
    const sim = simulation({ faults: { crashes: [{ kind: 'in-trial', trialId: 0, epoch: 2 }] } });
    let created = 0;
    const inner = sim.options.executors!;
    const executors: ExecutorFactory = { kind: inner.kind, create: (slot) => (created++ < 1 ? inner.create(slot) : Promise.reject(new Error('out of memory'))) };
    const error = await rejection(tune({ ...sim.options, executors, workers: 1, trials: 3 }));
    expect(error.reason).toBe('no-workers');
    expect(ofType(sim.events, 'worker-lost')).toEqual([expect.objectContaining({ worker: 0, reason: expect.stringContaining('out of memory') })]);
    expect(error.study.trials[0]).toMatchObject({ state: 'failed' });
  });

  it('rejects with error, naming the sampler, when the sampler throws', async () => {
    const sim = simulation();
    const sampler: Sampler = {
      name: 'broken',
      options: {},
      suggest: () => {
        throw new Error('no idea');
      },
    };
    const error = await rejection(tune({ ...sim.options, sampler, trials: 3 }));
    expect(error.reason).toBe('error');
    expect(error.message).toMatch(/sampler "broken".*no idea/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('rejects with error when onEvent throws, after ending every trial', async () => {
    const sim = simulation();
    const onEvent = (event: { type: string }) => {
      if (event.type === 'trial-reported') throw new Error('listener broke');
    };
    const error = await rejection(tune({ ...sim.options, onEvent, sampler: 'random', trials: 3 }));
    expect(error.reason).toBe('error');
    expect(error.message).toContain('listener broke');
    expect(error.study.trials.every((t) => t.state !== 'running')).toBe(true);
  });
});
