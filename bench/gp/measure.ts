/**
 * Measuring GP suggestions at a given history size, synchronously and cooperatively.
 *
 * Notation
 *   N        complete observations in the study before timing (random points of the 6-D Hartmann
 *            space, entered with `ask(fixedParams)`, so the sampler does no work for them)
 *   k        timed suggestions; each is told its value, so the history grows N, N + 1, …, N + k − 1
 *   total    wall-clock ms of one synchronous `tryAsk()` (the whole suggestion)
 *   slice    the longest stretch of main-thread work between two yields of one cooperative
 *            `tryAskAsync()`: from its call (or a yield's return) to the next yield (or its end)
 *
 * Two twin studies with the same seed run side by side, one asked synchronously and one
 * cooperatively; their suggestions must be identical (checked and reported).
 */
import { createRng, createStudy, decodeParams, deriveSeed, paramNames, type Params, type SliceBudget } from '../../src/tuner';
import type { BenchFunction } from '../tuner/functions';

export interface SizeMeasurement {
  readonly observations: number;
  /** ms per synchronous suggestion. */
  readonly totals: readonly number[];
  /** Per cooperative suggestion: its longest slice (ms) and its number of slices. */
  readonly longestSlices: readonly number[];
  readonly slices: readonly number[];
  /** True when every cooperative suggestion equalled the synchronous one. */
  readonly identical: boolean;
}

function seededStudy(fn: BenchFunction, observations: number, seed: number) {
  const study = createStudy({ space: fn.space, sampler: 'gp', direction: 'minimize', seed: deriveSeed(seed, observations) });
  const rng = createRng(deriveSeed(seed, observations, 0x6770));
  const d = paramNames(fn.space).length;
  for (let i = 0; i < observations; i++) {
    const { id, params } = study.ask(decodeParams(fn.space, Array.from({ length: d }, () => rng.next())));
    study.tell(id, fn.value(params));
  }
  return study;
}

const same = (a: Params, b: Params): boolean => JSON.stringify(a) === JSON.stringify(b);

export async function measureSize(fn: BenchFunction, observations: number, timed: number, budget: SliceBudget, seed = 1): Promise<SizeMeasurement> {
  const sync = seededStudy(fn, observations, seed);
  const coop = seededStudy(fn, observations, seed);
  const totals: number[] = [];
  const longestSlices: number[] = [];
  const slices: number[] = [];
  let identical = true;
  for (let i = 0; i < timed; i++) {
    const start = performance.now();
    const asked = sync.ask();
    totals.push(performance.now() - start);

    let sliceStart = performance.now();
    let longest = 0;
    let count = 0;
    const yieldToPage = async (): Promise<void> => {
      longest = Math.max(longest, performance.now() - sliceStart);
      count += 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    };
    const cooperative = await coop.askAsync(undefined, { budget, yieldToPage });
    longest = Math.max(longest, performance.now() - sliceStart);
    longestSlices.push(longest);
    slices.push(count + 1);
    if (cooperative.id !== asked.id || !same(cooperative.params, asked.params)) identical = false;

    const value = fn.value(asked.params);
    sync.tell(asked.id, value);
    coop.tell(cooperative.id, fn.value(cooperative.params));
  }
  return { observations, totals, longestSlices, slices, identical };
}
