/**
 * A simulated clock with an event queue (Syne Tune's simulator backend, in promises).
 *
 * Time stands still while anything can still happen at the current instant. Each timer is an event
 * (time, sequence number) in a priority queue; the clock fires the earliest one only after every
 * pending promise reaction has run (it waits for a macrotask), then sets `now` to that event's time.
 * So a study of many trials runs as fast as the code can react, while `now()` reads realistic
 * durations, and the order of events is fully determined by the code: ties fire in the order the
 * timers were set.
 *
 * Caveat: work that waits on something other than this clock (a real `setTimeout`, I/O) is not waited
 * for; the simulated clock may run ahead of it. Simulated code must take all its time from here.
 */
import type { RunnerClock } from './clock';
import { afterMicrotasks } from './macrotask';

interface TimerEvent {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class SimulatedClock implements RunnerClock {
  private time: number;
  private seq = 0;
  /** Binary min-heap on (at, seq). */
  private readonly heap: TimerEvent[] = [];
  private tickArmed = false;
  private fired = 0;

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  /** Events fired so far (for tests and benchmarks). */
  get eventsFired(): number {
    return this.fired;
  }

  /** Timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.heap.filter((e) => !e.cancelled).length;
  }

  setTimer(delayMs: number, fn: () => void): () => void {
    if (!Number.isFinite(delayMs)) throw new RangeError(`setTimer: delay must be finite, got ${delayMs}`);
    const event: TimerEvent = { at: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.push(event);
    this.armTick();
    return () => {
      event.cancelled = true;
    };
  }

  private armTick(): void {
    if (this.tickArmed) return;
    this.tickArmed = true;
    afterMicrotasks(() => this.tick());
  }

  /** Fires the earliest live event, then waits for the reactions before the next one. */
  private tick(): void {
    this.tickArmed = false;
    let event = this.pop();
    while (event !== undefined && event.cancelled) event = this.pop();
    if (event === undefined) return;
    this.time = event.at;
    this.fired += 1;
    try {
      event.fn();
    } finally {
      if (this.heap.length > 0) this.armTick();
    }
  }

  private push(event: TimerEvent): void {
    const h = this.heap;
    h.push(event);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as TimerEvent, h[parent] as TimerEvent)) break;
      [h[i], h[parent]] = [h[parent] as TimerEvent, h[i] as TimerEvent];
      i = parent;
    }
  }

  private pop(): TimerEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l] as TimerEvent, h[m] as TimerEvent)) m = l;
      if (r < h.length && before(h[r] as TimerEvent, h[m] as TimerEvent)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as TimerEvent, h[i] as TimerEvent];
      i = m;
    }
    return top;
  }
}

function before(a: TimerEvent, b: TimerEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
