/** The worker watchdog (src/runner/worker-watchdog.ts) on fake timers, with an EventTarget as the worker. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerWatchdog } from '../../src/runner/worker-watchdog';

let worker: EventTarget;
let silences: string[];

const beat = (busyForMs = 0) => worker.dispatchEvent(new MessageEvent('message', { data: { type: 'trial-worker-heartbeat', busyForMs } }));
const start = (silenceLimitMs = 10_000) => new WorkerWatchdog(worker as Worker, { silenceLimitMs, now: () => Date.now() }, (reason) => silences.push(reason));

beforeEach(() => {
  vi.useFakeTimers();
  worker = new EventTarget();
  silences = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerWatchdog', () => {
  it('calls a worker that sends nothing silent once, just after the limit', () => {
    start();
    vi.advanceTimersByTime(10_000);
    expect(silences).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(silences).toEqual(['the worker sent nothing for 10.5 s: it hung or was killed without an error']);
    vi.advanceTimersByTime(60_000);
    expect(silences).toHaveLength(1);
  });

  it('keeps a worker that beats every second alive, and any message counts as a beat', () => {
    const watchdog = start();
    for (let s = 0; s < 60; s++) {
      vi.advanceTimersByTime(1_000);
      if (s % 2 === 0) beat();
      else worker.dispatchEvent(new MessageEvent('message', { data: { id: 'a comlink reply' } }));
    }
    expect(silences).toEqual([]);
    expect(watchdog.longestSilence.silentMs).toBeLessThanOrEqual(1_000);
  });

  it('allows an announced busy stretch on top of the limit, and only that', () => {
    start();
    beat(30_000);
    vi.advanceTimersByTime(39_500);
    expect(silences).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(silences).toEqual(['the worker sent nothing for 40.5 s (30.0 s of them announced as busy): it hung or was killed without an error']);
  });

  it('forgets an announcement once a beat says the stretch is over', () => {
    start();
    beat(30_000);
    vi.advanceTimersByTime(5_000);
    beat(0);
    vi.advanceTimersByTime(10_600);
    expect(silences).toHaveLength(1);
  });

  it('passes no judgement on a check that ran late (the page itself was held) and stops when told', () => {
    const watchdog = start();
    vi.advanceTimersByTime(9_000);
    // The page's thread is held for 20 s: no check runs, and the worker's beats wait behind it.
    vi.setSystemTime(Date.now() + 20_000);
    vi.advanceTimersByTime(500);
    expect(silences).toEqual([]);
    beat();
    vi.advanceTimersByTime(9_000);
    expect(silences).toEqual([]);
    watchdog.stop();
    vi.advanceTimersByTime(60_000);
    expect(silences).toEqual([]);
  });

  it('reports to a new handler after reportTo, and refuses a limit that is not positive', () => {
    const watchdog = start();
    const later: string[] = [];
    watchdog.reportTo((reason) => later.push(reason));
    vi.advanceTimersByTime(11_000);
    expect(silences).toEqual([]);
    expect(later).toHaveLength(1);
    expect(() => start(0)).toThrow('silenceLimitMs must be > 0, got 0');
  });
});
