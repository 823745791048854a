/**
 * Driving sliced work (slices.ts) cooperatively: run marks until the slice's budget is
 * spent, then let the page handle input (`yieldToPage`), then go on. The result is the same as
 * running the slices straight through; only when the work happens changes.
 *
 * A slice's budget is either wall time (`{ kind: 'time', ms }`, read from an injectable clock: the
 * page's choice) or estimated operations (`{ kind: 'work', ops }`: where pauses must not depend on
 * the machine's speed, e.g. a loop on a simulated clock, whose runs must be a pure function of their
 * inputs). Work that fits in the first slice is returned at once, without any pause. In a work
 * budget each mark counts at least MARK_OVERHEAD_OPS: the calls, allocations and bookkeeping between
 * two marks that flop estimates leave out, which dominate when the model is small.
 */
import type { Sliced } from '../slices';

/** How much sliced work runs before yielding to the page: milliseconds of wall time, or estimated operations. */
export type SliceBudget =
  | {
      readonly kind: 'time';
      readonly ms: number;
      /** The clock the milliseconds are read from; default `performance.now`. */
      readonly now?: () => number;
    }
  | { readonly kind: 'work'; readonly ops: number };

/** Options of `driveSliced` and the study's async asks. */
export interface CooperativeOptions {
  /** Default: 8 ms of wall time per slice. */
  readonly budget?: SliceBudget;
  /** Resolves once the page has had its turn; default `yieldToEventLoop`. */
  readonly yieldToPage?: () => Promise<void>;
  /** Aborting abandons the work at its next pause. */
  readonly signal?: AbortSignal;
}

/** The default slice: 8 ms of work between two yields to the page. */
export const DEFAULT_SLICE_MS = 8;

/** The least a mark counts for in a work budget, in estimated operations (about 50–100 µs of work). */
export const MARK_OVERHEAD_OPS = 5e4;

/** How sliced work ended: `done` with its value, or `aborted` by the signal. */
export type Driven<T> = { readonly kind: 'done'; readonly value: T } | { readonly kind: 'aborted' };

/**
 * Waiters for the next message on the shared channel. One MessageChannel serves every yield: a new
 * channel per yield leaves the browser's collector hundreds of closed ports to sweep.
 */
let macrotaskChannel: MessageChannel | null = null;
const macrotaskWaiters: (() => void)[] = [];

/** A macrotask later: setImmediate where there is one (Node), else a message on the shared MessageChannel (no 4 ms timer clamp), else a 0 ms timeout. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const g = globalThis as { setImmediate?: (callback: () => void) => unknown };
    if (typeof g.setImmediate === 'function') {
      g.setImmediate(resolve);
      return;
    }
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    if (macrotaskChannel === null) {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => macrotaskWaiters.shift()?.();
      macrotaskChannel = channel;
    }
    macrotaskWaiters.push(resolve);
    macrotaskChannel.port2.postMessage(null);
  });
}

const defaultNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Runs `steps`: the result at once when it fits in one slice, else a promise of it. */
export function driveSliced<T>(steps: Sliced<T>, options: CooperativeOptions = {}): Driven<T> | Promise<Driven<T>> {
  const budget = options.budget ?? { kind: 'time', ms: DEFAULT_SLICE_MS };
  if (budget.kind === 'time' && !(budget.ms >= 0)) throw new RangeError(`slice budget must be ≥ 0 ms, got ${budget.ms}`);
  if (budget.kind === 'work' && !(budget.ops >= 0)) throw new RangeError(`slice budget must be ≥ 0 operations, got ${budget.ops}`);
  const now = budget.kind === 'time' ? (budget.now ?? defaultNow) : () => 0;
  const yieldToPage = options.yieldToPage ?? yieldToEventLoop;
  const { signal } = options;

  /** Runs one slice; true when the work is done. */
  const slice = (): { done: true; value: T } | { done: false } => {
    const started = now();
    let work = 0;
    for (;;) {
      const step = steps.next();
      if (step.done === true) return { done: true, value: step.value };
      work += Math.max(MARK_OVERHEAD_OPS, step.value.work);
      const spent = budget.kind === 'time' ? now() - started >= budget.ms : work >= budget.ops;
      if (spent) return { done: false };
    }
  };

  if (signal?.aborted === true) return { kind: 'aborted' };
  const first = slice();
  if (first.done) return { kind: 'done', value: first.value };
  return (async (): Promise<Driven<T>> => {
    for (;;) {
      await yieldToPage();
      if (signal?.aborted === true) {
        steps.return(undefined as never);
        return { kind: 'aborted' };
      }
      const next = slice();
      if (next.done) return { kind: 'done', value: next.value };
    }
  })();
}
