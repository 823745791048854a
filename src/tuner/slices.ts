/**
 * Sliced work: a long computation written as a generator that yields a `SliceMark` at every point
 * where it may pause. Driving the generator to the end gives the same result whether or not anyone
 * paused in between, so a sampler written this way answers the synchronous `suggest` and the
 * cooperative `Study.tryAskAsync` (study/cooperative.ts) with identical suggestions.
 *
 * Notation
 *   work   an estimate of the floating-point operations done since the previous mark (kernel
 *          evaluations × n, factorisations n³/6, …); a driver pauses on elapsed time, the estimate
 *          lets tests check that no stretch between marks is large, without timing anything
 */

export type SlicePhase = 'history' | 'fit' | 'model' | 'score' | 'refine' | 'choose';

/** A point where sliced work may pause: which phase it is in and about how much work was done since the last mark. */
export interface SliceMark {
  readonly phase: SlicePhase;
  readonly work: number;
}

/** A computation in slices: a generator that yields a `SliceMark` wherever it may pause and returns its result. */
export type Sliced<T> = Generator<SliceMark, T, void>;

/** Runs a sliced computation to the end without pausing. */
export function runSliced<T>(steps: Sliced<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Re-labels a generator that yields plain counts (e.g. L-BFGS yielding once per objective
 * evaluation) as slice marks, `workPerCount` operations per count.
 */
export function* asSlices<T>(counts: Generator<number, T, void>, phase: SlicePhase, workPerCount: number): Sliced<T> {
  for (;;) {
    const step = counts.next();
    if (step.done === true) return step.value;
    yield { phase, work: step.value * workPerCount };
  }
}
