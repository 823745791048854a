/**
 * A real clock that runs fast: simulated time passes `speedup` times faster than wall time, so the
 * simulated backend's trials (seconds of "training" each) animate on the page in tens of
 * milliseconds. Readings are simulated milliseconds, starting at `startMs` (a resumed study continues
 * from its last recorded time). Time source and timers are injectable for tests.
 */
import type { RunnerClock } from '../../runner';

export interface ScaledClockOptions {
  /** Simulated ms per real ms (e.g. 1000 / 30: one simulated second takes 30 ms). */
  readonly speedup: number;
  /** Reading at creation, in simulated ms; default 0. */
  readonly startMs?: number;
  /** Real time source in ms; default performance.now. */
  readonly realNow?: () => number;
  /** Real timer; default setTimeout. */
  readonly realTimer?: (delayMs: number, fn: () => void) => () => void;
}

const defaultTimer = (delayMs: number, fn: () => void): (() => void) => {
  const handle = setTimeout(fn, Math.max(0, delayMs));
  return () => clearTimeout(handle);
};

/** One simulated second takes this many real milliseconds on the page. */
export const PAGE_MS_PER_SIMULATED_SECOND = 30;

export function createScaledClock(options: ScaledClockOptions): RunnerClock {
  const { speedup } = options;
  if (!(Number.isFinite(speedup) && speedup > 0)) throw new RangeError(`speedup must be a positive number, got ${speedup}`);
  const realNow = options.realNow ?? (() => performance.now());
  const realTimer = options.realTimer ?? defaultTimer;
  const origin = realNow();
  const start = options.startMs ?? 0;
  return {
    now: () => start + (realNow() - origin) * speedup,
    setTimer: (delayMs, fn) => realTimer(Math.max(0, delayMs) / speedup, fn),
  };
}

/** The page's clock for simulated trials. */
export function pageSimulationClock(startMs = 0): RunnerClock {
  return createScaledClock({ speedup: 1000 / PAGE_MS_PER_SIMULATED_SECOND, startMs });
}

/** Wall time as Unix milliseconds, for real trials (readings survive a reload). */
export const wallClock: RunnerClock = Object.freeze({
  now: () => Date.now(),
  setTimer: defaultTimer,
});
