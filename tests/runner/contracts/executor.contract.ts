/**
 * The executor contract (src/runner/executor.ts), as one suite every implementation runs through.
 * An implementation supplies a harness: a fresh factory per test and params that train fine. The
 * suite makes no timing assumptions, so it runs on simulated time as well as in a real worker.
 */
import { describe, expect, it } from 'vitest';
import type { Params } from '../../../src/tuner';
import {
  copyCheckpoint,
  ExecutorBusyError,
  ExecutorCrashedError,
  type ExecutorFactory,
  type TrialCheckpoint,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
  type TrialProgress,
} from '../../../src/runner/executor';

export interface ExecutorHarness {
  readonly name: string;
  /** A fresh factory (and whatever it runs on) for each test. */
  makeFactory(): ExecutorFactory;
  /** Params that train without failing. */
  readonly params: Params;
  /** Epochs per job; small, but ≥ 3 so that a trial can be stopped in the middle. */
  readonly maxEpochs: number;
  /** Other params that train fine (a PBT child's); default `params`. */
  readonly otherParams?: Params;
}

export function describeExecutorContract(harness: ExecutorHarness): void {
  const job = (trialId: number, attempt = 0): TrialJob => ({
    trialId,
    attempt,
    params: harness.params,
    maxEpochs: harness.maxEpochs,
    seed: 1000 + trialId,
  });

  const withExecutor = async (body: (executor: TrialExecutor) => Promise<void>) => {
    const executor = await harness.makeFactory().create(0);
    try {
      await body(executor);
    } finally {
      executor.terminate();
    }
  };

  describe(`executor contract: ${harness.name}`, () => {
    it('reports epochs 1 … maxEpochs in order, then resolves complete with the last metrics', () =>
      withExecutor(async (executor) => {
        const progress: TrialProgress[] = [];
        const outcome = await executor.run(job(3), (p) => progress.push(p));
        expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: harness.maxEpochs }, (_, i) => i + 1));
        expect(progress.every((p) => p.trialId === 3)).toBe(true);
        progress.forEach((p, i) => i > 0 && expect(p.elapsedMs).toBeGreaterThanOrEqual(progress[i - 1]?.elapsedMs as number));
        expect(outcome.kind).toBe('complete');
        if (outcome.kind !== 'complete') return;
        expect(outcome.epochs).toBe(harness.maxEpochs);
        // The last epoch's metrics, plus the model's `paramCount` where the executor knows it (tfjs workers).
        const { paramCount, ...epochMetrics } = outcome.metrics;
        expect(epochMetrics).toEqual(progress.at(-1)?.metrics);
        if (paramCount !== undefined) expect(Number.isInteger(paramCount) && paramCount > 0).toBe(true);
        expect(outcome.elapsedMs).toBeGreaterThanOrEqual(progress.at(-1)?.elapsedMs as number);
      }));

    it('never calls onProgress after the run settled', () =>
      withExecutor(async (executor) => {
        let settled = false;
        let late = 0;
        await executor.run(job(0), () => {
          if (settled) late += 1;
        });
        settled = true;
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(late).toBe(0);
      }));

    it('keeps running when the progress callback throws', () =>
      withExecutor(async (executor) => {
        const outcome = await executor.run(job(0), () => {
          throw new Error('listener bug');
        });
        expect(outcome.kind).toBe('complete');
      }));

    it('stop() ends the trial early with a stopped outcome, and the executor stays usable', () =>
      withExecutor(async (executor) => {
        const outcome = await executor.run(job(0), (p) => p.epoch === 1 && executor.stop());
        expect(outcome.kind).toBe('stopped');
        expect(outcome.epochs).toBeGreaterThanOrEqual(1);
        expect(outcome.epochs).toBeLessThan(harness.maxEpochs);
        expect((await executor.run(job(1), () => {})).kind).toBe('complete');
      }));

    it('stop() while idle does nothing', () =>
      withExecutor(async (executor) => {
        executor.stop();
        expect((await executor.run(job(0), () => {})).kind).toBe('complete');
      }));

    it('rejects a second run while one is in flight, and finishes the first', () =>
      withExecutor(async (executor) => {
        const first = executor.run(job(0), () => {});
        await expect(executor.run(job(1), () => {})).rejects.toBeInstanceOf(ExecutorBusyError);
        expect((await first).kind).toBe('complete');
      }));

    it('runs jobs one after another', () =>
      withExecutor(async (executor) => {
        for (const id of [5, 6, 7]) {
          const seen: number[] = [];
          const outcome = await executor.run(job(id), (p) => seen.push(p.trialId));
          expect(outcome.kind).toBe('complete');
          expect(new Set(seen)).toEqual(new Set([id]));
        }
      }));

    it('terminate() rejects the run in flight and every later run with ExecutorCrashedError', () =>
      withExecutor(async (executor) => {
        const running = executor.run(job(0), (p) => p.epoch === 1 && executor.terminate());
        await expect(running).rejects.toBeInstanceOf(ExecutorCrashedError);
        await expect(executor.run(job(1), () => {})).rejects.toBeInstanceOf(ExecutorCrashedError);
        expect(() => executor.terminate()).not.toThrow();
      }));

    it('gives a working executor for every slot it is asked for', async () => {
      const factory = harness.makeFactory();
      expect(factory.kind.length).toBeGreaterThan(0);
      const executors = await Promise.all([0, 1, 2].map((slot) => factory.create(slot)));
      try {
        const outcomes = await Promise.all(executors.map((e, i) => e.run(job(i), () => {})));
        expect(outcomes.map((o) => o.kind)).toEqual(['complete', 'complete', 'complete']);
      } finally {
        for (const e of executors) e.terminate();
      }
    });
  });

  // Contract point 6: only for factories that declare the capability (the worker executor does not yet).
  describe.runIf(harness.makeFactory().checkpoints === true)(`executor contract, checkpoints: ${harness.name}`, () => {
    const checkpointOf = (outcome: TrialOutcome): TrialCheckpoint => {
      if (outcome.kind === 'failed' || outcome.checkpoint === undefined) throw new Error(`no checkpoint in ${outcome.kind} outcome`);
      return outcome.checkpoint;
    };

    it("returns no checkpoint unless the job asks for one", () =>
      withExecutor(async (executor) => {
        const outcome = await executor.run(job(0), () => {});
        expect(outcome.kind === 'complete' && outcome.checkpoint).toBeFalsy();
      }));

    it("'at-end' returns the state after the last epoch of a complete run", () =>
      withExecutor(async (executor) => {
        const progress: TrialProgress[] = [];
        const outcome = await executor.run({ ...job(0), saveCheckpoint: 'at-end' }, (p) => progress.push(p));
        expect(progress.every((p) => p.checkpoint === undefined)).toBe(true);
        const checkpoint = checkpointOf(outcome);
        expect(checkpoint.epochsDone).toBe(harness.maxEpochs);
        expect(checkpoint.format.length).toBeGreaterThan(0);
        expect(checkpoint.buffers.every((b) => b instanceof ArrayBuffer && b.byteLength > 0)).toBe(true);
      }));

    it("'every-epoch' sends the state with each epoch, and a stopped run returns the last one", () =>
      withExecutor(async (executor) => {
        const progress: TrialProgress[] = [];
        const outcome = await executor.run({ ...job(0), saveCheckpoint: 'every-epoch' }, (p) => {
          progress.push(p);
          if (p.epoch === 2) executor.stop();
        });
        expect(progress.map((p) => p.checkpoint?.epochsDone)).toEqual(progress.map((p) => p.epoch));
        expect(outcome.kind).toBe('stopped');
        expect(checkpointOf(outcome).epochsDone).toBe(outcome.epochs);
      }));

    it('a job with startFrom trains epochs k + 1 … maxEpochs and reports them under those numbers', () =>
      withExecutor(async (executor) => {
        const first = await executor.run({ ...job(0, 0), maxEpochs: 2, saveCheckpoint: 'at-end' }, () => {});
        const progress: TrialProgress[] = [];
        const second = await executor.run({ ...job(0, 0), startFrom: checkpointOf(first), saveCheckpoint: 'at-end' }, (p) => progress.push(p));
        expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: harness.maxEpochs - 2 }, (_, i) => i + 3));
        expect(second.kind).toBe('complete');
        expect(second.epochs).toBe(harness.maxEpochs);
        expect(checkpointOf(second).epochsDone).toBe(harness.maxEpochs);
      }));

    it('another trial (a PBT child) can start from a copy of the checkpoint with other params', () =>
      withExecutor(async (executor) => {
        const parent = checkpointOf(await executor.run({ ...job(0), maxEpochs: 2, saveCheckpoint: 'at-end' }, () => {}));
        const epochs: number[] = [];
        const child = await executor.run({ ...job(1), params: harness.otherParams ?? harness.params, startFrom: copyCheckpoint(parent) }, (p) => epochs.push(p.epoch));
        expect(child.kind).toBe('complete');
        expect(epochs[0]).toBe(3);
      }));
  });
}
