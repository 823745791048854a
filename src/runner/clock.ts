/**
 * The runner's clock: a time source plus timers, injectable so the same loop runs on real time in
 * the page and on simulated time in tests and benchmarks (see simulated-clock.ts).
 */

export interface RunnerClock {
  /** Milliseconds; only differences matter. */
  now(): number;
  /** Calls `fn` once after `delayMs` (≥ 0) milliseconds; returns a function that cancels it. */
  setTimer(delayMs: number, fn: () => void): () => void;
}

/** Wall-clock time: `performance.now()` where there is one, timers from `setTimeout`. */
export const realClock: RunnerClock = Object.freeze({
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  setTimer: (delayMs: number, fn: () => void) => {
    const handle = setTimeout(fn, Math.max(0, delayMs));
    return () => clearTimeout(handle);
  },
});

/** Resolves after `delayMs` on `clock`. */
export function sleep(clock: RunnerClock, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimer(delayMs, resolve);
  });
}
