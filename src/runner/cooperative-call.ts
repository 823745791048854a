/**
 * One cooperative computation a loop has in flight (the study's sampler asked for a trial, a
 * scheduler's decision): it answers at once when its work fits in one slice, or later, when its
 * promise settles. A later answer wakes the loop and waits for the loop's next turn, which takes it
 * by calling again. At most one is in flight: calling while it is returns `'pending'`.
 *
 * `abandon` aborts the work in flight (its answer, if any, is ignored) and keeps an answer that has
 * already settled: the computation committed to it (a scheduler's decision, a trial the study
 * created), so the next turn must still carry it out. `drop` also forgets a settled answer.
 */
export type CallAnswer<T> = { readonly kind: 'result'; readonly result: T } | { readonly kind: 'error'; readonly error: unknown };

export class CooperativeCall<T> {
  private controller: AbortController | null = null;
  private settled: CallAnswer<T> | null = null;

  /** @param wake called when an answer settles after the call that started it returned. */
  constructor(private readonly wake: () => void) {}

  /**
   * The settled answer (taken), `'pending'` while the work is in flight, or else runs `start` with
   * a fresh abort signal: its answer when it returned one, `'pending'` when it returned a promise.
   */
  call(start: (signal: AbortSignal) => T | Promise<T>): CallAnswer<T> | 'pending' {
    const settled = this.settled;
    if (settled !== null) {
      this.settled = null;
      return settled;
    }
    if (this.controller !== null) return 'pending';
    const controller = new AbortController();
    let started: T | Promise<T>;
    try {
      started = start(controller.signal);
    } catch (error) {
      return { kind: 'error', error };
    }
    if (!(started instanceof Promise)) return { kind: 'result', result: started };
    this.controller = controller;
    const settle = (answer: CallAnswer<T>): void => {
      if (this.controller !== controller) return;
      this.controller = null;
      this.settled = answer;
      this.wake();
    };
    started.then(
      (result) => settle({ kind: 'result', result }),
      (error: unknown) => settle({ kind: 'error', error }),
    );
    return 'pending';
  }

  /** Aborts the work in flight; a settled answer is kept for the next call. */
  abandon(): void {
    this.controller?.abort();
    this.controller = null;
  }

  /** Aborts the work in flight and forgets a settled answer. */
  drop(): void {
    this.abandon();
    this.settled = null;
  }
}
