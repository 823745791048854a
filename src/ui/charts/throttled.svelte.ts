/**
 * A reactive value that follows its source at most once per `everyMs`: for charts of a running
 * study, whose data change on every batch (twenty times a second) while a redraw a few times a
 * second reads the same to the eye. The first value is taken at once; each later change is shown
 * once the interval since the last one has passed (the latest value then, never a queue of them),
 * always in a task of its own, so that the batch that changed the data and the chart that redraws
 * from it are two short tasks rather than one long one.
 *
 *   const shown = new Throttled(() => session.trials, 500);
 *   <LearningCurves trials={shown.current} … />
 *
 * Construct it while a component initialises (it owns an effect).
 */
import { untrack } from 'svelte';

export class Throttled<T> {
  #shown: T = $state.raw() as T;
  #latest: T;
  #shownAt: number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** The value shown now: the source's value at most `everyMs` ago. */
  get current(): T {
    return this.#shown;
  }

  constructor(read: () => T, everyMs: number) {
    if (!(everyMs >= 0)) throw new RangeError(`Throttled: everyMs must be a non-negative number of milliseconds, got ${everyMs}`);
    this.#latest = untrack(read);
    this.#shown = this.#latest;
    this.#shownAt = performance.now();
    const publish = (): void => {
      this.#timer = null;
      this.#shownAt = performance.now();
      this.#shown = this.#latest;
    };
    $effect(() => {
      this.#latest = read();
      if (this.#latest === untrack(() => this.#shown) || this.#timer !== null) return;
      this.#timer = setTimeout(publish, Math.max(0, this.#shownAt + everyMs - performance.now()));
    });
    $effect(() => () => {
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
    });
  }
}
