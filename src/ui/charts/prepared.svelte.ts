/**
 * A chart's data, prepared from its input in a task of its own. A small input (`small(input)`) is
 * prepared at once, as a plain `$derived` would. A large one is prepared one task after it changes
 * and published one task after that, so that preparing (walking ten thousand trials) and drawing
 * (building the marks) are two tasks rather than one long one. Meanwhile `current` keeps the last
 * prepared value (null before the first), so a running study's chart never blanks between updates;
 * inputs that change faster than they are prepared are prepared in their latest form only.
 *
 * Construct it while a component initialises (it owns an effect).
 */
import { untrack } from 'svelte';

/** The next macrotask: a `MessageChannel` message, which (unlike a nested timeout) the browser never clamps to 4 ms. */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Trials up to which a chart prepares its data at once (a few milliseconds of work at most). */
export const PREPARE_AT_ONCE = 1000;

/** Same inputs: the same elements, in order (the inputs are read afresh into a new tuple each time). */
function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export class Prepared<I extends readonly unknown[], O> {
  /** What was prepared for a large input, and for which. */
  #late = $state.raw<{ readonly input: I; readonly output: O } | null>(null);
  /** The last value prepared at once, shown while a large input's first preparation is pending. */
  #lastInline: O | null = null;
  /** The latest large input not yet taken up for preparing. */
  #wanted: { readonly input: I } | null = null;
  #preparing = false;
  #disposed = false;

  /** The prepared value for the latest input, or the last one prepared while that one is pending (null before any). */
  readonly current: O | null = $derived.by(() => {
    const input = this.input();
    if (this.small(input)) {
      const output = untrack(() => this.prepare(input));
      this.#lastInline = output;
      return output;
    }
    return this.#late?.output ?? this.#lastInline;
  });

  /** True while `current` is not yet the value for the latest input. */
  readonly pending: boolean = $derived.by(() => {
    const input = this.input();
    const late = this.#late;
    return !this.small(input) && (late === null || !sameInputs(late.input, input));
  });

  /**
   * `input` reads the reactive inputs (props) and returns them as a tuple: a change of anything it
   * reads prepares again. `prepare` must be a pure function of that tuple.
   */
  constructor(
    private readonly input: () => I,
    private readonly prepare: (input: I) => O,
    private readonly small: (input: I) => boolean,
  ) {
    $effect(() => () => {
      this.#disposed = true;
      this.#wanted = null;
    });
    $effect(() => {
      const input = this.input();
      this.#wanted = this.small(input) ? null : { input };
      if (this.#wanted !== null && !this.#preparing) void this.#prepareWanted();
    });
  }

  /**
   * Prepares the latest wanted input, then publishes it, each in a task of its own, until none is
   * left: inputs that change faster than they can be prepared are skipped, never queued, and the
   * chart still moves on with every preparation that finishes.
   */
  async #prepareWanted(): Promise<void> {
    this.#preparing = true;
    try {
      for (;;) {
        await nextTask();
        const wanted = this.#wanted;
        this.#wanted = null;
        if (wanted === null || this.#disposed) return;
        const output = this.prepare(wanted.input);
        await nextTask();
        if (this.#disposed) return;
        this.#late = { input: wanted.input, output };
      }
    } finally {
      this.#preparing = false;
    }
  }
}
