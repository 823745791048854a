/**
 * A scheduler counts a trial paused from its 'pause' decision on; the tuner loop from when the
 * trial's run comes back. A slot freed in between must not let the scheduler promote a trial
 * whose run is still on its way back: the loop waits for it, then carries the promotion out.
 */
import { describe, expect, it } from 'vitest';
import { createScheduler, createStudy } from '../../src/tuner';
import { ExecutorPool, TunerLoop, type ExecutorFactory, type TrialCheckpoint, type TrialExecutor, type TunerEvent } from '../../src/runner';

/** Executors that report every epoch at once; trial 0's first run comes back only when `release` is called. */
function heldFactory(): { factory: ExecutorFactory; release: () => void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const checkpoint = (epochsDone: number): TrialCheckpoint => ({ format: 'held/1', epochsDone, buffers: [new ArrayBuffer(8)], manifest: null });
  const executor: () => TrialExecutor = () => ({
    async run(job, onProgress) {
      const from = job.startFrom?.epochsDone ?? 0;
      const valLoss = job.trialId === 0 ? 0.1 : 0.5;
      for (let epoch = from + 1; epoch <= job.maxEpochs; epoch++) {
        onProgress({ trialId: job.trialId, epoch, metrics: { valLoss }, elapsedMs: epoch, checkpoint: checkpoint(epoch) });
      }
      if (job.trialId === 0 && from === 0) await held;
      return { kind: 'complete', metrics: { valLoss }, epochs: job.maxEpochs, elapsedMs: job.maxEpochs, checkpoint: checkpoint(job.maxEpochs) };
    },
    stop: () => undefined,
    terminate: () => undefined,
  });
  return { factory: { kind: 'held', checkpoints: true, create: async () => executor() }, release };
}

const macrotasks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('tuner loop: a pause decided but not yet come back', () => {
  it('is not resumed before its run has come back', async () => {
    const { factory, release } = heldFactory();
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, sampler: 'random', seed: 1 });
    const pool = await ExecutorPool.create(factory, { size: 2 });
    const loop = new TunerLoop({ study, pool, scheduler: createScheduler('asha', { maxEpochs: 3, reductionFactor: 2 }), maxTrials: 2 });
    const events: TunerEvent[] = [];
    loop.on((event) => events.push(event));
    const running = loop.run();
    // Trial 1's run is back (paused at rung 1) and its slot free; trial 0, the better one, is paused but not back.
    await macrotasks(20);
    expect(events.filter((e) => e.type === 'trial-paused').map((e) => e.trialId)).toEqual([1]);
    release();
    const result = await running;
    pool.terminate();
    expect(result.finish.reason).toBe('trial-budget');
    const resumed = events.find((e) => e.type === 'trial-resumed');
    expect(resumed).toMatchObject({ trialId: 0, fromEpoch: 1, untilEpoch: 2 });
    // Promoted to rung 2, where it waits alone until the run ends.
    expect(study.trials[0]?.intermediate.map((i) => i.step)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'trial-paused').map((e) => [e.trialId, e.epoch])).toEqual([[1, 1], [0, 1], [0, 2]]);
  });
});
