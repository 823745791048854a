/** Batch cost estimates for the worker's heartbeat (src/training/step-cost.ts) and the heartbeat itself (serve/heartbeat.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceBusy, announceIdle, startHeartbeat } from '../../src/training/serve/heartbeat';
import { isWorkerHeartbeat } from '../../src/runner/worker-watchdog';
import type { WorkerHeartbeat } from '../../src/training/protocol';
import { BatchClock, batchMegaops, FIRST_SAFETY, forwardMegaops, PRIOR_RATES, SAFETY } from '../../src/training/step-cost';

const MNIST: [number, number, number] = [28, 28, 1];

describe('forwardMegaops', () => {
  it('counts the convolutions, their elementwise layers and the head', () => {
    // One block of 4 filters, 3×3: 2·28·28·9·1·4 + 20·28·28·4 = 56 448 + 62 720; head 2·(14·14·4)·10 = 15 680.
    expect(forwardMegaops({ convBlocks: 1, filters: 4, kernelSize: 3, denseUnits: 0 }, MNIST, 10)).toBeCloseTo(0.134848, 6);
  });

  it('grows with every structural hyperparameter', () => {
    const base = { convBlocks: 2, filters: 8, kernelSize: 3, denseUnits: 32 };
    const cost = forwardMegaops(base, MNIST, 10);
    for (const bigger of [{ convBlocks: 3 }, { filters: 16 }, { kernelSize: 5 }, { denseUnits: 128 }]) {
      expect(forwardMegaops({ ...base, ...bigger }, MNIST, 10)).toBeGreaterThan(cost);
    }
  });

  it('counts a fixed overhead per batch', () => {
    expect(batchMegaops(2, 1)).toBe(2 * 9);
  });
});

describe('BatchClock', () => {
  it('allows FIRST_SAFETY × the prior before anything was timed, then SAFETY × the trial’s slowest rate', () => {
    const clock = new BatchClock();
    expect(clock.allowanceMs('train', 10)).toBe(FIRST_SAFETY * 10 * PRIOR_RATES.train);
    expect(clock.allowanceMs('forward', 10)).toBe(FIRST_SAFETY * 10 * PRIOR_RATES.forward);
    clock.record('train', 10, 500);
    clock.record('train', 10, 300);
    expect(clock.allowanceMs('train', 20)).toBe(SAFETY * 20 * 50);
    expect(clock.allowanceMs('forward', 10)).toBe(FIRST_SAFETY * 10 * PRIOR_RATES.forward);
  });

  it('starts each trial from the slowest rate the worker has seen, and ignores nonsense timings', () => {
    const clock = new BatchClock();
    clock.record('train', 10, 1_000);
    clock.startTrial();
    expect(clock.allowanceMs('train', 1)).toBe(FIRST_SAFETY * 100);
    clock.record('train', 0, 5);
    clock.record('train', 1, Number.NaN);
    expect(clock.allowanceMs('train', 1)).toBe(FIRST_SAFETY * 100);
  });
});

describe('heartbeat', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats at once and every second, repeats what is left of an announcement, and stops', () => {
    vi.useFakeTimers();
    const beats: WorkerHeartbeat[] = [];
    const stop = startHeartbeat((beat) => beats.push(beat));
    expect(beats).toEqual([{ type: 'trial-worker-heartbeat', busyForMs: 0 }]);
    announceBusy(5_000);
    expect(beats.at(-1)?.busyForMs).toBe(5_000);
    vi.advanceTimersByTime(1_000);
    expect(beats.at(-1)?.busyForMs).toBeLessThanOrEqual(4_000);
    announceIdle();
    vi.advanceTimersByTime(1_000);
    expect(beats.at(-1)?.busyForMs).toBe(0);
    expect(beats.every(isWorkerHeartbeat)).toBe(true);
    stop();
    const count = beats.length;
    vi.advanceTimersByTime(5_000);
    announceBusy(1_000);
    expect(beats).toHaveLength(count);
  });

  it('tells heartbeats from other messages', () => {
    expect(isWorkerHeartbeat({ type: 'trial-worker-heartbeat', busyForMs: 0 })).toBe(true);
    for (const other of [null, 'beat', { type: 'trial-worker-heartbeat' }, { type: 'trial-worker-heartbeat', busyForMs: -1 }, { id: 'x', type: 'APPLY' }]) {
      expect(isWorkerHeartbeat(other)).toBe(false);
    }
  });
});
